// Reads a policy from the cache as one side of a comparison: its grants (normalised with the
// organization's permission-set catalogue and project names), its principal in words, and —
// for a version from the sync history — its rules and fields as that sync found them.
import type { Database, Statement } from 'better-sqlite3'
import { grantsOfRules, type GrantContext } from '../../../../domain/grants'
import { Policy, type Rule } from '../../../../domain/schemas'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { policyPrincipal } from '../../platform/cache/kinds'
import { parseStored } from '../../platform/cache/stored-json'
import type { PolicyRef, PolicySide, PrincipalRef } from '../../../../src-preload/contract'
import { ProjectsService } from '../projects/projects.service'

/**
 * The seam for project names: an organization's projects by id → name, or undefined when IAM
 * Desk does not know them (projects not synced, or the credential may not list them).
 */
export type ProjectNames = (organizationId: string) => ReadonlyMap<string, string> | undefined

/** A version of a policy's rules from the sync history. */
export interface RulesAt {
  rules: Rule[]
  policy: Policy | undefined
}

export class PolicyReader {
  readonly #catalogue: Statement<[string], { name: string; scope_type: string }>
  readonly #user: Statement<[string, string], { email: string }>
  readonly #named: Statement<[string, string], { name: string }>
  readonly #appNamed: Statement<[string, string], { name: string }>

  constructor(
    private readonly cache: Cache,
    private readonly projectNames: ProjectNames,
  ) {
    const db: Database = cache.db
    this.#catalogue = db.prepare(`SELECT name, json_extract(json, '$.scope_type') AS scope_type FROM permission_sets WHERE organization_id = ?`)
    this.#user = db.prepare('SELECT email FROM users WHERE organization_id = ? AND id = ?')
    this.#named = db.prepare('SELECT name FROM groups WHERE organization_id = ? AND id = ?')
    this.#appNamed = db.prepare('SELECT name FROM applications WHERE organization_id = ? AND id = ?')
  }

  organizationName(organizationId: string): string {
    const org = this.cache.organizations.get(organizationId)
    if (!org) throw new AppError('not_in_desk', 'That organization is not in IAM Desk.')
    return org.name
  }

  /** What normalising this organization's rules needs: its catalogue and its project names. */
  context(organizationId: string): { ctx: GrantContext; projectNamesKnown: boolean } {
    const catalogue = new Map(this.#catalogue.all(organizationId).map((r) => [r.name, r.scope_type]))
    const names = this.projectNames(organizationId)
    return {
      ctx: {
        organizationId,
        scopeTypeOf: (set) => {
          const t = catalogue.get(set)
          return t === 'projects' || t === 'organization' || t === 'account_root_user' || t === 'unknown_scope_type' ? t : undefined
        },
        projectName: (id) => names?.get(id),
      },
      projectNamesKnown: names !== undefined,
    }
  }

  principalOf(organizationId: string, policy: Policy): PrincipalRef {
    const p = policyPrincipal(policy)
    switch (p.kind) {
      case 'none':
        return { type: 'none', id: null, label: 'no principal' }
      case 'user':
        return { type: 'user', id: p.id, label: this.#user.get(organizationId, p.id ?? '')?.email ?? p.id ?? '' }
      case 'group':
        return { type: 'group', id: p.id, label: this.#named.get(organizationId, p.id ?? '')?.name ?? p.id ?? '' }
      case 'application':
        return { type: 'application', id: p.id, label: this.#appNamed.get(organizationId, p.id ?? '')?.name ?? p.id ?? '' }
    }
  }

  /**
   * The policy's rules and fields as sync `syncRunId` left them: the last change recorded at or
   * before that sync; before the first recorded change, what that change found before it; with
   * no change recorded, the cache's current state (nothing changed since).
   */
  at(organizationId: string, policyId: string, syncRunId: number): RulesAt {
    const run = this.cache.syncRuns.get(syncRunId)
    if (!run || run.organizationId !== organizationId) throw new AppError('invalid_input', `Sync ${syncRunId} is not a sync of that organization.`)
    const rulesHistory = this.cache.history.policyRulesHistory(organizationId, policyId)
    const policyHistory = this.cache.history.historyOf(organizationId, 'policies', policyId)
    const pick = <T>(records: ReadonlyArray<{ syncRunId: number; before: T | null; after: T | null }>, current: () => T | undefined): T | undefined => {
      const upTo = records.filter((r) => r.syncRunId <= syncRunId)
      const last = upTo[upTo.length - 1]
      if (last) return last.after ?? undefined
      const first = records[0]
      if (first) return first.before ?? undefined
      return current()
    }
    const rules = pick(rulesHistory, () => this.cache.resources.rulesOf(organizationId, policyId)) ?? []
    const policy = pick(policyHistory as ReadonlyArray<{ syncRunId: number; before: Policy | null; after: Policy | null }>, () =>
      this.cache.resources.get(organizationId, 'policies', policyId),
    )
    return { rules, policy }
  }

  /** One side of a comparison: the policy now, or (with a sync run) as that sync found it. */
  side(ref: PolicyRef): PolicySide {
    const organizationName = this.organizationName(ref.organizationId)
    const { ctx, projectNamesKnown } = this.context(ref.organizationId)
    let policy = this.cache.resources.get(ref.organizationId, 'policies', ref.policyId)
    let rules: Rule[]
    let version: PolicySide['version'] = null
    if (ref.syncRunId !== undefined) {
      const n = Number(ref.syncRunId)
      const at = this.at(ref.organizationId, ref.policyId, n)
      rules = at.rules
      policy = at.policy ?? policy
      version = { syncRunId: ref.syncRunId, at: this.cache.syncRuns.get(n)?.finishedAt ?? '' }
    } else {
      if (!policy) throw new AppError('not_in_desk', 'That policy is not in IAM Desk (deleted, or not synced yet).')
      rules = this.cache.resources.rulesOf(ref.organizationId, ref.policyId)
    }
    if (!policy) throw new AppError('not_in_desk', 'IAM Desk has no record of that policy.')
    return {
      organizationId: ref.organizationId,
      organizationName,
      policyId: ref.policyId,
      name: policy.name,
      description: policy.description,
      tags: [...policy.tags],
      principal: this.principalOf(ref.organizationId, policy),
      grants: grantsOfRules(rules, ctx),
      version,
      projectNamesKnown,
    }
  }

  /** Policies of these organizations with this name (case-insensitive), or carrying this tag. */
  matching(by: 'name' | 'tag', value: string, organizationIds: ReadonlySet<string>): Array<{ organizationId: string; policy: Policy }> {
    const sql =
      by === 'name'
        ? 'SELECT organization_id, json FROM policies WHERE name = ? ORDER BY organization_id, id'
        : `SELECT p.organization_id, p.json FROM policies p WHERE EXISTS (SELECT 1 FROM json_each(p.json, '$.tags') t WHERE t.value = ?)
           ORDER BY p.organization_id, p.id`
    return this.cache.db
      .prepare<[string], { organization_id: string; json: string }>(sql)
      .all(value)
      .filter((r) => organizationIds.has(r.organization_id))
      .map((r) => ({ organizationId: r.organization_id, policy: Policy.parse(parseStored(r.json)) }))
  }
}

/**
 * Project names from the projects the sync keeps (features/projects): an organization's names when
 * its last sync listed them; undefined when its key may not list projects (403) or no sync has
 * read them yet — its projects are then matched by id, and `whyUnknown` says why.
 */
export function projectNamesFrom(projects: ProjectsService): { names: ProjectNames; whyUnknown: (organizationId: string) => string } {
  return {
    names: (organizationId) => {
      const p = projects.of(organizationId)
      return p.status === 'listed' ? new Map(p.projects.map((x) => [x.id, x.name])) : undefined
    },
    whyUnknown: (organizationId) => projects.of(organizationId).reason ?? 'its projects have not been synced yet',
  }
}

/** The names alone, for features that only label ids (the Terraform export). */
export function projectNamesFromCache(cache: Cache): ProjectNames {
  return projectNamesFrom(new ProjectsService(cache)).names
}

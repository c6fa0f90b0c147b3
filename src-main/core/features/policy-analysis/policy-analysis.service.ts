// Policy analysis (docs/policy-analysis.md): compare two policies or two versions, one policy
// across organizations as a matrix, one policy over time. The semantics live in the domain
// (grants.ts, policy-diff.ts); this module only reads the cache and assembles the answers.
import { grantSlotKey, grantsOfRules, sortGrants, type Grant, type ProjectMatch } from '../../../../domain/grants'
import { checkNoNewAccess, diffGrants } from '../../../../domain/policy-diff'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type {
  AcrossCell,
  AcrossColumn,
  AcrossInput,
  AcrossMatrix,
  AcrossRow,
  PolicyComparison,
  PolicyRef,
  PolicySide,
  PolicyTimeline,
  PrincipalRef,
  TimelineVersion,
} from '../../../../src-preload/contract'
import { PolicyReader, type ProjectNames } from './policy-reader'

const samePrincipal = (a: PrincipalRef, b: PrincipalRef, match: ProjectMatch): boolean =>
  a.type === b.type && (match === 'id' ? a.id === b.id : a.label.toLowerCase() === b.label.toLowerCase())

/** Why project grants of these sides may not match across organizations, or null. */
function projectNote(sides: readonly PolicySide[], match: ProjectMatch, whyUnknown: (organizationId: string) => string): string | null {
  if (match === 'id') return null
  const unnamed = sides.filter((s) => !s.projectNamesKnown && s.grants.some((g) => g.scope.type === 'project'))
  const orgs = new Map(unnamed.map((s) => [s.organizationId, s.organizationName]))
  if (orgs.size === 0) return null
  const why = [...orgs].map(([id, name]) => `${name}: ${whyUnknown(id).replace(/\.$/, '')}`).join('; ')
  return `Project grants of ${[...orgs.values()].join(', ')} are matched by project id, so they never match a project of another organization (${why}).`
}

function scopeWords(g: Grant): string {
  switch (g.scope.type) {
    case 'organization':
      return g.scopeType === 'projects' ? 'All projects' : 'The organization'
    case 'project':
      return `Project ${g.scope.projectName ?? g.scope.projectId}`
    case 'account_root_user':
      return 'The root user'
  }
}

export class PolicyAnalysisService {
  readonly #reader: PolicyReader

  readonly #whyUnknown: (organizationId: string) => string

  constructor(
    private readonly cache: Cache,
    projectNames: ProjectNames,
    /** Why an organization's project names are not known (its key may not list projects…). */
    whyUnknown: (organizationId: string) => string = () => 'its project names are not known',
  ) {
    this.#reader = new PolicyReader(cache, projectNames)
    this.#whyUnknown = whyUnknown
  }

  /** A against B: the grants diff, the no-new-access check and every other field that differs. */
  compare(aRef: PolicyRef, bRef: PolicyRef): PolicyComparison {
    const a = this.#reader.side(aRef)
    const b = this.#reader.side(bRef)
    const match: ProjectMatch = a.organizationId === b.organizationId ? 'id' : 'name'
    const tagsA = new Set(a.tags)
    const tagsB = new Set(b.tags)
    return {
      a,
      b,
      projectMatch: match,
      projectNote: projectNote([a, b], match, this.#whyUnknown),
      grants: diffGrants(a.grants, b.grants, match),
      noNewAccess: checkNoNewAccess(a.grants, b.grants, match),
      name: a.name === b.name ? null : { before: a.name, after: b.name },
      description: a.description === b.description ? null : { before: a.description, after: b.description },
      tagsAdded: b.tags.filter((t) => !tagsA.has(t)),
      tagsRemoved: a.tags.filter((t) => !tagsB.has(t)),
      principal: samePrincipal(a.principal, b.principal, match) ? null : { before: a.principal, after: b.principal },
    }
  }

  /**
   * The policies matching the starting one by name (case-insensitive) or by one of its tags, in
   * every chosen organization, as a matrix: one row per permission set × scope any of them
   * grants, one column per policy, each cell compared with the reference column.
   */
  across(input: AcrossInput): AcrossMatrix {
    const start = this.cache.resources.get(input.organizationId, 'policies', input.policyId)
    if (!start) throw new AppError('not_in_desk', 'That policy is not in IAM Desk (deleted, or not synced yet).')
    const value = input.by === 'name' ? start.name : input.tag
    if (value === undefined) throw new AppError('invalid_input', 'Choose the tag to match.')
    const orgs = this.cache.organizations.list().filter((o) => !input.organizationIds || input.organizationIds.includes(o.id))
    const found = this.#reader.matching(input.by, value, new Set(orgs.map((o) => o.id)))
    const sides = found
      .map((f) => this.#reader.side({ organizationId: f.organizationId, policyId: f.policy.id }))
      .sort((x, y) => x.organizationName.localeCompare(y.organizationName) || x.name.localeCompare(y.name) || x.policyId.localeCompare(y.policyId))
    const refKey = input.reference ?? { organizationId: input.organizationId, policyId: input.policyId }
    const ref = sides.find((s) => s.organizationId === refKey.organizationId && s.policyId === refKey.policyId)
    if (!ref) throw new AppError('invalid_input', 'The reference policy is not one of the matched policies.')
    const match: ProjectMatch = new Set(sides.map((s) => s.organizationId)).size > 1 ? 'name' : 'id'

    // rows: every permission set × scope any policy grants, whatever the condition
    const slots = new Map<string, Grant>()
    for (const s of sides) for (const g of s.grants) if (!slots.has(grantSlotKey(g, match))) slots.set(grantSlotKey(g, match), g)
    const conditionsOf = (s: PolicySide, slot: string): string[] =>
      [...new Set(s.grants.filter((g) => grantSlotKey(g, match) === slot).map((g) => g.condition))].sort()
    const rows: AcrossRow[] = sortGrants([...slots.values()]).map((g) => {
      const slot = grantSlotKey(g, match)
      const refConds = conditionsOf(ref, slot)
      const cells = sides.map((s): AcrossCell => {
        const conditions = conditionsOf(s, slot)
        const same = conditions.length === refConds.length && conditions.every((c, i) => c === refConds[i])
        // Held here on one project, not by the reference there, yet inside the reference's
        // organization-wide grant under the same condition(s): no new access, not "extra".
        const within =
          g.scope.type === 'project' &&
          refConds.length === 0 &&
          conditions.every((cond) => ref.grants.some((r) => r.permissionSet === g.permissionSet && r.scope.type === 'organization' && r.condition === cond))
        const state = same ? 'same' : conditions.length === 0 ? 'missing' : refConds.length === 0 ? (within ? 'within' : 'extra') : 'condition'
        return { conditions, state }
      })
      return { key: slot, permissionSet: g.permissionSet, scope: scopeWords(g), differs: cells.some((c) => c.state !== 'same'), cells }
    })
    const columns = sides.map(
      (s, i): AcrossColumn => ({
        organizationId: s.organizationId,
        organizationName: s.organizationName,
        policyId: s.policyId,
        name: s.name,
        principal: s.principal,
        grants: s.grants.length,
        isReference: s === ref,
        verdict: checkNoNewAccess(ref.grants, s.grants, match).verdict,
        differences: rows.filter((r) => r.cells[i]?.state !== 'same').length,
        projectNamesKnown: s.projectNamesKnown,
      }),
    )
    const withPolicy = new Set(sides.map((s) => s.organizationId))
    return {
      by: input.by,
      value,
      columns,
      rows,
      missingIn: orgs.filter((o) => !withPolicy.has(o.id)).map((o) => ({ organizationId: o.id, organizationName: o.name })),
      projectNote: projectNote(sides, match, this.#whyUnknown),
    }
  }

  /**
   * The policy's rules over time: one version per sync that changed them (oldest first), and the
   * policy as it is now when it differs from the last recorded version (changed by IAM Desk
   * itself since, which the next sync does not record as a change).
   */
  timeline(organizationId: string, policyId: string): PolicyTimeline {
    const organizationName = this.#reader.organizationName(organizationId)
    const policy = this.cache.resources.get(organizationId, 'policies', policyId)
    const records = this.cache.history.policyRulesHistory(organizationId, policyId)
    if (!policy && records.length === 0) throw new AppError('not_in_desk', 'IAM Desk has no record of that policy.')
    const { ctx } = this.#reader.context(organizationId)
    const versions: TimelineVersion[] = []
    let previous: Grant[] = []
    const push = (v: Omit<TimelineVersion, 'grants' | 'added' | 'removed' | 'changed'>, grants: Grant[]) => {
      const d = diffGrants(previous, grants, 'id')
      versions.push({ ...v, grants: grants.length, added: d.added.length, removed: d.removed.length, changed: d.changed.length })
      previous = grants
    }
    records.forEach((r, i) => {
      const label = r.change === 'removed' ? 'Rules removed' : i === 0 && r.before === null ? 'First seen' : 'Changed'
      push({ syncRunId: String(r.syncRunId), at: r.at, label, current: false }, grantsOfRules(r.after ?? [], ctx))
    })
    if (policy) {
      const now = grantsOfRules(this.cache.resources.rulesOf(organizationId, policyId), ctx)
      const d = diffGrants(previous, now, 'id')
      const same = d.added.length + d.removed.length + d.changed.length === 0
      const last = versions[versions.length - 1]
      if (same && last) last.current = true
      else push({ syncRunId: null, at: null, label: versions.length === 0 ? 'Now' : 'Now (changed in IAM Desk since the last sync)', current: true }, now)
    }
    const name = policy?.name ?? this.#reader.at(organizationId, policyId, records[records.length - 1]?.syncRunId ?? 0).policy?.name ?? policyId
    return { organizationId, organizationName, policyId, name, versions }
  }
}

// Effective access, who can and lint over the organizations in IAM Desk, from the cache.
import { grantLabel } from '../../../../domain/grants'
import type { EffectiveAccess, HeldGrant, LintReport, WhoCanInput, WhoCanRow } from '../../../../src-preload/contract/access'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { PolicyReader, type ProjectNames } from '../policy-analysis/policy-reader'
import { effectiveAccess, whoCan, type Holder, type Holding } from './access'
import { LINT_RULES, lint, type LintRule } from './lint'
import { loadOrgModel, type OrgModel } from './org-model'
import type { EventHub } from '../../event-hub'
import type { EventName } from '../../../../src-preload/contract'

/** Events after which what the cache says may have changed (a sync, a write, a job's step, an organization). */
const CACHE_CHANGING: ReadonlySet<EventName> = new Set(['sync.finished', 'writes.applied', 'jobs.progress', 'orgs.changed', 'settings.changed'])

export class AccessService {
  readonly #reader: PolicyReader
  /**
   * Lint findings per organization, kept until the cache changes: the home counts them on every
   * visit, and reading a large organization whole each time would hold the app's one thread.
   */
  readonly #lintMemo = new Map<string, { key: string; findings: ReturnType<typeof lint> }>()
  #version = 0
  /** Without a hub (tests) nothing says when the cache changed: no memo. */
  readonly #memo: boolean

  constructor(
    private readonly cache: Cache,
    projectNames: ProjectNames,
    private readonly now: () => Date = () => new Date(),
    hub?: EventHub,
  ) {
    this.#reader = new PolicyReader(cache, projectNames)
    this.#memo = hub !== undefined
    hub?.subscribe((name) => {
      if (CACHE_CHANGING.has(name)) this.#version++
    })
  }

  effective(organizationId: string, holder: Holder): EffectiveAccess {
    const model = loadOrgModel(this.cache, this.#reader, organizationId)
    const exists = holder.type === 'user' ? model.users.some((u) => u.id === holder.id) : model.applications.some((a) => a.id === holder.id)
    if (!exists) throw new AppError('not_in_desk', `That ${holder.type} is not in the cache of ${model.organizationName} (removed, or not synced yet).`)
    const { owner, holdings } = effectiveAccess(model, holder)
    return {
      organizationId,
      organizationName: model.organizationName,
      principal: { ...holder, label: labelOf(model, holder) },
      owner,
      grants: holdings.map(held),
    }
  }

  whoCan(input: WhoCanInput): WhoCanRow[] {
    const rows: WhoCanRow[] = []
    for (const model of this.#models(input.organizationIds)) {
      const answer = whoCan(model, { preset: input.preset, permissionSets: input.permissionSets, project: input.projectName ? { name: input.projectName } : undefined })
      const base = { organizationId: model.organizationId, organizationName: model.organizationName }
      for (const id of answer.owners) rows.push({ ...base, principal: { type: 'user', id, label: labelOf(model, { type: 'user', id }) }, owner: true, held: null })
      for (const h of answer.holdings) rows.push({ ...base, principal: { ...h.holder, label: labelOf(model, h.holder) }, owner: false, held: held(h) })
    }
    return rows
  }

  lint(organizationIds?: readonly string[]): LintReport {
    const findings = this.#ids(organizationIds).flatMap((id) => {
      // Kept while the cache is unchanged, for a minute at most (keys expire as time passes).
      const key = `${this.#version}:${Math.floor(this.now().getTime() / 60_000)}`
      const memo = this.#lintMemo.get(id)
      const found = this.#memo && memo?.key === key ? memo.findings : lint(loadOrgModel(this.cache, this.#reader, id), this.now())
      if (this.#memo) this.#lintMemo.set(id, { key, findings: found })
      const organizationName = this.#reader.organizationName(id)
      return found.map((f) => ({ ...f, organizationName }))
    })
    const count = new Map<string, number>()
    for (const f of findings) count.set(f.rule, (count.get(f.rule) ?? 0) + 1)
    return {
      rules: (Object.keys(LINT_RULES) as LintRule[]).map((id) => ({ id, ...LINT_RULES[id], count: count.get(id) ?? 0 })),
      findings,
    }
  }

  #ids(organizationIds?: readonly string[]): readonly string[] {
    return organizationIds?.length ? organizationIds : this.cache.organizations.list().map((o) => o.id)
  }

  #models(organizationIds?: readonly string[]): OrgModel[] {
    return this.#ids(organizationIds).map((id) => loadOrgModel(this.cache, this.#reader, id))
  }
}

function labelOf(model: OrgModel, h: Holder): string {
  return h.type === 'user' ? (model.users.find((u) => u.id === h.id)?.email ?? h.id) : (model.applications.find((a) => a.id === h.id)?.name ?? h.id)
}

function held(h: Holding): HeldGrant {
  return { grant: h.grant, label: grantLabel(h.grant), conditional: h.grant.condition !== '', path: h.path }
}

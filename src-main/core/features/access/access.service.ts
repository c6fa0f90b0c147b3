// Effective access, who can and lint over the organizations in IAM Desk, from the cache.
import { grantLabel } from '../../../../domain/grants'
import type { EffectiveAccess, HeldGrant, LintReport, WhoCanInput, WhoCanRow } from '../../../../src-preload/contract/access'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { PolicyReader, type ProjectNames } from '../policy-analysis/policy-reader'
import { effectiveAccess, whoCan, type Holder, type Holding } from './access'
import { LINT_RULES, lint, type LintRule } from './lint'
import { loadOrgModel, type OrgModel } from './org-model'

export class AccessService {
  readonly #reader: PolicyReader

  constructor(
    private readonly cache: Cache,
    projectNames: ProjectNames,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#reader = new PolicyReader(cache, projectNames)
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
    const findings = this.#models(organizationIds).flatMap((model) =>
      lint(model, this.now()).map((f) => ({ ...f, organizationName: model.organizationName })),
    )
    const count = new Map<string, number>()
    for (const f of findings) count.set(f.rule, (count.get(f.rule) ?? 0) + 1)
    return {
      rules: (Object.keys(LINT_RULES) as LintRule[]).map((id) => ({ id, ...LINT_RULES[id], count: count.get(id) ?? 0 })),
      findings,
    }
  }

  #models(organizationIds?: readonly string[]): OrgModel[] {
    const ids = organizationIds?.length ? organizationIds : this.cache.organizations.list().map((o) => o.id)
    return ids.map((id) => loadOrgModel(this.cache, this.#reader, id))
  }
}

function labelOf(model: OrgModel, h: Holder): string {
  return h.type === 'user' ? (model.users.find((u) => u.id === h.id)?.email ?? h.id) : (model.applications.find((a) => a.id === h.id)?.name ?? h.id)
}

function held(h: Holding): HeldGrant {
  return { grant: h.grant, label: grantLabel(h.grant), conditional: h.grant.condition !== '', path: h.path }
}

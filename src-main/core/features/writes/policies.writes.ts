// Policies (§6.7, §6.8): create with rules, edit name/description/tags/principal, replace the
// rules (guarded against concurrent edits), clone (here or into another organization), delete. Rules are checked against the
// organization's permission-set catalogue before anything is sent.
import { AppError, unreachable } from '../../errors/app-error'
import { LIMITS } from '../../../../domain/limits'
import { isUnreachable, toContractError } from '../../errors/contract-error'
import type { Policy, Rule } from '../../../../domain/schemas'
import type { UpdatePolicyBody } from '../../platform/scaleway/requests'
import type { RuleSpecInput, WritePrincipal } from '../../../../src-preload/contract'
import { checkRules, diffRules, rulesVersion } from './rules'
import { mapProjectsByName, projectList, type NamedProject, type ProjectMapping } from '../../../../domain/project-mapping'
import { ProjectsService } from '../projects/projects.service'
import { FieldErrors } from './validate'
import { defined, type In, type Out, type WriteKit } from './services'
import type { Target, WriteContext } from './write-runner'

type PrincipalBody = { user_id: string } | { group_id: string } | { application_id: string } | { no_principal: true }

function principalBody(p: WritePrincipal): PrincipalBody {
  switch (p.type) {
    case 'none':
      return { no_principal: true }
    case 'user':
      return { user_id: p.id }
    case 'group':
      return { group_id: p.id }
    case 'application':
      return { application_id: p.id }
    default:
      throw unreachable(p)
  }
}

function checkPolicyFields(errors: FieldErrors, input: { name?: string | undefined; description?: string | undefined; tags?: string[] | undefined; principal?: WritePrincipal | undefined }): void {
  errors.name('name', input.name)
  errors.maxLength('description', input.description, LIMITS.description)
  errors.tags('tags', input.tags)
  if (input.principal && input.principal.type !== 'none') errors.uuid(`${input.principal.type}_id`, input.principal.id)
}

/**
 * After a create or clone Scaleway answers counts of 0 (§10.2) and no rules: read both back so
 * the cache is right at once. The write itself already succeeded, so a failed read is only
 * journaled (the next sync shows the rules), and a failed cache update is repaired by the runner.
 */
async function refreshPolicy(k: WriteKit, t: Target, ctx: WriteContext, created: Policy): Promise<Policy> {
  const org = t.profile.id
  const repair = [{ kind: 'policies', id: created.id }] as const
  let read: [Policy, Rule[]]
  try {
    read = await Promise.all([ctx.client.getPolicy(created.id), ctx.client.listRules({ policy_id: created.id })])
  } catch {
    ctx.step('read back failed', { id: created.id, note: 'the next sync will show its rules' })
    ctx.cache(repair, () => k.cache.resources.upsert(org, 'policies', created))
    return created
  }
  const [policy, rules] = read
  ctx.cache(repair, () =>
    k.cache.db.transaction(() => {
      k.cache.resources.upsert(org, 'policies', policy)
      k.cache.resources.replaceRules(org, policy.id, rules)
    })(),
  )
  return policy
}

export async function policiesCreate(k: WriteKit, input: In<'policies.create'>): Promise<Out<'policies.create'>> {
  const errors = new FieldErrors()
  checkPolicyFields(errors, input)
  const t = await k.w.target(input.organizationId)
  const rules = checkRules(input.rules, await k.catalogue(t), errors)
  errors.throwIfAny('This policy cannot be created')
  const plan = { name: input.name, principal: input.principal, tags: input.tags ?? [], rules }
  return k.w.run({ operation: 'policies.create', plan, kinds: ['policies'] }, t, async (ctx) => {
    const created = await ctx.client.createPolicy({
      organization_id: t.profile.id,
      name: input.name,
      description: input.description ?? '',
      rules,
      ...defined({ tags: input.tags }),
      ...principalBody(input.principal),
    })
    ctx.step('created', { id: created.id })
    const policy = await refreshPolicy(k, t, ctx, created)
    return { value: policy, objectId: policy.id }
  })
}

export async function policiesUpdate(k: WriteKit, input: In<'policies.update'>): Promise<Out<'policies.update'>> {
  const errors = new FieldErrors()
  checkPolicyFields(errors, input)
  errors.throwIfAny('This policy cannot be changed')
  const t = await k.w.target(input.organizationId)
  if (input.principal) await k.guard.enforce(t.profile, t.client, { kind: 'setPolicyPrincipal', id: input.id, principal: input.principal }, input.override)
  const body = { ...defined({ name: input.name, description: input.description, tags: input.tags }), ...(input.principal ? principalBody(input.principal) : {}) } as UpdatePolicyBody
  const before = k.cache.resources.get(t.profile.id, 'policies', input.id)
  const plan = { id: input.id, ...body, previousName: before?.name ?? null, override: input.override ?? false }
  return k.w.run({ operation: 'policies.update', plan, kinds: ['policies'] }, t, async (ctx) => {
    const policy = await ctx.client.updatePolicy(input.id, body)
    ctx.cache([{ kind: 'policies', id: policy.id }], () => k.cache.resources.upsert(t.profile.id, 'policies', policy))
    return { value: policy, objectId: policy.id }
  })
}

export async function policiesRulesForEdit(k: WriteKit, input: In<'policies.rulesForEdit'>): Promise<Out<'policies.rulesForEdit'>> {
  const t = await k.w.target(input.organizationId)
  const org = t.profile.id
  let policy: Policy
  let rules: Rule[]
  try {
    ;[policy, rules] = await k.w.read(() => Promise.all([t.client.getPolicy(input.policyId), t.client.listRules({ policy_id: input.policyId })]))
  } catch (err) {
    const cached = k.cache.resources.get(org, 'policies', input.policyId)
    if (!isUnreachable(err) || !cached) throw err
    const cachedRules = k.cache.resources.rulesOf(org, input.policyId)
    return { policy: cached, rules: cachedRules, rulesVersion: rulesVersion(cachedRules), source: 'cache' }
  }
  k.cache.db.transaction(() => {
    k.cache.resources.upsert(org, 'policies', policy)
    k.cache.resources.replaceRules(org, policy.id, rules)
  })()
  return { policy, rules, rulesVersion: rulesVersion(rules), source: 'server' }
}

export function policiesRulesDiff(input: In<'policies.rulesDiff'>): Out<'policies.rulesDiff'> {
  return diffRules(input.current, input.proposed)
}

export async function policiesSetRules(k: WriteKit, input: In<'policies.setRules'>): Promise<Out<'policies.setRules'>> {
  const errors = new FieldErrors()
  const t = await k.w.target(input.organizationId)
  const rules = checkRules(input.rules, await k.catalogue(t), errors)
  errors.throwIfAny('These rules cannot be saved')
  // PUT /rules replaces the whole list: read what the server holds right now and refuse when it
  // is not what the editor loaded, so nobody's concurrent change is silently overwritten.
  const current = await k.w.read(() => t.client.listRules({ policy_id: input.policyId }))
  const serverVersion = rulesVersion(current)
  if (serverVersion !== input.expectedRulesVersion) {
    throw new AppError('state_conflict', 'The rules of this policy changed on Scaleway since the editor loaded them. Reload them, check the difference, and apply your change again.', {
      rulesChanged: true,
      currentRulesVersion: serverVersion,
      currentRules: current,
      diff: diffRules(current, rules),
    })
  }
  await k.guard.enforce(t.profile, t.client, { kind: 'setRules', policyId: input.policyId, rules }, input.override, new Map([[input.policyId, current]]))
  const diff = diffRules(current, rules)
  const plan = { policyId: input.policyId, previousRules: current.map(({ id: _id, ...r }) => r), rules, override: input.override ?? false }
  return k.w.run({ operation: 'policies.setRules', plan, kinds: ['policies'] }, t, async (ctx) => {
    const saved = await ctx.client.setRules(input.policyId, rules)
    ctx.step('rules replaced', { count: saved.length })
    const org = t.profile.id
    let policy = k.cache.resources.get(org, 'policies', input.policyId)
    try {
      policy = await ctx.client.getPolicy(input.policyId)
    } catch {
      ctx.step('read back failed', { id: input.policyId, note: 'counts refresh at the next sync' })
    }
    if (!policy) throw new AppError('not_in_desk', 'The rules were saved, but the policy could not be read back. Sync the organization.')
    const p = policy
    ctx.cache([{ kind: 'policies', id: p.id }], () =>
      k.cache.db.transaction(() => {
        k.cache.resources.upsert(org, 'policies', p)
        k.cache.resources.replaceRules(org, p.id, saved)
      })(),
    )
    return { value: { policy: p, rules: saved, rulesVersion: rulesVersion(saved), diff }, objectId: p.id }
  })
}

/**
 * How a rule goes into another organization: an organization-wide rule is scoped to the target;
 * a rule scoped to projects keeps the target's projects of the same names (`missing` lists those
 * that have none there: the rule goes with the others, or not at all when none map, only when the
 * user agrees); the account root user is the source's own, so such a rule cannot go.
 */
export function cloneRuleInto(
  rule: Pick<Rule, 'organization_id' | 'project_ids' | 'account_root_user_id'>,
  into: string,
  intoName: string,
  sourceNames: ReadonlyMap<string, string>,
  targetProjects: readonly NamedProject[],
): { scope: Pick<RuleSpecInput, 'organization_id' | 'project_ids'> | null; reason: string | null; missing: ProjectMapping['missing'] } {
  if (rule.organization_id !== undefined) return { scope: { organization_id: into }, reason: null, missing: [] }
  if (rule.project_ids !== undefined) {
    const m = mapProjectsByName(rule.project_ids, sourceNames, targetProjects)
    if (m.missing.length === 0) return { scope: { project_ids: m.mapped }, reason: null, missing: [] }
    const one = m.missing.length === 1
    const reason = `${one ? 'project' : 'projects'} ${projectList(m.missing)} ${one ? 'has' : 'have'} no project of the same name in ${intoName}${m.mapped.length ? '' : ' (so the rule would have no project left)'}`
    return { scope: m.mapped.length ? { project_ids: m.mapped } : null, reason, missing: m.missing }
  }
  if (rule.account_root_user_id !== undefined) return { scope: null, reason: "it is scoped to the source organization's account root user", missing: [] }
  return { scope: null, reason: 'it has no scope', missing: [] }
}

/**
 * Clone (§10.4). In the same organization, Scaleway's own clone copies the policy exactly (rules,
 * conditions and all) as "Copy of <name>" without principal; the name and principal chosen are
 * then set on the copy, a second journaled write. Into another organization, a new policy is
 * created there with the source's description and the rules that can be mapped.
 */
export async function policiesClone(k: WriteKit, input: In<'policies.clone'>): Promise<Out<'policies.clone'>> {
  const errors = new FieldErrors()
  checkPolicyFields(errors, { name: input.name, principal: input.principal })
  errors.throwIfAny('This policy cannot be cloned')
  const into = input.targetOrganizationId ?? input.organizationId
  return into === input.organizationId ? cloneHere(k, input) : cloneInto(k, input, into)
}

async function cloneHere(k: WriteKit, input: In<'policies.clone'>): Promise<Policy> {
  const t = await k.w.target(input.organizationId)
  const org = t.profile.id
  const name = k.cache.resources.get(org, 'policies', input.id)?.name ?? null
  const principal = input.principal ?? { type: 'none' }
  const plan = { id: input.id, name, ...(input.name !== undefined ? { newName: input.name } : {}), principal }
  const copy = await k.w.run({ operation: 'policies.clone', plan, kinds: ['policies'] }, t, async (ctx) => {
    const created = await ctx.client.clonePolicy(input.id)
    ctx.step('created', { id: created.id })
    const policy = await refreshPolicy(k, t, ctx, created)
    return { value: policy, objectId: policy.id }
  })
  const rename = input.name !== undefined && input.name !== copy.name
  if (!rename && principal.type === 'none') return copy
  // The copy had no principal, so it granted nothing: giving it one cannot lock anybody out.
  const body = { ...(rename ? { name: input.name } : {}), ...(principal.type !== 'none' ? principalBody(principal) : {}) } as UpdatePolicyBody
  try {
    return await k.w.run({ operation: 'policies.update', plan: { id: copy.id, ...body, previousName: copy.name, override: false }, kinds: ['policies'] }, t, async (ctx) => {
      const policy = await ctx.client.updatePolicy(copy.id, body)
      ctx.cache([{ kind: 'policies', id: policy.id }], () => k.cache.resources.upsert(org, 'policies', policy))
      return { value: policy, objectId: policy.id }
    })
  } catch (err) {
    const what = [rename ? 'name' : '', principal.type !== 'none' ? 'principal' : ''].filter(Boolean).join(' and ')
    throw new AppError('state_conflict', `The copy was created as “${copy.name}”, but its ${what} could not be set: ${toContractError(err).message} Open the copy and edit it.`, {
      createdPolicyId: copy.id,
      createdName: copy.name,
    })
  }
}

async function cloneInto(k: WriteKit, input: In<'policies.clone'>, into: string): Promise<Policy> {
  const source = await k.w.target(input.organizationId)
  const t = await k.w.target(into)
  const [policy, rules] = await k.w.read(() => Promise.all([source.client.getPolicy(input.id), source.client.listRules({ policy_id: input.id })]))
  const projects = new ProjectsService(k.cache)
  const sourceNames = projects.namesOf(source.profile.id)
  const targetProjects = projects.projectsOf(into)
  const kept: RuleSpecInput[] = []
  const left: Array<{ position: number; permissionSetNames: string[]; reason: string; unmappedProjects: ProjectMapping['missing']; partly: boolean }> = []
  rules.forEach((r, i) => {
    const { scope, reason, missing } = cloneRuleInto(r, into, t.profile.name, sourceNames, targetProjects)
    if (reason) left.push({ position: i + 1, permissionSetNames: r.permission_set_names ?? [], reason, unmappedProjects: missing, partly: scope !== null })
    // With the user's consent, a rule whose projects map only in part goes with those that map.
    if (scope && (!reason || input.withoutUnclonableRules)) kept.push({ permission_set_names: r.permission_set_names ?? [], condition: r.condition, ...scope })
  })
  if (left.length > 0 && !input.withoutUnclonableRules) {
    const which = left.map((l) => `rule ${l.position} (${l.reason})`).join('; ')
    throw new AppError('invalid_input', `${left.length === 1 ? '1 rule' : `${left.length} rules`} of “${policy.name}” cannot be cloned into ${t.profile.name} as ${left.length === 1 ? 'it is' : 'they are'}: ${which}. Clone it without what cannot be mapped, or cancel.`, {
      unclonableRules: left,
    })
  }
  const errors = new FieldErrors()
  const specs = checkRules(kept, await k.catalogue(t), errors)
  errors.throwIfAny(`This policy cannot be cloned into ${t.profile.name}`)
  const name = input.name ?? `Copy of ${policy.name}`
  const principal = input.principal ?? { type: 'none' }
  const plan = {
    sourceOrganizationId: source.profile.id,
    id: input.id,
    sourceName: policy.name,
    name,
    principal,
    rules: specs.length,
    leftOut: left.filter((l) => !l.partly).map((l) => l.position),
    projectsLeftOut: left.filter((l) => l.partly).map((l) => ({ position: l.position, projectIds: l.unmappedProjects.map((p) => p.id) })),
  }
  return k.w.run({ operation: 'policies.clone', plan, kinds: ['policies'] }, t, async (ctx) => {
    const created = await ctx.client.createPolicy({ organization_id: into, name, description: policy.description, rules: specs, ...principalBody(principal) })
    ctx.step('created', { id: created.id })
    const copy = await refreshPolicy(k, t, ctx, created)
    return { value: copy, objectId: copy.id }
  })
}

export async function policiesDelete(k: WriteKit, input: In<'policies.delete'>): Promise<Out<'policies.delete'>> {
  const t = await k.w.target(input.organizationId)
  await k.guard.enforce(t.profile, t.client, { kind: 'deletePolicy', id: input.id }, input.override)
  const name = k.cache.resources.get(t.profile.id, 'policies', input.id)?.name ?? null
  return k.w.run({ operation: 'policies.delete', plan: { id: input.id, name, override: input.override ?? false }, kinds: ['policies'] }, t, async (ctx) => {
    await ctx.client.deletePolicy(input.id)
    ctx.cache([{ kind: 'policies', id: input.id }], () => k.fx.removePolicy(t.profile.id, input.id))
    return { value: { deleted: input.id }, objectId: input.id }
  })
}

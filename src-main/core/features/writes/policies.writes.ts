// Policies (§6.7, §6.8): create with rules, edit name/description/tags/principal, replace the
// rules (guarded against concurrent edits), clone, delete. Rules are checked against the
// organization's permission-set catalogue before anything is sent.
import { AppError, unreachable } from '../../errors/app-error'
import { LIMITS } from '../../../../domain/limits'
import { isUnreachable } from '../../errors/contract-error'
import type { Policy, Rule } from '../../../../domain/schemas'
import type { UpdatePolicyBody } from '../../platform/scaleway/requests'
import type { WritePrincipal } from '../../../../src-preload/contract'
import { checkRules, diffRules, rulesVersion } from './rules'
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

export async function policiesClone(k: WriteKit, input: In<'policies.clone'>): Promise<Out<'policies.clone'>> {
  const t = await k.w.target(input.organizationId)
  const name = k.cache.resources.get(t.profile.id, 'policies', input.id)?.name ?? null
  return k.w.run({ operation: 'policies.clone', plan: { id: input.id, name }, kinds: ['policies'] }, t, async (ctx) => {
    const copy = await ctx.client.clonePolicy(input.id)
    ctx.step('created', { id: copy.id })
    const policy = await refreshPolicy(k, t, ctx, copy)
    return { value: policy, objectId: policy.id }
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

// API keys (§6.3): create for an application, a user or IAM Desk's own bearer; edit description,
// expiry and default project; delete. A created key's secret is handed to the caller once and
// goes nowhere else: not in the cache, not in the journal, not in any log line.
import type { ApiKey } from '../../../../domain/schemas'
import { LIMITS } from '../../../../domain/limits'
import { FieldErrors } from './validate'
import { defined, type In, type Out, type WriteKit } from './services'
import type { CacheRepair } from './write-runner'

function checkExpiry(errors: FieldErrors, expiresAt: string | null | undefined, now: Date): void {
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) errors.add('expires_at', 'constraint', 'must be in the future')
}

export async function apiKeysCreate(k: WriteKit, input: In<'apiKeys.create'>, now: () => Date): Promise<Out<'apiKeys.create'>> {
  const errors = new FieldErrors()
  errors.maxLength('description', input.description, LIMITS.description)
  checkExpiry(errors, input.expiresAt, now())
  errors.uuid('default_project_id', input.defaultProjectId)
  if (input.bearer !== 'self') errors.uuid(input.bearer.type === 'user' ? 'user_id' : 'application_id', input.bearer.id)
  errors.throwIfAny('This API key cannot be created')
  const t = await k.w.target(input.organizationId)
  const bearer = input.bearer === 'self' ? (await k.guard.view(t.profile, t.client)).bearer : input.bearer
  const plan = { bearer, self: input.bearer === 'self', description: input.description, expiresAt: input.expiresAt ?? null, defaultProjectId: input.defaultProjectId ?? null }
  return k.w.run({ operation: 'apiKeys.create', plan, kinds: ['api_keys', 'applications'] }, t, async (ctx) => {
    const created = await ctx.client.createApiKey({
      ...(bearer.type === 'user' ? { user_id: bearer.id } : { application_id: bearer.id }),
      description: input.description,
      ...defined({ expires_at: input.expiresAt, default_project_id: input.defaultProjectId }),
    })
    const { secret, ...apiKey } = created
    ctx.step('created', { accessKey: apiKey.access_key })
    // Its application's key count moves too.
    const touched: CacheRepair = [{ kind: 'api_keys', id: apiKey.access_key }, ...(apiKey.application_id ? [{ kind: 'applications' as const, id: apiKey.application_id }] : [])]
    ctx.cache(touched, () => k.fx.addApiKey(t.profile.id, { ...apiKey, secret_key: null } satisfies ApiKey))
    return { value: { apiKey: { ...apiKey, secret_key: null }, secretKey: secret.reveal() }, objectId: apiKey.access_key }
  })
}

export async function apiKeysUpdate(k: WriteKit, input: In<'apiKeys.update'>, now: () => Date): Promise<Out<'apiKeys.update'>> {
  const errors = new FieldErrors()
  errors.maxLength('description', input.description, LIMITS.description)
  checkExpiry(errors, input.expiresAt, now())
  errors.uuid('default_project_id', input.defaultProjectId)
  if (input.description === undefined && input.expiresAt === undefined && input.defaultProjectId === undefined) errors.add('description', 'required', 'nothing to change')
  errors.throwIfAny('This API key cannot be changed')
  const t = await k.w.target(input.organizationId)
  // IAM Desk's own key given an expiry would lock IAM Desk out when it comes: the guard's call.
  if (input.expiresAt !== undefined) await k.guard.enforce(t.profile, t.client, { kind: 'expireApiKey', accessKey: input.accessKey, expiresAt: input.expiresAt }, input.override)
  const body = defined({ description: input.description, expires_at: input.expiresAt, default_project_id: input.defaultProjectId })
  return k.w.run({ operation: 'apiKeys.update', plan: { accessKey: input.accessKey, ...body, ...(input.override ? { override: true } : {}) }, kinds: ['api_keys'] }, t, async (ctx) => {
    const key = await ctx.client.updateApiKey(input.accessKey, body)
    ctx.cache([{ kind: 'api_keys', id: key.access_key }], () => k.cache.resources.upsert(t.profile.id, 'api_keys', key))
    return { value: key, objectId: key.access_key }
  })
}

export async function apiKeysDelete(k: WriteKit, input: In<'apiKeys.delete'>): Promise<Out<'apiKeys.delete'>> {
  const t = await k.w.target(input.organizationId)
  await k.guard.enforce(t.profile, t.client, { kind: 'deleteApiKey', accessKey: input.accessKey }, input.override)
  const cached = k.cache.resources.get(t.profile.id, 'api_keys', input.accessKey)
  const description = cached?.description ?? null
  return k.w.run({ operation: 'apiKeys.delete', plan: { accessKey: input.accessKey, description, override: input.override ?? false }, kinds: ['api_keys', 'applications'] }, t, async (ctx) => {
    await ctx.client.deleteApiKey(input.accessKey)
    const touched: CacheRepair = [{ kind: 'api_keys', id: input.accessKey }, ...(cached?.application_id ? [{ kind: 'applications' as const, id: cached.application_id }] : [])]
    ctx.cache(touched, () => k.fx.removeApiKey(t.profile.id, input.accessKey))
    return { value: { deleted: input.accessKey }, objectId: input.accessKey }
  })
}

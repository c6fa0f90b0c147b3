// Applications (§6.6): create, edit, delete — with a preview of what goes with it (its API keys
// are deleted, its groups lose it, its policies lose their principal).
import { AppError } from '../../errors/app-error'
import { LIMITS } from '../../../../domain/limits'
import { FieldErrors } from './validate'
import { defined, type In, type Out, type WriteKit } from './services'

export async function applicationsCreate(k: WriteKit, input: In<'applications.create'>): Promise<Out<'applications.create'>> {
  const errors = new FieldErrors()
  errors.name('name', input.name)
  errors.maxLength('description', input.description, LIMITS.description)
  errors.tags('tags', input.tags)
  errors.throwIfAny('This application cannot be created')
  const t = await k.w.target(input.organizationId)
  return k.w.run({ operation: 'applications.create', plan: { name: input.name, tags: input.tags ?? [] }, kinds: ['applications'] }, t, async (ctx) => {
    const app = await ctx.client.createApplication({ organization_id: t.profile.id, name: input.name, description: input.description ?? '', ...defined({ tags: input.tags }) })
    ctx.step('created', { id: app.id })
    ctx.cache([{ kind: 'applications', id: app.id }], () => k.cache.resources.upsert(t.profile.id, 'applications', app))
    return { value: app, objectId: app.id }
  })
}

export async function applicationsUpdate(k: WriteKit, input: In<'applications.update'>): Promise<Out<'applications.update'>> {
  const errors = new FieldErrors()
  errors.name('name', input.name)
  errors.maxLength('description', input.description, LIMITS.description)
  errors.tags('tags', input.tags)
  errors.throwIfAny('This application cannot be changed')
  const t = await k.w.target(input.organizationId)
  const body = defined({ name: input.name, description: input.description, tags: input.tags })
  return k.w.run({ operation: 'applications.update', plan: { id: input.id, ...body }, kinds: ['applications'] }, t, async (ctx) => {
    const app = await ctx.client.updateApplication(input.id, body)
    ctx.cache([{ kind: 'applications', id: app.id }], () => k.cache.resources.upsert(t.profile.id, 'applications', app))
    return { value: app, objectId: app.id }
  })
}

export async function applicationsDeletePreview(k: WriteKit, input: In<'applications.deletePreview'>): Promise<Out<'applications.deletePreview'>> {
  const t = await k.w.target(input.organizationId)
  const r = k.cache.resources
  const org = t.profile.id
  const application = r.get(org, 'applications', input.id)
  if (!application) throw new AppError('not_in_desk', `This application is not in the cache of ${t.profile.name}. Sync the organization and try again.`)
  const verdict = await k.guard.verdict(t.profile, t.client, { kind: 'deleteApplication', id: input.id })
  return {
    application,
    apiKeys: r.list(org, 'api_keys').filter((key) => key.application_id === input.id),
    groups: r.list(org, 'groups').filter((g) => g.application_ids.includes(input.id)),
    policies: r.list(org, 'policies').filter((p) => p.application_id === input.id),
    selfLockout: verdict.lockout ? { explanation: verdict.explanation } : null,
  }
}

export async function applicationsDelete(k: WriteKit, input: In<'applications.delete'>): Promise<Out<'applications.delete'>> {
  const t = await k.w.target(input.organizationId)
  await k.guard.enforce(t.profile, t.client, { kind: 'deleteApplication', id: input.id }, input.override)
  const name = k.cache.resources.get(t.profile.id, 'applications', input.id)?.name ?? null
  return k.w.run(
    { operation: 'applications.delete', plan: { id: input.id, name, override: input.override ?? false }, kinds: ['applications', 'api_keys', 'groups', 'policies'] },
    t,
    async (ctx) => {
      await ctx.client.deleteApplication(input.id)
      const cascade = ctx.cache('resync', () => k.fx.removeBearer(t.profile.id, { type: 'application', id: input.id })) ?? { removedApiKeys: [], orphanedPolicies: [] }
      ctx.step('cache updated', cascade)
      return { value: { deleted: input.id, ...cascade }, objectId: input.id }
    },
  )
}

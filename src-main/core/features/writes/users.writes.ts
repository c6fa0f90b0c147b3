// Users (§6.5): invite a member, edit, lock, unlock, set a password, delete. Passwords cross from
// the renderer once, travel as Secrets (redacted from every message) and never reach the journal.
// Owners cannot be deleted: refused here, with the reason, before Scaleway is asked.
import { AppError } from '../../errors/app-error'
import { LIMITS } from '../../../../domain/limits'
import { displayName } from '../../platform/cache/kinds'
import { Secret } from '../../platform/scaleway/secret'
import type { User } from '../../../../domain/schemas'
import { FieldErrors } from './validate'
import { defined, type In, type Out, type WriteKit } from './services'
import type { Target } from './write-runner'

function checkProfileFields(errors: FieldErrors, input: { email?: string | undefined; firstName?: string | undefined; lastName?: string | undefined; tags?: string[] | undefined }): void {
  errors.email('email', input.email)
  errors.maxLength('first_name', input.firstName, LIMITS.personName)
  errors.maxLength('last_name', input.lastName, LIMITS.personName)
  errors.tags('tags', input.tags)
}

export async function usersCreate(k: WriteKit, input: In<'users.create'>): Promise<Out<'users.create'>> {
  const errors = new FieldErrors()
  checkProfileFields(errors, input)
  errors.username('username', input.username)
  if (input.password.mode === 'set') errors.maxBytes('password', input.password.password, LIMITS.passwordBytes, 1)
  const taken = k.cache.resources.list(input.organizationId, 'users').find((u) => u.email.toLowerCase() === input.email.toLowerCase())
  if (taken) errors.add('email', 'constraint', `${displayName(taken)} already has this e-mail address in this organization`)
  errors.throwIfAny('This member cannot be invited')
  const t = await k.w.target(input.organizationId)
  const plan = {
    email: input.email,
    username: input.username,
    firstName: input.firstName ?? '',
    lastName: input.lastName ?? '',
    locale: input.locale ?? '',
    tags: input.tags ?? [],
    passwordMode: input.password.mode,
  }
  return k.w.run({ operation: 'users.create', plan, kinds: ['users'] }, t, async (ctx) => {
    const user = await ctx.client.createUser({
      organization_id: t.profile.id,
      ...defined({ tags: input.tags }),
      member: {
        email: input.email,
        username: input.username,
        first_name: input.firstName ?? '',
        last_name: input.lastName ?? '',
        phone_number: input.phoneNumber ?? '',
        locale: input.locale ?? '',
        send_welcome_email: input.sendWelcomeEmail ?? true,
        send_password_email: input.password.mode === 'email',
        password: input.password.mode === 'set' ? input.password.password : '',
      },
    })
    ctx.step('created', { id: user.id })
    ctx.cache([{ kind: 'users', id: user.id }], () => k.cache.resources.upsert(t.profile.id, 'users', user))
    return { value: user, objectId: user.id }
  })
}

export async function usersUpdate(k: WriteKit, input: In<'users.update'>): Promise<Out<'users.update'>> {
  const errors = new FieldErrors()
  checkProfileFields(errors, input)
  errors.throwIfAny('This user cannot be changed')
  const t = await k.w.target(input.organizationId)
  const body = defined({ email: input.email, first_name: input.firstName, last_name: input.lastName, phone_number: input.phoneNumber, locale: input.locale, tags: input.tags })
  return k.w.run({ operation: 'users.update', plan: { id: input.id, ...body }, kinds: ['users'] }, t, async (ctx) => {
    const user = await ctx.client.updateUser(input.id, body)
    ctx.cache([{ kind: 'users', id: user.id }], () => k.cache.resources.upsert(t.profile.id, 'users', user))
    return { value: user, objectId: user.id }
  })
}

async function userOf(k: WriteKit, t: Target, id: string): Promise<User> {
  return k.cache.resources.get(t.profile.id, 'users', id) ?? (await k.w.read(() => t.client.getUser(id)))
}

export async function usersLock(k: WriteKit, input: In<'users.lock'>): Promise<Out<'users.lock'>> {
  const t = await k.w.target(input.organizationId)
  const user = await userOf(k, t, input.id)
  if (user.type === 'owner') throw new AppError('invalid_input', `${displayName(user)} is the owner of ${t.profile.name}; an owner cannot be locked.`, { owner: true })
  await k.guard.enforce(t.profile, t.client, { kind: 'lockUser', id: input.id }, input.override)
  return k.w.run({ operation: 'users.lock', plan: { id: input.id, email: user.email, override: input.override ?? false }, kinds: ['users'] }, t, async (ctx) => {
    const locked = await ctx.client.lockUser(input.id)
    ctx.cache([{ kind: 'users', id: locked.id }], () => k.cache.resources.upsert(t.profile.id, 'users', locked))
    return { value: locked, objectId: locked.id }
  })
}

export async function usersUnlock(k: WriteKit, input: In<'users.unlock'>): Promise<Out<'users.unlock'>> {
  const t = await k.w.target(input.organizationId)
  return k.w.run({ operation: 'users.unlock', plan: { id: input.id }, kinds: ['users'] }, t, async (ctx) => {
    const user = await ctx.client.unlockUser(input.id)
    ctx.cache([{ kind: 'users', id: user.id }], () => k.cache.resources.upsert(t.profile.id, 'users', user))
    return { value: user, objectId: user.id }
  })
}

export async function usersSetPassword(k: WriteKit, input: In<'users.setPassword'>): Promise<Out<'users.setPassword'>> {
  const errors = new FieldErrors()
  errors.maxBytes('password', input.password, LIMITS.passwordBytes, 1)
  errors.throwIfAny('This password cannot be set')
  const t = await k.w.target(input.organizationId)
  const password = new Secret(input.password)
  return k.w.run({ operation: 'users.setPassword', plan: { id: input.id }, kinds: ['users'] }, t, async (ctx) => {
    const user = await ctx.client.updateUserPassword(input.id, password)
    ctx.cache([{ kind: 'users', id: user.id }], () => k.cache.resources.upsert(t.profile.id, 'users', user))
    return { value: user, objectId: user.id }
  })
}

export async function usersDelete(k: WriteKit, input: In<'users.delete'>): Promise<Out<'users.delete'>> {
  const t = await k.w.target(input.organizationId)
  const user = await userOf(k, t, input.id)
  if (user.type === 'owner' || user.deletable === false) {
    throw new AppError(
      'invalid_input',
      user.type === 'owner'
        ? `${displayName(user)} is the owner of ${t.profile.name}. Scaleway never deletes an organization's owner; transfer ownership in the Scaleway console first.`
        : `Scaleway marks ${displayName(user)} as not deletable.`,
      { owner: user.type === 'owner', deletable: false },
    )
  }
  await k.guard.enforce(t.profile, t.client, { kind: 'deleteUser', id: input.id }, input.override)
  const plan = { id: input.id, email: user.email, override: input.override ?? false }
  return k.w.run({ operation: 'users.delete', plan, kinds: ['users', 'api_keys', 'groups', 'policies', 'jwts'] }, t, async (ctx) => {
    await ctx.client.deleteUser(input.id)
    // Scaleway's cascade (keys, memberships, policies, sessions) cannot be read back object by object.
    const cascade = ctx.cache('resync', () => k.fx.removeBearer(t.profile.id, { type: 'user', id: input.id })) ?? { removedApiKeys: [], orphanedPolicies: [] }
    ctx.step('cache updated', cascade)
    return { value: { deleted: input.id, ...cascade }, objectId: input.id }
  })
}

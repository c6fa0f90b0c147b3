// Groups (§6.2): create, edit, delete (its policies lose their principal), add members, remove a
// member, replace all members. Membership rows in the cache follow each answer's group object.
import { AppError } from '../../errors/app-error'
import { LIMITS } from '../../../../domain/limits'
import { FieldErrors } from './validate'
import { defined, type In, type Out, type WriteKit } from './services'

function checkGroupFields(errors: FieldErrors, input: { name?: string | undefined; description?: string | undefined; tags?: string[] | undefined }): void {
  errors.name('name', input.name)
  errors.maxLength('description', input.description, LIMITS.description)
  errors.tags('tags', input.tags)
}

export async function groupsCreate(k: WriteKit, input: In<'groups.create'>): Promise<Out<'groups.create'>> {
  const errors = new FieldErrors()
  checkGroupFields(errors, input)
  // Names are unique within an organization (§6.2): say so before Scaleway does.
  const clash = k.cache.resources.list(input.organizationId, 'groups').find((g) => g.name === input.name)
  if (clash) errors.add('name', 'constraint', `a group named "${input.name}" already exists in this organization`)
  errors.throwIfAny('This group cannot be created')
  const t = await k.w.target(input.organizationId)
  return k.w.run({ operation: 'groups.create', plan: { name: input.name, tags: input.tags ?? [] }, kinds: ['groups'] }, t, async (ctx) => {
    const group = await ctx.client.createGroup({ organization_id: t.profile.id, name: input.name, description: input.description ?? '', ...defined({ tags: input.tags }) })
    ctx.step('created', { id: group.id })
    ctx.cache([{ kind: 'groups', id: group.id }], () => k.cache.resources.upsert(t.profile.id, 'groups', group))
    return { value: group, objectId: group.id }
  })
}

export async function groupsUpdate(k: WriteKit, input: In<'groups.update'>): Promise<Out<'groups.update'>> {
  const errors = new FieldErrors()
  checkGroupFields(errors, input)
  errors.throwIfAny('This group cannot be changed')
  const t = await k.w.target(input.organizationId)
  const body = defined({ name: input.name, description: input.description, tags: input.tags })
  return k.w.run({ operation: 'groups.update', plan: { id: input.id, ...body }, kinds: ['groups'] }, t, async (ctx) => {
    const group = await ctx.client.updateGroup(input.id, body)
    ctx.cache([{ kind: 'groups', id: group.id }], () => k.cache.resources.upsert(t.profile.id, 'groups', group))
    return { value: group, objectId: group.id }
  })
}

export async function groupsDeletePreview(k: WriteKit, input: In<'groups.deletePreview'>): Promise<Out<'groups.deletePreview'>> {
  const t = await k.w.target(input.organizationId)
  const group = k.cache.resources.get(t.profile.id, 'groups', input.id)
  if (!group) throw new AppError('not_in_desk', `This group is not in the cache of ${t.profile.name}. Sync the organization and try again.`)
  const verdict = await k.guard.verdict(t.profile, t.client, { kind: 'deleteGroup', id: input.id })
  return {
    group,
    policies: k.cache.resources.list(t.profile.id, 'policies').filter((p) => p.group_id === input.id),
    selfLockout: verdict.lockout ? { explanation: verdict.explanation } : null,
  }
}

export async function groupsDelete(k: WriteKit, input: In<'groups.delete'>): Promise<Out<'groups.delete'>> {
  const t = await k.w.target(input.organizationId)
  await k.guard.enforce(t.profile, t.client, { kind: 'deleteGroup', id: input.id }, input.override)
  const name = k.cache.resources.get(t.profile.id, 'groups', input.id)?.name ?? null
  return k.w.run({ operation: 'groups.delete', plan: { id: input.id, name, override: input.override ?? false }, kinds: ['groups', 'policies'] }, t, async (ctx) => {
    await ctx.client.deleteGroup(input.id)
    const cascade = ctx.cache('resync', () => k.fx.removeGroup(t.profile.id, input.id)) ?? { orphanedPolicies: [] }
    ctx.step('cache updated', cascade)
    return { value: { deleted: input.id, ...cascade }, objectId: input.id }
  })
}

export async function groupsAddMembers(k: WriteKit, input: In<'groups.addMembers'>): Promise<Out<'groups.addMembers'>> {
  if (input.userIds.length + input.applicationIds.length === 0) {
    throw new AppError('invalid_input', 'Choose at least one user or application to add.', { fields: [{ argument_name: 'user_ids', reason: 'required', help_message: 'choose at least one member' }] })
  }
  const t = await k.w.target(input.organizationId)
  const plan = { id: input.id, userIds: input.userIds, applicationIds: input.applicationIds }
  return k.w.run({ operation: 'groups.addMembers', plan, kinds: ['groups'] }, t, async (ctx) => {
    const group = await ctx.client.addGroupMembers(input.id, { user_ids: input.userIds, application_ids: input.applicationIds })
    ctx.cache([{ kind: 'groups', id: group.id }], () => k.cache.resources.upsert(t.profile.id, 'groups', group))
    return { value: group, objectId: group.id }
  })
}

export async function groupsRemoveMember(k: WriteKit, input: In<'groups.removeMember'>): Promise<Out<'groups.removeMember'>> {
  const t = await k.w.target(input.organizationId)
  await k.guard.enforce(t.profile, t.client, { kind: 'removeGroupMember', groupId: input.id, member: input.member }, input.override)
  const plan = { id: input.id, member: input.member, override: input.override ?? false }
  return k.w.run({ operation: 'groups.removeMember', plan, kinds: ['groups'] }, t, async (ctx) => {
    const body = input.member.type === 'user' ? { user_id: input.member.id } : { application_id: input.member.id }
    const group = await ctx.client.removeGroupMember(input.id, body)
    ctx.cache([{ kind: 'groups', id: group.id }], () => k.cache.resources.upsert(t.profile.id, 'groups', group))
    return { value: group, objectId: group.id }
  })
}

export async function groupsSetMembers(k: WriteKit, input: In<'groups.setMembers'>): Promise<Out<'groups.setMembers'>> {
  const t = await k.w.target(input.organizationId)
  const change = { kind: 'setGroupMembers', groupId: input.id, userIds: input.userIds, applicationIds: input.applicationIds } as const
  await k.guard.enforce(t.profile, t.client, change, input.override)
  const before = k.cache.resources.get(t.profile.id, 'groups', input.id)
  const plan = {
    id: input.id,
    userIds: input.userIds,
    applicationIds: input.applicationIds,
    previous: before ? { userIds: before.user_ids, applicationIds: before.application_ids } : null,
    override: input.override ?? false,
  }
  return k.w.run({ operation: 'groups.setMembers', plan, kinds: ['groups'] }, t, async (ctx) => {
    const group = await ctx.client.setGroupMembers(input.id, { user_ids: input.userIds, application_ids: input.applicationIds })
    ctx.cache([{ kind: 'groups', id: group.id }], () => k.cache.resources.upsert(t.profile.id, 'groups', group))
    return { value: group, objectId: group.id }
  })
}

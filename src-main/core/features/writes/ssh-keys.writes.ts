// SSH keys (§6.1): add (fingerprint previewed locally first), rename, enable/disable, delete.
import { AppError } from '../../errors/app-error'
import { LIMITS } from '../../../../domain/limits'
import { previewSshKey } from './ssh-fingerprint'
import { FieldErrors } from './validate'
import { defined, type In, type Out, type WriteKit } from './services'

export function sshKeysPreview(input: In<'sshKeys.preview'>): Out<'sshKeys.preview'> {
  const p = previewSshKey(input.publicKey)
  if ('error' in p) throw new AppError('invalid_input', p.error, { fields: [{ argument_name: 'public_key', reason: 'format', help_message: p.error }] })
  return p
}

export async function sshKeysCreate(k: WriteKit, input: In<'sshKeys.create'>): Promise<Out<'sshKeys.create'>> {
  const errors = new FieldErrors()
  errors.maxLength('name', input.name, LIMITS.sshKeyName)
  const parsed = previewSshKey(input.publicKey)
  if ('error' in parsed) errors.add('public_key', 'format', parsed.error)
  errors.uuid('project_id', input.projectId)
  errors.throwIfAny('This SSH key cannot be added')
  const t = await k.w.target(input.organizationId)
  // Scaleway's default project has the organization's id (§5.1).
  const projectId = input.projectId ?? t.profile.defaultProjectId ?? t.profile.id
  const fingerprint = 'fingerprint' in parsed ? parsed.fingerprint : ''
  return k.w.run({ operation: 'sshKeys.create', plan: { name: input.name, projectId, fingerprint }, kinds: ['ssh_keys'] }, t, async (ctx) => {
    const key = await ctx.client.createSshKey({ name: input.name, public_key: input.publicKey.trim(), project_id: projectId })
    ctx.step('created', { id: key.id })
    ctx.cache([{ kind: 'ssh_keys', id: key.id }], () => k.cache.resources.upsert(t.profile.id, 'ssh_keys', key))
    return { value: key, objectId: key.id }
  })
}

export async function sshKeysUpdate(k: WriteKit, input: In<'sshKeys.update'>): Promise<Out<'sshKeys.update'>> {
  const errors = new FieldErrors()
  errors.maxLength('name', input.name, LIMITS.sshKeyName)
  if (input.name === undefined && input.disabled === undefined) errors.add('name', 'required', 'give a new name or an enabled/disabled state')
  errors.throwIfAny('This SSH key cannot be changed')
  const t = await k.w.target(input.organizationId)
  const body = defined({ name: input.name, disabled: input.disabled })
  return k.w.run({ operation: 'sshKeys.update', plan: { id: input.id, ...body }, kinds: ['ssh_keys'] }, t, async (ctx) => {
    const key = await ctx.client.updateSshKey(input.id, body)
    ctx.cache([{ kind: 'ssh_keys', id: key.id }], () => k.cache.resources.upsert(t.profile.id, 'ssh_keys', key))
    return { value: key, objectId: key.id }
  })
}

export async function sshKeysDelete(k: WriteKit, input: In<'sshKeys.delete'>): Promise<Out<'sshKeys.delete'>> {
  const t = await k.w.target(input.organizationId)
  const name = k.cache.resources.get(t.profile.id, 'ssh_keys', input.id)?.name ?? null
  return k.w.run({ operation: 'sshKeys.delete', plan: { id: input.id, name }, kinds: ['ssh_keys'] }, t, async (ctx) => {
    await ctx.client.deleteSshKey(input.id)
    ctx.cache([{ kind: 'ssh_keys', id: input.id }], () => k.cache.resources.remove(t.profile.id, 'ssh_keys', input.id))
    return { value: { deleted: input.id }, objectId: input.id }
  })
}

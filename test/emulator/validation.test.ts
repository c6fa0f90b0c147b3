// Validation (reference §7) → 400 invalid_arguments with details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { type Client, ED25519, emulator } from './helpers'

let emu: RunningEmulator
let owner: Client
beforeAll(async () => {
  ;({ emu, owner } = await emulator())
})
afterAll(() => emu.close())

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see helpers.ts
async function detailsOf(p: Promise<{ status: number; json: any }>): Promise<Array<{ argument_name: string; reason: string; help_message: string }>> {
  const r = await p
  expect(r.status).toBe(400)
  expect(r.json.type).toBe('invalid_arguments')
  expect(r.json.message).toBe('invalid argument(s)')
  return r.json.details
}

describe('validation', () => {
  it('rejects a malformed project_id with the real UUID message', async () => {
    const d = await detailsOf(owner.post('/ssh-keys', { name: 'k', public_key: ED25519, project_id: 'nope' }))
    expect(d).toContainEqual({ argument_name: 'project_id', reason: 'format', help_message: 'value must be a valid UUID' })
  })

  it('rejects bad names, long descriptions, bad tags and more than 10 tags', async () => {
    const d = await detailsOf(
      owner.post('/applications', { name: 'bad:name', description: 'x'.repeat(201), organization_id: owner.orgId, tags: ['a:b', ...Array(10).fill('t')] }),
    )
    const names = d.map((x) => x.argument_name)
    expect(names).toEqual(expect.arrayContaining(['name', 'description', 'tags', 'tags[0]']))
    expect(d.find((x) => x.argument_name === 'tags[0]')?.help_message).toContain('value does not match regex pattern')
    await detailsOf(owner.post('/groups', { name: 'x'.repeat(65), organization_id: owner.orgId }))
    await detailsOf(owner.post('/policies', { name: ' leading', organization_id: owner.orgId }))
  })

  it('requires exactly one member, one bearer and one principal', async () => {
    const g = (await owner.post('/groups', { name: 'members', organization_id: owner.orgId })).json
    await detailsOf(owner.post(`/groups/${g.id}/add-member`, {}))
    await detailsOf(owner.post(`/groups/${g.id}/add-member`, { user_id: g.id, application_id: g.id }))
    await detailsOf(owner.post('/api-keys', { description: 'none' }))
    await detailsOf(owner.post('/policies', { name: 'two', organization_id: owner.orgId, group_id: g.id, no_principal: true }))
  })

  it('requires exactly one scope, known permission sets, and one scope type per rule', async () => {
    const p = (await owner.post('/policies', { name: 'rules', organization_id: owner.orgId })).json
    const put = (rules: unknown[]) => owner.put('/rules', { policy_id: p.id, rules })
    await detailsOf(put([{ permission_set_names: ['IAMReadOnly'] }]))
    await detailsOf(put([{ permission_set_names: ['IAMReadOnly'], organization_id: owner.orgId, project_ids: [owner.orgId] }]))
    const unknown = await detailsOf(put([{ permission_set_names: ['NoSuchSet'], organization_id: owner.orgId }]))
    expect(unknown[0]?.help_message).toContain('NoSuchSet')
    const mixed = await detailsOf(put([{ permission_set_names: ['IAMReadOnly', 'InstancesFullAccess'], organization_id: owner.orgId }]))
    expect(mixed[0]?.help_message).toContain('permission sets must be of the same scope type')
  })

  it('accepts every supported SSH key type and rejects others or mismatched blobs', async () => {
    const bad = await detailsOf(owner.post('/ssh-keys', { public_key: 'ssh-foo AAAA', project_id: owner.orgId }))
    expect(bad[0]?.argument_name).toBe('public_key')
    const swapped = ED25519.replace('ssh-ed25519', 'ssh-rsa')
    await detailsOf(owner.post('/ssh-keys', { public_key: swapped, project_id: owner.orgId }))
    await detailsOf(owner.post('/ssh-keys', { public_key: 'ssh-ed25519 !!!notbase64', project_id: owner.orgId }))
  })

  it('keeps group names unique within an organization', async () => {
    expect((await owner.post('/groups', { name: 'Unique', organization_id: owner.orgId })).status).toBe(200)
    const dup = await owner.post('/groups', { name: 'Unique', organization_id: owner.orgId })
    expect(dup.status).toBe(409)
    expect(dup.json.type).toBe('already_exists')
  })

  it('validates user creation and password updates', async () => {
    await detailsOf(owner.post('/users', { organization_id: owner.orgId, member: { email: 'a@b.c', username: 'x', password: '' } }))
    const u = (await owner.post('/users', { organization_id: owner.orgId, member: { email: 'a@b.c', username: 'abc', password: '' } })).json
    expect(u.type).toBe('member')
    expect(u.locale).toBe('en_US')
    await detailsOf(owner.post(`/users/${u.id}/update-password`, { password: '' }))
    await detailsOf(owner.post(`/users/${u.id}/update-password`, { password: 'é'.repeat(40) }))
    expect((await owner.post(`/users/${u.id}/update-password`, { password: 'Secret123!' })).status).toBe(200)
  })

  it('rejects a non-UUID path id with 400', async () => {
    const d = await detailsOf(owner.get('/users/not-a-uuid'))
    expect(d[0]?.argument_name).toBe('user_id')
  })
})

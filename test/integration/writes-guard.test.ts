// The self-lockout guard against the emulator, with IAM Desk running on a non-owner key whose
// IAM write right comes from a group; permission denied with a read-only key; and offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { listed, openDesk, SMALL, type DeskApp } from './writes-helpers'

let emu: RunningEmulator
let desk: DeskApp
let reader: DeskApp
let org: string
let deskAppId: string
let deskGroupId: string
let deskPolicyId: string
let deskAccessKey: string
let bystanderAppId: string

beforeAll(async () => {
  emu = await startEmulator({ sizes: SMALL, seed: 7 })
  const o = emu.organizations[0]!
  org = o.organization_id
  const owner = new ScalewayClient({ apiUrl: emu.url, secretKey: new Secret(o.secret_key) })
  // IAM Desk's own credential: an application that gets IAMManager through the group "Desk admins".
  const deskApp = await owner.createApplication({ organization_id: org, name: 'iam-desk', description: '' })
  const bystander = await owner.createApplication({ organization_id: org, name: 'bystander', description: '' })
  const group = await owner.createGroup({ organization_id: org, name: 'Desk admins', description: '' })
  await owner.setGroupMembers(group.id, { user_ids: [], application_ids: [deskApp.id, bystander.id] })
  const policy = await owner.createPolicy({ organization_id: org, name: 'Desk admin', description: '', group_id: group.id, rules: [{ permission_set_names: ['IAMManager'], condition: '', organization_id: org }] })
  const deskKey = await owner.createApiKey({ application_id: deskApp.id, description: 'iam desk' })
  // A read-only credential.
  const auditor = await owner.createApplication({ organization_id: org, name: 'auditor', description: '' })
  await owner.createPolicy({ organization_id: org, name: 'Auditor read', description: '', application_id: auditor.id, rules: [{ permission_set_names: ['IAMReadOnly'], condition: '', organization_id: org }] })
  const readKey = await owner.createApiKey({ application_id: auditor.id, description: 'auditor' })
  deskAppId = deskApp.id
  bystanderAppId = bystander.id
  deskGroupId = group.id
  deskPolicyId = policy.id
  deskAccessKey = deskKey.access_key
  desk = await openDesk(emu.url, deskKey.access_key, deskKey.secret.reveal())
  reader = await openDesk(emu.url, readKey.access_key, readKey.secret.reveal())
})
afterAll(async () => {
  await desk?.close()
  await reader?.close()
  await emu?.close()
})

describe('permission denied', () => {
  it('reports a read-only key\'s refusal as PERMISSION_DENIED and journals it as failed', async () => {
    const err = await reader.fail('groups.create', { organizationId: org, name: 'Nope' })
    expect(err.code).toBe('PERMISSION_DENIED')
    expect(err.message).toMatch(/may not write on group/)
    const [last] = await reader.call<Array<{ operation: string; state: string }>>('writes.journal', { organizationId: org, limit: 1 })
    expect(last).toMatchObject({ operation: 'groups.create', state: 'failed' })
    expect((await listed(reader, 'groups')).map((r) => r.item.name)).not.toContain('Nope')
  })
})

describe('self-lockout guard', () => {
  /** `reads`: requests the check itself may make (setRules reads the server's rules first). */
  const expectLockout = async (name: string, input: Record<string, unknown>, mention: RegExp, reads = 0) => {
    const before = emu.admin.requestCount()
    const err = await desk.fail(name, input)
    expect(err, name).toMatchObject({ code: 'CONFLICT', details: { selfLockout: true } })
    expect(String(err.details?.explanation), name).toMatch(mention)
    expect(emu.admin.requestCount(), `${name} sent a write`).toBe(before + reads)
  }

  it('refuses every change that would remove IAM Desk\'s own IAM write right, and explains it', async () => {
    await expectLockout('groups.removeMember', { organizationId: org, id: deskGroupId, member: { type: 'application', id: deskAppId } }, /IAMManager from policy "Desk admin" through group "Desk admins"/)
    await expectLockout('groups.setMembers', { organizationId: org, id: deskGroupId, userIds: [], applicationIds: [bystanderAppId] }, /last IAM write right/)
    await expectLockout('groups.delete', { organizationId: org, id: deskGroupId }, /Desk admin/)
    await expectLockout('policies.delete', { organizationId: org, id: deskPolicyId }, /Desk admin/)
    await expectLockout('policies.update', { organizationId: org, id: deskPolicyId, principal: { type: 'none' } }, /Desk admin/)
    await expectLockout('apiKeys.delete', { organizationId: org, accessKey: deskAccessKey }, new RegExp(`deletes the API key IAM Desk uses .*${deskAccessKey}`))
    await expectLockout('applications.delete', { organizationId: org, id: deskAppId }, /deletes the application holding/)

    const loaded = await desk.call<{ rulesVersion: string }>('policies.rulesForEdit', { organizationId: org, policyId: deskPolicyId })
    await expectLockout('policies.setRules', { organizationId: org, policyId: deskPolicyId, rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org }], expectedRulesVersion: loaded.rulesVersion }, /Desk admin/, 1)

    const preview = await desk.call<{ selfLockout: { explanation: string } | null }>('groups.deletePreview', { organizationId: org, id: deskGroupId })
    expect(preview.selfLockout?.explanation).toMatch(/Desk admins/)
  })

  it('lets harmless changes through: another member, a rename, rules that keep the right', async () => {
    await desk.call('groups.removeMember', { organizationId: org, id: deskGroupId, member: { type: 'application', id: bystanderAppId } })
    await desk.call('policies.update', { organizationId: org, id: deskPolicyId, description: 'IAM Desk itself' })
    const loaded = await desk.call<{ rulesVersion: string }>('policies.rulesForEdit', { organizationId: org, policyId: deskPolicyId })
    await desk.call('policies.setRules', {
      organizationId: org,
      policyId: deskPolicyId,
      rules: [{ permission_set_names: ['IAMManager', 'IAMReadOnly'], organization_id: org }],
      expectedRulesVersion: loaded.rulesVersion,
    })
  })

  it('does it anyway with override, after which IAM Desk indeed can no longer write', async () => {
    await desk.call('groups.removeMember', { organizationId: org, id: deskGroupId, member: { type: 'application', id: deskAppId }, override: true })
    const [last] = await desk.call<Array<{ operation: string; state: string; plan: { override: boolean } }>>('writes.journal', { organizationId: org, limit: 1 })
    expect(last).toMatchObject({ operation: 'groups.removeMember', state: 'succeeded', plan: { override: true } })
    const err = await desk.fail('groups.create', { organizationId: org, name: 'Too late' })
    expect(err.code).toBe('PERMISSION_DENIED')
  })
})

describe('offline', () => {
  it('answers OFFLINE with a clear message, marks the app offline and journals nothing as done', async () => {
    const own = await startEmulator({ sizes: SMALL, seed: 8 })
    const o = own.organizations[0]!
    const d = await openDesk(own.url, o.access_key, o.secret_key)
    try {
      await own.close()
      const err = await d.fail('groups.create', { organizationId: o.organization_id, name: 'Offline group' })
      expect(err.code).toBe('OFFLINE')
      expect(err.message).toMatch(/no connection to Scaleway/)
      const [last] = await d.call<Array<{ operation: string; state: string; steps: Array<{ code?: string }> }>>('writes.journal', { limit: 1 })
      expect(last).toMatchObject({ operation: 'groups.create', state: 'failed' })
      expect(last!.steps.at(-1)).toMatchObject({ code: 'OFFLINE' })
      expect(await d.call('app.connectivity', {})).toMatchObject({ online: false })
      expect((await listed(d, 'groups')).map((r) => r.item.name)).not.toContain('Offline group')
    } finally {
      await d.close()
    }
  })
})

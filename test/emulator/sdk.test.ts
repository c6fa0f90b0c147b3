// The official JS SDK (@scaleway/sdk-iam 1.6.0 + @scaleway/sdk-client 1.3.3) drives every
// endpoint unchanged; every object it receives is also checked against the app's schemas.
import { createClient, Errors } from '@scaleway/sdk-client'
import { Iamv1alpha1 } from '@scaleway/sdk-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as S from '../../domain/schemas'
import type { RunningEmulator } from '../../emulator/index'
import { type Client, ED25519, emulator, valid } from './helpers'

let emu: RunningEmulator
let owner: Client
let api: Iamv1alpha1.API
beforeAll(async () => {
  ;({ emu, owner } = await emulator({ sizes: { users: 30, applications: 25, apiKeys: 40, groups: 22, policies: 21, sshKeys: 3, logs: 45, jwts: 4 } }))
  const o = emu.organizations[0]
  if (!o) throw new Error('no org')
  api = new Iamv1alpha1.API(
    createClient({ apiURL: emu.url, accessKey: o.access_key, secretKey: o.secret_key, defaultOrganizationId: o.organization_id, defaultProjectId: o.project_id }),
  )
})
afterAll(() => emu.close())

describe('official SDK', () => {
  it('lists every kind with .all() across pages, and the raw objects match the schemas', async () => {
    const counts = {
      users: (await api.listUsers().all()).length,
      applications: (await api.listApplications().all()).length,
      groups: (await api.listGroups().all()).length,
      apiKeys: (await api.listAPIKeys().all()).length,
      policies: (await api.listPolicies().all()).length,
      sshKeys: (await api.listSSHKeys().all()).length,
      logs: (await api.listLogs().all()).length,
      jwts: (await api.listJWTs({ audienceId: undefined as unknown as string }).all()).length,
      permissionSets: (await api.listPermissionSets().all()).length,
      quota: (await api.listQuota().all()).length,
    }
    expect(counts.users).toBe(30)
    expect(counts.applications).toBe(25)
    expect(counts.groups).toBe(22)
    expect(counts.apiKeys).toBe(40)
    expect(counts.policies).toBe(21)
    expect(counts.logs).toBe(45)
    expect(counts.permissionSets).toBeGreaterThan(150)
    expect(counts.quota).toBeGreaterThan(0)
    for (const [path, schema] of [
      ['/users?page_size=100', S.ListUsers], ['/applications?page_size=100', S.ListApplications], ['/groups?page_size=100', S.ListGroups],
      ['/api-keys?page_size=100', S.ListApiKeys], ['/policies?page_size=100', S.ListPolicies], ['/ssh-keys', S.ListSshKeys],
      ['/logs?page_size=100', S.ListLogs], ['/jwts', S.ListJwts], ['/permission-sets?page_size=100', S.ListPermissionSets],
      ['/quota', S.ListQuota], ['/grace-periods', S.ListGracePeriods],
    ] as const) {
      valid(schema, (await owner.get(path)).json)
    }
  })

  it('creates, gets, updates and deletes every writable kind', async () => {
    const key = await api.createSSHKey({ name: 'sdk-key', publicKey: ED25519 })
    expect(key.fingerprint).toContain('(ssh-ed25519)')
    expect((await api.getSSHKey({ sshKeyId: key.id })).name).toBe('sdk-key')
    expect((await api.updateSSHKey({ sshKeyId: key.id, disabled: true })).disabled).toBe(true)
    await api.deleteSSHKey({ sshKeyId: key.id })

    const app = await api.createApplication({ name: 'sdk-app', description: '' })
    expect((await api.updateApplication({ applicationId: app.id, tags: ['a'] })).tags).toEqual(['a'])
    const user = await api.createUser({ member: { email: 'sdk@x.io', username: 'sdk-user', password: '', firstName: '', lastName: '', phoneNumber: '', locale: '', sendPasswordEmail: false, sendWelcomeEmail: false } })
    expect((await api.updateUser({ userId: user.id, lastName: 'Baz' })).lastName).toBe('Baz')
    expect((await api.lockUser({ userId: user.id })).locked).toBe(true)
    expect((await api.unlockUser({ userId: user.id })).locked).toBe(false)
    expect((await api.updateUserPassword({ userId: user.id, password: 'N3w-password' })).id).toBe(user.id)
    expect(Array.isArray((await api.listGracePeriods({ userId: user.id })).gracePeriods)).toBe(true)

    const group = await api.createGroup({ name: 'sdk-group', description: '' })
    await api.addGroupMember({ groupId: group.id, userId: user.id })
    await api.addGroupMembers({ groupId: group.id, applicationIds: [app.id] })
    expect((await api.getGroup({ groupId: group.id })).applicationIds).toEqual([app.id])
    await api.setGroupMembers({ groupId: group.id, userIds: [user.id], applicationIds: [] })
    expect((await api.removeGroupMember({ groupId: group.id, userId: user.id })).userIds).toEqual([])
    expect((await api.updateGroup({ groupId: group.id, description: 'd' })).description).toBe('d')

    const apiKey = await api.createAPIKey({ applicationId: app.id, description: 'sdk' })
    expect(apiKey.secretKey).toBeDefined()
    expect((await api.getAPIKey({ accessKey: apiKey.accessKey })).secretKey ?? null).toBeNull()
    expect(apiKey.secretKey).toMatch(/^[0-9a-f-]{36}$/)
    expect((await api.updateAPIKey({ accessKey: apiKey.accessKey, description: 'sdk2' })).description).toBe('sdk2')
    await api.deleteAPIKey({ accessKey: apiKey.accessKey })

    const policy = await api.createPolicy({
      name: 'sdk-policy', description: '', groupId: group.id,
      rules: [{ permissionSetNames: ['IAMReadOnly'], condition: '', organizationId: owner.orgId }],
    })
    expect((await api.getPolicy({ policyId: policy.id })).nbRules).toBe(1)
    const set = await api.setRules({ policyId: policy.id, rules: [{ permissionSetNames: ['InstancesReadOnly'], condition: '', projectIds: [owner.orgId] }] })
    expect(set.rules[0]?.permissionSetsScopeType).toBe('projects')
    expect((await api.listRules({ policyId: policy.id })).totalCount).toBe(1)
    const copy = await api.clonePolicy({ policyId: policy.id })
    expect(copy.name).toBe('Copy of sdk-policy')
    expect((await api.updatePolicy({ policyId: copy.id, name: 'renamed' })).name).toBe('renamed')
    await api.deletePolicy({ policyId: copy.id })
    await api.deletePolicy({ policyId: policy.id })
    await api.deleteGroup({ groupId: group.id })
    await api.deleteApplication({ applicationId: app.id })
    await api.deleteUser({ userId: user.id })

    expect((await api.getQuotum({ quotumName: 'users' })).name).toBe('users')
    const log = (await api.listLogs({ orderBy: 'created_at_desc', pageSize: 1 })).logs[0]
    expect(log?.action).toBe('deleted')
    expect((await api.getLog({ logId: log?.id ?? '' })).id).toBe(log?.id)
    const jwt = (await api.listJWTs({ audienceId: undefined as unknown as string })).jwts[0]
    if (!jwt) throw new Error('seed has no jwt')
    expect((await api.getJWT({ jti: jwt.jti })).jti).toBe(jwt.jti)
    await api.deleteJWT({ jti: jwt.jti })
  })

  it("maps the emulator's errors to the SDK's Errors classes", async () => {
    await expect(api.getGroup({ groupId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(Errors.ResourceNotFoundError)
    await expect(api.createGroup({ name: 'bad:name', description: '' })).rejects.toBeInstanceOf(Errors.InvalidArgumentsError)
    const bad = new Iamv1alpha1.API(createClient({ apiURL: emu.url, accessKey: 'SCWAAAAAAAAAAAAAAAAA', secretKey: '11111111-1111-1111-1111-111111111111' }))
    await expect(bad.listUsers()).rejects.toBeInstanceOf(Errors.DeniedAuthenticationError)
    await expect(api.listUsers({ organizationId: emu.organizations[1]?.organization_id })).rejects.toBeInstanceOf(Errors.PermissionsDeniedError)
    emu.admin.setQuota('groups', 0, owner.orgId)
    await expect(api.createGroup({ name: 'over', description: '' })).rejects.toBeInstanceOf(Errors.QuotasExceededError)
    emu.admin.setQuota('groups', 1_000_000, owner.orgId)
    emu.admin.setFaults({ rate429: 1 })
    await expect(api.listUsers()).rejects.toBeInstanceOf(Errors.TooManyRequestsError)
    emu.admin.setFaults({ rate429: 0, latencyMs: 200 })
    const g = await api.createGroup({ name: 'contended', description: '' })
    const results = await Promise.allSettled([api.updateGroup({ groupId: g.id, description: 'a' }), api.updateGroup({ groupId: g.id, description: 'b' })])
    emu.admin.setFaults({ latencyMs: 0 })
    const rejected = results.find((r) => r.status === 'rejected')
    expect(rejected && rejected.status === 'rejected' ? rejected.reason : undefined).toBeInstanceOf(Errors.TransientStateError)
  })
})

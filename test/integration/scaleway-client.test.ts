// The Scaleway client against the emulator over real HTTP: every list, a create / get / update /
// delete lifecycle per kind, and the emulator's injected faults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Agent } from 'undici'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { ScalewayClient, type RequestInfo } from '../../src-main/core/platform/scaleway/client'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { ManualClock } from '../unit/scaleway-fakes'

const PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINxa4+xVDkNxEzkZoGGjdJhJR3ojsgYHyDS9FUZxVlpq outside@elsewhere'

let emu: RunningEmulator
let dispatcher: Agent
beforeEach(() => {
  dispatcher = new Agent({ keepAliveTimeout: 1000 })
})
afterEach(async () => {
  await dispatcher.close()
  await emu?.close()
})

function clientFor(secretKey: string, extra: { concurrency?: number; onRequest?: (i: RequestInfo) => void; maxRetries?: number } = {}): ScalewayClient {
  // An injected clock: backoffs (Retry-After, 429 without it) pass instantly.
  const clock = new ManualClock()
  return new ScalewayClient({
    apiUrl: emu.url,
    secretKey: new Secret(secretKey),
    dispatcher,
    limiter: new HostLimiter({ concurrency: extra.concurrency ?? 8, sleep: clock.sleep, now: clock.now }),
    sleep: clock.sleep,
    now: clock.now,
    ...(extra.onRequest ? { onRequest: extra.onRequest } : {}),
    ...(extra.maxRetries !== undefined ? { maxRetries: extra.maxRetries } : {}),
  })
}

describe('Scaleway client against the emulator', () => {
  it('lists every kind, all pages, validated', async () => {
    emu = await startEmulator({ seed: 7, sizes: { users: 250, apiKeys: 230, logs: 120, policies: 12 } })
    const o = emu.organizations[0]!
    const c = clientFor(o.secret_key)
    const org = { organization_id: o.organization_id }

    const users = await c.listUsers(org)
    expect(users).toHaveLength(250)
    expect(new Set(users.map((u) => u.id)).size).toBe(250)
    expect(await c.listApiKeys(org)).toHaveLength(230)
    expect(await c.listLogs(org)).toHaveLength(120)
    const policies = await c.listPolicies(org)
    expect(policies).toHaveLength(12)
    expect((await c.listApplications(org)).length).toBeGreaterThan(0)
    expect((await c.listGroups(org)).length).toBeGreaterThan(0)
    expect((await c.listSshKeys(org)).length).toBeGreaterThan(0)
    expect((await c.listPermissionSets(org)).length).toBeGreaterThan(100)
    const quota = await c.listQuota(org)
    expect(quota.length).toBeGreaterThan(0)
    expect((await c.getQuotum(quota[0]!.name, o.organization_id)).name).toBe(quota[0]!.name)

    const withRules = policies.find((p) => p.nb_rules > 0)!
    expect(await c.listRules({ policy_id: withRules.id })).toHaveLength(withRules.nb_rules)
    expect(Array.isArray(await c.listGracePeriods())).toBe(true)

    const owner = users.find((u) => u.type === 'owner')!
    const jwts = await c.listJwts({ audience_id: owner.id })
    for (const j of jwts) expect(j.audience_id).toBe(owner.id)
    if (jwts[0]) {
      expect((await c.getJwt(jwts[0].jti)).jti).toBe(jwts[0].jti)
      await c.deleteJwt(jwts[0].jti)
      await expect(c.getJwt(jwts[0].jti)).rejects.toMatchObject({ kind: 'not_found' })
    }
    const logs = await c.listLogs(org)
    expect((await c.getLog(logs[0]!.id)).id).toBe(logs[0]!.id)
    expect((await c.getOrganization(o.organization_id)).id).toBe(o.organization_id)
  })

  it('runs the lifecycle of SSH keys, groups, applications and API keys', async () => {
    emu = await startEmulator({ seed: 8 })
    const o = emu.organizations[0]!
    const c = clientFor(o.secret_key)
    const org = { organization_id: o.organization_id }

    // SSH key
    const key = await c.createSshKey({ name: 'outside', public_key: PUBLIC_KEY, project_id: o.project_id })
    expect(key.fingerprint).toMatch(/^256 MD5:/)
    expect((await c.updateSshKey(key.id, { name: 'renamed', disabled: true })).disabled).toBe(true)
    expect((await c.getSshKey(key.id)).name).toBe('renamed')
    await c.deleteSshKey(key.id)
    await expect(c.getSshKey(key.id)).rejects.toMatchObject({ kind: 'not_found', resource: 'ssh_key', resourceId: key.id })

    // Application and API key
    const app = await c.createApplication({ ...org, name: 'ci-deployer', description: 'deploys' })
    expect((await c.updateApplication(app.id, { tags: ['ci'] })).tags).toEqual(['ci'])
    const apiKey = await c.createApiKey({ application_id: app.id, description: 'deploy key' })
    expect(apiKey.secret).toBeInstanceOf(Secret)
    expect(apiKey.secret.reveal()).toMatch(/^[0-9a-f-]{36}$/)
    expect(JSON.stringify(apiKey)).not.toContain(apiKey.secret.reveal())
    expect((await c.getApiKey(apiKey.access_key)).secret_key ?? null).toBeNull()
    expect((await c.updateApiKey(apiKey.access_key, { description: 'renamed key' })).description).toBe('renamed key')
    expect((await c.listApiKeys({ bearer_id: app.id })).map((k) => k.access_key)).toEqual([apiKey.access_key])
    await c.deleteApiKey(apiKey.access_key)
    await expect(c.getApiKey(apiKey.access_key)).rejects.toMatchObject({ kind: 'not_found', resource: 'access_key' })

    // Group and memberships
    const [u1, u2] = (await c.listUsers({ ...org, type: 'member' })).slice(0, 2)
    const group = await c.createGroup({ ...org, name: 'release-managers', description: '' })
    expect((await c.updateGroup(group.id, { description: 'ships it' })).description).toBe('ships it')
    expect((await c.addGroupMember(group.id, { user_id: u1!.id })).user_ids).toEqual([u1!.id])
    expect((await c.addGroupMembers(group.id, { application_ids: [app.id] })).application_ids).toEqual([app.id])
    const set = await c.setGroupMembers(group.id, { user_ids: [u1!.id, u2!.id], application_ids: [] })
    expect(set.user_ids.sort()).toEqual([u1!.id, u2!.id].sort())
    expect((await c.removeGroupMember(group.id, { user_id: u2!.id })).user_ids).toEqual([u1!.id])
    await expect(c.removeGroupMember(group.id, { user_id: u2!.id })).rejects.toMatchObject({ kind: 'not_found' })
    expect((await c.listGroups({ ...org, user_ids: [u1!.id] })).map((g) => g.id)).toContain(group.id)
    await c.deleteGroup(group.id)
    await expect(c.getGroup(group.id)).rejects.toMatchObject({ kind: 'not_found' })

    await c.deleteApplication(app.id)
    await expect(c.getApplication(app.id)).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('runs the lifecycle of users and policies with their rules', async () => {
    emu = await startEmulator({ seed: 9 })
    const o = emu.organizations[0]!
    const c = clientFor(o.secret_key)
    const org = { organization_id: o.organization_id }

    const user = await c.createUser({ ...org, member: { email: 'grace@example.com', username: 'grace', password: 'Sup3r-s3cret-pass!' } })
    expect(user.email).toBe('grace@example.com')
    expect((await c.updateUser(user.id, { first_name: 'Grace' })).first_name).toBe('Grace')
    expect((await c.lockUser(user.id)).locked).toBe(true)
    expect((await c.unlockUser(user.id)).locked).toBe(false)
    expect((await c.updateUserPassword(user.id, new Secret('An0ther-s3cret-pass!'))).id).toBe(user.id)
    expect((await c.getUser(user.id)).first_name).toBe('Grace')

    const policy = await c.createPolicy({
      ...org,
      name: 'grace-reads',
      description: '',
      user_id: user.id,
      rules: [{ permission_set_names: ['IAMReadOnly'], condition: '', organization_id: o.organization_id }],
    })
    expect((await c.getPolicy(policy.id)).nb_rules).toBe(1)
    expect((await c.updatePolicy(policy.id, { description: 'read IAM' })).description).toBe('read IAM')
    const rules = await c.setRules(policy.id, [
      { permission_set_names: ['IAMReadOnly'], condition: '', organization_id: o.organization_id },
      { permission_set_names: ['AllProductsReadOnly'], condition: '', project_ids: [o.project_id] },
    ])
    expect(rules).toHaveLength(2)
    expect((await c.listRules({ policy_id: policy.id })).map((r) => r.id)).toEqual(rules.map((r) => r.id))
    const copy = await c.clonePolicy(policy.id)
    expect(copy.name).toBe('Copy of grace-reads')
    expect((await c.listPolicies({ ...org, user_ids: [user.id] })).map((p) => p.id)).toEqual([policy.id])

    await c.deletePolicy(copy.id)
    await c.deletePolicy(policy.id)
    await expect(c.getPolicy(policy.id)).rejects.toMatchObject({ kind: 'not_found' })
    await c.deleteUser(user.id)
    await expect(c.getUser(user.id)).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('fetches pages concurrently within the limiter bound', async () => {
    emu = await startEmulator({ seed: 10, sizes: { users: 1000 }, faults: { latencyMs: 20 } })
    const o = emu.organizations[0]!
    let peak = 0
    // Sampled as each answer arrives, while its slot is still held: the requests open at once.
    const c: ScalewayClient = clientFor(o.secret_key, { concurrency: 4, onRequest: () => (peak = Math.max(peak, c.limiter.active)) })
    const progress: number[] = []
    const users = await c.listUsers({ organization_id: o.organization_id }, { onPage: (d) => progress.push(d) })
    expect(users).toHaveLength(1000)
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(peak).toBeGreaterThan(1)
    expect(peak).toBeLessThanOrEqual(4)
    expect(c.requestCount).toBe(10)
  })

  it('rides out 429s (with and without Retry-After), 503s and dropped connections on reads', async () => {
    emu = await startEmulator({ seed: 11, sizes: { users: 600 } })
    const o = emu.organizations[0]!
    const org = { organization_id: o.organization_id }
    const statuses: (number | string | undefined)[] = []
    const c = clientFor(o.secret_key, { maxRetries: 10, onRequest: (i) => statuses.push(i.status ?? i.error) })

    for (const faults of [
      { rate429: 0.4, retryAfterSeconds: 1 },
      { rate429: 0.4, retryAfterSeconds: null },
      { rate5xx: 0.4, rate429: 0 },
      { dropRate: 0.3, rate5xx: 0 },
    ]) {
      emu.admin.setFaults(faults)
      statuses.length = 0
      expect(await c.listUsers(org)).toHaveLength(600)
      // The faults did happen (else this test proves nothing) and were retried.
      expect(statuses.filter((s) => s !== 200).length).toBeGreaterThan(0)
    }
  })

  it('does not retry a create on 503, and reconciles a create whose connection dropped', async () => {
    emu = await startEmulator({ seed: 12 })
    const o = emu.organizations[0]!
    const org = { organization_id: o.organization_id }
    const calls: string[] = []
    const c = clientFor(o.secret_key, {
      onRequest: (i) => {
        calls.push(`${i.method} ${i.path} ${i.status ?? i.error}`)
        // Drop only the first POST: the reconciliation and the re-send go through.
        if (i.method === 'POST' && i.error) emu.admin.setFaults({ dropRate: 0 })
      },
    })

    emu.admin.setFaults({ failNth: { n: 1, status: 503 } })
    await expect(c.createGroup({ ...org, name: 'ops', description: '' })).rejects.toMatchObject({ kind: 'server_error', status: 503 })
    expect(calls).toEqual(['POST /groups 503'])

    calls.length = 0
    emu.admin.setFaults({ dropRate: 1 })
    const g = await c.createGroup({ ...org, name: 'ops', description: '' })
    expect(calls[0]).toMatch(/^POST \/groups (ECONNRESET|UND_ERR_SOCKET|UNKNOWN)/)
    expect(calls.slice(1)).toEqual(['GET /groups 200', 'POST /groups 200'])
    expect((await c.listGroups({ ...org, name: 'ops' })).map((x) => x.id)).toEqual([g.id])
  })

  it('reports authentication and permission errors as typed errors', async () => {
    emu = await startEmulator({ seed: 13 })
    const o = emu.organizations[0]!
    const bad = clientFor('00000000-0000-4000-8000-000000000000')
    await expect(bad.listUsers({ organization_id: o.organization_id })).rejects.toMatchObject({
      kind: 'denied_authentication',
      status: 401,
    })
  })
})

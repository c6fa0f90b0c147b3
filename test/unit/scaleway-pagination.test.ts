import { afterEach, describe, expect, it } from 'vitest'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { CANARY, ManualClock, ORG, aUser, aGroup, json, servePage, startFakeServer, type FakeServer } from './scaleway-fakes'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function clientFor(s: FakeServer, clock: ManualClock, concurrency = 8): ScalewayClient {
  return new ScalewayClient({
    apiUrl: s.url,
    secretKey: new Secret(CANARY),
    dispatcher: s.dispatcher,
    limiter: new HostLimiter({ concurrency, sleep: clock.sleep, now: clock.now, random: () => 0.5 }),
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
  })
}

describe('list pagination', () => {
  it('asks for page_size=100 and fetches the remaining pages concurrently, bounded by the limiter', async () => {
    const users = Array.from({ length: 650 }, (_, i) => aUser({ username: `user${i}` }))
    const limit = 3
    // Hold pages ≥ 2 until `limit` of them are open at once (or no more can come), so the test
    // fails if the client fetched them one at a time or exceeded the bound.
    let held: (() => void)[] = []
    let served = 1
    server = await startFakeServer((req, res) => {
      const page = Number(req.query.get('page'))
      if (page === 1) return servePage(res, req, 'users', users)
      held.push(() => servePage(res, req, 'users', users))
      const remaining = 7 - served
      if (held.length === Math.min(limit, remaining)) {
        served += held.length
        const go = held
        held = []
        for (const f of go) f()
      }
    })
    const clock = new ManualClock()
    const progress: [number, number][] = []
    const client = clientFor(server, clock, limit)

    const got = await client.listUsers({ organization_id: ORG }, { onPage: (d, t) => progress.push([d, t]) })

    expect(got.map((u) => u.username)).toEqual(users.map((u) => u.username))
    expect(server.requests).toHaveLength(7)
    expect(server.requests.every((r) => r.query.get('page_size') === '100')).toBe(true)
    expect(server.requests.every((r) => r.query.get('organization_id') === ORG)).toBe(true)
    expect(server.maxInFlight).toBe(limit)
    expect(progress[0]).toEqual([1, 7])
    expect(progress.at(-1)).toEqual([7, 7])
    expect(client.requestCount).toBe(7)
  })

  it('still gets everything when the server caps the page size below 100', async () => {
    const groups = Array.from({ length: 120 }, (_, i) => aGroup({ name: `g${i}` }))
    server = await startFakeServer((req, res) => servePage(res, req, 'groups', groups, 25))
    const got = await clientFor(server, new ManualClock()).listGroups()
    expect(got.map((g) => g.name)).toEqual(groups.map((g) => g.name))
    expect(server.requests).toHaveLength(5)
  })

  it('makes one request for an empty list', async () => {
    server = await startFakeServer((req, res) => servePage(res, req, 'groups', []))
    const progress: [number, number][] = []
    expect(await clientFor(server, new ManualClock()).listGroups({}, { onPage: (d, t) => progress.push([d, t]) })).toEqual([])
    expect(server.requests).toHaveLength(1)
    expect(progress).toEqual([[1, 1]])
  })

  it('sends query arrays as repeated keys and omits undefined filters', async () => {
    server = await startFakeServer((req, res) => servePage(res, req, 'groups', []))
    const a = '11111111-1111-4111-8111-111111111111'
    const b = '22222222-2222-4222-8222-222222222222'
    await clientFor(server, new ManualClock()).listGroups({ user_ids: [a, b], name: undefined })
    const q = server.requests[0]!.query
    expect(q.getAll('user_ids')).toEqual([a, b])
    expect(q.has('user_ids[]')).toBe(false)
    expect(q.has('name')).toBe(false)
  })

  it('sends the secret as X-Auth-Token and an iam-desk User-Agent', async () => {
    server = await startFakeServer((req, res) => servePage(res, req, 'groups', []))
    await clientFor(server, new ManualClock()).listGroups()
    expect(server.requests[0]!.headers['x-auth-token']).toBe(CANARY)
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^iam-desk\//)
  })

  it('fails the whole list when one page fails, and stops on abort', async () => {
    const users = Array.from({ length: 300 }, () => aUser())
    server = await startFakeServer((req, res) => {
      if (req.query.get('page') === '3') return json(res, 403, { type: 'permissions_denied', message: 'insufficient permissions', details: [{ resource: 'user', action: 'read' }] })
      servePage(res, req, 'users', users)
    })
    const client = clientFor(server, new ManualClock())
    await expect(client.listUsers()).rejects.toMatchObject({ kind: 'permissions_denied', status: 403 })

    const ctrl = new AbortController()
    ctrl.abort(new Error('user cancelled'))
    await expect(client.listUsers({}, { signal: ctrl.signal })).rejects.toThrow('user cancelled')
  })

  it('fetches rules of one policy and grace periods without paging', async () => {
    const policyId = '33333333-3333-4333-8333-333333333333'
    server = await startFakeServer((req, res) => {
      if (req.pathname === '/rules')
        return servePage(res, req, 'rules', [
          { id: '44444444-4444-4444-8444-444444444444', permission_set_names: ['IAMManager'], permission_sets_scope_type: 'organization', condition: '', organization_id: ORG },
        ])
      json(res, 200, { grace_periods: [{ type: 'update_password', created_at: null, expires_at: null }] })
    })
    const client = clientFor(server, new ManualClock())
    const rules = await client.listRules({ policy_id: policyId })
    expect(rules[0]!.permission_set_names).toEqual(['IAMManager'])
    expect(server.requests[0]!.query.get('policy_id')).toBe(policyId)
    const gp = await client.listGracePeriods({ user_id: policyId })
    expect(gp).toEqual([{ type: 'update_password', created_at: null, expires_at: null }])
    expect(server.requests[1]!.query.has('page_size')).toBe(false)
  })
})

describe('raw list pages (for the commit worker)', () => {
  it('returns every page as the text sent, with the total, reading only page 1', async () => {
    const groups = Array.from({ length: 250 }, (_, i) => aGroup({ name: `g${i}` }))
    server = await startFakeServer((req, res) => servePage(res, req, 'groups', groups))
    const raw = await clientFor(server, new ManualClock()).listPagesRaw('groups', { organization_id: ORG })
    expect(raw.total).toBe(250)
    expect(raw.path).toBe('/iam/v1alpha1/groups')
    expect(raw.pages).toHaveLength(3)
    expect(raw.pages.flatMap((p) => (JSON.parse(p) as { groups: Array<{ name: string }> }).groups.map((g) => g.name))).toEqual(groups.map((g) => g.name))
  })

  it('refuses a first page without total_count as bad_response', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, { groups: [] }))
    await expect(clientFor(server, new ManualClock()).listPagesRaw('groups', { organization_id: ORG })).rejects.toMatchObject({ kind: 'bad_response' })
  })
})


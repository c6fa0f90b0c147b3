import { afterEach, describe, expect, it } from 'vitest'
import { Agent } from 'undici'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { CANARY, ManualClock, ORG, aGroup, aUser, json, startFakeServer, type FakeServer } from './scaleway-fakes'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function clientFor(s: FakeServer, clock: ManualClock, extra: { maxRetries?: number; timeoutMs?: number; concurrency?: number } = {}): ScalewayClient {
  return new ScalewayClient({
    apiUrl: s.url,
    secretKey: new Secret(CANARY),
    dispatcher: s.dispatcher,
    limiter: new HostLimiter({ concurrency: extra.concurrency ?? 8, sleep: clock.sleep, now: clock.now, random: () => 0.5 }),
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...(extra.maxRetries !== undefined ? { maxRetries: extra.maxRetries } : {}),
    ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
  })
}

const A = '11111111-1111-4111-8111-111111111111'
const B = '22222222-2222-4222-8222-222222222222'

describe('429 and the shared backoff', () => {
  it('honours Retry-After and makes every request to the host wait, not only the throttled one', async () => {
    const clock = new ManualClock({ auto: false })
    let throttledOnce = false
    server = await startFakeServer((req, res) => {
      if (!throttledOnce) {
        throttledOnce = true
        return json(res, 429, { type: 'too_many_requests', message: 'slow down', help_message: 'wait' }, { 'retry-after': '7' })
      }
      json(res, 200, aUser({ id: req.pathname.split('/')[2] }))
    }, clock.now)
    const client = clientFor(server, clock)
    const t0 = clock.now()

    const first = client.getUser(A)
    await clock.sleepCalled(1) // the throttled request waits for the backoff…
    expect(clock.sleeps[0]).toBe(7000)
    const second = client.getUser(B) // …and so does a request started during the pause
    await clock.sleepCalled(2)
    expect(server.requests).toHaveLength(1)

    clock.advance(7000)
    const [u1, u2] = await Promise.all([first, second])
    expect([u1.id, u2.id]).toEqual([A, B])
    expect(server.requests).toHaveLength(3)
    expect(server.requests.slice(1).every((r) => r.at >= t0 + 7000)).toBe(true)
  })

  it('backs off exponentially with jitter when a 429 has no Retry-After, shared too', async () => {
    const clock = new ManualClock({ auto: false })
    let n = 0
    server = await startFakeServer((req, res) => {
      n++
      // Scaleway's gateway sends a bare 429: no header, no body (§3).
      if (n <= 3) {
        res.writeHead(429)
        return res.end()
      }
      json(res, 200, aUser({ id: req.pathname.split('/')[2] }))
    }, clock.now)
    const client = clientFor(server, clock)

    const first = client.getUser(A)
    await clock.sleepCalled(1)
    const second = client.getUser(B)
    await clock.sleepCalled(2)
    // Both wait the same shared delay: base 500 ms, equal jitter with random()=0.5 → 375 ms.
    expect(clock.sleeps).toEqual([375, 375])
    clock.advance(375)
    // Both are throttled again: the shared delay grows (750 ms, then 1500 ms) instead of restarting.
    await clock.sleepCalled(4)
    expect(clock.sleeps.slice(2).every((ms) => ms >= 750)).toBe(true)
    clock.advance(2000)
    await Promise.all([first, second])
    expect(n).toBe(5)
  })

  it('gives up with a rate_limited error after the last retry', async () => {
    server = await startFakeServer((_req, res) => json(res, 429, undefined, { 'retry-after': '2' }))
    const client = clientFor(server, new ManualClock(), { maxRetries: 2 })
    const err = await client.getUser(A).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2000, method: 'GET', path: `/users/${A}` })
    expect(server.requests).toHaveLength(3)
  })

  it('retries a POST after a 429: the gateway refused it before the service saw it', async () => {
    let n = 0
    server = await startFakeServer((_req, res) => (++n === 1 ? json(res, 429, undefined, { 'retry-after': '1' }) : json(res, 200, aGroup())))
    const g = await clientFor(server, new ManualClock()).createGroup({ organization_id: ORG, name: 'admins', description: '' })
    expect(g.name).toBe('admins')
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2)
  })
})

describe('5xx', () => {
  it('retries a GET on 503 and 500 with growing jittered backoff', async () => {
    const clock = new ManualClock()
    let n = 0
    server = await startFakeServer((req, res) => {
      n++
      if (n === 1) return json(res, 503, { type: 'unknown', message: 'unavailable' })
      if (n === 2) return json(res, 500, undefined)
      json(res, 200, aUser({ id: A }))
    })
    const u = await clientFor(server, clock).getUser(A)
    expect(u.id).toBe(A)
    expect(server.requests).toHaveLength(3)
    expect(clock.sleeps).toHaveLength(2)
    expect(clock.sleeps[1]!).toBeGreaterThan(clock.sleeps[0]!)
  })

  it('retries PUT and DELETE, which are idempotent', async () => {
    let n = 0
    server = await startFakeServer((req, res) => {
      n++
      if (n % 2 === 1) return json(res, 502, undefined)
      if (req.method === 'DELETE') return json(res, 204)
      json(res, 200, aGroup({ user_ids: [A] }))
    })
    const client = clientFor(server, new ManualClock())
    await client.setGroupMembers(B, { user_ids: [A], application_ids: [] })
    await client.deleteGroup(B)
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'DELETE', 'DELETE'])
  })

  it('does NOT retry a POST on 5xx', async () => {
    server = await startFakeServer((_req, res) => json(res, 500, undefined))
    const client = clientFor(server, new ManualClock())
    await expect(client.createGroup({ organization_id: ORG, name: 'admins', description: '' })).rejects.toMatchObject({
      kind: 'server_error',
      status: 500,
    })
    await expect(client.addGroupMember(B, { user_id: A })).rejects.toMatchObject({ kind: 'server_error' })
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST'])
  })

  it('gives up on a GET after maxRetries', async () => {
    server = await startFakeServer((_req, res) => json(res, 500, undefined))
    await expect(clientFor(server, new ManualClock(), { maxRetries: 3 }).getUser(A)).rejects.toMatchObject({ kind: 'server_error' })
    expect(server.requests).toHaveLength(4)
  })
})

describe('dropped connections and timeouts', () => {
  it('retries a GET whose connection the server dropped', async () => {
    let n = 0
    server = await startFakeServer((_req, res, raw) => {
      if (++n === 1) return raw.socket.destroy()
      json(res, 200, aUser({ id: A }))
    })
    const u = await clientFor(server, new ManualClock()).getUser(A)
    expect(u.id).toBe(A)
    expect(server.requests).toHaveLength(2)
  })

  it('surfaces a dropped non-create POST as "may have been applied", without re-sending', async () => {
    server = await startFakeServer((_req, _res, raw) => raw.socket.destroy())
    const err = await clientFor(server, new ManualClock()).removeGroupMember(B, { user_id: A }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'network', mayHaveBeenApplied: true })
    expect(server.requests).toHaveLength(1)
  })

  it('times out a request that gets no answer, retrying GETs', async () => {
    server = await startFakeServer(() => {
      /* never answer */
    })
    const err = await clientFor(server, new ManualClock(), { timeoutMs: 50, maxRetries: 1 }).getUser(A).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'timeout', method: 'GET' })
    expect((err as Error).message).toMatch(/did not answer/)
    expect(server.requests).toHaveLength(2)
  })

  it('retries even a POST when the connection was refused (nothing was sent)', async () => {
    const dead = await startFakeServer(() => undefined)
    const url = dead.url
    await dead.close()
    const dispatcher = new Agent()
    const client = new ScalewayClient({
      apiUrl: url,
      secretKey: new Secret(CANARY),
      dispatcher,
      limiter: new HostLimiter(),
      sleep: async () => undefined,
      maxRetries: 2,
    })
    const err = await client.createGroup({ organization_id: ORG, name: 'x', description: '' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' })
    expect(err).not.toHaveProperty('mayHaveBeenApplied')
    expect(client.requestCount).toBe(3)
    await dispatcher.close()
  })
})

describe('409 transient_state and the per-host limiter registry', () => {
  it('retries an idempotent write on transient_state but not a POST action', async () => {
    let n = 0
    const busy = { type: 'transient_state', message: 'resource is in a transient state', resource: 'group', resource_id: B, current_state: 'updating' }
    server = await startFakeServer((req, res) => {
      n++
      if (req.method === 'POST' || n === 1) return json(res, 409, busy)
      json(res, 200, aGroup({ id: B }))
    })
    const client = clientFor(server, new ManualClock())
    expect((await client.setGroupMembers(B, { user_ids: [], application_ids: [] })).id).toBe(B)
    await expect(client.addGroupMember(B, { user_id: A })).rejects.toMatchObject({ kind: 'transient_state', currentState: 'updating' })
    expect(server.requests.map((r) => r.method)).toEqual(['PUT', 'PUT', 'POST'])
  })

  it('gives every client of one API host the same limiter', async () => {
    const { HostLimiterRegistry } = await import('../../src-main/core/platform/scaleway/limiter')
    const limiters = new HostLimiterRegistry()
    const make = (apiUrl: string): ScalewayClient => new ScalewayClient({ apiUrl, secretKey: new Secret(CANARY), limiters, concurrency: 3 })
    const a = make('https://api.scaleway.com')
    const b = make('https://api.scaleway.com/')
    const c = make('http://127.0.0.1:9')
    expect(a.limiter).toBe(b.limiter)
    expect(a.limiter).not.toBe(c.limiter)
    expect(a.limiter.concurrency).toBe(3)
  })
})

// The per-organization token bucket (emulator/rate-limit.ts), driven on the emulator's clock:
// no sleeps, the test moves `now`. Scaleway documents no IAM rate limit (reference §3); the
// emulator answers the JS SDK's too_many_requests body with Retry-After in whole seconds.
import { afterEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { RateLimiter } from '../../emulator/rate-limit'
import { type Client, emulator, raw } from './helpers'

let emu: RunningEmulator | undefined
afterEach(async () => {
  await emu?.close()
  emu = undefined
})

describe('the bucket', () => {
  it('lets a burst through, then the steady rate, and says how long to wait', () => {
    const b = new RateLimiter()
    b.set({ requestsPerSecond: 4, burst: 3 })
    const at = (ms: number) => b.take('org', ms)
    expect([at(0), at(0), at(0)].every((d) => d.allowed)).toBe(true)
    expect(at(0)).toEqual({ allowed: false, retryAfterSeconds: 1 })
    expect(at(100)).toEqual({ allowed: false, retryAfterSeconds: 1 }) // 0.4 token: not yet
    expect(at(250).allowed).toBe(true) // 1 token after 250 ms at 4/s
    expect(at(250).allowed).toBe(false)
    // Idle for a minute: the bucket holds `burst`, never more.
    expect([at(60_000), at(60_000), at(60_000)].every((d) => d.allowed)).toBe(true)
    expect(at(60_000).allowed).toBe(false)
    expect(b.refused).toBe(4)
  })

  it('rounds Retry-After up to whole seconds when the rate is below one per second', () => {
    const b = new RateLimiter()
    b.set({ requestsPerSecond: 0.25, burst: 1 })
    expect(b.take('org', 0).allowed).toBe(true)
    expect(b.take('org', 0)).toEqual({ allowed: false, retryAfterSeconds: 4 })
    expect(b.take('org', 1500)).toEqual({ allowed: false, retryAfterSeconds: 3 })
  })

  it('keeps one bucket per organization', () => {
    const b = new RateLimiter()
    b.set({ requestsPerSecond: 1, burst: 1 })
    expect(b.take('a', 0).allowed).toBe(true)
    expect(b.take('a', 0).allowed).toBe(false)
    expect(b.take('b', 0).allowed).toBe(true)
  })

  it('refuses nonsense limits and lets everything through without one', () => {
    const b = new RateLimiter()
    expect(() => b.set({ requestsPerSecond: 0, burst: 1 })).toThrow(/requestsPerSecond/)
    expect(() => b.set({ requestsPerSecond: 5, burst: 0.5 })).toThrow(/burst/)
    b.set(null)
    for (let i = 0; i < 100; i++) expect(b.take('a', 0).allowed).toBe(true)
  })
})

describe('the emulator under a rate limit', () => {
  const start = async (): Promise<{ owner: Client; other: Client; clock: { t: number } }> => {
    const clock = { t: Date.parse('2026-03-01T10:00:00Z') }
    const started = await emulator({ now: () => new Date(clock.t), rateLimit: { requestsPerSecond: 2, burst: 2 } })
    emu = started.emu
    return { owner: started.owner, other: started.other, clock }
  }

  it('answers 429 too_many_requests with Retry-After past the burst, per organization, and again once the clock moved', async () => {
    const { owner, other, clock } = await start()
    expect((await owner.get('/users')).status).toBe(200)
    expect((await owner.get('/users')).status).toBe(200)
    const r = await owner.get('/users')
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('1')
    expect(r.json).toEqual({
      help_message: 'Slow down and retry later.',
      limit: { quota: 2, window_seconds: 1 },
      message: 'too many requests',
      reset_seconds: 1,
      type: 'too_many_requests',
    })
    // The other organization has its own bucket.
    expect((await other.get('/users')).status).toBe(200)
    clock.t += 500 // one token at 2/s
    expect((await owner.get('/users')).status).toBe(200)
    expect((await owner.get('/users')).status).toBe(429)
    expect((await raw(`${emu!.url}/__emulator/stats`)).json).toMatchObject({ rate_limited_count: 2 })
    expect(emu!.admin.rateLimitedCount()).toBe(2)
  })

  it('is set, read and removed through POST /__emulator/rate-limit, and refuses nonsense with 400', async () => {
    const { owner } = await start()
    const url = `${emu!.url}/__emulator/rate-limit`
    expect((await raw(url)).json).toEqual({ requests_per_second: 2, burst: 2 })
    const post = (body: unknown) => raw(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post({ requests_per_second: 1, burst: 1 })).json).toEqual({ requests_per_second: 1, burst: 1 })
    expect((await owner.get('/users')).status).toBe(200)
    expect((await owner.get('/users')).status).toBe(429)
    expect((await post({ requests_per_second: -1 })).status).toBe(400)
    expect((await post({ requests_per_second: null })).json).toEqual({ requests_per_second: null, burst: null })
    for (let i = 0; i < 5; i++) expect((await owner.get('/users')).status).toBe(200)
  })
})

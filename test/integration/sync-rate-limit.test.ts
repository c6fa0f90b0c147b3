// A sync under the emulator's per-organization rate limit (emulator/rate-limit.ts) with the
// app's client and limiter (AIMD per organization, limiter.ts). One virtual clock drives both
// sides: the emulator's token buckets refill on it, and it moves only when every request has
// come back and the client waits out a Retry-After — then straight to the end of the earliest
// pause. So the test takes no real waiting and its numbers do not depend on the machine.
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { SyncEngine } from '../../src-main/core/features/sync/sync-engine'

/** See the file comment: time passes only while nothing is in flight. */
class VirtualClock {
  t = Date.parse('2026-03-01T10:00:00Z')
  #pending: { target: number; resolve: () => void }[] = []
  #timer: ReturnType<typeof setInterval> | undefined
  now = (): number => this.t
  sleep = (ms: number): Promise<void> => new Promise((resolve) => this.#pending.push({ target: this.t + ms, resolve }))
  /** Advances whenever `busy()` has stayed false for two polls and someone sleeps. */
  run(busy: () => boolean): void {
    let idle = 0
    this.#timer = setInterval(() => {
      if (busy() || this.#pending.length === 0) return void (idle = 0)
      if (++idle < 2) return
      idle = 0
      this.t = Math.max(this.t, Math.min(...this.#pending.map((p) => p.target)))
      const due = this.#pending.filter((p) => p.target <= this.t)
      this.#pending = this.#pending.filter((p) => p.target > this.t)
      for (const p of due) p.resolve()
    }, 1)
  }
  stop(): void {
    clearInterval(this.#timer)
  }
}

const RATE = 10
const BURST = 10

let emulator: RunningEmulator | undefined
let cache: Cache | undefined
afterEach(async () => {
  cache?.close()
  await emulator?.close()
})

async function syncUnderLimit(orgs: number, concurrency = orgs) {
  const clock = new VirtualClock()
  emulator = await startEmulator({
    orgs,
    seed: 5,
    now: () => new Date(clock.t),
    sizes: { users: 120, applications: 20, apiKeys: 150, groups: 10, policies: 40, sshKeys: 5, logs: 150, jwts: 0 },
    rateLimit: { requestsPerSecond: RATE, burst: BURST },
  })
  cache = openCache({ file: ':memory:' })
  const limiter = new HostLimiter({ concurrency: 14, sleep: clock.sleep, now: clock.now })
  for (const o of emulator.organizations) {
    cache.organizations.add({ id: o.organization_id, name: o.name, accessKey: o.access_key, apiUrl: emulator.url, secretStorage: 'session' })
  }
  const secrets = new Map(emulator.organizations.map((o) => [o.organization_id, new Secret(o.secret_key)]))
  const engine = new SyncEngine({
    cache,
    concurrency,
    gracePeriods: 'off',
    now: () => new Date(clock.t),
    clientFor: (org) =>
      new ScalewayClient({
        apiUrl: org.apiUrl,
        secretKey: secrets.get(org.id)!,
        limiter,
        sleep: clock.sleep,
        now: clock.now,
        maxRetries: 50,
        rateKey: org.id,
      }),
  })
  const t0 = clock.t
  clock.run(() => limiter.active > 0)
  const summaries = await engine.sync('all').finally(() => clock.stop())
  return { summaries, seconds: (clock.t - t0) / 1000, refused: emulator.admin.rateLimitedCount(), served: emulator.admin.requestCount() }
}

describe('a sync under a per-organization rate limit', () => {
  it('completes with few 429s, all reported and recorded, near the limit’s own bound', async () => {
    const { summaries, seconds, refused, served } = await syncUnderLimit(1)
    expect(summaries.map((s) => [s.status, s.counts.policies])).toEqual([['ok', 40]])
    expect(summaries[0]!.rateLimited).toBe(refused)
    expect(cache!.syncRuns.get(summaries[0]!.syncRunId!)!.counts.rateLimited).toBe(refused)
    const requests = served - refused
    // The window starts at the host's 14 in flight and halves each round (14 + 7 + 3 + 2 + 1
    // 429s at most), then meets about one per bucketful. A window that did not shrink would
    // meet 14 per bucketful.
    expect(refused).toBeGreaterThan(0)
    expect(refused).toBeLessThanOrEqual(2 * 14 + Math.ceil(requests / BURST) + 2)
    // requests ÷ rate is what the limit imposes; the first bucketful comes free.
    expect(seconds).toBeLessThan((requests / RATE) * 1.2)
  })

  it('slows each organization by its own limit only: three take about as long as one, even synced one at a time', async () => {
    // Engine concurrency 1: each organization the API throttles lets the next one start.
    const { summaries, seconds, refused, served } = await syncUnderLimit(3, 1)
    expect(summaries.map((s) => s.status)).toEqual(['ok', 'ok', 'ok'])
    expect(summaries.reduce((n, s) => n + s.rateLimited, 0)).toBe(refused)
    const perOrg = (served - refused) / 3
    // One at a time would take 3× the bound; side by side, the bound plus the second or so each
    // one takes to be seen throttled.
    expect(seconds).toBeLessThan((perOrg / RATE) * 1.2 + 2 * 1.5)
    expect(seconds).toBeLessThan((perOrg / RATE) * 2)
  })
})

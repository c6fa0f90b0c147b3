// The limiter's AIMD per rate key (limiter.ts), on a fake clock: a 429 halves the key's window
// once per round and pauses only that key; success grows it back by one per INCREASE_EVERY_MS
// of unpaused time; waiting requests are served in the order their keys were first seen.
import { describe, expect, it } from 'vitest'
import { HostLimiter, INCREASE_EVERY_MS, type Grant } from '../../src-main/core/platform/scaleway/limiter'
import { ManualClock } from './scaleway-fakes'

/** A request the test finishes by hand; `grant` is known once the limiter let it through. */
interface Held {
  started: boolean
  grant?: Grant
  finish(): void
  done: Promise<void>
}

function hold(limiter: HostLimiter, key?: string, signal?: AbortSignal): Held {
  let finish: (() => void) | undefined
  let finishEarly = false
  const h: Held = {
    started: false,
    // Finishing a request that has not started yet finishes it as soon as it starts.
    finish: () => (finish ? finish() : (finishEarly = true)),
    done: limiter.run(
      (grant) => {
        h.started = true
        h.grant = grant
        return new Promise<void>((resolve) => (finishEarly ? resolve() : (finish = resolve)))
      },
      signal,
      key,
    ),
  }
  return h
}

const tick = () => new Promise((r) => setImmediate(r))

describe('AIMD per rate key', () => {
  it('halves the window on a 429, once for the requests of one round, never below 1', async () => {
    const clock = new ManualClock({ auto: false, start: 0 })
    const limiter = new HostLimiter({ concurrency: 8, sleep: clock.sleep, now: clock.now })
    const round = Array.from({ length: 8 }, () => hold(limiter, 'org-a'))
    await tick()
    expect(round.every((h) => h.started)).toBe(true)
    // All eight come back 429: the same congestion, one decrease.
    for (const h of round) limiter.throttled(1000, h.grant)
    expect(limiter.window('org-a')).toMatchObject({ cwnd: 4, decreases: 1, pausedUntil: 1000 })
    for (const h of round) h.finish()
    await Promise.all(round.map((h) => h.done))
    // Later rounds: each 429 of a request sent after the last decrease halves again, down to 1.
    for (const expected of [2, 1, 1]) {
      clock.advance(1000)
      const h = hold(limiter, 'org-a')
      await tick()
      limiter.throttled(1000, h.grant)
      h.finish()
      await h.done
      expect(limiter.window('org-a').cwnd).toBe(expected)
    }
  })

  it('keeps to the smaller window: no more requests of the key in flight than cwnd', async () => {
    const clock = new ManualClock({ auto: false, start: 0 })
    const limiter = new HostLimiter({ concurrency: 8, sleep: clock.sleep, now: clock.now })
    const first = hold(limiter, 'org-a')
    await tick()
    limiter.throttled(0, first.grant) // cwnd 8 → 4, no pause
    first.finish()
    await first.done
    const many = Array.from({ length: 6 }, () => hold(limiter, 'org-a'))
    await tick()
    expect(many.filter((h) => h.started)).toHaveLength(4)
    many[0]!.finish()
    await tick()
    expect(many.filter((h) => h.started)).toHaveLength(5)
    for (const h of many) h.finish()
    await Promise.all(many.map((h) => h.done))
  })

  it('grows back by one per interval of unpaused success, up to the host concurrency', async () => {
    const clock = new ManualClock({ auto: false, start: 0 })
    const limiter = new HostLimiter({ concurrency: 4, sleep: clock.sleep, now: clock.now })
    const h = hold(limiter, 'k')
    await tick()
    limiter.throttled(2000, h.grant) // cwnd 2, paused until 2000
    h.finish()
    await h.done
    expect(limiter.window('k').cwnd).toBe(2)
    clock.advance(2000)
    limiter.succeeded('k') // the pause is not time the window was shown to work
    expect(limiter.window('k').cwnd).toBe(2)
    clock.advance(INCREASE_EVERY_MS - 1)
    limiter.succeeded('k')
    expect(limiter.window('k').cwnd).toBe(2)
    clock.advance(1)
    limiter.succeeded('k')
    expect(limiter.window('k').cwnd).toBe(3)
    limiter.succeeded('k') // at most one step per interval
    expect(limiter.window('k').cwnd).toBe(3)
    for (let i = 0; i < 5; i++) {
      clock.advance(INCREASE_EVERY_MS)
      limiter.succeeded('k')
    }
    expect(limiter.window('k').cwnd).toBe(4)
  })

  it('pauses only the throttled key: another organization on the same host goes on', async () => {
    const clock = new ManualClock({ auto: false, start: 0 })
    const limiter = new HostLimiter({ concurrency: 4, sleep: clock.sleep, now: clock.now })
    const a = hold(limiter, 'org-a')
    await tick()
    limiter.throttled(5000, a.grant)
    a.finish()
    await a.done
    const a2 = hold(limiter, 'org-a')
    const b = hold(limiter, 'org-b')
    await tick()
    expect(a2.started).toBe(false)
    expect(b.started).toBe(true)
    expect(clock.sleeps).toEqual([5000])
    clock.advance(5000)
    await tick()
    expect(a2.started).toBe(true)
    a2.finish()
    b.finish()
    await Promise.all([a2.done, b.done])
  })

  it('serves waiting requests in the order their keys were first seen, within each window', async () => {
    const clock = new ManualClock({ auto: false, start: 0 })
    const limiter = new HostLimiter({ concurrency: 2, sleep: clock.sleep, now: clock.now })
    const order: string[] = []
    const busy = [hold(limiter, 'first'), hold(limiter, 'second')]
    await tick()
    const queued = [
      ...['s1', 's2'].map((n) => ({ n, h: hold(limiter, 'second') })),
      ...['f1', 'f2'].map((n) => ({ n, h: hold(limiter, 'first') })),
    ]
    for (const q of queued) void q.h.done.then(() => order.push(q.n))
    busy[0]!.finish()
    busy[1]!.finish()
    await tick()
    // Two slots free: both go to `first` (seen first), though `second`'s requests queued earlier.
    expect(queued.filter((q) => q.h.started).map((q) => q.n)).toEqual(['f1', 'f2'])
    for (const q of queued) q.h.finish()
    await Promise.all(queued.map((q) => q.h.done))
    expect(order.slice(0, 2).sort()).toEqual(['f1', 'f2'])
  })

  it('gives a queued request up on abort without taking a slot', async () => {
    const clock = new ManualClock({ auto: false, start: 0 })
    const limiter = new HostLimiter({ concurrency: 1, sleep: clock.sleep, now: clock.now })
    const busy = hold(limiter, 'k')
    const ac = new AbortController()
    const waiting = hold(limiter, 'k', ac.signal)
    ac.abort(new Error('stop'))
    await expect(waiting.done).rejects.toThrow('stop')
    busy.finish()
    await busy.done
    expect(limiter.active).toBe(0)
  })
})

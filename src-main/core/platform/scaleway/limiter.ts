// One limiter per API host: bounds the requests in flight to the host and, inside that bound,
// adapts to the API's rate limit with AIMD (additive increase, multiplicative decrease) — per
// rate key. A rate key is what the API counts a limit against: the app passes the organization
// (one client per organization), so one organization throttled by its own limit neither slows
// nor pauses the other forty-nine; a client without a key shares the host's one window, so the
// whole host adapts together.
//
// Each window has:
// - a congestion window `cwnd` (requests of that key in flight at once, 1..host concurrency),
//   starting at the host's concurrency (an API that never throttles is never slowed);
// - a pause: on 429 (or 503 with Retry-After) every request of the key waits for Retry-After,
//   or without it (Scaleway's gateway has sent bare 429s, §3) for a shared exponential backoff
//   with jitter, so a burst of throttled requests backs off together;
// - multiplicative decrease: a 429 halves cwnd — once per round (a 429 for a request sent
//   before the last decrease is the same congestion, already answered);
// - additive increase: success grows cwnd by one, at most once per `increaseEveryMs` of
//   unpaused time. Per round trip (TCP's rule) would be every 20 ms here, far quicker than the
//   seconds a Retry-After speaks in: cwnd would be back to many requests in flight by the time
//   the bucket is empty again, and each of them would come back 429.
// Why this runs near a token bucket's own bound: the pause lets the bucket refill (Retry-After
// is the time to the next token, rounded up to a second; a burst of a second's worth is full
// again by then), and the small window then spends it with one or two 429s per round.
//
// Requests queued for the host are granted in the order their keys were first seen: with every
// organization of a fleet syncing at once, the first ones get the host's slots and finish first
// (their data committed early, not all fifty held at the end), and the others fill any slot the
// paused or finishing ones leave — the host is never idle while something waits.

/**
 * Requests in flight per API host when nothing else is said. Measured with `npm run bench -- sync`
 * (README, Performance): a sync is mostly hundreds of tiny per-policy rule requests, bound by
 * latency, so it gains from more in flight (at 8 the bench syncs ~45 % slower than at 14) while
 * staying modest towards an API whose rate limit is undocumented — and a 429 now shrinks the
 * throttled key's window (AIMD, above).
 */
export const DEFAULT_CONCURRENCY = 14

/** Unpaused time between two additive increases of a window (see the file comment). */
export const INCREASE_EVERY_MS = 500

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export interface HostLimiterOptions {
  /** Requests in flight at once (default DEFAULT_CONCURRENCY): the host's cap and every window's ceiling. */
  concurrency?: number
  sleep?: Sleep
  now?: () => number
  random?: () => number
  /** First delay of the shared exponential backoff for a 429 without Retry-After (default 500 ms). */
  throttleBaseMs?: number
  /** Cap of that backoff (default 30 s). */
  throttleMaxMs?: number
  /** Default INCREASE_EVERY_MS. */
  increaseEveryMs?: number
}

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(t)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })

/** A request's slot: which window it counts against and when it was granted (for the decrease rule). */
export interface Grant {
  readonly key: string
  readonly seq: number
}

/** What a window looks like now, for tests, the bench and diagnostics. */
export interface WindowState {
  cwnd: number
  active: number
  pausedUntil: number
  /** Decreases so far (429s that halved the window). */
  decreases: number
}

class RateWindow {
  cwnd: number
  active = 0
  pausedUntil = 0
  throttleStreak = 0
  /** Requests granted from this sequence number on were sent after the last decrease. */
  decreasedAtSeq = -1
  decreases = 0
  /** Time of the last change of cwnd (either way). */
  changedAt = Number.NEGATIVE_INFINITY
  readonly queue: (() => void)[] = []

  constructor(readonly ceiling: number) {
    this.cwnd = ceiling
  }

  get limit(): number {
    return Math.max(1, Math.floor(this.cwnd))
  }
}

const HOST_KEY = ''

export class HostLimiter {
  readonly concurrency: number
  #active = 0
  #seq = 0
  /** Insertion order = the order keys were first seen = the order waiting requests are served. */
  readonly #windows = new Map<string, RateWindow>()
  readonly #sleep: Sleep
  readonly #now: () => number
  readonly #random: () => number
  readonly #baseMs: number
  readonly #maxMs: number
  readonly #increaseEveryMs: number

  constructor(opts: HostLimiterOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY)
    this.#sleep = opts.sleep ?? realSleep
    this.#now = opts.now ?? Date.now
    this.#random = opts.random ?? Math.random
    this.#baseMs = opts.throttleBaseMs ?? 500
    this.#maxMs = opts.throttleMaxMs ?? 30_000
    this.#increaseEveryMs = opts.increaseEveryMs ?? INCREASE_EVERY_MS
  }

  /** Requests in flight to the host. */
  get active(): number {
    return this.#active
  }

  /** When the host-wide window's pause ends (clients without a rate key). */
  get pausedUntil(): number {
    return this.#windows.get(HOST_KEY)?.pausedUntil ?? 0
  }

  window(key: string = HOST_KEY): WindowState {
    const w = this.#window(key)
    return { cwnd: w.cwnd, active: w.active, pausedUntil: w.pausedUntil, decreases: w.decreases }
  }

  /**
   * Runs fn once the key is not paused, its window has room and the host has a slot. fn gets
   * its grant, to hand back to `throttled` if the answer is a 429.
   */
  async run<T>(fn: (grant: Grant) => Promise<T>, signal?: AbortSignal, key: string = HOST_KEY): Promise<T> {
    const w = this.#window(key)
    for (;;) {
      await this.#waitForPause(w, signal)
      await this.#acquire(w, signal)
      // Paused while it queued (another request of the key was throttled): give the slot back.
      if (w.pausedUntil <= this.#now()) break
      this.#release(w)
    }
    try {
      return await fn({ key, seq: this.#seq++ })
    } finally {
      this.#release(w)
    }
  }

  /**
   * The API throttled a request of `grant`'s key (or of the host, without a grant). Pauses the
   * key — Retry-After when given, else the shared exponential backoff — and halves its window
   * unless this 429 belongs to a round already answered. Returns the pause applied, in ms.
   */
  throttled(retryAfterMs: number | undefined, grant?: Grant): number {
    const w = this.#window(grant?.key ?? HOST_KEY)
    let delay: number
    if (retryAfterMs !== undefined) {
      delay = retryAfterMs
    } else {
      const cap = Math.min(this.#maxMs, this.#baseMs * 2 ** w.throttleStreak)
      // "Equal jitter": at least half the cap, so the backoff always grows.
      delay = cap / 2 + this.#random() * (cap / 2)
      w.throttleStreak++
    }
    const now = this.#now()
    w.pausedUntil = Math.max(w.pausedUntil, now + delay)
    if (grant === undefined || grant.seq >= w.decreasedAtSeq) {
      w.cwnd = Math.max(1, w.cwnd / 2)
      w.decreasedAtSeq = this.#seq
      w.decreases++
      w.changedAt = now
    }
    return delay
  }

  /** A request of the key went through: the next bare 429 starts again from the base delay, and the window may grow. */
  succeeded(key: string = HOST_KEY): void {
    const w = this.#window(key)
    w.throttleStreak = 0
    if (w.cwnd >= w.ceiling) return
    const now = this.#now()
    // Time spent paused is not time the larger window was shown to work.
    if (now - Math.max(w.changedAt, w.pausedUntil) < this.#increaseEveryMs) return
    w.cwnd = Math.min(w.ceiling, w.cwnd + 1)
    w.changedAt = now
    this.#pump()
  }

  #window(key: string): RateWindow {
    let w = this.#windows.get(key)
    if (!w) {
      w = new RateWindow(this.concurrency)
      this.#windows.set(key, w)
    }
    return w
  }

  /** Wait until the key's pause has passed (re-checked: another request may extend it). */
  async #waitForPause(w: RateWindow, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const wait = w.pausedUntil - this.#now()
      if (wait <= 0) return
      await this.#sleep(wait, signal)
    }
  }

  async #acquire(w: RateWindow, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    // A free host slot means nobody that could use it waits (#pump hands slots out at once).
    if (this.#active < this.concurrency && w.active < w.limit) {
      this.#active++
      w.active++
      return
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        const i = w.queue.indexOf(grant)
        if (i >= 0) w.queue.splice(i, 1)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      w.queue.push(grant)
    })
  }

  #release(w: RateWindow): void {
    this.#active--
    w.active--
    this.#pump()
  }

  /** Hands free host slots to waiting requests, keys in first-seen order, within each key's window. */
  #pump(): void {
    if (this.#active >= this.concurrency) return
    for (const w of this.#windows.values()) {
      while (w.queue.length > 0 && w.active < w.limit && this.#active < this.concurrency) {
        this.#active++
        w.active++
        w.queue.shift()!()
      }
      if (this.#active >= this.concurrency) return
    }
  }
}

/** The limiters of a process, one per API origin, so every client of a host shares one. */
export class HostLimiterRegistry {
  readonly #limiters = new Map<string, HostLimiter>()

  /** The first caller for an origin fixes its options. */
  get(origin: string, opts: HostLimiterOptions = {}): HostLimiter {
    let l = this.#limiters.get(origin)
    if (!l) {
      l = new HostLimiter(opts)
      this.#limiters.set(origin, l)
    }
    return l
  }
}

export const defaultLimiters = new HostLimiterRegistry()

// One limiter per API host: bounds the requests in flight and holds ONE backoff shared by
// every request to that host. When Scaleway answers 429 (or 503 with Retry-After), hammering it
// from the other concurrent requests only prolongs the throttling, so all of them wait.

/**
 * Requests in flight per API host when nothing else is said. Measured with `npm run bench -- sync`
 * (README, Performance): a sync is mostly hundreds of tiny per-policy rule requests, bound by
 * latency, so it gains from more in flight (at 8 the bench syncs ~45 % slower than at 14) while
 * staying modest towards an API whose rate limit is undocumented — throttling (429) still pauses
 * every request to the host (see `throttled`).
 */
export const DEFAULT_CONCURRENCY = 14

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>

export interface HostLimiterOptions {
  /** Requests in flight at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number
  sleep?: Sleep
  now?: () => number
  random?: () => number
  /** First delay of the shared exponential backoff for a 429 without Retry-After (default 500 ms). */
  throttleBaseMs?: number
  /** Cap of that backoff (default 30 s). */
  throttleMaxMs?: number
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

export class HostLimiter {
  readonly concurrency: number
  #active = 0
  #queue: (() => void)[] = []
  #pausedUntil = 0
  #throttleStreak = 0
  readonly #sleep: Sleep
  readonly #now: () => number
  readonly #random: () => number
  readonly #baseMs: number
  readonly #maxMs: number

  constructor(opts: HostLimiterOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY)
    this.#sleep = opts.sleep ?? realSleep
    this.#now = opts.now ?? Date.now
    this.#random = opts.random ?? Math.random
    this.#baseMs = opts.throttleBaseMs ?? 500
    this.#maxMs = opts.throttleMaxMs ?? 30_000
  }

  get active(): number {
    return this.#active
  }

  get pausedUntil(): number {
    return this.#pausedUntil
  }

  /** Run fn when a slot is free and the host's shared backoff has passed. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal)
    try {
      await this.waitForBackoff(signal)
      return await fn()
    } finally {
      this.#release()
    }
  }

  /** Wait until the shared backoff has passed (re-checked: another request may extend it). */
  async waitForBackoff(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const wait = this.#pausedUntil - this.#now()
      if (wait <= 0) return
      await this.#sleep(wait, signal)
    }
  }

  /**
   * The host throttled us. With Retry-After every request waits that long; without it (Scaleway's
   * gateway sends a bare 429, §3) the shared delay grows exponentially with jitter, so a burst of
   * throttled requests backs off together instead of each one restarting at the base delay.
   * Returns the pause applied, in ms.
   */
  throttled(retryAfterMs: number | undefined): number {
    let delay: number
    if (retryAfterMs !== undefined) {
      delay = retryAfterMs
    } else {
      const cap = Math.min(this.#maxMs, this.#baseMs * 2 ** this.#throttleStreak)
      // "Equal jitter": at least half the cap, so the backoff always grows.
      delay = cap / 2 + this.#random() * (cap / 2)
      this.#throttleStreak++
    }
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + delay)
    return delay
  }

  /** A request went through: the next bare 429 starts again from the base delay. */
  succeeded(): void {
    this.#throttleStreak = 0
  }

  async #acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    if (this.#active < this.concurrency) {
      this.#active++
      return
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        const i = this.#queue.indexOf(grant)
        if (i >= 0) this.#queue.splice(i, 1)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#queue.push(grant)
    })
  }

  #release(): void {
    const next = this.#queue.shift()
    // Hand the slot straight to the next waiter: #active stays the same.
    if (next) next()
    else this.#active--
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

// The optional per-organization rate limit: a token bucket per organization, refilled on the
// emulator's clock (`Store.now`), so tests drive it by moving that clock instead of sleeping.
//
// Scaleway documents no IAM rate limit (reference §3): the shape here is the common one — a
// steady rate with a burst — and the answer is the JS SDK's `too_many_requests` body with a
// Retry-After header (http/errors.ts). Retry-After is whole seconds (delta-seconds, RFC 9110),
// rounded up from the time the bucket needs to hold one token again.

export interface RateLimit {
  /** Tokens added per second (the sustained requests per second of one organization). */
  requestsPerSecond: number
  /** Bucket size: the most requests an idle organization may send at once. */
  burst: number
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number }

interface Bucket {
  tokens: number
  /** Emulator time (ms) of the last refill. */
  at: number
}

export function validateRateLimit(limit: RateLimit | null): RateLimit | null {
  if (limit === null) return null
  if (typeof limit !== 'object') throw new Error('rateLimit must be { requestsPerSecond, burst } or null')
  const { requestsPerSecond: rps, burst } = limit
  if (!(typeof rps === 'number' && Number.isFinite(rps) && rps > 0)) throw new Error('rateLimit.requestsPerSecond must be a number > 0')
  if (!(typeof burst === 'number' && Number.isInteger(burst) && burst >= 1)) throw new Error('rateLimit.burst must be an integer >= 1')
  return { requestsPerSecond: rps, burst }
}

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>()
  #limit: RateLimit | null = null
  /** Requests refused with 429 by this limit (not by the rate429 fault). */
  refused = 0

  get limit(): RateLimit | null {
    return this.#limit
  }

  /** A new limit starts every organization with a full bucket. */
  set(limit: RateLimit | null): void {
    this.#limit = validateRateLimit(limit)
    this.#buckets.clear()
  }

  /** Takes one token from the organization's bucket at `nowMs`, or says how long to wait. */
  take(organizationId: string, nowMs: number): RateDecision {
    const limit = this.#limit
    if (!limit) return { allowed: true }
    let b = this.#buckets.get(organizationId)
    if (!b) {
      b = { tokens: limit.burst, at: nowMs }
      this.#buckets.set(organizationId, b)
    }
    // A clock moved backwards (tests) refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, nowMs - b.at)
    b.tokens = Math.min(limit.burst, b.tokens + (elapsed / 1000) * limit.requestsPerSecond)
    b.at = nowMs
    if (b.tokens >= 1) {
      b.tokens -= 1
      return { allowed: true }
    }
    this.refused++
    const waitSeconds = (1 - b.tokens) / limit.requestsPerSecond
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) }
  }
}

// Fault injection. Every random decision comes from a PRNG seeded by the emulator seed, so a
// run with the same seed and the same request sequence fails the same requests.
import { createRng } from './ids'

export interface Faults {
  latencyMs: number
  jitterMs: number
  /** Probability (0..1) of answering 429 too_many_requests. */
  rate429: number
  /** Retry-After seconds on 429s; null = no Retry-After header (as seen in the wild). */
  retryAfterSeconds: number | null
  /** Probability (0..1) of answering 503. */
  rate5xx: number
  /** Probability (0..1) of destroying the socket without any response. */
  dropRate: number
  /** The n-th request from now (1 = the next one) answers `status`. Cleared once used. */
  failNth: { n: number; status: number } | null
  /**
   * Probability (0..1) that a write to an existing group of the caller's organization (PATCH,
   * DELETE, add-member(s), PUT members, remove-member) answers 409 transient_state as if
   * another write to that group were in progress. Refused writes change nothing.
   */
  groupConflictRate: number
  /**
   * Seconds a newly created API key answers 401 before it authenticates (Scaleway: "new
   * credentials can take up to about a minute to be accepted"), on the emulator's clock, for
   * every organization without its own value (admin `setKeyPropagation`). 0 = at once.
   */
  keyPropagationSeconds: number
}

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  jitterMs: 0,
  rate429: 0,
  retryAfterSeconds: 1,
  rate5xx: 0,
  dropRate: 0,
  failNth: null,
  groupConflictRate: 0,
  keyPropagationSeconds: 0,
}

export type FaultDecision =
  | { kind: 'drop' }
  | { kind: 'status'; status: number }
  | { kind: 'rate-limit'; retryAfterSeconds: number | null }
  | { kind: 'unavailable' }
  | { kind: 'none' }

export class FaultInjector {
  #faults: Faults
  #rng: () => number
  /** Its own stream: group-conflict decisions depend only on the sequence of group writes. */
  #groupRng: () => number
  #sinceFailNthSet = 0

  constructor(seed: number, initial: Partial<Faults> = {}) {
    this.#rng = createRng(seed ^ 0xfa017)
    this.#groupRng = createRng(seed ^ 0x409c0f1)
    this.#faults = { ...NO_FAULTS }
    this.set(initial)
  }

  get current(): Faults {
    return { ...this.#faults }
  }

  set(patch: Partial<Faults>): void {
    const next = { ...this.#faults }
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (next as Record<string, unknown>)[k] = v
    if ('failNth' in patch) this.#sinceFailNthSet = 0
    this.#faults = validateFaults(next)
  }

  /** Decides the fate of one incoming request (call once per request, in arrival order). */
  decide(): FaultDecision {
    const f = this.#faults
    if (f.failNth) {
      this.#sinceFailNthSet++
      if (this.#sinceFailNthSet === f.failNth.n) {
        const status = f.failNth.status
        this.#faults = { ...f, failNth: null }
        return { kind: 'status', status }
      }
    }
    if (f.dropRate > 0 && this.#rng() < f.dropRate) return { kind: 'drop' }
    if (f.rate429 > 0 && this.#rng() < f.rate429) return { kind: 'rate-limit', retryAfterSeconds: f.retryAfterSeconds }
    if (f.rate5xx > 0 && this.#rng() < f.rate5xx) return { kind: 'unavailable' }
    return { kind: 'none' }
  }

  /** Whether this group write (one eligible write, in arrival order) is refused with 409. */
  groupConflict(): boolean {
    const rate = this.#faults.groupConflictRate
    if (rate <= 0) return false
    return this.#groupRng() < rate
  }

  /** Milliseconds to wait before answering this request. */
  delayMs(): number {
    const f = this.#faults
    if (f.latencyMs <= 0 && f.jitterMs <= 0) return 0
    return Math.max(0, f.latencyMs + (f.jitterMs > 0 ? Math.floor(this.#rng() * (f.jitterMs + 1)) : 0))
  }
}

function validateFaults(f: Faults): Faults {
  const rate = (n: string, v: number): void => {
    if (!(typeof v === 'number' && v >= 0 && v <= 1)) throw new Error(`${n} must be a number between 0 and 1`)
  }
  rate('rate429', f.rate429)
  rate('rate5xx', f.rate5xx)
  rate('dropRate', f.dropRate)
  rate('groupConflictRate', f.groupConflictRate)
  if (!(typeof f.keyPropagationSeconds === 'number' && f.keyPropagationSeconds >= 0 && Number.isFinite(f.keyPropagationSeconds))) {
    throw new Error('keyPropagationSeconds must be a number >= 0')
  }
  if (!(f.latencyMs >= 0) || !(f.jitterMs >= 0)) throw new Error('latencyMs and jitterMs must be >= 0')
  if (f.retryAfterSeconds !== null && !(f.retryAfterSeconds >= 0)) throw new Error('retryAfterSeconds must be >= 0 or null')
  if (f.failNth && !(Number.isInteger(f.failNth.n) && f.failNth.n >= 1 && f.failNth.status >= 400 && f.failNth.status <= 599)) {
    throw new Error('failNth needs n >= 1 and a 4xx/5xx status')
  }
  return f
}

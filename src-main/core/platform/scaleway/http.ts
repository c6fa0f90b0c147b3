// The HTTP layer of the Scaleway client: undici, one pooled Agent per API host, JSON in/out,
// timeouts, the host limiter, and the retry policy. Everything with a clock is injected so the
// tests run instantly.
//
// Retry policy (docs/architecture.md, "The Scaleway API client"):
// - GET, PUT, DELETE and PATCH are retried on 5xx, 409 transient_state, timeouts and dropped
//   connections, with jittered exponential backoff. PATCH is treated as idempotent because
//   Scaleway's PATCH sets the given fields to the given values (tags are replaced wholesale,
//   nothing is appended or incremented, §10.12), so sending it twice ends in the same state.
// - POST is never re-sent once it may have reached the server: creates are reconciled by the
//   client (client.ts), other actions surface the error with `mayHaveBeenApplied`.
// - Every method is retried after a 429 (Scaleway's gateway refuses before the service sees
//   the request) and after a refused connection (nothing was sent).
// - 429 and 503+Retry-After pause the client's rate key and shrink its window (limiter.ts: AIMD
//   per organization inside the host's bound).
//
// A response body is read up to MAX_RESPONSE_BYTES (32 MiB; the largest real page of 100
// objects is a few hundred KiB): past that the exchange is aborted and the call fails with
// `bad_response`, not retried, so a hostile or broken API host cannot exhaust memory.
import { Agent, type Dispatcher } from 'undici'
import { ScalewayApiError, errorFromResponse } from './errors'
import { DEFAULT_CONCURRENCY, HostLimiter, HostLimiterRegistry, defaultLimiters, realSleep, type Grant, type Sleep } from './limiter'
import { redact, type Secret } from './secret'

export const API_PREFIX = '/iam/v1alpha1'
/** The Account API (projects), on the same host and credential as IAM. */
export const ACCOUNT_API_PREFIX = '/account/v3'
export const DEFAULT_USER_AGENT = 'iam-desk/0.1.0'
/** The most of one response body IAM Desk reads (see the file comment). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024

export type QueryValue = string | number | boolean | readonly string[] | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestInfo {
  method: string
  path: string
  /** HTTP status, or undefined when no response arrived (see `error`). */
  status: number | undefined
  /** timeout | network code (ECONNRESET, UND_ERR_SOCKET, …) when no response arrived. */
  error?: string
  attempt: number
  durationMs: number
}

export interface HttpOptions {
  apiUrl: string
  secretKey: Secret
  /** Inject a dispatcher (tests). Default: one shared pooled Agent per API host. */
  dispatcher?: Dispatcher
  /** Inject a limiter (tests) or a registry; default: the process-wide registry by origin. */
  limiter?: HostLimiter
  limiters?: HostLimiterRegistry
  concurrency?: number
  /**
   * What the API's rate limit is counted against, for the limiter's AIMD window (limiter.ts):
   * the app passes the organization id. Without it the client shares the host's one window.
   */
  rateKey?: string
  /** Whole request (headers + body) timeout, default 30 s. */
  timeoutMs?: number
  /** Retries after the first attempt, default 4. */
  maxRetries?: number
  sleep?: Sleep
  random?: () => number
  now?: () => number
  userAgent?: string
  onRequest?: (info: RequestInfo) => void
  /** Largest response body read, default MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number
}

export type RetryPolicy = 'idempotent' | 'never'

export interface CallOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** Default: idempotent for GET/PUT/PATCH/DELETE, never for POST. */
  retry?: RetryPolicy
  /** Other secrets in this request's body (a password) to keep out of error messages. */
  secrets?: Secret[]
  /** false: leave the body unparsed (`json` undefined, `text` only), for a caller that parses it elsewhere. */
  parse?: boolean
  /** Another API than IAM v1alpha1 on the same host (ACCOUNT_API_PREFIX for projects). */
  apiPrefix?: string
}

export interface CallResult {
  status: number
  /** Parsed JSON body; undefined for an empty body (204) or when `parse: false`. */
  json: unknown
  /** The body as received. */
  text: string
  /** The body's size in bytes. */
  bytes: number
}

const agents = new Map<string, Agent>()
/** One pooled keep-alive Agent per API host, shared by every client of that host. */
function agentFor(origin: string, connections: number): Agent {
  let a = agents.get(origin)
  if (!a) {
    a = new Agent({ connections, keepAliveTimeout: 10_000 })
    agents.set(origin, a)
  }
  return a
}

/** Network errors where the request never left this machine: safe to re-send, even a POST. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH'])

const TIMEOUT = Symbol('timeout')
const TOO_LARGE = Symbol('too large')

/** "32 MiB", "1 GiB", for messages. */
export function formatBytes(n: number): string {
  const units: [number, string][] = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']]
  for (const [size, unit] of units) if (n >= size) return `${Math.round((n / size) * 10) / 10} ${unit}`
  return `${n} bytes`
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue
    // Scaleway wants repeated keys for arrays (`ids=a&ids=b`); `ids[]=` is refused (§1.2).
    if (Array.isArray(v)) for (const item of v) p.append(k, String(item))
    else p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value
  if (v === undefined || v.trim() === '') return undefined
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000
  const t = Date.parse(v)
  return Number.isNaN(t) ? undefined : Math.max(0, t - now)
}

function errorCode(e: unknown): string {
  let cur: unknown = e
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return 'UNKNOWN_NETWORK_ERROR'
}

export class HttpTransport {
  readonly origin: string
  readonly #base: string
  /** The api_url's own path (a proxy's prefix), before the API prefix. */
  readonly #root: string
  readonly #secret: Secret
  readonly #dispatcher: Dispatcher
  readonly limiter: HostLimiter
  readonly #timeoutMs: number
  readonly #maxRetries: number
  readonly #sleep: Sleep
  readonly #random: () => number
  readonly #now: () => number
  readonly #userAgent: string
  readonly #onRequest: ((info: RequestInfo) => void) | undefined
  readonly #maxResponseBytes: number
  readonly #rateKey: string | undefined
  #requestCount = 0
  #rateLimitedCount = 0

  constructor(opts: HttpOptions) {
    const url = new URL(opts.apiUrl)
    this.origin = url.origin
    // An api_url may carry a path prefix (a proxy); keep it, drop a trailing slash.
    this.#root = url.pathname.replace(/\/+$/, '')
    this.#base = this.#root + API_PREFIX
    this.#secret = opts.secretKey
    const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY
    // The limiter bounds the requests in flight; the pool gets headroom beyond that so a request
    // the limiter lets through never waits for a connection that is still finishing the last
    // response (measured: ~0.1 s on the sync bench).
    this.#dispatcher = opts.dispatcher ?? agentFor(this.origin, concurrency * 2)
    this.#sleep = opts.sleep ?? realSleep
    this.#random = opts.random ?? Math.random
    this.#now = opts.now ?? Date.now
    this.limiter =
      opts.limiter ??
      (opts.limiters ?? defaultLimiters).get(this.origin, { concurrency, sleep: this.#sleep, now: this.#now, random: this.#random })
    this.#timeoutMs = opts.timeoutMs ?? 30_000
    this.#maxRetries = Math.max(0, opts.maxRetries ?? 4)
    this.#userAgent = opts.userAgent ?? DEFAULT_USER_AGENT
    this.#onRequest = opts.onRequest
    this.#maxResponseBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES
    this.#rateKey = opts.rateKey
  }

  /** Answers 429 (too many requests) received, each retry counted: what the sync reports. */
  get rateLimitedCount(): number {
    return this.#rateLimitedCount
  }

  /** HTTP requests sent (every attempt counts), for the benchmark and the sync run table. */
  get requestCount(): number {
    return this.#requestCount
  }

  /** Redact the client's secrets from a message (defence in depth; messages are built from parsed fields). */
  scrub(e: ScalewayApiError, extra: Secret[] = []): ScalewayApiError {
    const secrets = [this.#secret, ...extra]
    const clean = (v: string): string => redact(v, secrets)
    const message = clean(e.message)
    const helpMessage = e.helpMessage === undefined ? undefined : clean(e.helpMessage)
    const details = e.details.map((d) =>
      Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'string' ? clean(v) : v])),
    ) as typeof e.details
    if (message === e.message && helpMessage === e.helpMessage && JSON.stringify(details) === JSON.stringify(e.details)) return e
    return new ScalewayApiError({ ...e, message, details, ...(helpMessage !== undefined ? { helpMessage } : {}) })
  }

  async call(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
    try {
      return await this.#call(method, path, opts)
    } catch (e) {
      if (e instanceof ScalewayApiError) throw this.scrub(e, opts.secrets)
      throw e
    }
  }

  #backoff(attempt: number): number {
    const cap = Math.min(10_000, 250 * 2 ** (attempt - 1))
    return cap / 2 + this.#random() * (cap / 2)
  }

  async #call(method: string, path: string, opts: CallOptions): Promise<CallResult> {
    const idempotent = (opts.retry ?? (method === 'POST' ? 'never' : 'idempotent')) === 'idempotent'
    const fullPath = (opts.apiPrefix === undefined ? this.#base : this.#root + opts.apiPrefix) + path + buildQuery(opts.query)
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body)
    const headers: Record<string, string> = {
      'x-auth-token': this.#secret.reveal(),
      'user-agent': this.#userAgent,
      accept: 'application/json',
    }
    if (body !== undefined) headers['content-type'] = 'application/json'

    for (let attempt = 1; ; attempt++) {
      const canRetry = attempt <= this.#maxRetries
      let grant: Grant | undefined
      const outcome = await this.limiter.run(
        (g) => {
          grant = g
          return this.#attempt(method, path, fullPath, headers, body, attempt, opts.signal)
        },
        opts.signal,
        this.#rateKey,
      )

      if (outcome.kind === 'response') {
        const { status } = outcome
        if (status >= 200 && status < 300) {
          this.limiter.succeeded(this.#rateKey)
          const { text, bytes } = outcome
          return { status, text, bytes, json: opts.parse === false ? undefined : this.#parseJson(text, method, path, status) }
        }
        const retryAfterMs = parseRetryAfter(outcome.retryAfter, this.#now())
        const err = errorFromResponse({
          status,
          bodyText: outcome.text,
          method,
          path,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        })
        if (status === 429) {
          this.#rateLimitedCount++
          this.limiter.throttled(retryAfterMs, grant)
          if (canRetry) continue
          throw err
        }
        if (status === 503 && retryAfterMs !== undefined) this.limiter.throttled(retryAfterMs, grant)
        const transient = status >= 500 || err.kind === 'transient_state'
        if (transient && idempotent && canRetry) {
          if (!(status === 503 && retryAfterMs !== undefined)) await this.#sleep(this.#backoff(attempt), opts.signal)
          continue
        }
        throw err
      }

      if (outcome.kind === 'too_large') {
        // Asking again would only fetch the same flood.
        throw new ScalewayApiError({
          kind: 'bad_response',
          method,
          path,
          status: outcome.status,
          message: `Scaleway answered ${method} ${path} with more than ${formatBytes(this.#maxResponseBytes)}; IAM Desk stopped reading there.`,
        })
      }

      // No response.
      const notSent = outcome.kind === 'network' && NOT_SENT_CODES.has(outcome.code)
      if ((idempotent || notSent) && canRetry) {
        await this.#sleep(this.#backoff(attempt), opts.signal)
        continue
      }
      const mayHaveBeenApplied = !idempotent && !notSent
      const unknown = mayHaveBeenApplied ? ' It may or may not have been applied.' : ''
      if (outcome.kind === 'timeout') {
        throw new ScalewayApiError({
          kind: 'timeout',
          method,
          path,
          ...(mayHaveBeenApplied ? { mayHaveBeenApplied } : {}),
          message: `Scaleway did not answer ${method} ${path} within ${Math.round(this.#timeoutMs / 1000)} s.${unknown}`,
        })
      }
      throw new ScalewayApiError({
        kind: 'network',
        method,
        path,
        code: outcome.code,
        ...(mayHaveBeenApplied ? { mayHaveBeenApplied } : {}),
        message: `Could not reach Scaleway for ${method} ${path} (${outcome.code}).${unknown}`,
      })
    }
  }

  #parseJson(text: string, method: string, path: string, status: number): unknown {
    if (text.trim() === '') return undefined
    try {
      return JSON.parse(text)
    } catch {
      throw new ScalewayApiError({ kind: 'bad_response', method, path, status, message: `Scaleway answered ${method} ${path} with a body that is not JSON.` })
    }
  }

  async #attempt(
    method: string,
    path: string,
    fullPath: string,
    headers: Record<string, string>,
    body: string | undefined,
    attempt: number,
    userSignal: AbortSignal | undefined,
  ): Promise<
    | { kind: 'response'; status: number; text: string; bytes: number; retryAfter: string | string[] | undefined }
    | { kind: 'too_large'; status: number }
    | { kind: 'timeout' }
    | { kind: 'network'; code: string }
  > {
    userSignal?.throwIfAborted()
    this.#requestCount++
    const started = this.#now()
    const report = (status: number | undefined, error?: string): void =>
      this.#onRequest?.({ method, path, status, attempt, durationMs: this.#now() - started, ...(error ? { error } : {}) })
    try {
      const res = await this.#exchange(method, fullPath, headers, body, userSignal)
      report(res.status)
      return { kind: 'response', ...res }
    } catch (e) {
      if (userSignal?.aborted) throw userSignal.reason
      if (e instanceof ResponseTooLarge) {
        report(e.status, 'too_large')
        return { kind: 'too_large', status: e.status }
      }
      const code = e === TIMEOUT ? 'timeout' : errorCode(e)
      if (code === 'timeout' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        report(undefined, 'timeout')
        return { kind: 'timeout' }
      }
      report(undefined, code)
      return { kind: 'network', code }
    }
  }

  /**
   * One HTTP exchange through undici's dispatch API, the body collected as raw chunks. A sync
   * sends thousands of these: `request()` would add a body stream, an AbortController and an
   * `AbortSignal.any` per call, which profiling showed as a large share of the client's CPU.
   * Rejects with TIMEOUT, the caller's abort reason or undici's error.
   */
  #exchange(method: string, fullPath: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal | undefined): Promise<ExchangeResult> {
    return new Promise((resolve, reject) => {
      const exchange = new Exchange(resolve, reject, signal, this.#timeoutMs, this.#maxResponseBytes)
      this.#dispatcher.dispatch(
        {
          origin: this.origin,
          path: fullPath,
          method: method as Dispatcher.HttpMethod,
          headers,
          body: body ?? null,
          headersTimeout: this.#timeoutMs,
          bodyTimeout: this.#timeoutMs,
        },
        exchange,
      )
    })
  }
}

interface ExchangeResult {
  status: number
  text: string
  bytes: number
  retryAfter: string | string[] | undefined
}

/** The exchange was aborted because its body passed the size limit. */
class ResponseTooLarge extends Error {
  constructor(readonly status: number) {
    super('response too large')
  }
}

/**
 * undici's handler for one exchange, and the listener of the caller's abort signal. A class
 * rather than closures: thousands of requests per sync then allocate one object each.
 */
class Exchange implements Dispatcher.DispatchHandler {
  #status = 0
  #retryAfter: string | string[] | undefined
  #chunks: Buffer[] = []
  #bytes = 0
  #tooLarge = false
  #controller: Dispatcher.DispatchController | undefined
  #pendingAbort: unknown
  readonly #timer: ReturnType<typeof setTimeout>

  constructor(
    private readonly resolve: (r: ExchangeResult) => void,
    private readonly reject: (e: unknown) => void,
    private readonly signal: AbortSignal | undefined,
    timeoutMs: number,
    private readonly maxBytes: number,
  ) {
    // A real timer on purpose: it bounds real network time, which the injected clock does not model.
    this.#timer = setTimeout(abortOnTimeout, timeoutMs, this)
    signal?.addEventListener('abort', this, { once: true })
  }

  abort(reason: unknown): void {
    if (this.#controller) this.#controller.abort(reason as Error)
    else this.#pendingAbort ??= reason
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    this.abort(this.signal?.reason)
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller
    if (this.#pendingAbort !== undefined) controller.abort(this.#pendingAbort as Error)
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.#status = statusCode
    this.#retryAfter = headers['retry-after']
    // A declared length over the limit is refused before a byte of the body is read.
    const length = Number(headers['content-length'])
    if (Number.isFinite(length) && length > this.maxBytes) this.#refuseBody(controller)
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#tooLarge) return
    this.#bytes += chunk.length
    if (this.#bytes > this.maxBytes) return this.#refuseBody(controller)
    this.#chunks.push(chunk)
  }

  onResponseEnd(): void {
    this.#finish()
    const chunks = this.#chunks
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')
    this.resolve({ status: this.#status, text, bytes: this.#bytes, retryAfter: this.#retryAfter })
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.#finish()
    this.reject(this.#tooLarge ? new ResponseTooLarge(this.#status) : err === (TIMEOUT as unknown) ? TIMEOUT : err)
  }

  /** Stop reading: drop what was kept and abort the exchange (onResponseError follows). */
  #refuseBody(controller: Dispatcher.DispatchController): void {
    this.#tooLarge = true
    this.#chunks = []
    controller.abort(TOO_LARGE as unknown as Error)
  }

  #finish(): void {
    clearTimeout(this.#timer)
    this.signal?.removeEventListener('abort', this)
  }
}

function abortOnTimeout(exchange: Exchange): void {
  exchange.abort(TIMEOUT)
}

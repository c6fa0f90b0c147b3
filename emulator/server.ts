// The HTTP front: admin endpoints, fault injection, body parsing, authentication, the
// per-group "updating" window, and turning handler results/errors into responses.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { authenticate, isAllowed } from './auth'
import { ApiError, invalidArgument, routeNotFound, serviceUnavailable, tooManyRequests, transientState } from './http/errors'
import { Query } from './http/query'
import { sendJson, sendJsonText, sendNoContent } from './http/responses'
import { Router, type HandlerResult, type RequestContext } from './http/router'
import type { FaultInjector, Faults } from './faults'
import type { RateLimit, RateLimiter } from './rate-limit'
import { apiKeyRoutes } from './routes/api-keys'
import { applicationRoutes } from './routes/applications'
import { catalogueRoutes } from './routes/catalogue'
import { groupRoutes } from './routes/groups'
import { policyRoutes } from './routes/policies'
import { projectRoutes } from './routes/projects'
import { sshKeyRoutes } from './routes/ssh-keys'
import { userRoutes } from './routes/users'
import { QUOTA_NAMES, type QuotaName } from './store/org-state'
import type { Store } from './store/store'

const MAX_BODY_BYTES = 1_000_000
const ADMIN_PREFIX = '/__emulator/'

export interface ServerState {
  store: Store
  faults: FaultInjector
  requestCount: number
  /** 409 transient_state answers (concurrent group writes and injected group conflicts). */
  conflictCount: number
  /** The optional per-organization token bucket (rate-limit.ts); its `refused` counts its 429s. */
  rateLimiter: RateLimiter
}

const router = new Router()
router.add([...sshKeyRoutes, ...groupRoutes, ...apiKeyRoutes, ...userRoutes, ...applicationRoutes, ...policyRoutes, ...catalogueRoutes, ...projectRoutes])

export function createEmulatorServer(state: ServerState): Server {
  const server = createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      // Last resort: never leave a request hanging. No request data is echoed.
      if (!res.headersSent) sendJson(res, 500, { message: 'internal error', type: 'internal_error' })
      else res.destroy()
      console.error('emulator: unexpected error:', err instanceof Error ? err.message : String(err))
    })
  })
  server.keepAliveTimeout = 5_000
  return server
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.local')
  if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(state, req, res, url.pathname.slice(ADMIN_PREFIX.length))

  state.requestCount++
  const decision = state.faults.decide()
  switch (decision.kind) {
    case 'drop':
      req.socket.destroy()
      return
    case 'status':
      return sendError(res, decision.status === 429 ? tooManyRequests(state.faults.current.retryAfterSeconds) : failure(decision.status))
    case 'rate-limit':
      return sendError(res, tooManyRequests(decision.retryAfterSeconds))
    case 'unavailable':
      return sendError(res, serviceUnavailable())
    case 'none':
      break
    default:
      throw new Error(`unhandled fault ${JSON.stringify(decision)}`)
  }

  let lockedGroup: string | undefined
  try {
    const match = router.match(req.method ?? 'GET', url.pathname)
    if (match === null || match === 'method') throw routeNotFound(url.pathname)
    const body = await readJsonBody(req)
    const now = state.store.now()
    const principal = authenticate(state.store, req.headers, now, (org) => org.keyPropagationSeconds ?? state.faults.current.keyPropagationSeconds)
    // The rate limit counts per organization (the caller's), after authentication: a request
    // that names no organization of this emulator has no bucket to draw from.
    const rate = state.rateLimiter.take(principal.org.id, now.getTime())
    if (!rate.allowed) {
      const limit = state.rateLimiter.limit!
      throw tooManyRequests(rate.retryAfterSeconds, { quota: limit.requestsPerSecond, windowSeconds: 1 })
    }
    const ctx: RequestContext = {
      store: state.store,
      principal,
      params: match.params,
      query: new Query(url.searchParams),
      body,
      ip: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      userAgent: String(req.headers['user-agent'] ?? ''),
      now,
    }
    if (match.route.groupWrite) {
      // Scaleway answers 409 transient_state while a group is being updated; with latency
      // injected, a second write to the same group inside that window sees it too.
      const gid = match.params.id ?? ''
      if (state.store.updatingGroups.has(gid)) throw transientState('group', gid)
      // The groupConflictRate fault: the same answer, as if another writer held the group.
      // Only a write that could otherwise go through (an existing group of the caller's
      // organization, a caller allowed to write groups) is a candidate, and the refusal
      // comes before the handler runs, so it changes nothing.
      if (principal.org.groups.get(gid) && isAllowed(principal, 'group', 'write') && state.faults.groupConflict()) {
        throw transientState('group', gid)
      }
      state.store.updatingGroups.add(gid)
      lockedGroup = gid
    }
    const delay = state.faults.delayMs()
    if (delay > 0) await new Promise((r) => setTimeout(r, delay))
    ctx.now = state.store.now()
    let result: HandlerResult
    try {
      result = match.route.handler(ctx)
    } finally {
      // Anything but a read may have changed stored objects: the JSON kept for them is stale.
      if (req.method !== 'GET' && req.method !== 'HEAD') state.store.revision++
    }
    if (result.status === 204) sendNoContent(res)
    else if ('json' in result) sendJsonText(res, 200, result.json)
    else sendJson(res, 200, result.body)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    if (err.status === 409 && err.body.type === 'transient_state') state.conflictCount++
    sendError(res, err)
  } finally {
    if (lockedGroup !== undefined) state.store.updatingGroups.delete(lockedGroup)
  }
}

function failure(status: number): ApiError {
  if (status >= 500) return serviceUnavailable(status)
  return new ApiError(status, { message: 'injected failure', type: 'unknown_error' })
}

function sendError(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.status, err.body, err.headers)
}

async function readBody(req: IncomingMessage): Promise<string> {
  // Most requests are GETs without a body: skip the stream machinery for them.
  const length = req.headers['content-length']
  if (req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) return ''
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw invalidArgument('body', 'constraint', 'request body is too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Accepts `application/json` with or without parameters (the JS SDK adds charset=utf-8). */
async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req)
  if (text.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw invalidArgument('body', 'format', 'request body must be valid JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidArgument('body', 'format', 'request body must be a JSON object')
  }
  return parsed as Record<string, unknown>
}

/** Admin surface outside /iam/: faults, counters, quotas. Loopback only, no auth. */
async function handleAdmin(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    const method = req.method ?? 'GET'
    if (path === 'faults' && method === 'GET') return sendJson(res, 200, state.faults.current)
    if (path === 'faults' && method === 'POST') {
      const body = (await readJsonBody(req)) as Partial<Faults>
      try {
        state.faults.set(body)
      } catch (e) {
        throw invalidArgument('faults', 'constraint', e instanceof Error ? e.message : String(e))
      }
      return sendJson(res, 200, state.faults.current)
    }
    if (path === 'stats' && method === 'GET') {
      return sendJson(res, 200, { request_count: state.requestCount, conflict_count: state.conflictCount, rate_limited_count: state.rateLimiter.refused })
    }
    if (path === 'reset-counters' && method === 'POST') {
      resetCounters(state)
      return sendJson(res, 200, { request_count: 0, conflict_count: 0, rate_limited_count: 0 })
    }
    if (path === 'rate-limit' && method === 'GET') return sendJson(res, 200, rateLimitBody(state.rateLimiter.limit))
    if (path === 'rate-limit' && method === 'POST') {
      const body = await readJsonBody(req)
      setRateLimit(state, body.requests_per_second === null ? null : { requestsPerSecond: body.requests_per_second as number, burst: (body.burst ?? body.requests_per_second) as number })
      return sendJson(res, 200, rateLimitBody(state.rateLimiter.limit))
    }
    if (path === 'quota' && method === 'POST') {
      const body = await readJsonBody(req)
      setQuota(state.store, body.name, body.limit, body.organization_id)
      // Counters and faults leave stored objects alone; a quota may change what is served.
      state.store.revision++
      return sendJson(res, 200, { ok: true })
    }
    if (path === 'key-propagation' && method === 'GET') return sendJson(res, 200, keyPropagation(state))
    if (path === 'key-propagation' && method === 'POST') {
      const body = await readJsonBody(req)
      setKeyPropagation(state.store, body.seconds, body.organization_id)
      return sendJson(res, 200, keyPropagation(state))
    }
    throw routeNotFound(`${ADMIN_PREFIX}${path}`)
  } catch (err) {
    if (err instanceof ApiError) return sendError(res, err)
    throw err
  }
}

export function resetCounters(state: ServerState): void {
  state.requestCount = 0
  state.conflictCount = 0
  state.rateLimiter.refused = 0
}

/** The admin body: `{ requests_per_second, burst }`, both null when there is no limit. */
function rateLimitBody(limit: RateLimit | null): { requests_per_second: number | null; burst: number | null } {
  return { requests_per_second: limit?.requestsPerSecond ?? null, burst: limit?.burst ?? null }
}

/** Sets (or with null, removes) every organization's token bucket; a new limit starts them full. */
export function setRateLimit(state: ServerState, limit: RateLimit | null): void {
  try {
    state.rateLimiter.set(limit)
  } catch (e) {
    throw invalidArgument('rate_limit', 'constraint', e instanceof Error ? e.message : String(e))
  }
}

export function setQuota(store: Store, name: unknown, limit: unknown, organizationId?: unknown): void {
  if (!(QUOTA_NAMES as readonly unknown[]).includes(name)) throw invalidArgument('name', 'constraint', `one of ${QUOTA_NAMES.join(', ')}`)
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) throw invalidArgument('limit', 'constraint', 'a non-negative integer')
  for (const org of store.orgs.values()) {
    if (organizationId === undefined || organizationId === null || org.id === organizationId) org.quotas.set(name as QuotaName, limit)
  }
}

/** The propagation delay of new API keys: the default (faults) and each organization's own. */
export function keyPropagation(state: ServerState): { default_seconds: number; organizations: Record<string, number> } {
  const organizations: Record<string, number> = {}
  for (const org of state.store.orgs.values()) if (org.keyPropagationSeconds !== undefined) organizations[org.id] = org.keyPropagationSeconds
  return { default_seconds: state.faults.current.keyPropagationSeconds, organizations }
}

/** Sets (a number of seconds) or clears (null) one organization's delay, or every organization's when omitted. */
export function setKeyPropagation(store: Store, seconds: unknown, organizationId?: unknown): void {
  if (seconds !== null && !(typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0)) {
    throw invalidArgument('seconds', 'constraint', 'a number of seconds >= 0, or null to use the default')
  }
  if (organizationId !== undefined && organizationId !== null && !store.orgs.has(String(organizationId))) {
    throw invalidArgument('organization_id', 'constraint', 'not an organization of this emulator')
  }
  for (const org of store.orgs.values()) {
    if (organizationId === undefined || organizationId === null || org.id === organizationId) org.keyPropagationSeconds = seconds === null ? undefined : (seconds as number)
  }
}

// Every failure of a Scaleway call becomes one ScalewayApiError with a closed `kind` the UI
// switches on. Error bodies follow docs/scaleway-iam-api.md §2.1; the message is written
// in plain words from the parsed fields and never contains the X-Auth-Token (the client
// redacts its secrets from every message as a last line of defence, see client.ts).
import { ScalewayErrorBody } from '../../../../domain/schemas'

export type ScalewayErrorKind =
  | 'invalid_arguments'
  | 'denied_authentication'
  | 'permissions_denied'
  | 'not_found'
  | 'transient_state'
  | 'quotas_exceeded'
  | 'precondition_failed'
  | 'conflict'
  | 'locked'
  | 'expired'
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'timeout'
  | 'bad_response'
  | 'unknown_outcome'
  | 'unknown'

export interface InvalidArgumentDetail {
  argument_name: string
  reason: string
  help_message: string
}
export interface PermissionDetail {
  resource: string
  action: string
}
export interface QuotaDetail {
  resource: string
  quota: number
  current: number
  organization_id?: string
  project_id?: string
}
export type ErrorDetail = InvalidArgumentDetail | PermissionDetail | QuotaDetail

export interface ScalewayApiErrorInit {
  kind: ScalewayErrorKind
  message: string
  method: string
  path: string
  status?: number
  /** The raw Scaleway `type` of the error body, when there was one. */
  type?: string
  details?: ErrorDetail[]
  resource?: string
  resourceId?: string
  /** denied_authentication: unknown_reason | invalid_argument | not_found | expired */
  reason?: string
  /** denied_authentication: api_key | jwt | unknown_method */
  authMethod?: string
  currentState?: string
  precondition?: string
  helpMessage?: string
  retryAfterMs?: number
  /** bad_response: the zod issue paths (never the offending values). */
  issues?: string[]
  /** network: the low-level error code (ECONNRESET, UND_ERR_SOCKET, …). */
  code?: string
  /** unknown_outcome of POST /api-keys: the key that was created but whose secret was lost. */
  accessKey?: string
  /** network/timeout on a non-idempotent request: it may have been applied by the server. */
  mayHaveBeenApplied?: boolean
}

export class ScalewayApiError extends Error {
  override readonly name = 'ScalewayApiError'
  // Optional fields are `declare`d so that only the ones set exist (clean JSON and inspect output).
  readonly kind: ScalewayErrorKind
  declare readonly status?: number
  declare readonly type?: string
  readonly details: ErrorDetail[]
  declare readonly resource?: string
  declare readonly resourceId?: string
  declare readonly reason?: string
  declare readonly authMethod?: string
  declare readonly currentState?: string
  declare readonly precondition?: string
  declare readonly helpMessage?: string
  declare readonly retryAfterMs?: number
  declare readonly issues?: string[]
  declare readonly code?: string
  declare readonly accessKey?: string
  declare readonly mayHaveBeenApplied?: boolean
  readonly method: string
  readonly path: string

  constructor(init: ScalewayApiErrorInit) {
    super(init.message)
    this.kind = init.kind
    this.method = init.method
    this.path = init.path
    this.details = init.details ?? []
    // Only copy what is set, so JSON and inspect output stay short and readable.
    if (init.status !== undefined) this.status = init.status
    if (init.type !== undefined) this.type = init.type
    if (init.resource !== undefined) this.resource = init.resource
    if (init.resourceId !== undefined) this.resourceId = init.resourceId
    if (init.reason !== undefined) this.reason = init.reason
    if (init.authMethod !== undefined) this.authMethod = init.authMethod
    if (init.currentState !== undefined) this.currentState = init.currentState
    if (init.precondition !== undefined) this.precondition = init.precondition
    if (init.helpMessage !== undefined) this.helpMessage = init.helpMessage
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs
    if (init.issues !== undefined) this.issues = init.issues
    if (init.code !== undefined) this.code = init.code
    if (init.accessKey !== undefined) this.accessKey = init.accessKey
    if (init.mayHaveBeenApplied !== undefined) this.mayHaveBeenApplied = init.mayHaveBeenApplied
  }

  toJSON(): Record<string, unknown> {
    // Own fields only (an Error's message is not enumerable); never a stack or a cause.
    return { ...(this as unknown as Record<string, unknown>), name: this.name, message: this.message }
  }
}

/**
 * A schema failure as "field.path: code" lines — paths and issue codes only: the values may be
 * anything, including personal data.
 */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string }>, max = 20): string[] {
  return issues.slice(0, max).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`)
}

export function isScalewayApiError(e: unknown): e is ScalewayApiError {
  return e instanceof ScalewayApiError
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

function parseDetails(raw: unknown): ErrorDetail[] {
  if (!Array.isArray(raw)) return []
  const out: ErrorDetail[] = []
  for (const d of raw) {
    if (d === null || typeof d !== 'object') continue
    const r = d as Record<string, unknown>
    if (typeof r.argument_name === 'string') {
      out.push({ argument_name: r.argument_name, reason: str(r.reason) ?? 'unknown', help_message: str(r.help_message) ?? '' })
    } else if (typeof r.resource === 'string' && typeof r.action === 'string') {
      out.push({ resource: r.resource, action: r.action })
    } else if (typeof r.resource === 'string' && (num(r.quota) !== undefined || num(r.current) !== undefined)) {
      const q: QuotaDetail = { resource: r.resource, quota: num(r.quota) ?? 0, current: num(r.current) ?? 0 }
      if (typeof r.organization_id === 'string') q.organization_id = r.organization_id
      if (typeof r.project_id === 'string') q.project_id = r.project_id
      out.push(q)
    }
  }
  return out
}

/** "access_key" → "access key", "" → "resource" */
const words = (resource: string | undefined): string => (resource ? resource.replace(/_/g, ' ') : 'resource')

function kindForStatus(status: number): ScalewayErrorKind {
  if (status === 400) return 'invalid_arguments'
  if (status === 401) return 'denied_authentication'
  if (status === 403) return 'permissions_denied'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 410) return 'expired'
  if (status === 412) return 'precondition_failed'
  if (status === 423) return 'locked'
  if (status === 429) return 'rate_limited'
  if (status >= 500) return 'server_error'
  return 'unknown'
}

/**
 * Build the typed error for a non-2xx answer. `bodyText` is the raw body (may be empty or not
 * JSON: Scaleway's gateway answers 429 with no body at all, §3).
 */
export function errorFromResponse(args: {
  status: number
  bodyText: string
  method: string
  path: string
  retryAfterMs?: number
}): ScalewayApiError {
  const { status, method, path, retryAfterMs } = args
  const where = `${method} ${path}`
  let json: unknown
  try {
    json = args.bodyText ? JSON.parse(args.bodyText) : undefined
  } catch {
    json = undefined
  }
  const parsed = ScalewayErrorBody.safeParse(json)
  const base = { method, path, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
  const wait = retryAfterMs !== undefined ? ` Retry after ${Math.ceil(retryAfterMs / 1000)} s.` : ''

  if (!parsed.success) {
    const kind = kindForStatus(status)
    return new ScalewayApiError({ ...base, kind, message: genericMessage(kind, status, where) + wait })
  }
  const b = parsed.data
  const raw = b as Record<string, unknown>
  const details = parseDetails(b.details)
  const common = {
    ...base,
    type: b.type,
    details,
    ...(b.resource !== undefined ? { resource: b.resource } : {}),
    ...(b.resource_id !== undefined ? { resourceId: b.resource_id } : {}),
    ...(b.help_message !== undefined ? { helpMessage: b.help_message } : {}),
  }
  switch (b.type) {
    case 'invalid_arguments': {
      const list = details
        .filter((d): d is InvalidArgumentDetail => 'argument_name' in d)
        .map((d) => `${d.argument_name} (${d.reason}${d.help_message ? `: ${d.help_message}` : ''})`)
      const msg = list.length ? `Scaleway refused the request: invalid ${list.join(', ')}.` : 'Scaleway refused the request: invalid argument(s).'
      return new ScalewayApiError({ ...common, kind: 'invalid_arguments', message: msg })
    }
    case 'denied_authentication': {
      const reason = str(raw.reason) ?? 'unknown_reason'
      const authMethod = str(raw.method) ?? 'unknown_method'
      const why =
        reason === 'not_found'
          ? 'the API key is unknown (deleted, or a typo in the secret key)'
          : reason === 'expired'
            ? 'the API key has expired'
            : reason === 'invalid_argument'
              ? 'the secret key is missing or malformed'
              : 'the credentials were refused'
      return new ScalewayApiError({ ...common, kind: 'denied_authentication', reason, authMethod, message: `Authentication failed: ${why}.` })
    }
    case 'permissions_denied': {
      const list = details.filter((d): d is PermissionDetail => 'action' in d).map((d) => `${d.action} ${words(d.resource)}`)
      const msg = list.length
        ? `Permission denied: this API key may not ${list.join(', ')}.`
        : 'Permission denied: this API key lacks the rights for this request.'
      return new ScalewayApiError({ ...common, kind: 'permissions_denied', message: msg })
    }
    case 'not_found': {
      // Removing a non-member answers resource "" with the member id (§2.1).
      const msg = b.resource
        ? `The ${words(b.resource)} ${b.resource_id ?? ''} was not found.`.replace('  ', ' ')
        : `${b.resource_id ?? 'The resource'} was not found${path.includes('/remove-member') ? ' among the group members' : ''}.`
      return new ScalewayApiError({ ...common, kind: 'not_found', message: msg })
    }
    case 'transient_state': {
      const currentState = str(raw.current_state) ?? 'unknown'
      return new ScalewayApiError({
        ...common,
        kind: 'transient_state',
        currentState,
        message: `The ${words(b.resource)} ${b.resource_id ?? ''} is busy (${currentState}); try again in a moment.`.replace('  ', ' '),
      })
    }
    case 'quotas_exceeded': {
      const list = details
        .filter((d): d is QuotaDetail => 'quota' in d)
        .map((d) => `${words(d.resource)} (${d.current}/${d.quota})`)
      return new ScalewayApiError({
        ...common,
        kind: 'quotas_exceeded',
        message: `Quota exceeded${list.length ? `: ${list.join(', ')}` : ''}.`,
      })
    }
    case 'precondition_failed': {
      const precondition = str(raw.precondition) ?? 'unknown_precondition'
      const why =
        precondition === 'resource_still_in_use'
          ? 'the resource is still in use'
          : precondition === 'attribute_must_be_set'
            ? 'a required attribute is not set'
            : 'a precondition failed'
      return new ScalewayApiError({
        ...common,
        kind: 'precondition_failed',
        precondition,
        message: `Scaleway refused the request: ${why}${b.help_message ? ` (${b.help_message})` : ''}.`,
      })
    }
    case 'already_exists':
      return new ScalewayApiError({
        ...common,
        kind: 'conflict',
        message: `The ${words(b.resource)} ${b.resource_id ?? ''} already exists.`.replace('  ', ' '),
      })
    case 'conflict':
      return new ScalewayApiError({ ...common, kind: 'conflict', message: `Conflict: ${b.message ?? 'the request conflicts with the current state'}.` })
    case 'locked':
      return new ScalewayApiError({ ...common, kind: 'locked', message: `The ${words(b.resource)} ${b.resource_id ?? ''} is locked.`.replace('  ', ' ') })
    // JS SDK says `expired`, Go says `resource_expired` (§2.1): accept both.
    case 'expired':
    case 'resource_expired':
      return new ScalewayApiError({ ...common, kind: 'expired', message: `The ${words(b.resource)} ${b.resource_id ?? ''} has expired.`.replace('  ', ' ') })
    case 'too_many_requests':
      return new ScalewayApiError({ ...common, kind: 'rate_limited', message: `Scaleway is rate limiting requests.${wait}` })
    case 'out_of_stock':
      return new ScalewayApiError({ ...common, kind: 'server_error', message: `Scaleway is out of stock for ${words(b.resource)}.` })
    default: {
      // An unknown `type`: fall back on the status, keep Scaleway's own message (it is text the
      // server chose to show, and the client redacts its secrets from it anyway).
      const kind = kindForStatus(status)
      const extra = b.message ? `: ${b.message}` : ''
      return new ScalewayApiError({ ...common, kind, message: `${genericMessage(kind, status, where)}${extra}${wait}` })
    }
  }
}

function genericMessage(kind: ScalewayErrorKind, status: number, where: string): string {
  switch (kind) {
    case 'rate_limited':
      return `Scaleway is rate limiting requests (HTTP 429 on ${where}).`
    case 'server_error':
      return `Scaleway had a server error (HTTP ${status} on ${where}).`
    case 'denied_authentication':
      return `Authentication failed (HTTP 401 on ${where}).`
    case 'permissions_denied':
      return `Permission denied (HTTP 403 on ${where}).`
    case 'not_found':
      return `Not found (HTTP 404 on ${where}).`
    default:
      return `Scaleway answered HTTP ${status} on ${where}.`
  }
}

// Scaleway error bodies in their real shapes (reference §2.1). Handlers throw ApiError; the
// server turns it into the response. Field sets match what @scaleway/sdk-client needs to map
// each type to its Errors.* class.

export interface ArgumentDetail {
  argument_name: string
  reason: 'required' | 'format' | 'constraint' | 'unknown'
  help_message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? body.type))
  }
}

export const invalidArguments = (details: ArgumentDetail[]): ApiError =>
  new ApiError(400, { details, message: 'invalid argument(s)', type: 'invalid_arguments' })

export const invalidArgument = (argument_name: string, reason: ArgumentDetail['reason'], help_message: string): ApiError =>
  invalidArguments([{ argument_name, reason, help_message }])

export type AuthReason = 'invalid_argument' | 'not_found' | 'expired' | 'unknown_reason'
export const deniedAuthentication = (reason: AuthReason): ApiError =>
  new ApiError(401, { message: 'authentication is denied', method: 'api_key', reason, type: 'denied_authentication' })

export const permissionsDenied = (resource: string, action: string): ApiError =>
  new ApiError(403, { details: [{ action, resource }], message: 'insufficient permissions', type: 'permissions_denied' })

export const notFound = (resource: string, resourceId: string): ApiError =>
  new ApiError(404, { message: 'resource is not found', resource, resource_id: resourceId, type: 'not_found' })

export const transientState = (resource: string, resourceId: string): ApiError =>
  new ApiError(409, {
    current_state: 'updating',
    message: 'resource is in a transient state',
    resource,
    resource_id: resourceId,
    type: 'transient_state',
  })

export const alreadyExists = (resource: string, resourceId: string, help: string): ApiError =>
  new ApiError(409, { help_message: help, message: 'resource already exists', resource, resource_id: resourceId, type: 'already_exists' })

export const quotasExceeded = (resource: string, quota: number, current: number, organizationId: string): ApiError =>
  new ApiError(403, {
    details: [{ current, organization_id: organizationId, quota, resource }],
    message: 'quota(s) exceeded for this resource',
    type: 'quotas_exceeded',
  })

/**
 * 429. With `limit` (the rate limit of emulator/rate-limit.ts) the body also carries the optional
 * fields the JS SDK's TooManyRequestsError reads: `limit: { quota, window_seconds }` and
 * `reset_seconds` (reference §2.1).
 */
export const tooManyRequests = (retryAfterSeconds: number | null, limit?: { quota: number; windowSeconds: number }): ApiError =>
  new ApiError(
    429,
    {
      help_message: 'Slow down and retry later.',
      ...(limit ? { limit: { quota: limit.quota, window_seconds: limit.windowSeconds } } : {}),
      message: 'too many requests',
      ...(limit && retryAfterSeconds !== null ? { reset_seconds: retryAfterSeconds } : {}),
      type: 'too_many_requests',
    },
    retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) },
  )

export const serviceUnavailable = (status = 503): ApiError =>
  new ApiError(status, { message: 'service is temporarily unavailable', type: 'service_unavailable' })

export const routeNotFound = (path: string): ApiError =>
  new ApiError(404, { message: 'resource is not found', resource: 'route', resource_id: path, type: 'not_found' })

// Turns the core's foreign errors (Scaleway API, cache) into the contract's closed error codes,
// with messages in the user's words. The router calls this for anything that is not an AppError.
import { AppError, unreachable } from './app-error'
import { ScalewayApiError } from '../platform/scaleway/errors'

export function mapError(err: unknown): AppError | undefined {
  if (err instanceof ScalewayApiError) return fromApiError(err)
  return undefined
}

export function fromApiError(e: ScalewayApiError): AppError {
  switch (e.kind) {
    case 'invalid_arguments':
      return new AppError('BAD_REQUEST', e.message, { fields: e.details })
    case 'denied_authentication':
    case 'expired':
      return new AppError(
        'UNAUTHENTICATED',
        e.reason === 'expired' ? 'This API key has expired. Add the organization again with a valid key.' : 'Scaleway does not recognise this API key (unknown or revoked).',
        e.reason ? { reason: e.reason } : undefined,
      )
    case 'permissions_denied': {
      const missing = e.details.map((d) => ('action' in d ? `${d.action} on ${d.resource}` : '')).filter(Boolean)
      return new AppError('PERMISSION_DENIED', missing.length ? `This API key may not ${missing.join(', ')}.` : 'This API key lacks the permission for this action.', { missing })
    }
    case 'not_found':
      return new AppError('NOT_FOUND', e.message, { resource: e.resource, resourceId: e.resourceId })
    case 'transient_state':
    case 'conflict':
    case 'precondition_failed':
    case 'locked':
      return new AppError('CONFLICT', e.message)
    case 'quotas_exceeded':
      return new AppError('QUOTA_EXCEEDED', e.message)
    case 'rate_limited':
      return new AppError('RATE_LIMITED', e.message, e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : undefined)
    case 'network':
    case 'timeout':
    case 'server_error':
      return new AppError('OFFLINE', `Scaleway cannot be reached right now (${e.kind === 'server_error' ? 'it answered with a server error' : e.kind === 'timeout' ? 'the request timed out' : 'no connection'}).`)
    case 'bad_response':
      return new AppError('BAD_RESPONSE', e.message)
    case 'unknown_outcome':
      return new AppError('CONFLICT', e.message, e.accessKey ? { accessKey: e.accessKey } : undefined)
    case 'unknown':
      return new AppError('INTERNAL', e.message)
    default:
      throw unreachable(e.kind)
  }
}

/** True when the error means "Scaleway is unreachable", as opposed to a refusal. */
export function isConnectivityError(err: unknown): boolean {
  return err instanceof ScalewayApiError && (err.kind === 'network' || err.kind === 'timeout')
}

// The one conversion from the core's errors to the contract's error shape, and the one rule for
// "Scaleway is unreachable". The router uses it for every call, the sync for its summaries, the
// write runner for its journal, so one failure always gets one code and one message wherever
// it is shown. Messages are in the user's words; details never carry a stack, a file path or a
// secret (the API client redacts its secrets from every message it builds).
import type { AppErrorShape, ErrorCode } from '../../../src-preload/contract'
import { unreachable } from './app-error'
import { isCoreError, type CoreError } from './core-error'

/** What an unknown exception (not a CoreError) becomes: no message of its own ever crosses. */
export const INTERNAL_ERROR: AppErrorShape = {
  code: 'INTERNAL',
  message: 'Something went wrong inside IAM Desk. Refresh before trying again, and report it if it happens again.',
}

/**
 * THE connectivity rule: the error means "Scaleway cannot be used right now" — no connection,
 * no answer in time, or a server error (5xx) still there after the client's retries. All three
 * need the same thing from the user (wait, then try again), so they share one code (OFFLINE) and
 * all three turn the offline banner on. A refusal (4xx) means Scaleway answered: never offline.
 */
export function isUnreachable(err: unknown): boolean {
  return isCoreError(err) && (err.kind === 'network' || err.kind === 'timeout' || err.kind === 'server_error')
}

/** The contract's error for anything thrown: a CoreError by its kind, anything else INTERNAL. */
export function toContractError(err: unknown): AppErrorShape {
  return isCoreError(err) ? describe(err) : { ...INTERNAL_ERROR }
}

/** The contract code of a CoreError (the code of `toContractError`). */
export function contractCode(err: CoreError): ErrorCode {
  return describe(err).code
}

function shape(code: ErrorCode, message: string, details?: Record<string, unknown>): AppErrorShape {
  const defined = details ? Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) : {}
  return Object.keys(defined).length ? { code, message, details: defined } : { code, message }
}

function describe(e: CoreError): AppErrorShape {
  switch (e.kind) {
    // ---- the Scaleway API client (platform/scaleway/errors.ts)
    case 'invalid_arguments':
      return shape('BAD_REQUEST', e.message, { fields: e.details.length ? e.details : undefined })
    case 'denied_authentication':
      return shape('UNAUTHENTICATED', deniedMessage(e.reason), { reason: e.reason })
    case 'expired':
      return shape('UNAUTHENTICATED', e.message, { resource: e.resource })
    case 'permissions_denied': {
      const missing = e.details.map((d) => ('action' in d ? `${d.action} on ${d.resource.replace(/_/g, ' ')}` : '')).filter(Boolean)
      return shape('PERMISSION_DENIED', missing.length ? `This API key may not ${missing.join(', ')}.` : 'This API key lacks the permission for this action.', {
        missing: missing.length ? missing : undefined,
      })
    }
    case 'not_found':
      return shape('NOT_FOUND', e.message, { resource: e.resource, resourceId: e.resourceId })
    case 'transient_state':
    case 'conflict':
    case 'precondition_failed':
    case 'locked':
      return shape('CONFLICT', e.message)
    case 'unknown_outcome':
      return shape('CONFLICT', e.message, { accessKey: e.accessKey })
    case 'quotas_exceeded':
      return shape('QUOTA_EXCEEDED', e.message)
    case 'rate_limited':
      return shape('RATE_LIMITED', e.message, { retryAfterMs: e.retryAfterMs })
    case 'network':
    case 'timeout':
    case 'server_error': {
      const what =
        e.kind === 'server_error'
          ? 'Scaleway is answering with server errors right now.'
          : e.kind === 'timeout'
            ? 'Scaleway did not answer in time.'
            : 'There is no connection to Scaleway right now.'
      const applied = e.mayHaveBeenApplied ? ' The change may or may not have been applied: refresh before trying again.' : ''
      return shape('OFFLINE', `${what}${applied}`, { mayHaveBeenApplied: e.mayHaveBeenApplied })
    }
    case 'bad_response':
    case 'unknown':
      return shape('BAD_RESPONSE', e.message)
    // ---- the local cache (platform/cache/cache-error.ts)
    case 'cache_too_new':
    case 'cache_migration_failed':
    case 'cache_commit_failed':
      return shape('CACHE_UNAVAILABLE', e.message)
    case 'organization_removed':
      return shape('NOT_FOUND', e.message)
    // ---- the OS keychain (platform/secrets/keychain-error.ts)
    case 'keychain_unavailable':
      return shape('KEYCHAIN_UNAVAILABLE', e.message, e.details)
    // ---- IAM Desk's own refusals (errors/app-error.ts)
    case 'invalid_input':
      return shape('BAD_REQUEST', e.message, e.details)
    case 'not_in_desk':
      return shape('NOT_FOUND', e.message, e.details)
    case 'state_conflict':
      return shape('CONFLICT', e.message, e.details)
    case 'credentials':
      return shape('UNAUTHENTICATED', e.message, e.details)
    case 'not_permitted':
      return shape('PERMISSION_DENIED', e.message, e.details)
    case 'unexpected_answer':
      return shape('BAD_RESPONSE', e.message, e.details)
    case 'cancelled':
      return shape('CANCELLED', e.message, e.details)
    default:
      throw unreachable(e)
  }
}

/** denied_authentication by Scaleway's reason (docs/scaleway-iam-api.md §2.1). */
function deniedMessage(reason: string | undefined): string {
  switch (reason) {
    case 'expired':
      return 'This API key has expired. Create a new one in the Scaleway console and add the organization again.'
    case 'not_found':
      return 'Scaleway does not recognise this API key: it was deleted, or the secret key has a typo.'
    case 'invalid_argument':
      return 'The secret key is missing or malformed.'
    default:
      return 'Scaleway refused this API key (unknown, expired or revoked).'
  }
}

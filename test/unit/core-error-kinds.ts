// One CoreError of every kind there is, for the tests of the one conversion. The lists are
// checked by the compiler: a new kind fails to compile here until it is listed (and so tested).
import { AppError, type AppErrorKind } from '../../src-main/core/errors/app-error'
import type { CoreError } from '../../src-main/core/errors/core-error'
import { CacheError, CACHE_ERROR_KINDS } from '../../src-main/core/platform/cache/cache-error'
import { KeychainUnavailableError } from '../../src-main/core/platform/secrets/keychain-error'
import { ScalewayApiError, type ScalewayErrorKind } from '../../src-main/core/platform/scaleway/errors'

const keys = <K extends string>(o: Record<K, true>): K[] => Object.keys(o) as K[]

export const API_ERROR_KINDS = keys<ScalewayErrorKind>({
  invalid_arguments: true,
  denied_authentication: true,
  permissions_denied: true,
  not_found: true,
  transient_state: true,
  quotas_exceeded: true,
  precondition_failed: true,
  conflict: true,
  locked: true,
  expired: true,
  rate_limited: true,
  server_error: true,
  network: true,
  timeout: true,
  bad_response: true,
  unknown_outcome: true,
  unknown: true,
})

export const APP_ERROR_KINDS = keys<AppErrorKind>({
  invalid_input: true,
  not_in_desk: true,
  state_conflict: true,
  credentials: true,
  not_permitted: true,
  unexpected_answer: true,
  cancelled: true,
})

export function everyCoreError(): CoreError[] {
  return [
    ...API_ERROR_KINDS.map((kind) => new ScalewayApiError({ kind, message: `Scaleway said ${kind}.`, method: 'POST', path: '/iam/v1alpha1/users' })),
    ...CACHE_ERROR_KINDS.map((kind) => new CacheError(kind, `The cache said ${kind}.`)),
    new KeychainUnavailableError('locked', 'collection is locked'),
    ...APP_ERROR_KINDS.map((kind) => new AppError(kind, `IAM Desk said ${kind}.`)),
  ]
}

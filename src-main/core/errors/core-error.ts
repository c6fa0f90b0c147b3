// The one error model of the core. Everything thrown inside src-main/core for a known reason is
// a CoreError: one of four classes, each with a `kind` from its own closed set, and the four
// sets never overlap, so `kind` alone tells which class it is. Anything else that is thrown is
// an unknown exception (a bug, a library failing): the router shows it as INTERNAL.
//
// - ScalewayApiError  — a Scaleway call failed (refused, unreachable, unreadable answer).
// - CacheError        — the local cache cannot be used for this.
// - KeychainUnavailableError — the OS keychain cannot be used.
// - AppError          — IAM Desk refuses by itself (validation, not in IAM Desk, conflict, …).
//
// contract-error.ts turns a CoreError into the contract's error shape; it is the only place
// that knows contract codes.
import { ScalewayApiError, type ScalewayErrorKind } from '../platform/scaleway/errors'
import { CacheError, type CacheErrorKind } from '../platform/cache/cache-error'
import { KeychainUnavailableError } from '../platform/secrets/keychain-error'
import { AppError, type AppErrorKind } from './app-error'

export type CoreError = ScalewayApiError | CacheError | KeychainUnavailableError | AppError
export type CoreErrorKind = ScalewayErrorKind | CacheErrorKind | KeychainUnavailableError['kind'] | AppErrorKind

export function isCoreError(err: unknown): err is CoreError {
  return err instanceof ScalewayApiError || err instanceof CacheError || err instanceof KeychainUnavailableError || err instanceof AppError
}

/** The kind of a CoreError, undefined for anything else. */
export function kindOf(err: unknown): CoreErrorKind | undefined {
  return isCoreError(err) ? err.kind : undefined
}

// Compile-time proof that the four sets of kinds are disjoint (a shared kind would make the
// conversion's switch ambiguous): each intersection must be `never`.
type Disjoint<A, B> = [A & B] extends [never] ? true : false
const disjoint: [
  Disjoint<ScalewayErrorKind, CacheErrorKind>,
  Disjoint<ScalewayErrorKind, AppErrorKind>,
  Disjoint<ScalewayErrorKind, 'keychain_unavailable'>,
  Disjoint<CacheErrorKind, AppErrorKind>,
  Disjoint<CacheErrorKind, 'keychain_unavailable'>,
  Disjoint<AppErrorKind, 'keychain_unavailable'>,
] = [true, true, true, true, true, true]
void disjoint

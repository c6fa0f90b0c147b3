// IAM Desk's own refusals: what the core decides by itself, before or after asking Scaleway.
// One of the CoreError classes (core-error.ts). It names WHY (its `kind`), never a contract
// code: the one conversion (contract-error.ts) decides the code, so a kind cannot be shown as
// two different codes in two places. The message is in the user's words.

export type AppErrorKind =
  /** The user's input fails a check, or a rule forbids the request (e.g. deleting the owner). */
  | 'invalid_input'
  /** The organization or object is not in IAM Desk (removed, or not synced yet). */
  | 'not_in_desk'
  /** The request conflicts with the current state (already added, changed since loaded, self-lockout). */
  | 'state_conflict'
  /** IAM Desk holds no usable credentials for this (no secret kept, keys that do not belong together). */
  | 'credentials'
  /** The organization's key lacks a right IAM Desk needs (e.g. reading IAM). */
  | 'not_permitted'
  /** Scaleway answered, but without what IAM Desk needs to go on (e.g. who holds a key). */
  | 'unexpected_answer'
  /** The user cancelled (a sync). */
  | 'cancelled'

export class AppError extends Error {
  override readonly name = 'AppError'
  readonly kind: AppErrorKind
  readonly details: Record<string, unknown> | undefined

  constructor(kind: AppErrorKind, message: string, details?: Record<string, unknown>) {
    super(message)
    this.kind = kind
    this.details = details
  }
}

export function unreachable(value: never): Error {
  return new Error(`unreachable: ${JSON.stringify(value)}`)
}

// The one error type that crosses the router: a code from the contract's closed set and a
// message in the user's words. Anything else thrown inside a service becomes INTERNAL.
import type { ErrorCode } from '../../../src-preload/contract'

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
}

export function unreachable(value: never): Error {
  return new Error(`unreachable: ${JSON.stringify(value)}`)
}

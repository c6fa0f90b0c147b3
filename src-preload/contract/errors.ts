// The one error shape that crosses the contract: a code from a closed set the UI switches on
// exhaustively, a message in the user's words, optional details (never a stack, path or secret).
import { z } from 'zod'

/** Closed set of error codes the UI switches on exhaustively. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'OFFLINE',
  'KEYCHAIN_UNAVAILABLE',
  /** IAM Desk's local cache cannot be used for this (written by a newer version, a failed migration or commit). */
  'CACHE_UNAVAILABLE',
  'QUOTA_EXCEEDED',
  'BAD_RESPONSE',
  'CANCELLED',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
})
export type AppErrorShape = z.infer<typeof AppErrorShape>

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

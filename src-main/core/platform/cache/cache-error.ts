// Failures of the local cache that the UI explains to the user. One of the CoreError classes
// (errors/core-error.ts); messages are IAM Desk's own words, never a file path.
export const CACHE_ERROR_KINDS = ['cache_too_new', 'cache_migration_failed', 'cache_commit_failed', 'organization_removed'] as const
export type CacheErrorKind = (typeof CACHE_ERROR_KINDS)[number]

export function isCacheErrorKind(kind: string): kind is CacheErrorKind {
  return (CACHE_ERROR_KINDS as readonly string[]).includes(kind)
}

export class CacheError extends Error {
  override readonly name = 'CacheError'
  constructor(
    readonly kind: CacheErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Failures of the local cache that the UI explains to the user. */
export type CacheErrorKind = 'cache_too_new' | 'cache_migration_failed' | 'organization_removed'

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

import type { Database } from 'better-sqlite3'
import { CacheError } from '../cache-error'
import type { Migration } from './migration'

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings the database up to the last of `migrations`, each in its own transaction together
 * with its `user_version` bump, so a crash between two migrations leaves a database at a
 * known version. A database written by a newer IAM Desk is refused, never downgraded.
 */
export function migrate(db: Database, migrations: readonly Migration[], upTo?: number): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`)
  })
  const target = upTo ?? migrations.length
  const current = schemaVersion(db)
  if (current > migrations.length) {
    throw new CacheError(
      'cache_too_new',
      `The cache database was written by a newer version of IAM Desk (schema ${current}, this version knows up to ${migrations.length}). Update IAM Desk, or remove the cache file to rebuild it.`,
    )
  }
  for (const m of migrations.slice(current, target)) {
    try {
      db.transaction(() => {
        m.up(db)
        // user_version cannot be bound as a parameter; the value is an integer we own.
        db.pragma(`user_version = ${Math.trunc(m.version)}`)
      }).immediate()
    } catch (err) {
      throw new CacheError('cache_migration_failed', `Cache migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, {
        cause: err,
      })
    }
  }
  return schemaVersion(db)
}

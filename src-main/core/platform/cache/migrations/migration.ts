import type { Database } from 'better-sqlite3'

/**
 * One schema step. Migrations are append-only: once released a file is never edited,
 * a change to the schema is a new numbered file.
 */
export interface Migration {
  /** Equals the `PRAGMA user_version` the database has once this migration ran. */
  readonly version: number
  readonly name: string
  up(db: Database): void
}

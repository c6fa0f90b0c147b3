// Where the commit worker keeps a sync's prepared rows until their organization commits.
//
// A few organizations' rows wait in memory (the usual sync: three organizations at once). Past
// that they wait on disk, in a temporary table of the worker's own connection: under a rate
// limit a fleet's organizations sync side by side and all wait at once — fifty held in memory
// took ~300 MB more (issue 18's RSS goal) — while the table holds them for a few ms of writing.
import type { Database, Statement } from 'better-sqlite3'
import type { ResourceKind } from './kinds'
import type { SqlValue } from './kinds'
import type { StoredRow } from './resources.repo'
import type { PreparedRows, PreparedSnapshot } from './snapshot.repo'

/** Organizations whose rows wait in memory; the rows of any more wait on disk. */
export const IN_MEMORY_ORGANIZATIONS = 4

type Kinds = Omit<PreparedSnapshot, 'rules'>
type StagingStatements = Record<'put' | 'read' | 'drop' | 'dropKind', Statement>

export class StagedRows {
  readonly #inMemory = new Map<string, Kinds>()
  readonly #onDisk = new Set<string>()
  readonly #db: Database
  #sql?: StagingStatements

  constructor(db: Database) {
    this.#db = db
  }

  /** Keeps one kind's rows for the organization's coming commit (replacing what it held of that kind). */
  keep<K extends ResourceKind>(organizationId: string, kind: K, rows: PreparedRows<K>): void {
    const held = this.#inMemory.get(organizationId)
    if (held || (!this.#onDisk.has(organizationId) && this.#inMemory.size < IN_MEMORY_ORGANIZATIONS)) {
      const kinds = held ?? {}
      ;(kinds as Record<K, PreparedRows<K>>)[kind] = rows
      this.#inMemory.set(organizationId, kinds)
      return
    }
    const sql = this.#statements()
    this.#onDisk.add(organizationId)
    this.#db.transaction(() => {
      sql.dropKind.run(organizationId, kind)
      for (const row of rows.values()) {
        sql.put.run(organizationId, kind, row.id, row.json, row.search, JSON.stringify(row.values), row.members ? JSON.stringify(row.members) : null)
      }
    })()
  }

  /** Every kind kept for the organization, which no longer holds them. */
  take(organizationId: string): Kinds {
    const kinds = this.#inMemory.get(organizationId) ?? {}
    this.#inMemory.delete(organizationId)
    if (this.#onDisk.delete(organizationId)) {
      const sql = this.#statements()
      for (const r of sql.read.iterate(organizationId) as Iterable<{ kind: ResourceKind; id: string; json: string; search: string; vals: string; members: string | null }>) {
        const rows = ((kinds as Record<ResourceKind, PreparedRows<ResourceKind>>)[r.kind] ??= new Map())
        const row: StoredRow<ResourceKind> = { id: r.id, json: r.json, search: r.search, values: JSON.parse(r.vals) as SqlValue[] }
        if (r.members) row.members = JSON.parse(r.members) as StoredRow<'groups'>['members']
        rows.set(r.id, row)
      }
      sql.drop.run(organizationId)
    }
    return kinds
  }

  drop(organizationId: string): void {
    this.#inMemory.delete(organizationId)
    if (this.#onDisk.delete(organizationId)) this.#statements().drop.run(organizationId)
  }

  #statements(): StagingStatements {
    if (!this.#sql) {
      // TEMP: in the connection's temporary file (this build's default temp store), gone at close.
      this.#db.exec(`CREATE TEMP TABLE IF NOT EXISTS staged_rows (
        organization_id TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
        json TEXT NOT NULL, search TEXT NOT NULL, vals TEXT NOT NULL, members TEXT,
        PRIMARY KEY (organization_id, kind, id)) WITHOUT ROWID`)
      this.#sql = {
        // The rows are prepareRows' (ids already unique); REPLACE only guards the key.
        put: this.#db.prepare('INSERT OR REPLACE INTO temp.staged_rows VALUES (?, ?, ?, ?, ?, ?, ?)'),
        read: this.#db.prepare('SELECT kind, id, json, search, vals, members FROM temp.staged_rows WHERE organization_id = ?'),
        drop: this.#db.prepare('DELETE FROM temp.staged_rows WHERE organization_id = ?'),
        dropKind: this.#db.prepare('DELETE FROM temp.staged_rows WHERE organization_id = ? AND kind = ?'),
      }
    }
    return this.#sql
  }
}

import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import { SyncStatus } from './organizations.repo'

export const ChangeCounts = z.object({ added: z.number(), removed: z.number(), modified: z.number() })
export type ChangeCounts = z.infer<typeof ChangeCounts>

/** What `sync_runs.counts` holds: rows per kind, kinds skipped and why, changes per kind. */
export const SyncRunCounts = z.object({
  rows: z.record(z.string(), z.number()),
  skipped: z.array(z.object({ kind: z.string(), code: z.string(), message: z.string() })),
  changes: z.record(z.string(), ChangeCounts),
  /** Whether the sync re-read every policy's rules (absent in runs recorded before it was kept). */
  full: z.boolean().optional(),
  /** 429 answers (too many requests) the sync met and rode out; absent in runs recorded before it was counted. */
  rateLimited: z.number().int().nonnegative().optional(),
})
export type SyncRunCounts = z.infer<typeof SyncRunCounts>

export const SyncRun = z.object({
  id: z.number(),
  organizationId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  status: SyncStatus,
  requests: z.number(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  counts: SyncRunCounts,
})
export type SyncRun = z.infer<typeof SyncRun>
export type NewSyncRun = Omit<SyncRun, 'id'>

interface Row {
  id: number
  organization_id: string
  started_at: string
  finished_at: string
  duration_ms: number
  status: string
  requests: number
  error_code: string | null
  error_message: string | null
  counts: string
}

const fromRow = (r: Row): SyncRun =>
  SyncRun.parse({
    id: r.id,
    organizationId: r.organization_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    status: r.status,
    requests: r.requests,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    counts: JSON.parse(r.counts) as unknown,
  })

export class SyncRunsRepo {
  readonly #insert
  readonly #get
  readonly #list
  readonly #latest
  readonly #successCount
  readonly #lastFull
  readonly #updateCounts

  constructor(db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO sync_runs (organization_id, started_at, finished_at, duration_ms, status, requests, error_code, error_message, counts)
       VALUES (@organization_id, @started_at, @finished_at, @duration_ms, @status, @requests, @error_code, @error_message, @counts)`,
    )
    this.#updateCounts = db.prepare<[string, number]>('UPDATE sync_runs SET counts = ? WHERE id = ?')
    this.#get = db.prepare<[number], Row>('SELECT * FROM sync_runs WHERE id = ?')
    this.#list = db.prepare<[string, number], Row>('SELECT * FROM sync_runs WHERE organization_id = ? ORDER BY id DESC LIMIT ?')
    this.#latest = db.prepare<[string], Row>(
      `SELECT * FROM sync_runs WHERE organization_id = ? AND status = 'ok' ORDER BY id DESC LIMIT 1`,
    )
    this.#successCount = db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM sync_runs WHERE organization_id = ? AND status = 'ok'")
    this.#lastFull = db.prepare<[string], { finished_at: string }>(
      `SELECT finished_at FROM sync_runs WHERE organization_id = ? AND status = 'ok' AND json_extract(counts, '$.full') = 1
       ORDER BY id DESC LIMIT 1`,
    )
  }

  updateCounts(id: number, counts: SyncRunCounts): void {
    this.#updateCounts.run(JSON.stringify(SyncRunCounts.parse(counts)), id)
  }

  insert(run: NewSyncRun): number {
    const info = this.#insert.run({
      organization_id: run.organizationId,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
      duration_ms: run.durationMs,
      status: run.status,
      requests: run.requests,
      error_code: run.errorCode,
      error_message: run.errorMessage,
      counts: JSON.stringify(SyncRunCounts.parse(run.counts)),
    })
    return Number(info.lastInsertRowid)
  }

  get(id: number): SyncRun | undefined {
    const row = this.#get.get(id)
    return row ? fromRow(row) : undefined
  }

  /** Most recent first. */
  list(organizationId: string, limit = 50): SyncRun[] {
    return this.#list.all(organizationId, limit).map(fromRow)
  }

  /** How many successful syncs the organization has had. */
  successfulCount(organizationId: string): number {
    return this.#successCount.get(organizationId)?.n ?? 0
  }

  /** When its last successful full sync finished, or null (none, or only runs recorded before `full` was kept). */
  lastFullAt(organizationId: string): string | null {
    return this.#lastFull.get(organizationId)?.finished_at ?? null
  }

  lastSuccessful(organizationId: string): SyncRun | undefined {
    const row = this.#latest.get(organizationId)
    return row ? fromRow(row) : undefined
  }
}

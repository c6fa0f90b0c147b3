// Sync: mirror organizations' IAM into the cache, with progress and cancel.
import { z } from 'zod'
import { Id } from './common'
import { AppErrorShape } from './errors'

export const SyncSummary = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  status: z.enum(['ok', 'failed', 'cancelled']),
  durationMs: z.number(),
  requests: z.number(),
  /** Whether it re-read every policy's rules (false: incremental, or it failed before deciding). */
  full: z.boolean(),
  /** 429 answers (Scaleway asking to slow down) the sync met and waited out; 0 when none. */
  rateLimited: z.number().int().nonnegative(),
  /** Per kind: how many objects were added, removed, modified by this sync. */
  changes: z.record(z.string(), z.object({ added: z.number(), removed: z.number(), modified: z.number() })),
  /** Kinds skipped because the key may not read them (e.g. logs), with the reason. */
  skipped: z.array(z.object({ kind: z.string(), reason: z.string() })),
  error: AppErrorShape.nullable(),
})
export type SyncSummary = z.infer<typeof SyncSummary>

export const SyncProgress = z.object({
  organizationId: z.string(),
  kind: z.string(),
  pagesDone: z.number(),
  pagesTotal: z.number(),
  state: z.enum(['running', 'done', 'failed', 'skipped']),
})
export type SyncProgress = z.infer<typeof SyncProgress>

export const SyncStatus = z.object({
  running: z.boolean(),
  organizationIds: z.array(z.string()),
  progress: z.array(SyncProgress),
  lastSummaries: z.array(SyncSummary),
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const syncCalls = {
  /**
   * Incremental by default once an organization has synced successfully (a policy whose
   * `updated_at` did not move keeps its cached rules; every Nth sync and, by default, the first
   * after a day are full anyway — settings `fullSyncEvery`, `fullSyncDaily`); `full: true`
   * re-reads everything.
   */
  'sync.start': {
    input: z.object({ organizationIds: z.array(Id).max(500).optional(), full: z.boolean().optional() }).strict(),
    output: z.array(SyncSummary),
  },
  'sync.cancel': { input: z.object({}).strict(), output: z.object({ cancelled: z.boolean() }) },
  'sync.status': { input: z.object({}).strict(), output: SyncStatus },
} as const

export const syncEvents = {
  'sync.progress': SyncProgress,
  'sync.finished': z.object({ summaries: z.array(SyncSummary) }),
} as const

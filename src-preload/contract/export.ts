// Exports (issue 19): what a view shows — its organizations, search, filters and sort, every row,
// not only the visible window — as CSV or JSON, written by main (features/export) and delivered
// by the shell: the native save dialog in Electron, a download in browser mode. Progress and the
// end arrive as events, so a 100,000-row export never holds the window.
//
// Adding a view (policy-lint findings, effective access, who-can…): one member of EXPORT_VIEWS
// here (its name and the query that says what it shows) and one source in
// src-main/core/features/export/export.sources.ts (TypeScript requires it).
import { z } from 'zod'
import { Id } from './common'
import { BrowseScope } from './browse'
import { CredentialFilters } from './credentials'
import { AcrossInput, PolicyRef } from './policy-analysis'
import { WhoCanInput } from './access'

export const ExportFormat = z.enum(['csv', 'json'])
export type ExportFormat = z.infer<typeof ExportFormat>

/** Every view that can be exported, by name, with the query of what it shows. */
export const EXPORT_VIEWS = {
  /** A browse list (any kind of the registry). */
  list: z.object({ view: z.literal('list'), query: BrowseScope }).strict(),
  /** The credential report, with its filters and sort. */
  credentials: z.object({ view: z.literal('credentials'), query: CredentialFilters }).strict(),
  /** A job's report: one row per step. */
  job_report: z.object({ view: z.literal('job_report'), id: Id }).strict(),
  /** A policy comparison (policy analysis): one row per grant line. */
  policy_comparison: z.object({ view: z.literal('policy_comparison'), a: PolicyRef, b: PolicyRef }).strict(),
  /** One policy across organizations: one row per permission set × scope, one column per policy. */
  policy_across: z.object({ view: z.literal('policy_across'), query: AcrossInput }).strict(),
  /** Lint findings of the organizations (all by default). */
  findings: z.object({ view: z.literal('findings'), organizationIds: z.array(Id).max(500).optional() }).strict(),
  /** A who-can answer: one row per owner and per grant held. */
  who_can: z.object({ view: z.literal('who_can'), query: WhoCanInput }).strict(),
  /** One user's or application's effective access: one row per grant with its path. */
  effective_access: z.object({ view: z.literal('effective_access'), organizationId: Id, type: z.enum(['user', 'application']), id: Id }).strict(),
} as const
export type ExportViewName = keyof typeof EXPORT_VIEWS
export type ExportViewOf<V extends ExportViewName> = z.infer<(typeof EXPORT_VIEWS)[V]>
export type ExportView = { [V in ExportViewName]: ExportViewOf<V> }[ExportViewName]
export const ExportView = z.discriminatedUnion('view', Object.values(EXPORT_VIEWS) as unknown as [
  (typeof EXPORT_VIEWS)[ExportViewName],
  ...(typeof EXPORT_VIEWS)[ExportViewName][],
]) as unknown as z.ZodType<ExportView>

export const ExportStartInput = z.object({ view: ExportView, format: ExportFormat }).strict()
export type ExportStartInput = z.infer<typeof ExportStartInput>

/**
 * Where the file goes. `file`: Electron wrote it where the save dialog said (only the file's name
 * crosses, never the path). `download`: browser mode — the renderer follows `url`, a one-time
 * link the server streams the file from. `cancelled`: the save dialog was closed.
 */
export const Delivery = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), fileName: z.string() }),
  z.object({ kind: z.literal('download'), fileName: z.string(), url: z.string().regex(/^\/download\/[0-9a-f]{48}$/) }),
  z.object({ kind: z.literal('cancelled') }),
])
export type Delivery = z.infer<typeof Delivery>

export const ExportStarted = z.object({
  /** Names this export in its progress events; null when the save dialog was closed. */
  exportId: z.string().nullable(),
  fileName: z.string(),
  /** Rows the export holds (fixed when it starts: what the view showed then). */
  rows: z.number().int().nonnegative(),
  delivery: Delivery,
})
export type ExportStarted = z.infer<typeof ExportStarted>

export const exportCalls = {
  /** Starts an export of what a view shows: asks where to save it (Electron) or offers a download (browser). */
  'export.start': { input: ExportStartInput, output: ExportStarted },
  /** Stops a running export; a partly written file is removed. */
  'export.cancel': { input: z.object({ exportId: z.string().max(100) }).strict(), output: z.object({ cancelled: z.boolean() }) },
} as const

export const exportEvents = {
  /** Rows written so far (sent per batch of rows, not per row). */
  'export.progress': z.object({ exportId: z.string(), written: z.number().int().nonnegative(), rows: z.number().int().nonnegative() }),
  /** The end: written whole, cancelled, or failed (why, in plain words). */
  'export.finished': z.object({
    exportId: z.string(),
    state: z.enum(['done', 'cancelled', 'failed']),
    written: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    message: z.string().nullable(),
  }),
} as const

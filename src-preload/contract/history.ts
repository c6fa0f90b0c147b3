// History: what each sync changed, and the syncs themselves.
import { z } from 'zod'
import { Id, Timestamp } from './common'

/** An object as one sync found it (a kind's API object, or `{ items: Rule[] }` for a policy's rules). */
const ChangedObject = z.record(z.string(), z.unknown())

export const Change = z.object({
  syncRunId: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  objectId: z.string(),
  change: z.enum(['added', 'removed', 'modified']),
  /** The object by name (an API key by its description, a session by its user), never only an id. */
  label: z.string(),
  /** What identifies it further: a user's e-mail, an API key's access key and bearer ("" when nothing). */
  sublabel: z.string(),
  before: ChangedObject.nullable(),
  after: ChangedObject.nullable(),
  at: Timestamp,
})
export type Change = z.infer<typeof Change>

export const SyncRun = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().nullable(),
  status: z.string(),
  requests: z.number().nullable(),
  errorMessage: z.string().nullable(),
})
export type SyncRun = z.infer<typeof SyncRun>

export const historyCalls = {
  'history.changes': {
    input: z.object({ organizationId: Id.optional(), syncRunId: Id.optional(), kind: z.string().max(50).optional(), limit: z.number().int().positive().max(1000).optional() }).strict(),
    output: z.array(Change),
  },
  'history.syncRuns': { input: z.object({ organizationId: Id.optional(), limit: z.number().int().positive().max(500).optional() }).strict(), output: z.array(SyncRun) },
} as const

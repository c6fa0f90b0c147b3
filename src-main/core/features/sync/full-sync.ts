// When a sync re-reads everything. An incremental sync keeps the cached rules of every policy
// whose `updated_at` did not move; a change it cannot see (rules replaced without moving the
// policy's `updated_at`, a cached row written by IAM Desk after someone else changed the rules)
// would persist until a full sync. So a full sync also happens on its own: every Nth successful
// sync of an organization and, when the user keeps the daily rule, once a day — both settings.

export interface FullSyncPolicy {
  /** Every Nth successful sync of an organization is full (1 = always full). */
  every: number
  /** A sync is full when the organization's last full sync is a day old or more (or unknown). */
  daily: boolean
}

export const DEFAULT_FULL_SYNC_POLICY: FullSyncPolicy = { every: 10, daily: true }

const DAY_MS = 24 * 60 * 60 * 1000

export interface FullSyncFacts {
  /** The user asked for a full sync ("Full sync" in the sync menu, or after a cache repair). */
  requested: boolean
  /** Successful syncs of the organization so far (0: never synced, nothing to be incremental against). */
  successfulSyncs: number
  /** When its last successful full sync finished; null when none is known. */
  lastFullAt: string | null
  now: Date
}

/** Whether this sync of an organization must re-read every policy's rules. */
export function isFullSyncDue(facts: FullSyncFacts, policy: FullSyncPolicy): boolean {
  if (facts.requested || facts.successfulSyncs === 0) return true
  if (facts.successfulSyncs % Math.max(1, policy.every) === 0) return true
  if (!policy.daily) return false
  if (facts.lastFullAt === null) return true
  return facts.now.getTime() - Date.parse(facts.lastFullAt) >= DAY_MS
}

// The "needs attention" home: what to look at today across the organizations in scope, each
// line a count the renderer links to the list or report filtered the same way. Counted in main
// from the cache alone (offline too), with the same rules as those lists: the credential
// report's statuses and age threshold, the users' MFA and lock filters, the policies' "no
// principal" filter, the SSH keys' "duplicate" filter.
import { z } from 'zod'
import { Id, Timestamp } from './common'

const Count = z.number().int().nonnegative()

/** An organization named on a line of its own (failed sync, stale cache). */
export const AttentionOrganization = z.object({
  organizationId: z.string(),
  name: z.string(),
  /** Its last successful sync; null = never synced. */
  lastSyncAt: Timestamp.nullable(),
})
export type AttentionOrganization = z.infer<typeof AttentionOrganization>

export const HomeAttention = z.object({
  /** Organizations in scope. */
  organizations: Count,
  apiKeys: z.object({
    /** Past their expiry date (Scaleway still lists them). */
    expired: Count,
    neverExpire: Count,
    /** Created more than `ageThresholdDays` ago (the credential report's setting). */
    olderThanThreshold: Count,
    ageThresholdDays: z.number().int().positive(),
  }),
  users: z.object({ withoutMfa: Count, locked: Count }),
  policiesWithoutPrincipal: Count,
  /** SSH keys whose public key (fingerprint) another key of the scope also has. */
  duplicateSshKeys: Count,
  /** Organizations whose last sync failed. */
  failedSyncs: z.array(AttentionOrganization),
  /** Organizations never synced, or last synced more than `staleAfterHours` ago (setting cacheAgeWarnHours). */
  staleCaches: z.array(AttentionOrganization),
  staleAfterHours: z.number().int().positive(),
  /**
   * Policy lint findings in scope — the slot the policy lint fills. null while no lint data
   * exists: the home shows the line only when it is not null, never a made-up number.
   */
  lintFindings: z.object({ count: Count }).nullable(),
})
export type HomeAttention = z.infer<typeof HomeAttention>

export const homeCalls = {
  /** The home's counts for these organizations (all when empty or absent). */
  'home.attention': { input: z.object({ organizationIds: z.array(Id).max(500).optional() }).strict(), output: HomeAttention },
} as const

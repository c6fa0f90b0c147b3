// Credential report: every API key of every organization in the cache, one row per key, with
// what an audit asks of it (who bears it, how old it is, when it expires, whether IAM Desk or the
// local `scw` CLI uses it, when its bearer was last active), filtered, sorted and paged in main,
// and exported whole as CSV or JSON. Answered from the cache alone (offline too). No secret is
// ever part of it: the cache holds none, and the `scw` config is read for access keys only.
import { z } from 'zod'
import { Id, Timestamp } from './common'

/**
 * A key's expiry, as of the answer: `expired` (its date is past; Scaleway still lists it),
 * `expiring` (within EXPIRING_WITHIN_DAYS), `never_expires` (no date), else `active`.
 */
export const CREDENTIAL_STATUSES = ['expired', 'expiring', 'never_expires', 'active'] as const
export const CredentialStatus = z.enum(CREDENTIAL_STATUSES)
export type CredentialStatus = z.infer<typeof CredentialStatus>

/** A key expiring within this many days is `expiring` (and needs attention). */
export const EXPIRING_WITHIN_DAYS = 7

/**
 * Why a key needs attention: expired, expiring, never expires, or older than the age threshold
 * (the `credentialAgeDays` setting). A key with none of these does not.
 */
export const AttentionReason = z.enum(['expired', 'expiring', 'never_expires', 'old'])
export type AttentionReason = z.infer<typeof AttentionReason>

export const CredentialBearerType = z.enum(['user', 'application', 'unknown'])
export type CredentialBearerType = z.infer<typeof CredentialBearerType>

export const CREDENTIAL_SORT_FIELDS = [
  'organization',
  'access_key',
  'bearer',
  'bearer_type',
  'description',
  'created_at',
  'expires_at',
  'status',
  'bearer_keys',
  'last_activity',
] as const
export const CredentialSortField = z.enum(CREDENTIAL_SORT_FIELDS)
export type CredentialSortField = z.infer<typeof CredentialSortField>
export const CredentialSort = z.object({ field: CredentialSortField, dir: z.enum(['asc', 'desc']) }).strict()
export type CredentialSort = z.infer<typeof CredentialSort>
/** Problems first (expired, expiring, never expires, active), oldest first within each. */
export const DEFAULT_CREDENTIAL_SORT: CredentialSort = { field: 'status', dir: 'asc' }

/** What the report, its export and nothing else share: which keys. */
const filterFields = {
  /** Empty or absent: every organization. */
  organizationIds: z.array(Id).max(500).optional(),
  /** Any of these statuses; empty or absent: any. */
  statuses: z.array(CredentialStatus).max(CREDENTIAL_STATUSES.length).optional(),
  /** Only keys created more than this many days ago. */
  olderThanDays: z.number().int().min(0).max(36_500).optional(),
  bearerType: z.enum(['user', 'application']).optional(),
  /** Only keys that need attention (see AttentionReason). */
  needsAttention: z.boolean().optional(),
  /** Access key, description, bearer's e-mail or name, bearer id (case-insensitive). */
  search: z.string().max(200).optional(),
  /** true: only old keys of a rotation waiting in their grace period (see CredentialRow.grace); false: none of them. */
  inGrace: z.boolean().optional(),
  sort: CredentialSort.optional(),
}

export const CredentialFilters = z.object(filterFields).strict()
export type CredentialFilters = z.infer<typeof CredentialFilters>

export const CredentialReportInput = z
  .object({
    ...filterFields,
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(500),
  })
  .strict()
export type CredentialReportInput = z.infer<typeof CredentialReportInput>

export const CredentialRow = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  accessKey: z.string(),
  bearerType: CredentialBearerType,
  bearerId: z.string().nullable(),
  /** The application's name or the user's e-mail; null when the bearer is not in the cache. */
  bearerName: z.string().nullable(),
  description: z.string(),
  defaultProjectId: z.string(),
  /** ISO 8601 UTC. */
  createdAt: Timestamp.nullable(),
  /** Whole days since creation. */
  ageDays: z.number().int().nullable(),
  expiresAt: Timestamp.nullable(),
  /** Whole days until expiry; negative once expired; null = never expires. */
  daysLeft: z.number().int().nullable(),
  status: CredentialStatus,
  /** Empty when the key needs no attention. */
  attention: z.array(AttentionReason),
  creationIp: z.string(),
  /** Keys the same bearer holds in this organization, this one included. */
  bearerKeyCount: z.number().int().nonnegative(),
  /** The access key of an organization profile of IAM Desk: the key IAM Desk itself signs with. */
  ownKey: z.boolean(),
  /** The local `scw` config profiles (or "environment") with this access key. */
  scwProfiles: z.array(z.string()),
  /**
   * The BEARER's last activity, not this key's (Scaleway records no per-key last use): the user's
   * last console login, and the latest IAM log (in the cache) naming the bearer.
   */
  bearerLastLoginAt: Timestamp.nullable(),
  bearerLastLogAt: Timestamp.nullable(),
  /** The later of the two. */
  bearerLastActivityAt: Timestamp.nullable(),
  /**
   * An old key that a rotation replaced and that still works until `until` (its grace period),
   * then deleted by the rotation's finish; `due`: the grace period is over, the finish can run.
   * Null for every other key.
   */
  grace: z.object({ until: Timestamp, replacedBy: z.string().nullable(), due: z.boolean(), jobId: z.string() }).nullable(),
})
export type CredentialRow = z.infer<typeof CredentialRow>

/**
 * What reading the local `scw` config gave (the report marks keys found there). No path: an
 * answer names no file of the machine (the import dialog is the place that shows where it is).
 */
export const ScwConfigStatus = z.object({
  /** Whether a config file was found (the SCW_* variables are read either way). */
  found: z.boolean(),
  /** Why it could not be read or parsed, in plain words; null when it was. */
  problem: z.string().nullable(),
  /** Distinct access keys found in the file and the environment. */
  accessKeys: z.number().int().nonnegative(),
})
export type ScwConfigStatus = z.infer<typeof ScwConfigStatus>

export const CredentialReport = z.object({
  total: z.number().int().nonnegative(),
  rows: z.array(CredentialRow),
  /** The age threshold the `old` reason used (setting `credentialAgeDays`). */
  ageThresholdDays: z.number().int().positive(),
  scwConfig: ScwConfigStatus,
})
export type CredentialReport = z.infer<typeof CredentialReport>

export const CredentialAttention = z.object({
  /** Keys needing attention in the scope (one key counts once, whatever its reasons). */
  count: z.number().int().nonnegative(),
  byReason: z.object({ expired: z.number().int(), expiring: z.number().int(), never_expires: z.number().int(), old: z.number().int() }),
  ageThresholdDays: z.number().int().positive(),
})
export type CredentialAttention = z.infer<typeof CredentialAttention>

export const CredentialExportInput = z.object({ ...filterFields, format: z.enum(['csv', 'json']) }).strict()
export type CredentialExportInput = z.infer<typeof CredentialExportInput>
export const CredentialExport = z.object({ fileName: z.string(), mime: z.string(), text: z.string() })
export type CredentialExport = z.infer<typeof CredentialExport>

export const credentialsCalls = {
  /** One page of the report, and how many keys match. */
  'credentials.report': { input: CredentialReportInput, output: CredentialReport },
  /** How many keys of the scope need attention (the sidebar's badge). */
  'credentials.attention': { input: z.object({ organizationIds: z.array(Id).max(500).optional() }).strict(), output: CredentialAttention },
  /** Every matching key (not one page) as CSV (RFC 4180) or JSON. */
  'credentials.export': { input: CredentialExportInput, output: CredentialExport },
} as const

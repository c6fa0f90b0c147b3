// Organizations: add by key, import from the Scaleway CLI, rename, remove; the demo organizations.
import { z } from 'zod'
import { Id, Timestamp } from './common'
import { KeychainStatus } from './app'

export { SCALEWAY_API_HOST, checkApiUrl, type ApiUrlCheck } from './api-url'

export const Organization = z.object({
  id: Id,
  name: z.string(),
  accessKey: z.string(),
  apiUrl: z.string(),
  defaultProjectId: z.string().nullable(),
  secretStorage: z.enum(['keychain', 'session']),
  /** false when the secret is session-only and the app restarted, or the keychain lost it. */
  hasSecret: z.boolean(),
  color: z.string(),
  addedAt: Timestamp,
  lastSyncAt: Timestamp.nullable(),
  lastSyncStatus: z.enum(['ok', 'failed', 'cancelled']).nullable(),
  lastSyncError: z.string().nullable(),
  /** The user's own order for many organizations: pinned to the top of the sidebar. */
  pinned: z.boolean(),
  /** The sidebar folder the user filed it in (local only; Scaleway has no such thing), or null. */
  folder: z.string().nullable(),
})
export type Organization = z.infer<typeof Organization>

/** A folder name: trimmed, 1–60 characters; null (or empty) takes the organization out of its folder. */
export const FolderName = z
  .string()
  .trim()
  .max(60, 'A folder name has at most 60 characters.')
  .transform((s) => (s === '' ? null : s))
  .nullable()

export const SecretStorage = z.enum(['keychain', 'session'])

export const AddOrganizationInput = z
  .object({
    accessKey: z.string().trim().min(1).max(64),
    /** Sent once, stored in the keychain (or session memory), never echoed back. */
    secretKey: z.string().trim().min(1).max(64),
    apiUrl: z.string().trim().max(300).optional(),
    name: z.string().trim().max(100).optional(),
    storage: SecretStorage.optional(),
  })
  .strict()

export const ImportCandidate = z.object({
  /** Stable key to select this candidate in `orgs.import`. */
  key: z.string(),
  profileName: z.string(),
  source: z.enum(['config', 'environment']),
  active: z.boolean(),
  accessKey: z.string().nullable(),
  organizationId: z.string().nullable(),
  apiUrl: z.string().nullable(),
  /**
   * Set when a usable API URL names a host other than api.scaleway.com: the profile is not
   * preselected and this sentence says why (the secret key would go to that host).
   */
  apiUrlWarning: z.string().nullable(),
  status: z.enum(['new', 'already_added', 'duplicate', 'invalid']),
  reasons: z.array(z.string()),
})
export type ImportCandidate = z.infer<typeof ImportCandidate>

export const ImportPreview = z.object({
  configPath: z.string().nullable(),
  /** Set when the config file exists but cannot be read or parsed. */
  problem: z.string().nullable(),
  candidates: z.array(ImportCandidate),
})
export type ImportPreview = z.infer<typeof ImportPreview>

export const ImportResult = z.object({
  results: z.array(
    z.object({
      key: z.string(),
      profileName: z.string(),
      outcome: z.enum(['imported', 'skipped', 'failed']),
      reason: z.string().nullable(),
      organization: Organization.nullable(),
    }),
  ),
})
export type ImportResult = z.infer<typeof ImportResult>

const NoInput = z.object({}).strict()

export const orgsCalls = {
  'orgs.list': { input: NoInput, output: z.array(Organization) },
  'orgs.add': { input: AddOrganizationInput, output: Organization },
  'orgs.importPreview': { input: NoInput, output: ImportPreview },
  'orgs.import': { input: z.object({ keys: z.array(z.string()).min(1).max(100), storage: SecretStorage.optional() }).strict(), output: ImportResult },
  'orgs.remove': { input: z.object({ id: Id }).strict(), output: z.object({ removed: z.string() }) },
  'orgs.rename': { input: z.object({ id: Id, name: z.string().trim().min(1).max(100) }).strict(), output: Organization },
  'orgs.useSessionStorage': { input: NoInput, output: KeychainStatus },
  /** Pins an organization to the top of the sidebar and/or files it in a folder. */
  'orgs.arrange': {
    input: z.object({ id: Id, pinned: z.boolean().optional(), folder: FolderName.optional() }).strict(),
    output: Organization,
  },
  /** Starts the built-in demo API (where the build has one) and adds its organizations. */
  'demo.start': { input: NoInput, output: z.array(Organization) },
  /**
   * Tests only: moves the clock that IAM Desk and its built-in demo API share forward (so a key
   * rotation's grace period can end without waiting). Refused unless IAM Desk was started in
   * browser mode with `--demo --test-clock`.
   */
  'demo.advanceClock': { input: z.object({ hours: z.number().positive().max(24 * 366) }).strict(), output: z.object({ now: z.string() }) },
} as const

export const orgsEvents = {
  'orgs.changed': z.object({ organizations: z.array(Organization) }),
} as const

// THE IPC contract. Every call the renderer can make and every event main can push is declared
// here, with zod schemas for input, output and payload. main validates both directions; the
// preload exposes one function per call; the renderer imports these types only.
// This file imports nothing but zod (enforced by ESLint).
import { z } from 'zod'

/** Closed set of error codes the UI switches on exhaustively. */
export const ErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'OFFLINE',
  'KEYCHAIN_UNAVAILABLE',
  'QUOTA_EXCEEDED',
  'BAD_RESPONSE',
  'CANCELLED',
  'INTERNAL',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
})
export type AppErrorShape = z.infer<typeof AppErrorShape>

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

const Id = z.string().min(1).max(200)
const Timestamp = z.string()

// ---------------------------------------------------------------------------------------------
// Shared shapes

export const KeychainStatus = z.object({
  available: z.boolean(),
  reason: z.string().optional(),
  help: z.string().optional(),
})

export const AppInfo = z.object({
  name: z.literal('IAM Desk'),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  demo: z.boolean(),
  keychain: KeychainStatus,
})
export type AppInfo = z.infer<typeof AppInfo>

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
})
export type Organization = z.infer<typeof Organization>

export const ResourceKind = z.enum([
  'users',
  'applications',
  'groups',
  'policies',
  'api_keys',
  'ssh_keys',
  'permission_sets',
  'quota',
  'jwts',
  'logs',
])
export type ResourceKind = z.infer<typeof ResourceKind>

/** A Scaleway API object as it crossed the wire (snake_case). The views read known fields. */
export const ApiObject = z.record(z.string(), z.unknown())
export type ApiObject = z.infer<typeof ApiObject>

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

export const SyncSummary = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  status: z.enum(['ok', 'failed', 'cancelled']),
  durationMs: z.number(),
  requests: z.number(),
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

export const BrowseInput = z
  .object({
    kind: ResourceKind,
    /** Empty or absent: every organization. */
    organizationIds: z.array(Id).max(500).optional(),
    search: z.string().max(200).optional(),
    /** Kind-specific filters; main checks them against the kind's own schema. */
    filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    sort: z.object({ field: z.string().max(50), dir: z.enum(['asc', 'desc']) }).optional(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(500),
  })
  .strict()
export type BrowseInput = z.infer<typeof BrowseInput>

export const BrowseRow = z.object({ organizationId: z.string(), organizationName: z.string(), id: z.string(), item: ApiObject })
export type BrowseRow = z.infer<typeof BrowseRow>
export const BrowsePage = z.object({ total: z.number().int().nonnegative(), rows: z.array(BrowseRow), cacheAgeMs: z.number().nullable() })
export type BrowsePage = z.infer<typeof BrowsePage>
/** How many objects each list holds for a scope (the sidebar's counts), in one call. */
export const BrowseCounts = z.partialRecord(ResourceKind, z.number().int().nonnegative())
export type BrowseCounts = z.infer<typeof BrowseCounts>

export const DetailKind = z.enum(['users', 'applications', 'groups', 'policies', 'api_keys', 'ssh_keys', 'permission_sets', 'jwts', 'logs'])
export const DetailInput = z.object({ kind: DetailKind, organizationId: Id, id: Id }).strict()
/** The object and its relations, resolved from the cache (shape per kind, see core/cache/detail.query.ts). */
export const Detail = z.object({ kind: DetailKind, organizationId: z.string(), organizationName: z.string(), item: ApiObject, relations: z.record(z.string(), z.unknown()) })
export type Detail = z.infer<typeof Detail>

export const QuickFindHit = z.object({
  kind: z.enum(['organization', 'users', 'applications', 'groups', 'policies', 'api_keys']),
  organizationId: z.string(),
  organizationName: z.string(),
  id: z.string(),
  label: z.string(),
  sublabel: z.string(),
})
export type QuickFindHit = z.infer<typeof QuickFindHit>

export const Change = z.object({
  syncRunId: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  kind: z.string(),
  objectId: z.string(),
  change: z.enum(['added', 'removed', 'modified']),
  label: z.string(),
  before: ApiObject.nullable(),
  after: ApiObject.nullable(),
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

export const Connectivity = z.object({
  online: z.boolean(),
  /** When the API was last seen unreachable (start of the current outage). */
  offlineSince: Timestamp.nullable(),
  reason: z.string().nullable(),
})
export type Connectivity = z.infer<typeof Connectivity>

// ---------------------------------------------------------------------------------------------
// ---- Writes (issue 6)
// Every write endpoint of the IAM API. Inputs use the contract's camelCase for IAM Desk's own
// notions (organizationId, override) and Scaleway's own field names inside rules. Outputs are
// API objects as they crossed the wire. `override: true` bypasses the self-lockout guard only.
// A created API key's secret crosses IPC exactly once, in `apiKeys.create`'s answer.

const WOrg = { organizationId: Id }
const Override = z.boolean().optional()
const Tags = z.array(z.string().max(200)).max(50)
const Deleted = z.object({ deleted: z.string() })

export const WriteMemberRef = z.object({ type: z.enum(['user', 'application']), id: Id }).strict()
export const WritePrincipal = z.union([
  z.object({ type: z.enum(['user', 'group', 'application']), id: Id }).strict(),
  z.object({ type: z.literal('none') }).strict(),
])
export type WritePrincipal = z.infer<typeof WritePrincipal>

/** One rule as the editor sends it (Scaleway's RuleSpecs): exactly one scope, checked by main. */
export const RuleSpecInput = z
  .object({
    permission_set_names: z.array(z.string().max(200)).max(500),
    condition: z.string().max(10_000).optional(),
    organization_id: Id.optional(),
    project_ids: z.array(Id).max(500).optional(),
  })
  .strict()
export type RuleSpecInput = z.infer<typeof RuleSpecInput>

/** A rule for a diff: a RuleSpecs or an API Rule (its id and derived fields are ignored). */
const RuleLike = z.object({
  permission_set_names: z.array(z.string()).nullable().optional(),
  condition: z.string().optional(),
  organization_id: z.string().optional(),
  project_ids: z.array(z.string()).optional(),
})
export const RulesDiff = z.object({
  added: z.array(RuleSpecInput),
  removed: z.array(RuleSpecInput),
  changed: z.array(z.object({ before: RuleSpecInput, after: RuleSpecInput, permissionSetsAdded: z.array(z.string()), permissionSetsRemoved: z.array(z.string()), conditionChanged: z.boolean() })),
  unchanged: z.number().int().nonnegative(),
  identical: z.boolean(),
})
export type RulesDiff = z.infer<typeof RulesDiff>

/** Why a change would lock IAM Desk out, for previews (null = it would not). */
const SelfLockout = z.object({ explanation: z.string() }).nullable()

export const JournalEntryView = z.object({
  id: z.string(),
  organizationId: z.string().nullable(),
  operation: z.string(),
  plan: z.unknown(),
  steps: z.array(z.unknown()),
  state: z.enum(['planned', 'running', 'succeeded', 'failed', 'cancelled', 'partial']),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
})
export type JournalEntryView = z.infer<typeof JournalEntryView>

const ExpiresAt = z.string().datetime({ offset: true }).nullable()
const Text = (max: number) => z.string().max(max)

export const writeCalls = {
  'sshKeys.preview': {
    input: z.object({ publicKey: Text(65_000) }).strict(),
    output: z.object({ type: z.string(), bits: z.number().int(), fingerprint: z.string(), comment: z.string() }),
  },
  'sshKeys.create': { input: z.object({ ...WOrg, name: Text(1000), publicKey: Text(65_000), projectId: Id.optional() }).strict(), output: ApiObject },
  'sshKeys.update': { input: z.object({ ...WOrg, id: Id, name: Text(1000).optional(), disabled: z.boolean().optional() }).strict(), output: ApiObject },
  'sshKeys.delete': { input: z.object({ ...WOrg, id: Id }).strict(), output: Deleted },

  'applications.create': { input: z.object({ ...WOrg, name: Text(200), description: Text(1000).optional(), tags: Tags.optional() }).strict(), output: ApiObject },
  'applications.update': { input: z.object({ ...WOrg, id: Id, name: Text(200).optional(), description: Text(1000).optional(), tags: Tags.optional() }).strict(), output: ApiObject },
  'applications.deletePreview': {
    input: z.object({ ...WOrg, id: Id }).strict(),
    output: z.object({ application: ApiObject, apiKeys: z.array(ApiObject), groups: z.array(ApiObject), policies: z.array(ApiObject), selfLockout: SelfLockout }),
  },
  'applications.delete': {
    input: z.object({ ...WOrg, id: Id, override: Override }).strict(),
    output: z.object({ deleted: z.string(), removedApiKeys: z.array(z.string()), orphanedPolicies: z.array(z.string()) }),
  },

  'apiKeys.create': {
    input: z
      .object({
        ...WOrg,
        bearer: z.union([z.literal('self'), z.object({ type: z.enum(['user', 'application']), id: Id }).strict()]),
        description: Text(1000),
        expiresAt: ExpiresAt.optional(),
        defaultProjectId: Id.optional(),
      })
      .strict(),
    /** The secret key, shown once: never stored, never logged, never returned again. */
    output: z.object({ apiKey: ApiObject, secretKey: z.string() }),
  },
  'apiKeys.update': {
    // Scaleway reads a null expires_at in a PATCH as "unchanged": an expiry can be moved, not removed.
    input: z.object({ ...WOrg, accessKey: Id, description: Text(1000).optional(), expiresAt: z.string().datetime({ offset: true }).optional(), defaultProjectId: Id.optional() }).strict(),
    output: ApiObject,
  },
  'apiKeys.delete': { input: z.object({ ...WOrg, accessKey: Id, override: Override }).strict(), output: Deleted },

  'groups.create': { input: z.object({ ...WOrg, name: Text(200), description: Text(1000).optional(), tags: Tags.optional() }).strict(), output: ApiObject },
  'groups.update': { input: z.object({ ...WOrg, id: Id, name: Text(200).optional(), description: Text(1000).optional(), tags: Tags.optional() }).strict(), output: ApiObject },
  'groups.deletePreview': {
    input: z.object({ ...WOrg, id: Id }).strict(),
    output: z.object({ group: ApiObject, policies: z.array(ApiObject), selfLockout: SelfLockout }),
  },
  'groups.delete': { input: z.object({ ...WOrg, id: Id, override: Override }).strict(), output: z.object({ deleted: z.string(), orphanedPolicies: z.array(z.string()) }) },
  'groups.addMembers': {
    input: z.object({ ...WOrg, id: Id, userIds: z.array(Id).max(1000).default([]), applicationIds: z.array(Id).max(1000).default([]) }).strict(),
    output: ApiObject,
  },
  'groups.removeMember': { input: z.object({ ...WOrg, id: Id, member: WriteMemberRef, override: Override }).strict(), output: ApiObject },
  'groups.setMembers': {
    input: z.object({ ...WOrg, id: Id, userIds: z.array(Id).max(1000), applicationIds: z.array(Id).max(1000), override: Override }).strict(),
    output: ApiObject,
  },

  'users.create': {
    input: z
      .object({
        ...WOrg,
        email: Text(320),
        username: Text(200),
        firstName: Text(200).optional(),
        lastName: Text(200).optional(),
        phoneNumber: Text(50).optional(),
        locale: Text(20).optional(),
        tags: Tags.optional(),
        sendWelcomeEmail: z.boolean().optional(),
        /** 'email': Scaleway e-mails a link to choose a password; 'set': the password given here. */
        password: z.union([z.object({ mode: z.literal('email') }).strict(), z.object({ mode: z.literal('set'), password: Text(200) }).strict()]),
      })
      .strict(),
    output: ApiObject,
  },
  'users.update': {
    input: z
      .object({ ...WOrg, id: Id, email: Text(320).optional(), firstName: Text(200).optional(), lastName: Text(200).optional(), phoneNumber: Text(50).optional(), locale: Text(20).optional(), tags: Tags.optional() })
      .strict(),
    output: ApiObject,
  },
  'users.lock': { input: z.object({ ...WOrg, id: Id, override: Override }).strict(), output: ApiObject },
  'users.unlock': { input: z.object({ ...WOrg, id: Id }).strict(), output: ApiObject },
  'users.setPassword': { input: z.object({ ...WOrg, id: Id, password: Text(200) }).strict(), output: ApiObject },
  'users.delete': {
    input: z.object({ ...WOrg, id: Id, override: Override }).strict(),
    output: z.object({ deleted: z.string(), removedApiKeys: z.array(z.string()), orphanedPolicies: z.array(z.string()) }),
  },

  'policies.create': {
    input: z.object({ ...WOrg, name: Text(200), description: Text(1000).optional(), tags: Tags.optional(), principal: WritePrincipal, rules: z.array(RuleSpecInput).max(100) }).strict(),
    output: ApiObject,
  },
  'policies.update': {
    input: z.object({ ...WOrg, id: Id, name: Text(200).optional(), description: Text(1000).optional(), tags: Tags.optional(), principal: WritePrincipal.optional(), override: Override }).strict(),
    output: ApiObject,
  },
  'policies.rulesForEdit': {
    input: z.object({ ...WOrg, policyId: Id }).strict(),
    /** `source: 'cache'` when Scaleway could not be reached: editable, but saving will need the network. */
    output: z.object({ policy: ApiObject, rules: z.array(ApiObject), rulesVersion: z.string(), source: z.enum(['server', 'cache']) }),
  },
  'policies.rulesDiff': { input: z.object({ current: z.array(RuleLike).max(500), proposed: z.array(RuleSpecInput).max(500) }).strict(), output: RulesDiff },
  'policies.setRules': {
    input: z.object({ ...WOrg, policyId: Id, rules: z.array(RuleSpecInput).max(100), expectedRulesVersion: z.string().min(1).max(200), override: Override }).strict(),
    output: z.object({ policy: ApiObject, rules: z.array(ApiObject), rulesVersion: z.string(), diff: RulesDiff }),
  },
  'policies.clone': { input: z.object({ ...WOrg, id: Id }).strict(), output: ApiObject },
  'policies.delete': { input: z.object({ ...WOrg, id: Id, override: Override }).strict(), output: Deleted },

  'jwts.revoke': { input: z.object({ ...WOrg, jti: Id }).strict(), output: z.object({ revoked: z.string() }) },

  'writes.journal': { input: z.object({ organizationId: Id.optional(), limit: z.number().int().positive().max(1000).optional() }).strict(), output: z.array(JournalEntryView) },
} as const
export type WriteCallName = keyof typeof writeCalls

export const writeEvents = {
  /** A write succeeded and the cache already reflects it: lists of these kinds should reload. */
  'writes.applied': z.object({ organizationId: z.string(), operation: z.string(), kinds: z.array(z.string()), objectId: z.string().nullable() }),
} as const
// ---- end of Writes (issue 6)

// ---------------------------------------------------------------------------------------------
// Calls

const NoInput = z.object({}).strict()
const OrgId = z.object({ id: Id }).strict()

export const calls = {
  'app.info': { input: NoInput, output: AppInfo },
  'app.connectivity': { input: NoInput, output: Connectivity },

  'orgs.list': { input: NoInput, output: z.array(Organization) },
  'orgs.add': { input: AddOrganizationInput, output: Organization },
  'orgs.importPreview': { input: NoInput, output: ImportPreview },
  'orgs.import': { input: z.object({ keys: z.array(z.string()).min(1).max(100), storage: SecretStorage.optional() }).strict(), output: ImportResult },
  'orgs.remove': { input: OrgId, output: z.object({ removed: z.string() }) },
  'orgs.rename': { input: z.object({ id: Id, name: z.string().trim().min(1).max(100) }).strict(), output: Organization },
  'orgs.useSessionStorage': { input: NoInput, output: KeychainStatus },

  'demo.start': { input: NoInput, output: z.array(Organization) },

  'sync.start': { input: z.object({ organizationIds: z.array(Id).max(500).optional() }).strict(), output: z.array(SyncSummary) },
  'sync.cancel': { input: NoInput, output: z.object({ cancelled: z.boolean() }) },
  'sync.status': { input: NoInput, output: SyncStatus },

  'browse.list': { input: BrowseInput, output: BrowsePage },
  'browse.counts': { input: z.object({ organizationIds: z.array(Id).max(500).optional() }).strict(), output: BrowseCounts },
  'browse.detail': { input: DetailInput, output: Detail },
  'browse.quickFind': { input: z.object({ query: z.string().min(1).max(200), limit: z.number().int().positive().max(50).optional() }).strict(), output: z.array(QuickFindHit) },

  'history.changes': {
    input: z.object({ organizationId: Id.optional(), syncRunId: Id.optional(), kind: z.string().max(50).optional(), limit: z.number().int().positive().max(1000).optional() }).strict(),
    output: z.array(Change),
  },
  'history.syncRuns': { input: z.object({ organizationId: Id.optional(), limit: z.number().int().positive().max(500).optional() }).strict(), output: z.array(SyncRun) },

  // ---- Writes (issue 6)
  ...writeCalls,
} as const

// ---------------------------------------------------------------------------------------------
// Push events (main → renderer)

export const events = {
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  'app.connectivity': Connectivity,
  'orgs.changed': z.object({ organizations: z.array(Organization) }),
  'sync.progress': SyncProgress,
  'sync.finished': z.object({ summaries: z.array(SyncSummary) }),
  // ---- Writes (issue 6)
  ...writeEvents,
} as const

export type Calls = typeof calls
export type CallName = keyof Calls
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>
export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.output<Events[K]>

export const callNames = Object.keys(calls) as CallName[]
export const eventNames = Object.keys(events) as EventName[]

type CamelSegment<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelSegment<T>>}` : S
type CamelCall<S extends string> = S extends `${infer D}.${infer V}` ? `${CamelSegment<D>}${Capitalize<CamelSegment<V>>}` : S
type EventFnName<S extends string> = `on${Capitalize<CamelCall<S>>}`

/** `keys.rotate` → `keysRotate`: the bridge function's name for a call. */
export function bridgeName(call: string): string {
  return call
    .split(/[._]/)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('')
}

/** `sync.progress` → `onSyncProgress`: the subscription's name for an event. */
export function eventBridgeName(event: string): string {
  const name = bridgeName(event)
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}`
}

/** What `window.iam` offers: one function per call, one subscription per event. */
export type IamBridge = {
  [K in CallName as CamelCall<K>]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>
} & {
  [K in EventName as EventFnName<K>]: (cb: (payload: EventPayload<K>) => void) => () => void
}

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
  'browse.detail': { input: DetailInput, output: Detail },
  'browse.quickFind': { input: z.object({ query: z.string().min(1).max(200), limit: z.number().int().positive().max(50).optional() }).strict(), output: z.array(QuickFindHit) },

  'history.changes': {
    input: z.object({ organizationId: Id.optional(), syncRunId: Id.optional(), kind: z.string().max(50).optional(), limit: z.number().int().positive().max(1000).optional() }).strict(),
    output: z.array(Change),
  },
  'history.syncRuns': { input: z.object({ organizationId: Id.optional(), limit: z.number().int().positive().max(500).optional() }).strict(), output: z.array(SyncRun) },
} as const

// ---------------------------------------------------------------------------------------------
// Push events (main → renderer)

export const events = {
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  'app.connectivity': Connectivity,
  'orgs.changed': z.object({ organizations: z.array(Organization) }),
  'sync.progress': SyncProgress,
  'sync.finished': z.object({ summaries: z.array(SyncSummary) }),
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

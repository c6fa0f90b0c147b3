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

// ---------------------------------------------------------------------------------------------
// Calls

export const calls = {
  'app.info': { input: z.object({}).strict(), output: AppInfo },
} as const

// ---------------------------------------------------------------------------------------------
// Push events (main → renderer)

export const events = {
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
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

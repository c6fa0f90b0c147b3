// THE IPC contract, assembled from one module per feature. Every call the renderer can make
// and every event main can push is declared with zod schemas for input, output and payload.
// main validates both directions; the preload exposes one function per call; the renderer
// imports these types only. The contract imports nothing but zod and the domain (ESLint).
import type { z } from 'zod'
import type { Result } from './errors'
import { appCalls, appEvents } from './app'
import { orgsCalls, orgsEvents } from './orgs'
import { syncCalls, syncEvents } from './sync'
import { browseCalls } from './browse'
import { historyCalls } from './history'
import { writeCalls, writeEvents } from './writes'
import { peopleCalls } from './people'
import { jobsCalls, jobsEvents } from './jobs'
import { settingsCalls, settingsEvents } from './settings'
import { credentialsCalls } from './credentials'
import { policyAnalysisCalls } from './policy-analysis'
import { accessCalls } from './access'
import { terraformCalls } from './terraform'
import { sshLocalCalls } from './ssh-local'
import { exportCalls, exportEvents } from './export'
import { projectsCalls } from './projects'
import { homeCalls } from './home'

export * from './errors'
export * from './common'
export * from './app'
export * from './orgs'
export * from './sync'
export * from './browse'
export * from './history'
export * from './writes'
export * from './people'
export * from './jobs'
export * from './settings'
export * from './credentials'
export * from './policy-analysis'
export * from './access'
export * from './terraform'
export * from './ssh-local'
export * from './export'
export * from './projects'
export * from './home'

export const calls = {
  ...appCalls,
  ...orgsCalls,
  ...syncCalls,
  ...browseCalls,
  ...historyCalls,
  ...writeCalls,
  ...peopleCalls,
  ...jobsCalls,
  ...settingsCalls,
  ...credentialsCalls,
  ...policyAnalysisCalls,
  ...accessCalls,
  ...terraformCalls,
  ...sshLocalCalls,
  ...exportCalls,
  ...projectsCalls,
  ...homeCalls,
} as const

/** Push events (main → renderer). */
export const events = {
  ...appEvents,
  ...orgsEvents,
  ...syncEvents,
  ...writeEvents,
  ...jobsEvents,
  ...settingsEvents,
  ...exportEvents,
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

// The app itself: what it is, where it runs, whether Scaleway is reachable.
import { z } from 'zod'
import { Timestamp } from './common'

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

export const Connectivity = z.object({
  online: z.boolean(),
  /** When the API was last seen unreachable (start of the current outage). */
  offlineSince: Timestamp.nullable(),
  reason: z.string().nullable(),
})
export type Connectivity = z.infer<typeof Connectivity>

const NoInput = z.object({}).strict()

export const appCalls = {
  'app.info': { input: NoInput, output: AppInfo },
  'app.connectivity': { input: NoInput, output: Connectivity },
} as const

export const appEvents = {
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
  'app.connectivity': Connectivity,
} as const

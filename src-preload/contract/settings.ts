// Settings: the user's choices that main needs too (so the sidebar's counts and the reports
// agree), kept in the cache's `settings` table. Each setting has its bounds and its default here;
// `settings.set` changes some and answers them all. No setting is, or may hold, a secret.
import { z } from 'zod'

export const SETTING_DEFAULTS = {
  /** Credential report: a key older than this many days needs attention (issue: key rotation). */
  credentialAgeDays: 90,
  /** Every Nth successful sync of an organization re-reads every policy's rules (1 = every sync). */
  fullSyncEvery: 10,
  /** Also a full sync when an organization's last full sync is a day old (issue: fleet scale). */
  fullSyncDaily: true,
  /**
   * Key rotation: delete old keys as soon as their grace period is over, at start and while IAM
   * Desk runs, instead of waiting for "Finish now" (docs/rotation.md). Off by default: a finish
   * is irreversible.
   */
  finishDueRotations: false,
  /** SSH keys from this computer: the folder read (null: .ssh in the home folder). */
  sshFolder: null,
  /** A new API key expires in this many days unless the user chooses otherwise; null = never. */
  apiKeyExpiryDays: 90 as number | null,
  /** The cache age turns amber past this many hours since the last successful sync… */
  cacheAgeWarnHours: 24,
  /** …and red past this many (at least cacheAgeWarnHours: see cacheAgeConflict). */
  cacheAgeAlertHours: 168,
} as const

export const Settings = z.object({
  credentialAgeDays: z.number().int().min(1).max(3650),
  fullSyncEvery: z.number().int().min(1).max(1000),
  fullSyncDaily: z.boolean(),
  finishDueRotations: z.boolean(),
  sshFolder: z.string().trim().min(1).max(4096).nullable(),
  apiKeyExpiryDays: z.number().int().min(1).max(3650).nullable(),
  cacheAgeWarnHours: z.number().int().min(1).max(87_600),
  cacheAgeAlertHours: z.number().int().min(1).max(87_600),
})
export type Settings = z.infer<typeof Settings>

/**
 * The one rule between two settings: the cache age cannot turn red before it turns amber. A
 * patch is judged with the stored values it leaves alone (SettingsService.set refuses it; the
 * Settings view says so as typed). Null when the two agree.
 */
export function cacheAgeConflict(s: Pick<Settings, 'cacheAgeWarnHours' | 'cacheAgeAlertHours'>): string | null {
  if (s.cacheAgeAlertHours >= s.cacheAgeWarnHours) return null
  const hours = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'hour' : 'hours'}`
  return `The cache age cannot turn red (after ${hours(s.cacheAgeAlertHours)}) before it turns amber (after ${hours(s.cacheAgeWarnHours)}).`
}

export const SettingsPatch = Settings.partial().strict()
export type SettingsPatch = z.infer<typeof SettingsPatch>

export const settingsCalls = {
  /** Every setting, defaults filled in. */
  'settings.get': { input: z.object({}).strict(), output: Settings },
  /** Changes the given settings; answers every setting. */
  'settings.set': { input: SettingsPatch, output: Settings },
} as const

export const settingsEvents = {
  /** A setting changed (from this window or another): every setting. */
  'settings.changed': Settings,
} as const

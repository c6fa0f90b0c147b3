// The user's settings, kept in the cache's `settings` table (migration 0004): one row per
// setting, its value as JSON. What exists, its bounds and its default come from the contract
// (src-preload/contract/settings.ts); a stored value that no longer fits them (an older or a
// newer IAM Desk, a hand edit) reads as the default instead of failing every caller.
import type { Database, Statement } from 'better-sqlite3'
import { cacheAgeConflict, SETTING_DEFAULTS, Settings, type SettingsPatch } from '../../../../src-preload/contract/settings'
import { AppError } from '../../errors/app-error'

type Key = keyof Settings

export class SettingsService {
  readonly #read: Statement<[], { key: string; value: string }>
  readonly #write: Statement<[string, string, string]>
  readonly #now: () => Date
  readonly #db: Database

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db
    this.#read = db.prepare('SELECT key, value FROM settings')
    this.#write = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    this.#now = now
  }

  /** Every setting, defaults filled in. */
  get(): Settings {
    const out: Record<string, unknown> = { ...SETTING_DEFAULTS }
    for (const row of this.#read.all()) {
      if (!Object.hasOwn(SETTING_DEFAULTS, row.key)) continue
      const key = row.key as Key
      let value: unknown
      try {
        value = JSON.parse(row.value)
      } catch {
        continue
      }
      const checked = Settings.shape[key].safeParse(value)
      if (checked.success) out[key] = checked.data
    }
    return Settings.parse(out)
  }

  /**
   * Stores the given settings (each already checked by the contract) and answers every setting.
   * A patch that breaks the rule between two settings (red before amber), judged with the stored
   * values it leaves alone, is refused whole: nothing is stored.
   */
  set(patch: SettingsPatch): Settings {
    const conflict = cacheAgeConflict({ ...this.get(), ...definedOnly(patch) })
    if (conflict) {
      const field = patch.cacheAgeAlertHours !== undefined ? 'cache_age_alert_hours' : 'cache_age_warn_hours'
      throw new AppError('invalid_input', conflict, { fields: [{ argument_name: field, reason: 'constraint', help_message: conflict }] })
    }
    const at = this.#now().toISOString()
    this.#db.transaction(() => {
      for (const key of Object.keys(patch) as Key[]) {
        const value = patch[key]
        if (value === undefined) continue
        this.#write.run(key, JSON.stringify(Settings.shape[key].parse(value)), at)
      }
    })()
    return this.get()
  }
}

function definedOnly(patch: SettingsPatch): SettingsPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined))
}

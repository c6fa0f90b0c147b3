// The user's settings as main keeps them (contract/settings.ts): read once at start and followed
// when they change, here or in another window. Defaults until main answers. Every control of a
// setting — the Settings view's and those beside the features (the credential report's
// threshold, the sync menu, the SSH folder) — reads `values` and stores through `save`, so they
// agree at once and each change gets the same confirmation.
import { SETTING_DEFAULTS, type AppErrorShape, type IamBridge, type Settings, type SettingsPatch } from '../../../src-preload/contract'
import { SETTING_WORDS, type SettingKey } from '../lib/setting-words'
import type { ToastsState } from './toasts.svelte'

export class SettingsState {
  values = $state.raw<Settings>({ ...SETTING_DEFAULTS })
  readonly #iam: IamBridge
  readonly #toasts: ToastsState | null

  constructor(iam: IamBridge, toasts: ToastsState | null = null) {
    this.#iam = iam
    this.#toasts = toasts
  }

  async load(): Promise<void> {
    const r = await this.#iam.settingsGet({})
    if (r.ok) this.values = r.value
  }

  listen(): () => void {
    return this.#iam.onSettingsChanged((s) => (this.values = s))
  }

  /** Stores a change quietly; answers the refusal to show, or null. */
  async set(patch: SettingsPatch): Promise<AppErrorShape | null> {
    const r = await this.#iam.settingsSet(patch)
    if (!r.ok) return r.error
    this.values = r.value
    return null
  }

  /**
   * Stores one setting and confirms it with a toast in the user's words ("New API keys expire
   * after 30 days…"); `restored` says it went back to its default. Answers the refusal, or null.
   */
  async save<K extends SettingKey>(key: K, value: Settings[K], restored = false): Promise<AppErrorShape | null> {
    const error = await this.set({ [key]: value } as SettingsPatch)
    if (error) return error
    const says = (SETTING_WORDS[key].says as (v: Settings[K]) => string)(this.values[key])
    this.#toasts?.push({ message: restored ? `Default restored. ${says}` : `Saved. ${says}` })
    return null
  }
}

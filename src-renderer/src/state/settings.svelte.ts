// The user's settings as main keeps them (contract/settings.ts): read once at start and followed
// when they change, here or in another window. Defaults until main answers.
import { SETTING_DEFAULTS, type AppErrorShape, type IamBridge, type Settings, type SettingsPatch } from '../../../src-preload/contract'

export class SettingsState {
  values = $state.raw<Settings>({ ...SETTING_DEFAULTS })
  readonly #iam: IamBridge

  constructor(iam: IamBridge) {
    this.#iam = iam
  }

  async load(): Promise<void> {
    const r = await this.#iam.settingsGet({})
    if (r.ok) this.values = r.value
  }

  listen(): () => void {
    return this.#iam.onSettingsChanged((s) => (this.values = s))
  }

  async set(patch: SettingsPatch): Promise<AppErrorShape | null> {
    const r = await this.#iam.settingsSet(patch)
    if (!r.ok) return r.error
    this.values = r.value
    return null
  }
}

// The credential report's shared state: the age threshold (a setting kept by main, so the
// sidebar's count, the report and its exports agree), how many keys of the current scope need
// attention (the sidebar's badge), and the report's filters and sort, kept here so they are still
// set after a look at a key's detail. The report's rows belong to CredentialsView.
import {
  DEFAULT_CREDENTIAL_SORT,
  SETTING_DEFAULTS,
  type AppErrorShape,
  type CredentialAttention,
  type CredentialSort,
  type CredentialStatus,
  type IamBridge,
} from '../../../src-preload/contract'

/** The report's status filter: any, the keys needing attention, old keys waiting in grace, or one status. */
export type StatusChoice = '' | 'attention' | 'grace' | CredentialStatus

export class CredentialsState {
  /** Keys older than this many days need attention (setting `credentialAgeDays`). */
  thresholdDays = $state<number>(SETTING_DEFAULTS.credentialAgeDays)
  /** Old keys are deleted as soon as their rotation's grace period is over (setting `finishDueRotations`). */
  finishDueRotations = $state<boolean>(SETTING_DEFAULTS.finishDueRotations)
  /** For the scope last asked; null until known. */
  attention = $state.raw<CredentialAttention | null>(null)

  /** The report's filters and sort (the organizations are the sidebar's scope). */
  search = $state('')
  status = $state<StatusChoice>('')
  /** Only keys older than the threshold. */
  olderOnly = $state(false)
  bearerType = $state<'' | 'user' | 'application'>('')
  sort = $state.raw<CredentialSort>(DEFAULT_CREDENTIAL_SORT)

  readonly #iam: IamBridge
  #seq = 0
  #settingsLoaded = false

  constructor(iam: IamBridge) {
    this.#iam = iam
  }

  /** Follows the setting when it changes (here or in another window). Returns the unsubscribe. */
  listen(): () => void {
    if (!this.#settingsLoaded) void this.loadSettings()
    return this.#iam.onSettingsChanged((s) => {
      this.thresholdDays = s.credentialAgeDays
      this.finishDueRotations = s.finishDueRotations
    })
  }

  async loadSettings(): Promise<void> {
    const r = await this.#iam.settingsGet({})
    if (!r.ok) return
    this.#settingsLoaded = true
    this.thresholdDays = r.value.credentialAgeDays
    this.finishDueRotations = r.value.finishDueRotations
  }

  /** Turns "Finish due rotations automatically" on or off; answers the error to show, or null. */
  async setFinishDueRotations(on: boolean): Promise<AppErrorShape | null> {
    const r = await this.#iam.settingsSet({ finishDueRotations: on })
    if (!r.ok) return r.error
    this.finishDueRotations = r.value.finishDueRotations
    return null
  }

  /** Stores a new threshold; answers the error to show, or null. */
  async setThreshold(days: number): Promise<AppErrorShape | null> {
    const r = await this.#iam.settingsSet({ credentialAgeDays: days })
    if (!r.ok) return r.error
    this.thresholdDays = r.value.credentialAgeDays
    return null
  }

  clearFilters(): void {
    this.search = ''
    this.status = ''
    this.olderOnly = false
    this.bearerType = ''
  }

  /** How many keys of these organizations (all when empty) need attention. */
  async loadAttention(organizationIds: string[]): Promise<void> {
    const mine = ++this.#seq
    const r = await this.#iam.credentialsAttention(organizationIds.length ? { organizationIds } : {})
    if (mine !== this.#seq || !r.ok) return
    this.attention = r.value
  }
}

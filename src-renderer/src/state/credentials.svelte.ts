// The credential report's shared state: the age threshold (a setting kept by main, so the
// sidebar's count, the report and its exports agree; held by SettingsState), how many keys of
// the current scope need attention (the sidebar's badge), and the report's filters and sort,
// kept here so they are still set after a look at a key's detail. The report's rows belong to CredentialsView.
import type { SettingsState } from './settings.svelte'
import {
  DEFAULT_CREDENTIAL_SORT,
  type CredentialAttention,
  type CredentialSort,
  type CredentialStatus,
  type IamBridge,
} from '../../../src-preload/contract'

/** The report's status filter: any, the keys needing attention, old keys waiting in grace, or one status. */
export type StatusChoice = '' | 'attention' | 'grace' | CredentialStatus

export class CredentialsState {
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
  readonly #settings: SettingsState
  #seq = 0

  constructor(iam: IamBridge, settings: SettingsState) {
    this.#iam = iam
    this.#settings = settings
  }

  /** Keys older than this many days need attention (setting `credentialAgeDays`, the one SettingsState holds). */
  get thresholdDays(): number {
    return this.#settings.values.credentialAgeDays
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

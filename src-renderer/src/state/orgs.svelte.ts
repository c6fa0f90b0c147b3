// The organizations the user added, as main last reported them. Replaced whole on every
// change (list call or `orgs.changed` push).
import type { AppErrorShape, IamBridge, Organization } from '../../../src-preload/contract'
import type { nav } from './nav.svelte'

/** What the organizations need of the navigation: the selection, kept to known ones. */
type Selection = Pick<typeof nav, 'organizationIds' | 'selectOrganizations'>

/** A lookup, never changed once made (so a plain Map). */
function indexById(items: Organization[]): ReadonlyMap<string, Organization> {
  return new Map(items.map((o) => [o.id, o]))
}

export class OrgsState {
  items = $state.raw<Organization[]>([])
  loaded = $state(false)
  error = $state.raw<AppErrorShape | null>(null)
  /**
   * Moves when an organization already shown gets a new last-sync time: lists read the cache
   * again on it, a second way to learn of a finished sync besides `sync.finished` (a window that
   * missed that push still hears the organizations change, and a list must not stay "Not synced
   * yet" beside organizations "synced just now").
   */
  syncedVersion = $state(0)

  byId = $derived(indexById(this.items))

  readonly #iam: IamBridge
  readonly #nav: Selection

  constructor(iam: IamBridge, selection: Selection) {
    this.#iam = iam
    this.#nav = selection
  }

  /** The organizations the current view covers (all when none is selected). */
  get selected(): Organization[] {
    const ids = this.#nav.organizationIds
    return ids.length === 0 ? this.items : this.items.filter((o) => ids.includes(o.id))
  }

  /**
   * Where a new object goes unless the user says otherwise: the one organization in scope (or
   * the only one there is). '' when several are in scope: the create dialog asks, it never picks
   * one silently.
   */
  defaultForNew(): string {
    const ids = this.#nav.organizationIds
    if (ids.length === 1) return ids[0]!
    return this.items.length === 1 ? this.items[0]!.id : ''
  }

  async refresh(): Promise<void> {
    const r = await this.#iam.orgsList({})
    if (r.ok) {
      this.set(r.value)
      this.error = null
    } else {
      this.error = r.error
    }
    this.loaded = true
  }

  set(items: Organization[]): void {
    const before = this.byId
    if (items.some((o) => before.has(o.id) && before.get(o.id)!.lastSyncAt !== o.lastSyncAt)) this.syncedVersion++
    this.items = items
    // A removed organization must not stay selected.
    const known = indexById(items)
    const kept = this.#nav.organizationIds.filter((id) => known.has(id))
    if (kept.length !== this.#nav.organizationIds.length) this.#nav.selectOrganizations(kept)
  }

  listen(): () => void {
    return this.#iam.onOrgsChanged((e) => {
      this.set(e.organizations)
      this.loaded = true
    })
  }

  async rename(id: string, name: string) {
    const r = await this.#iam.orgsRename({ id, name })
    if (r.ok) this.set(this.items.map((o) => (o.id === id ? r.value : o)))
    return r
  }

  /** Pins an organization to the top of the sidebar and/or files it in a folder (null: none). */
  async arrange(id: string, change: { pinned?: boolean; folder?: string | null }) {
    const r = await this.#iam.orgsArrange({ id, ...change })
    if (r.ok) this.set(this.items.map((o) => (o.id === id ? r.value : o)))
    return r
  }

  /** The folders in use, sorted. */
  get folders(): string[] {
    const names = this.items.flatMap((o) => (o.folder ? [o.folder] : []))
    return names.filter((f, i) => names.indexOf(f) === i).sort((a, b) => a.localeCompare(b))
  }

  async remove(id: string) {
    const r = await this.#iam.orgsRemove({ id })
    if (r.ok) this.set(this.items.filter((o) => o.id !== id))
    return r
  }

  /** Adds (or replaces) organizations returned by add/import/demo. */
  merge(added: Organization[]): void {
    const ids = indexById(added)
    this.set([...this.items.filter((o) => !ids.has(o.id)), ...added])
  }
}

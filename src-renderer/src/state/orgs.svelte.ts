// The organizations the user added, as main last reported them. Replaced whole on every
// change (list call or `orgs.changed` push).
import { iam } from '../lib/iam'
import type { AppErrorShape, Organization } from '../../../src-preload/contract'
import { nav } from './nav.svelte'

class OrgsState {
  items = $state.raw<Organization[]>([])
  loaded = $state(false)
  error = $state.raw<AppErrorShape | null>(null)

  byId = $derived(new Map(this.items.map((o) => [o.id, o])))

  /** The organizations the current view covers (all when none is selected). */
  get selected(): Organization[] {
    const ids = nav.organizationIds
    return ids.length === 0 ? this.items : this.items.filter((o) => ids.includes(o.id))
  }

  async refresh(): Promise<void> {
    const r = await iam.orgsList({})
    if (r.ok) {
      this.set(r.value)
      this.error = null
    } else {
      this.error = r.error
    }
    this.loaded = true
  }

  set(items: Organization[]): void {
    this.items = items
    // A removed organization must not stay selected.
    const known = new Set(items.map((o) => o.id))
    const kept = nav.organizationIds.filter((id) => known.has(id))
    if (kept.length !== nav.organizationIds.length) nav.selectOrganizations(kept)
  }

  listen(): () => void {
    return iam.onOrgsChanged((e) => {
      this.set(e.organizations)
      this.loaded = true
    })
  }

  async rename(id: string, name: string) {
    const r = await iam.orgsRename({ id, name })
    if (r.ok) this.set(this.items.map((o) => (o.id === id ? r.value : o)))
    return r
  }

  async remove(id: string) {
    const r = await iam.orgsRemove({ id })
    if (r.ok) this.set(this.items.filter((o) => o.id !== id))
    return r
  }

  /** Adds (or replaces) organizations returned by add/import/demo. */
  merge(added: Organization[]): void {
    const ids = new Set(added.map((o) => o.id))
    this.set([...this.items.filter((o) => !ids.has(o.id)), ...added])
  }
}

export const orgs = new OrgsState()

// How many objects each section holds for the current scope, for the sidebar. Read from the
// cache in one call (not one request per list: at start those queued in front of the list's
// first page), refreshed when the scope or data changes.
import { iam } from '../lib/iam'
import type { ResourceKind } from '../../../src-preload/contract'

class SectionCounts {
  byKind = $state.raw<Partial<Record<ResourceKind, number>>>({})
  #seq = 0

  /** The count of a section, when it is a list and known. */
  of(section: string): number | undefined {
    return (this.byKind as Record<string, number | undefined>)[section]
  }

  async load(organizationIds: string[]): Promise<void> {
    const mine = ++this.#seq
    const r = await iam.browseCounts(organizationIds.length ? { organizationIds } : {})
    if (mine !== this.#seq || !r.ok) return
    this.byKind = r.value
  }
}

export const counts = new SectionCounts()

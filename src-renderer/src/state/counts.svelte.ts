// How many objects each section holds for the current scope, for the sidebar. Read from the
// cache in one call (not one request per list: at start those queued in front of the list's
// first page), refreshed when the scope or data changes.
import type { IamBridge, ResourceKind } from '../../../src-preload/contract'

export class SectionCounts {
  byKind = $state.raw<Partial<Record<ResourceKind, number>>>({})
  readonly #iam: IamBridge
  #seq = 0

  constructor(iam: IamBridge) {
    this.#iam = iam
  }

  /** The count of a section, when it is a list and known. */
  of(section: string): number | undefined {
    return (this.byKind as Record<string, number | undefined>)[section]
  }

  async load(organizationIds: string[]): Promise<void> {
    const mine = ++this.#seq
    const r = await this.#iam.browseCounts(organizationIds.length ? { organizationIds } : {})
    if (mine !== this.#seq || !r.ok) return
    this.byKind = r.value
  }
}

// How many objects each section holds for the current scope, for the sidebar. Read from the
// cache in one call (not one request per list: at start those queued in front of the list's
// first page), refreshed when the scope or data changes: the sidebar asks on a scope change and
// after each sync, and every applied write and bulk-change step re-reads the current scope here,
// so "Applications 14" never sits beside a list of 15.
import type { IamBridge, ResourceKind } from '../../../src-preload/contract'

/** Writes in a row (a bulk change) are counted once they pause this long. */
const SETTLE_MS = 150

export class SectionCounts {
  byKind = $state.raw<Partial<Record<ResourceKind, number>>>({})
  readonly #iam: IamBridge
  #seq = 0
  /** The scope of the last load, re-read after a change; null before the first load. */
  #scope: string[] | null = null
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(iam: IamBridge) {
    this.#iam = iam
  }

  /** The count of a section, when it is a list and known. */
  of(section: string): number | undefined {
    return (this.byKind as Record<string, number | undefined>)[section]
  }

  async load(organizationIds: string[]): Promise<void> {
    // From the first load on, for the window's whole life (this state lives as long).
    if (this.#scope === null) this.#listen()
    this.#scope = organizationIds
    const mine = ++this.#seq
    const r = await this.#iam.browseCounts(organizationIds.length ? { organizationIds } : {})
    if (mine !== this.#seq || !r.ok) return
    this.byKind = r.value
  }

  /** Re-reads the current scope's counts after `writes.applied` and `jobs.progress`. */
  #listen(): void {
    const changed = () => {
      if (this.#timer) clearTimeout(this.#timer)
      this.#timer = setTimeout(() => {
        this.#timer = null
        if (this.#scope) void this.load(this.#scope)
      }, SETTLE_MS)
    }
    this.#iam.onWritesApplied(changed)
    this.#iam.onJobsProgress(changed)
  }
}

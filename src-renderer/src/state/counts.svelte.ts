// How many objects each section holds for the current scope, for the sidebar. Read from the
// cache (a one-row page of each list gives its total), refreshed when the scope or data changes.
import { iam } from '../lib/iam'
import type { ResourceKind } from '../../../src-preload/contract'

const KINDS: ResourceKind[] = ['users', 'applications', 'groups', 'policies', 'api_keys', 'ssh_keys', 'permission_sets', 'quota', 'jwts', 'logs']

class SectionCounts {
  byKind = $state.raw<Partial<Record<ResourceKind, number>>>({})
  #seq = 0

  /** The count of a section, when it is a list and known. */
  of(section: string): number | undefined {
    return (this.byKind as Record<string, number | undefined>)[section]
  }

  async load(organizationIds: string[]): Promise<void> {
    const mine = ++this.#seq
    const pages = await Promise.all(
      KINDS.map((kind) => iam.browseList({ kind, ...(organizationIds.length ? { organizationIds } : {}), offset: 0, limit: 1 })),
    )
    if (mine !== this.#seq) return
    const next: Partial<Record<ResourceKind, number>> = {}
    pages.forEach((p, i) => {
      if (p.ok) next[KINDS[i]!] = p.value.total
    })
    this.byKind = next
  }
}

export const counts = new SectionCounts()

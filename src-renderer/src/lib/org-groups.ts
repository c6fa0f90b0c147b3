// The sidebar's organizations when there are many: pinned ones first, then the user's folders
// (alphabetical), then the rest — each group sorted by name — narrowed by the filter box.
// With no pins and no folders it is one untitled group: the plain list a user of three
// organizations has always seen.
import type { Organization } from '../../../src-preload/contract'

export interface OrgGroup {
  /** Stable key: 'pinned', 'rest' or 'folder:<name>'. */
  key: string
  /** The heading; null for the untitled plain list. */
  title: string | null
  folder: string | null
  organizations: Organization[]
}

const byName = (a: Organization, b: Organization) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id)

/** Whether the filter text (case-insensitive, any word) matches the name, folder or id. */
export function matchesOrgFilter(org: Organization, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  const hay = `${org.name} ${org.folder ?? ''} ${org.id}`.toLowerCase()
  return words.every((w) => hay.includes(w))
}

export function groupOrganizations(organizations: readonly Organization[], filter = ''): OrgGroup[] {
  const shown = organizations.filter((o) => matchesOrgFilter(o, filter)).sort(byName)
  const pinned = shown.filter((o) => o.pinned)
  const folders = new Map<string, Organization[]>()
  const rest: Organization[] = []
  for (const o of shown) {
    if (o.pinned) continue
    if (o.folder) folders.set(o.folder, [...(folders.get(o.folder) ?? []), o])
    else rest.push(o)
  }
  const groups: OrgGroup[] = []
  if (pinned.length) groups.push({ key: 'pinned', title: 'Pinned', folder: null, organizations: pinned })
  for (const name of [...folders.keys()].sort((a, b) => a.localeCompare(b))) {
    groups.push({ key: `folder:${name}`, title: name, folder: name, organizations: folders.get(name)! })
  }
  const anyOther = organizations.some((o) => o.pinned || o.folder)
  if (rest.length) groups.push({ key: 'rest', title: anyOther ? 'Other organizations' : null, folder: null, organizations: rest })
  return groups
}

// Where the user is: the section shown, the organizations it covers, the open detail.
// Shared by the sidebar, the browse views, the detail pane and the quick switcher.
import { KINDS, RESOURCE_KINDS, type DetailKind, type ResourceKind } from '../../../domain/kinds'

export type Section = ResourceKind | 'people' | 'changes' | 'overview' | 'jobs' | 'credentials' | 'analysis' | 'ssh_local' | 'access' | 'settings'

export interface DetailRef {
  kind: DetailKind
  organizationId: string
  id: string
}

/** The sidebar's sections: one per resource kind of the registry, then the change history. */
export const SECTIONS: ReadonlyArray<{ id: Section; label: string }> = [
  // The home: what needs attention today (views/HomeView.svelte), the first screen.
  { id: 'overview', label: 'Needs attention' },
  { id: 'people', label: 'People' },
  // "SSH keys from this computer" right under SSH keys (docs/ssh-keys.md).
  ...RESOURCE_KINDS.flatMap((kind) => [{ id: kind, label: KINDS[kind].words.title }, ...(kind === 'ssh_keys' ? [{ id: 'ssh_local' as const, label: 'SSH keys from this computer' }] : [])]),
  { id: 'credentials', label: 'Credentials' },
  { id: 'changes', label: 'What changed' },
  { id: 'analysis', label: 'Policy analysis' },
  { id: 'access', label: 'Access' },
  { id: 'jobs', label: 'Bulk changes' },
  // Last: every setting in one place (views/SettingsView.svelte).
  { id: 'settings', label: 'Settings' },
]

/** Whether a section is a resource kind's list (the others are views of their own). */
export const isKindSection = (s: Section): s is ResourceKind => (RESOURCE_KINDS as readonly string[]).includes(s)

class NavState {
  section = $state<Section>('overview')
  /** Empty = "All organizations". */
  organizationIds = $state.raw<string[]>([])
  detail = $state.raw<DetailRef | null>(null)
  /** Set by the quick switcher so the list can highlight what was picked. */
  focusId = $state<string | null>(null)
  /** The shown list's search and filter controls (BrowseList): here so an address restores them (route.ts). */
  search = $state('')
  filterValues = $state.raw<Record<string, string>>({})
  /** The section's own state in the address (route.ts `v=`): what the policy analysis shows. */
  view = $state('')

  show(section: Section): void {
    if (section !== this.section) this.#freshList()
    this.section = section
    this.detail = null
    this.view = ''
  }

  /** A section opened on a state of its own (the policy analysis on two policies…). */
  showView(section: Section, view: string): void {
    this.show(section)
    this.view = view
  }

  open(ref: DetailRef): void {
    if (ref.kind !== this.section) this.#freshList()
    this.section = ref.kind
    this.detail = ref
    this.focusId = ref.id
  }

  /** Back/forward: everything an address holds at once. */
  restore(to: { section: Section; organizationIds: string[]; search: string; filterValues: Record<string, string>; detail: DetailRef | null; view?: string }): void {
    this.section = to.section
    this.organizationIds = to.organizationIds
    this.search = to.search
    this.filterValues = to.filterValues
    this.detail = to.detail
    this.view = to.view ?? ''
  }

  /** Another section's list starts without search or filters. */
  #freshList(): void {
    this.search = ''
    this.filterValues = {}
  }

  close(): void {
    this.detail = null
  }

  selectOrganizations(ids: string[]): void {
    this.organizationIds = ids
  }
}

export const nav = new NavState()

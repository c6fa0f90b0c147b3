// Where the user is: the section shown, the organizations it covers, the open detail.
// Shared by the sidebar, the browse views, the detail pane and the quick switcher.
import { KINDS, RESOURCE_KINDS, type DetailKind, type ResourceKind } from '../../../domain/kinds'

export type Section = ResourceKind | 'people' | 'changes' | 'overview' | 'jobs' | 'credentials'

export interface DetailRef {
  kind: DetailKind
  organizationId: string
  id: string
}

/** The sidebar's sections: one per resource kind of the registry, then the change history. */
export const SECTIONS: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'people', label: 'People' },
  ...RESOURCE_KINDS.map((kind) => ({ id: kind, label: KINDS[kind].words.title })),
  { id: 'credentials', label: 'Credentials' },
  { id: 'changes', label: 'What changed' },
  { id: 'jobs', label: 'Bulk changes' },
]

class NavState {
  section = $state<Section>('users')
  /** Empty = "All organizations". */
  organizationIds = $state.raw<string[]>([])
  detail = $state.raw<DetailRef | null>(null)
  /** Set by the quick switcher so the list can highlight what was picked. */
  focusId = $state<string | null>(null)

  show(section: Section): void {
    this.section = section
    this.detail = null
  }

  open(ref: DetailRef): void {
    this.section = ref.kind
    this.detail = ref
    this.focusId = ref.id
  }

  close(): void {
    this.detail = null
  }

  selectOrganizations(ids: string[]): void {
    this.organizationIds = ids
  }
}

export const nav = new NavState()

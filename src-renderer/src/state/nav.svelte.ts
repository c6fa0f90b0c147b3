// Where the user is: the section shown, the organizations it covers, the open detail.
// Shared by the sidebar, the browse views, the detail pane and the quick switcher.
import type { ResourceKind } from '../../../src-preload/contract'

export type Section = ResourceKind | 'changes' | 'overview'

export interface DetailRef {
  kind: Exclude<ResourceKind, 'quota'>
  organizationId: string
  id: string
}

export const SECTIONS: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'users', label: 'Users' },
  { id: 'applications', label: 'Applications' },
  { id: 'groups', label: 'Groups' },
  { id: 'policies', label: 'Policies' },
  { id: 'api_keys', label: 'API keys' },
  { id: 'ssh_keys', label: 'SSH keys' },
  { id: 'permission_sets', label: 'Permission sets' },
  { id: 'quota', label: 'Quotas' },
  { id: 'jwts', label: 'Sessions' },
  { id: 'logs', label: 'Logs' },
  { id: 'changes', label: 'What changed' },
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

import type { Policy } from '../../../../domain/schemas'
import { plural } from '../format'
import { anyOption, type KindView } from './types'

export function principalKindOf(p: Policy): 'user' | 'group' | 'application' | 'none' {
  if (p.user_id) return 'user'
  if (p.group_id) return 'group'
  if (p.application_id) return 'application'
  return 'none'
}

export const policies: KindView<'policies'> = {
  kind: 'policies',
  searchHint: 'name, description, principal, id, tag',
  columns: [
    { id: 'name', label: 'Name', width: 'minmax(180px, 2fr)', sortField: 'name', cell: (p) => ({ text: p.name, badges: p.managed ? [{ label: 'MANAGED', tone: 'muted' }] : [] }) },
    {
      id: 'principal',
      label: 'Principal',
      width: 'minmax(160px, 1.3fr)',
      sortField: 'principal_kind',
      cell: (p, { names }) => {
        const kind = principalKindOf(p)
        if (kind === 'none') return { text: 'no principal', muted: true }
        const id = p.user_id ?? p.group_id ?? p.application_id
        const name = names?.principal_name
        return name ? { text: name, title: `${kind} ${id}`, badges: [{ label: kind.toUpperCase(), tone: 'muted' }] } : { text: kind, title: id }
      },
    },
    {
      id: 'rules',
      label: 'Rules',
      width: 'minmax(150px, 1fr)',
      sortField: 'nb_rules',
      cell: (p) => ({ text: `${plural(p.nb_rules, 'rule')}, ${plural(p.nb_permission_sets, 'permission set')}` }),
    },
    { id: 'tags', label: 'Tags', width: 'minmax(100px, 1fr)', cell: (p) => ({ text: p.tags.join(', ') || '—', muted: p.tags.length === 0 }) },
  ],
  filters: [
    {
      type: 'select',
      id: 'principalKind',
      label: 'Principal',
      multiple: { key: 'principalKind' },
      options: [
        anyOption,
        { label: 'Users', filters: { principalKind: 'user' } },
        { label: 'Groups', filters: { principalKind: 'group' } },
        { label: 'Applications', filters: { principalKind: 'application' } },
        { label: 'No principal', filters: { principalKind: 'none' } },
      ],
    },
    { type: 'text', id: 'permissionSetName', label: 'Permission set', key: 'permissionSetName', placeholder: 'e.g. IAMReadOnly' },
  ],
}

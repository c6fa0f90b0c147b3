import { plural } from '../format'
import type { KindView } from './types'

export const groups: KindView<'groups'> = {
  kind: 'groups',
  searchHint: 'name, description, id, tag',
  columns: [
    { id: 'name', label: 'Name', width: 'minmax(160px, 1.5fr)', sortField: 'name', cell: (g) => ({ text: g.name }) },
    {
      id: 'members',
      label: 'Members',
      width: 'minmax(140px, 1fr)',
      sortField: 'member_count',
      cell: (g) => ({
        text: [g.user_ids.length ? plural(g.user_ids.length, 'user') : '', g.application_ids.length ? plural(g.application_ids.length, 'app') : '']
          .filter(Boolean)
          .join(', ') || 'none',
        muted: g.user_ids.length + g.application_ids.length === 0,
      }),
    },
    { id: 'description', label: 'Description', width: 'minmax(180px, 2.5fr)', cell: (g) => ({ text: g.description || '—', muted: !g.description }) },
  ],
  filters: [{ type: 'text', id: 'tag', label: 'Tag', key: 'tag', placeholder: 'any tag' }],
}

import { formatCount } from '../format'
import type { KindView } from './types'

export const quota: KindView<'quota'> = {
  kind: 'quota',
  searchHint: 'name, description',
  columns: [
    { id: 'pretty_name', label: 'Quota', width: 'minmax(180px, 1.5fr)', sortField: 'pretty_name', cell: (q) => ({ text: q.pretty_name, title: q.description }) },
    {
      id: 'limit',
      label: 'Limit',
      width: 'minmax(100px, 0.8fr)',
      cell: (q) => (q.unlimited || q.limit === undefined ? { text: 'unlimited', muted: true } : { text: formatCount(q.limit) }),
    },
    { id: 'unit', label: 'Unit', width: 'minmax(90px, 0.6fr)', cell: (q) => ({ text: q.unit, muted: true }) },
    { id: 'name', label: 'Name', width: 'minmax(160px, 1fr)', sortField: 'name', cell: (q) => ({ text: q.name, mono: true, muted: true }) },
  ],
  filters: [],
}

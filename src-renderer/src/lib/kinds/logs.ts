import { enumLabel } from '../format'
import { timeCell } from './time-cells'
import { anyOption, type KindView } from './types'

const ACTION_TONE = { created: 'ok', updated: 'accent', deleted: 'danger', unknown_action: 'muted' } as const

export const logs: KindView<'logs'> = {
  kind: 'logs',
  searchHint: 'resource, actor, ip, user agent',
  columns: [
    { id: 'time', label: 'Time', width: 'minmax(110px, 0.9fr)', sortField: 'created_at', cell: (l, { now }) => timeCell(l.created_at, now) },
    { id: 'action', label: 'Action', width: '96px', sortField: 'action', cell: (l) => ({ text: '', badges: [{ label: enumLabel(l.action).toUpperCase(), tone: ACTION_TONE[l.action] }] }) },
    { id: 'resource_type', label: 'Kind', width: '110px', sortField: 'resource_type', cell: (l) => ({ text: enumLabel(l.resource_type) }) },
    // Named from the cache where it can be (the id on hover); an object since deleted keeps its id.
    {
      id: 'resource_id',
      label: 'Resource',
      width: 'minmax(150px, 1.3fr)',
      cell: (l, { names }) => (names?.resource_name ? { text: names.resource_name, title: l.resource_id } : { text: l.resource_id, mono: true, title: l.resource_id }),
    },
    {
      id: 'bearer',
      label: 'Actor',
      width: 'minmax(130px, 1fr)',
      cell: (l, { names }) => (names?.bearer_name ? { text: names.bearer_name, title: l.bearer_id } : { text: l.bearer_id, mono: true, muted: true, title: l.bearer_id }),
    },
    { id: 'ip', label: 'IP', width: '130px', cell: (l) => ({ text: l.ip, mono: true }) },
    { id: 'user_agent', label: 'User agent', width: 'minmax(120px, 1.2fr)', cell: (l) => ({ text: l.user_agent, title: l.user_agent, muted: true }) },
  ],
  filters: [
    {
      type: 'select',
      id: 'action',
      label: 'Action',
      options: [anyOption, { label: 'Created', filters: { action: 'created' } }, { label: 'Updated', filters: { action: 'updated' } }, { label: 'Deleted', filters: { action: 'deleted' } }],
    },
    {
      type: 'select',
      id: 'resourceType',
      label: 'Resource type',
      options: [
        anyOption,
        ...(['api_key', 'user', 'application', 'group', 'policy'] as const).map((t) => ({ label: enumLabel(t), filters: { resourceType: t } })),
      ],
    },
    { type: 'date', id: 'from', label: 'From', key: 'createdAfter', bound: 'from' },
    { type: 'date', id: 'to', label: 'To', key: 'createdBefore', bound: 'to' },
  ],
}

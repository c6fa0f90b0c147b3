import { timeCell } from './time-cells'
import { anyOption, type KindView } from './types'

export const sshKeys: KindView<'ssh_keys'> = {
  kind: 'ssh_keys',
  searchHint: 'name, fingerprint, id, project id',
  columns: [
    { id: 'name', label: 'Name', width: 'minmax(160px, 1.3fr)', sortField: 'name', cell: (k) => ({ text: k.name }) },
    { id: 'fingerprint', label: 'Fingerprint', width: 'minmax(220px, 2fr)', sortField: 'fingerprint', cell: (k) => ({ text: k.fingerprint, mono: true }) },
    {
      id: 'disabled',
      label: 'State',
      width: '100px',
      sortField: 'disabled',
      cell: (k) => (k.disabled ? { text: '', badges: [{ label: 'DISABLED', tone: 'danger' }] } : { text: 'enabled', muted: true }),
    },
    { id: 'created', label: 'Created', width: 'minmax(100px, 1fr)', sortField: 'created_at', cell: (k, { now }) => timeCell(k.created_at, now) },
  ],
  filters: [
    { type: 'select', id: 'disabled', label: 'State', options: [anyOption, { label: 'Enabled', filters: { disabled: false } }, { label: 'Disabled', filters: { disabled: true } }] },
    {
      type: 'select',
      id: 'duplicate',
      label: 'Duplicates',
      options: [anyOption, { label: 'Same key as another', filters: { duplicate: true } }, { label: 'Unique', filters: { duplicate: false } }],
    },
  ],
}

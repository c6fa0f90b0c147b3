import { expiryCell, timeCell } from './time-cells'
import { anyOption, type KindView } from './types'

export const apiKeys: KindView<'api_keys'> = {
  kind: 'api_keys',
  searchHint: 'access key, description, bearer',
  columns: [
    { id: 'access_key', label: 'Access key', width: 'minmax(190px, 1.3fr)', sortField: 'access_key', cell: (k) => ({ text: k.access_key, mono: true }) },
    { id: 'description', label: 'Description', width: 'minmax(120px, 1.3fr)', sortField: 'description', cell: (k) => ({ text: k.description || '—', muted: !k.description }) },
    {
      id: 'bearer',
      label: 'Bearer',
      width: 'minmax(230px, 1.6fr)',
      sortField: 'bearer_type',
      cell: (k, { names }) => {
        const kind = k.user_id ? 'user' : k.application_id ? 'application' : 'unknown'
        const id = k.user_id ?? k.application_id
        const name = names?.bearer_name
        return name ? { text: name, title: `${kind} ${id}`, badges: [{ label: kind.toUpperCase(), tone: 'muted' }] } : { text: kind, title: id, muted: !id }
      },
    },
    { id: 'created', label: 'Created', width: 'minmax(110px, 0.8fr)', sortField: 'created_at', cell: (k, { now }) => timeCell(k.created_at, now) },
    { id: 'expires', label: 'Expires', width: 'minmax(215px, 1.3fr)', sortField: 'expires_at', cell: (k, { now }) => expiryCell(k.expires_at, now) },
  ],
  filters: [
    {
      type: 'select',
      id: 'bearerType',
      label: 'Bearer',
      options: [anyOption, { label: 'Users', filters: { bearerType: 'user' } }, { label: 'Applications', filters: { bearerType: 'application' } }],
    },
    {
      type: 'select',
      id: 'expiry',
      label: 'Expiry',
      multiple: { key: 'expiry' },
      options: [
        anyOption,
        { label: 'Expired', filters: { expired: true }, value: 'expired' },
        { label: 'Expiring within 7 days', filters: { expiringWithinDays: 7 }, value: 'expiring_7d' },
        { label: 'Expiring within 30 days', filters: { expiringWithinDays: 30 }, value: 'expiring_30d' },
        { label: 'Expiring within 90 days', filters: { expiringWithinDays: 90 }, value: 'expiring_90d' },
        { label: 'No expiry', filters: { noExpiry: true }, value: 'never' },
        { label: 'Not expired', filters: { expired: false }, value: 'not_expired' },
      ],
    },
  ],
}

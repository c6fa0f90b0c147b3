import { expiryState } from '../format'
import { timeCell } from './time-cells'
import { anyOption, type KindView } from './types'

export const jwts: KindView<'jwts'> = {
  kind: 'jwts',
  searchHint: 'user id, ip, user agent',
  columns: [
    { id: 'audience', label: 'Audience (user)', width: 'minmax(150px, 1.2fr)', sortField: 'audience_id', cell: (j) => ({ text: j.audience_id, mono: true, title: j.audience_id }) },
    { id: 'issuer', label: 'Issuer', width: 'minmax(120px, 1fr)', cell: (j) => ({ text: j.issuer_id, mono: true, muted: true, title: j.issuer_id }) },
    { id: 'ip', label: 'IP', width: '130px', cell: (j) => ({ text: j.ip, mono: true }) },
    { id: 'user_agent', label: 'User agent', width: 'minmax(140px, 1.6fr)', cell: (j) => ({ text: j.user_agent, title: j.user_agent }) },
    { id: 'created', label: 'Created', width: 'minmax(118px, 0.8fr)', sortField: 'created_at', cell: (j, { now }) => timeCell(j.created_at, now) },
    {
      id: 'expires',
      label: 'Expires',
      width: 'minmax(110px, 0.9fr)',
      sortField: 'expires_at',
      cell: (j, { now }) => {
        const c = timeCell(j.expires_at, now, 'never')
        return expiryState(j.expires_at, now) === 'expired' ? { ...c, badges: [{ label: 'EXPIRED', tone: 'muted' }] } : c
      },
    },
  ],
  filters: [{ type: 'select', id: 'expired', label: 'State', options: [anyOption, { label: 'Active', filters: { expired: false } }, { label: 'Expired', filters: { expired: true } }] }],
}

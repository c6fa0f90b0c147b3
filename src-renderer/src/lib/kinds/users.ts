import type { User } from '../../../../domain/schemas'
import { enumLabel } from '../format'
import { timeCell } from './time-cells'
import { anyOption, yesNo, type KindView } from './types'

export function userName(u: Pick<User, 'first_name' | 'last_name' | 'username' | 'email'>): string {
  return `${u.first_name} ${u.last_name}`.trim() || u.username || u.email
}

export const users: KindView<'users'> = {
  kind: 'users',
  searchHint: 'name, email, id, tag',
  columns: [
    { id: 'name', label: 'Name', width: 'minmax(140px, 1.4fr)', sortField: 'name', cell: (u) => ({ text: userName(u) }) },
    { id: 'email', label: 'Email', width: 'minmax(180px, 2fr)', sortField: 'email', cell: (u) => ({ text: u.email }) },
    { id: 'username', label: 'Username', width: 'minmax(100px, 1fr)', sortField: 'username', cell: (u) => ({ text: u.username, muted: true }) },
    {
      id: 'type',
      label: 'Type',
      width: '96px',
      sortField: 'type',
      cell: (u) => ({
        text: enumLabel(u.type),
        badges: u.status === 'invitation_pending' ? [{ label: 'INVITED', tone: 'accent' }] : [],
      }),
    },
    {
      id: 'mfa',
      label: 'MFA',
      width: '84px',
      sortField: 'mfa',
      cell: (u) => (u.mfa ? { text: 'On' } : { text: '', badges: [{ label: 'NO MFA', tone: 'warning' }] }),
    },
    {
      id: 'locked',
      label: 'Locked',
      width: '84px',
      sortField: 'locked',
      cell: (u) => (u.locked ? { text: '', badges: [{ label: 'LOCKED', tone: 'danger' }] } : yesNo(false)),
    },
    { id: 'last_login', label: 'Last login', width: 'minmax(100px, 1fr)', sortField: 'last_login_at', cell: (u, { now }) => timeCell(u.last_login_at, now, 'never') },
  ],
  filters: [
    {
      type: 'select',
      id: 'type',
      label: 'Type',
      multiple: { key: 'type' },
      options: [anyOption, { label: 'Owner', filters: { type: 'owner' } }, { label: 'Member', filters: { type: 'member' } }, { label: 'Guest', filters: { type: 'guest' } }],
    },
    {
      type: 'select',
      id: 'locked',
      label: 'Locked',
      options: [anyOption, { label: 'Locked', filters: { locked: true } }, { label: 'Not locked', filters: { locked: false } }],
    },
    {
      type: 'select',
      id: 'mfa',
      label: 'MFA',
      options: [anyOption, { label: 'MFA on', filters: { mfa: true } }, { label: 'MFA off', filters: { mfa: false } }],
    },
  ],
}

import { exactTime, expiryState, relativeTime } from '../format'
import type { Badge, Cell } from './types'

/** "3 days ago" with the exact time on hover; `missing` says what no date means here. */
export function timeCell(iso: string | null | undefined, now: number, missing = '—'): Cell {
  if (!iso) return { text: missing, muted: true }
  return { text: relativeTime(iso, now), title: exactTime(iso) }
}

/** An expiry: "in 5 days", with EXPIRED / EXPIRING SOON / NO EXPIRY badges. */
export function expiryCell(iso: string | null | undefined, now: number): Cell {
  const state = expiryState(iso, now)
  const badges: Badge[] = []
  switch (state) {
    case 'none':
      return { text: 'never', muted: true, badges: [{ label: 'NO EXPIRY', tone: 'warning' }] }
    case 'expired':
      badges.push({ label: 'EXPIRED', tone: 'danger' })
      break
    case 'soon':
      badges.push({ label: 'EXPIRING SOON', tone: 'warning' })
      break
    case 'later':
      break
    default:
      throw new Error(`unreachable expiry state ${String(state satisfies never)}`)
  }
  return { text: relativeTime(iso, now), title: exactTime(iso), badges }
}

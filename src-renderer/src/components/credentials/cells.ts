// Words and badges of the credential report's cells: pure functions of a row (no Svelte).
import type { CredentialRow, CredentialSortField, CredentialStatus } from '../../../../src-preload/contract'
import type { Badge } from '../../lib/kinds'
import { formatCount } from '../../lib/format'

const STATUS_BADGES: Record<CredentialStatus, Badge> = {
  expired: { label: 'EXPIRED', tone: 'danger' },
  expiring: { label: 'EXPIRING', tone: 'warning' },
  never_expires: { label: 'NO EXPIRY', tone: 'warning' },
  active: { label: 'ACTIVE', tone: 'ok' },
}

export const STATUS_WORDS: Record<CredentialStatus, string> = {
  expired: 'Expired (still listed)',
  expiring: 'Expiring within 7 days',
  never_expires: 'Never expires',
  active: 'Active',
}

export function statusBadges(row: CredentialRow, thresholdDays: number): Array<Badge & { title: string }> {
  const out: Array<Badge & { title: string }> = [{ ...STATUS_BADGES[row.status], title: STATUS_WORDS[row.status] }]
  if (row.attention.includes('old')) out.push({ label: 'OLD', tone: 'warning', title: `Older than ${thresholdDays} days` })
  return out
}

export function daysText(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'day' : 'days'}`
}

/** "in 5 days", "today", "35 days ago", "never". */
export function expiresText(row: CredentialRow): string {
  if (row.daysLeft === null) return 'never'
  if (row.daysLeft === 0) return row.status === 'expired' ? 'today (expired)' : 'within a day'
  return row.daysLeft > 0 ? `in ${daysText(row.daysLeft)}` : `${daysText(-row.daysLeft)} ago`
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
/** "3 Jan 2024" (UTC, the export's zone). */
export function shortDate(iso: string | null): string {
  return iso ? dayFormat.format(Date.parse(iso)) : ''
}

/** Where the bearer's last activity comes from: its last login or an IAM log. */
export function activitySource(row: CredentialRow): string {
  if (!row.bearerLastActivityAt) return row.bearerType === 'application' ? 'no IAM log in the cache' : 'no login, no IAM log'
  return row.bearerLastActivityAt === row.bearerLastLoginAt ? 'console login' : 'IAM log'
}

/** The direction a column sorts in first: the one that puts what needs looking at on top. */
export const FIRST_DIR: Record<CredentialSortField, 'asc' | 'desc'> = {
  organization: 'asc',
  access_key: 'asc',
  bearer: 'asc',
  bearer_type: 'asc',
  description: 'asc',
  created_at: 'asc',
  expires_at: 'asc',
  status: 'asc',
  bearer_keys: 'desc',
  last_activity: 'asc',
}

/** A key's identity across organizations: "organization id/access key". */
export const keyRef = (row: Pick<CredentialRow, 'organizationId' | 'accessKey'>): string => `${row.organizationId}/${row.accessKey}`

const timeFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })

/** An old key waiting in its rotation's grace period: the cell's short line and its full sentence. */
export function graceText(g: NonNullable<CredentialRow['grace']>): { short: string; title: string } {
  const when = `${timeFormat.format(Date.parse(g.until))} UTC`
  const by = g.replacedBy ?? 'its new key'
  return {
    short: `${g.due ? 'ended' : 'until'} ${when}`,
    title: g.due
      ? `Grace period over since ${when}, replaced by ${by}: finish the rotation to delete this key.`
      : `In grace until ${when}, replaced by ${by}: this old key keeps working until then, then the rotation's finish deletes it.`,
  }
}

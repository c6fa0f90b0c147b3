// Small pure helpers shared by the write dialogs.
import type { ApiObject } from '../../../../src-preload/contract'

/** "a, b ,c" → ["a", "b", "c"]; tags are typed as one comma-separated line. */
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
}

export function str(item: ApiObject, key: string): string {
  const v = item[key]
  return typeof v === 'string' ? v : ''
}

export function strings(item: ApiObject, key: string): string[] {
  const v = item[key]
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

/** The name a user recognises an object by, per kind (used in confirmations). */
export function objectName(kind: string, item: ApiObject): string {
  switch (kind) {
    case 'users':
      return str(item, 'email') || str(item, 'username') || str(item, 'id')
    case 'api_keys':
      return str(item, 'access_key')
    case 'jwts':
      return str(item, 'jti')
    default:
      return str(item, 'name') || str(item, 'id')
  }
}

/** An expiry preset ("30" days, "never", or a yyyy-mm-dd date) → the API's RFC 3339 time. */
export function expiryFrom(preset: string, date: string, now: number): string | null {
  if (preset === 'never') return null
  if (preset === 'date') return date ? new Date(`${date}T23:59:59`).toISOString() : null
  return new Date(now + Number(preset) * 86_400_000).toISOString()
}

/** Who a new API key is for. */
export type Bearer = 'self' | { type: 'user' | 'application'; id: string; name: string }

export interface MemberChoice {
  type: 'user' | 'application'
  id: string
  name: string
}

export type DestructiveAction = 'sshKey.delete' | 'application.delete' | 'apiKey.delete' | 'group.delete' | 'user.delete' | 'user.lock' | 'policy.delete' | 'jwt.revoke'

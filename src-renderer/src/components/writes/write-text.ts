// Small pure helpers shared by the write dialogs.
import type { Detail } from '../../../../src-preload/contract'
import type { User } from '../../../../domain/schemas'

/** "a, b ,c" → ["a", "b", "c"]; tags are typed as one comma-separated line. */
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
}

/** The name a user recognises an object by, per kind (used in confirmations). */
export function objectName(detail: Detail): string {
  switch (detail.kind) {
    case 'users':
      return detail.item.email || detail.item.username || detail.item.id
    case 'api_keys':
      return detail.item.access_key
    case 'jwts':
      return detail.item.jti
    case 'logs':
      return detail.item.id
    default:
      return detail.item.name || detail.item.id
  }
}

/** How the pickers name a user: by e-mail, else by username. */
export function userChoiceName(user: User): string {
  return user.email || user.username
}

/** How the pickers show a user in their lists: "First Last · email", so two people with similar
 * addresses are told apart; the e-mail alone when the user has no name on Scaleway. */
export function userChoiceLabel(user: User): string {
  const full = `${user.first_name} ${user.last_name}`.trim()
  return full ? `${full} · ${userChoiceName(user)}` : userChoiceName(user)
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

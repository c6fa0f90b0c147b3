// What a person's row says across their organizations: where MFA is off, where they are
// locked or still invited, their latest login anywhere, their API keys in all.
import type { Person } from '../../../../src-preload/contract'

export interface PersonSummary {
  /** Organization names, in the person's membership order. */
  noMfa: string[]
  locked: string[]
  invited: string[]
  lastLoginAt: string | null
  apiKeys: number
}

export function personSummary(person: Person): PersonSummary {
  const out: PersonSummary = { noMfa: [], locked: [], invited: [], lastLoginAt: null, apiKeys: 0 }
  let latest = -Infinity
  for (const m of person.memberships) {
    if (!m.mfa) out.noMfa.push(m.organizationName)
    if (m.locked) out.locked.push(m.organizationName)
    if (m.status === 'invitation_pending') out.invited.push(m.organizationName)
    out.apiKeys += m.apiKeys
    const t = m.lastLoginAt ? Date.parse(m.lastLoginAt) : NaN
    if (t > latest) {
      latest = t
      out.lastLoginAt = m.lastLoginAt
    }
  }
  return out
}

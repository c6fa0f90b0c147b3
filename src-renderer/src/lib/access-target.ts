// What the Access view shows, in the address (nav.view): `who` (who can), `findings` (lint), or
// `effective/<organization>/<user|application>/<id>` (one principal's effective access).
export type AccessTarget =
  | { tab: 'who' }
  | { tab: 'findings' }
  | { tab: 'effective'; principal: { organizationId: string; type: 'user' | 'application'; id: string } | null }

export function parseAccessTarget(view: string): AccessTarget {
  if (view === 'findings') return { tab: 'findings' }
  if (view === 'effective') return { tab: 'effective', principal: null }
  const m = /^effective\/([^/]+)\/(user|application)\/([^/]+)$/.exec(view)
  if (m) return { tab: 'effective', principal: { organizationId: m[1]!, type: m[2] as 'user' | 'application', id: m[3]! } }
  return { tab: 'who' }
}

export function formatAccessTarget(t: AccessTarget): string {
  if (t.tab === 'effective') return t.principal ? `effective/${t.principal.organizationId}/${t.principal.type}/${t.principal.id}` : 'effective'
  return t.tab
}

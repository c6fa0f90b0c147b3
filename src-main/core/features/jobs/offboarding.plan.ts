// Plans taking a person out of every organization they are in: out of every group, sessions
// revoked, API keys deleted or set to expire (as chosen), then the user locked or deleted.
// Owners are refused with the reason (Scaleway does not let an owner be locked or deleted).
// From the cache alone; nothing is sent.
import type { Cache } from '../../platform/cache/cache'
import type { PlannedJob, PlannedStep } from './plan'

export interface OffboardingRequest {
  email: string
  organizationIds?: readonly string[] | undefined
  user: 'lock' | 'delete'
  apiKeys: 'keep' | 'delete' | 'expire'
  expiresAt?: string | undefined
}

export function planOffboarding(cache: Cache, req: OffboardingRequest): PlannedJob {
  const email = req.email.trim().toLowerCase()
  const scope = new Set(req.organizationIds?.length ? req.organizationIds : cache.organizations.list().map((o) => o.id))
  const steps: PlannedStep[] = []
  let found = 0
  let groups = 0
  let sessions = 0
  let keys = 0
  for (const org of cache.organizations.list()) {
    if (!scope.has(org.id)) continue
    const user = cache.resources.list(org.id, 'users').find((u) => u.email.toLowerCase() === email)
    if (!user) continue
    found++
    const base = { organizationId: org.id, organizationName: org.name, item: user.email, expected: null, message: null }
    const userTarget = { kind: 'user' as const, id: user.id, name: user.email }
    if (user.type === 'owner') {
      steps.push({ ...base, target: userTarget, action: req.user === 'lock' ? 'user.lock' : 'user.delete', params: {}, state: 'skipped', message: `${user.email} owns ${org.name}: Scaleway does not let an owner be locked, deleted or removed from the organization.`, irreversible: req.user === 'delete' })
      continue
    }
    const me = { type: 'user' as const, id: user.id, label: user.email }
    for (const g of cache.resources.list(org.id, 'groups')) {
      if (!g.user_ids.includes(user.id)) continue
      groups++
      steps.push({ ...base, item: `${user.email} from ${g.name}`, target: { kind: 'group', id: g.id, name: g.name }, action: 'group.removeMembers', params: { remove: [me] }, state: 'pending', irreversible: false })
    }
    for (const j of cache.resources.list(org.id, 'jwts')) {
      if (j.audience_id !== user.id) continue
      sessions++
      steps.push({ ...base, item: `${user.email}: session from ${j.ip || 'unknown IP'}`, target: { kind: 'jwt', id: j.jti, name: j.jti }, action: 'jwt.revoke', params: {}, state: 'pending', irreversible: true })
    }
    if (req.apiKeys !== 'keep') {
      for (const k of cache.resources.list(org.id, 'api_keys')) {
        if (k.user_id !== user.id) continue
        keys++
        const target = { kind: 'api_key' as const, id: k.access_key, name: k.description ? `${k.access_key} (${k.description})` : k.access_key }
        if (req.apiKeys === 'delete') steps.push({ ...base, item: `${user.email}: API key ${k.access_key}`, target, action: 'apiKey.delete', params: {}, state: 'pending', irreversible: true })
        else steps.push({ ...base, item: `${user.email}: API key ${k.access_key}`, target, action: 'apiKey.expire', params: { expiresAt: req.expiresAt ?? '' }, state: 'pending', irreversible: false })
      }
    }
    steps.push({ ...base, target: userTarget, action: req.user === 'lock' ? 'user.lock' : 'user.delete', params: {}, state: 'pending', irreversible: req.user === 'delete' })
  }
  const inScope = scope.size
  const parts = [
    `found in ${found} of ${inScope} organization${inScope === 1 ? '' : 's'}`,
    `${groups} group membership${groups === 1 ? '' : 's'} removed`,
    `${sessions} session${sessions === 1 ? '' : 's'} revoked`,
  ]
  if (req.apiKeys !== 'keep') parts.push(`${keys} API key${keys === 1 ? '' : 's'} ${req.apiKeys === 'delete' ? 'deleted (irreversible)' : 'set to expire'}`)
  parts.push(req.user === 'lock' ? 'user locked' : 'user deleted (irreversible)')
  return { kind: 'offboarding', title: `Offboard ${req.email.trim()}`, planText: parts.join(', '), steps }
}

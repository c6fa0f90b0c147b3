// Plans a bulk membership change across organizations from the cache alone: who is matched where,
// who is already a member, who is missing, and one step per target group (several members go
// in one add-members call). Pure: nothing is sent, nothing is stored — the service stores it.
import type { Application, Group, User } from '../../../../domain/schemas'
import type { MemberRef } from '../../../../src-preload/contract/jobs'
import type { Cache } from '../../platform/cache/cache'
import { labelMembers, membersOf } from './steps'
import type { PlannedJob, PlannedStep } from './plan'
import type { WriteKit } from '../writes/services'

export interface MembershipRequest {
  operation: 'add' | 'remove' | 'exactly'
  emails: readonly string[]
  applicationNames: readonly string[]
  groupName?: string | undefined
  organizationIds?: readonly string[] | undefined
  groups?: ReadonlyArray<{ organizationId: string; groupId: string }> | undefined
  inviteMissing?: boolean | undefined
}

const lower = (s: string) => s.trim().toLowerCase()
const unique = (xs: readonly string[]) => [...new Set(xs.map(lower).filter(Boolean))]
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function planMembership(cache: Cache, kit: WriteKit, req: MembershipRequest): PlannedJob {
  const emails = unique(req.emails)
  const appNames = unique(req.applicationNames)
  const orgs = cache.organizations.list()
  const byId = new Map(orgs.map((o) => [o.id, o]))
  const steps: PlannedStep[] = []
  const counts = { orgs: new Set<string>(), changes: 0, already: 0, notFound: 0, invites: 0, noGroup: 0, removals: 0 }
  const verb = req.operation === 'add' ? 'Add to' : req.operation === 'remove' ? 'Remove from' : 'Set members of'

  // Targets: a group name in each chosen organization, or groups picked one by one.
  const targets: Array<{ organizationId: string; group: Group | null; name: string }> = []
  if (req.groups?.length) {
    for (const t of req.groups) {
      const g = cache.resources.get(t.organizationId, 'groups', t.groupId)
      targets.push({ organizationId: t.organizationId, group: g ?? null, name: g?.name ?? t.groupId })
    }
  } else if (req.groupName) {
    const wanted = lower(req.groupName)
    const scope = req.organizationIds?.length ? req.organizationIds : orgs.map((o) => o.id)
    for (const orgId of scope) {
      const g = cache.resources.list(orgId, 'groups').find((x) => lower(x.name) === wanted)
      targets.push({ organizationId: orgId, group: g ?? null, name: req.groupName })
    }
  }

  for (const t of targets) {
    const org = byId.get(t.organizationId)
    if (!org) continue
    counts.orgs.add(org.id)
    const base = { organizationId: org.id, organizationName: org.name }
    if (!t.group) {
      counts.noGroup++
      steps.push({ ...base, item: t.name, target: { kind: 'group', id: '-', name: t.name }, action: actionOf(req.operation), params: {}, expected: null, state: 'skipped', message: `${org.name} has no group named "${t.name}".`, irreversible: false })
      continue
    }
    const group = t.group
    const current = labelMembers(kit, org.id, membersOf(group))
    const has = (m: MemberRef) => current.some((c) => c.type === m.type && c.id === m.id)
    const users = cache.resources.list(org.id, 'users')
    const apps = cache.resources.list(org.id, 'applications')
    const resolved: MemberRef[] = []
    const personSteps: PlannedStep[] = []
    const note = (item: string, state: 'already' | 'skipped', message: string, kind: 'user' | 'application') =>
      personSteps.push({ ...base, item, target: { kind, id: '-', name: item }, action: actionOf(req.operation), params: {}, expected: null, state, message, irreversible: false })

    for (const email of emails) {
      const user: User | undefined = users.find((u) => lower(u.email) === email)
      if (user) {
        resolved.push({ type: 'user', id: user.id, label: user.email })
        continue
      }
      if (req.operation !== 'remove' && req.inviteMissing) {
        counts.invites++
        steps.push({ ...base, item: email, target: { kind: 'user', id: `email:${email}`, name: email }, action: 'user.invite', params: { email }, expected: null, state: 'pending', message: null, irreversible: false })
        resolved.push({ type: 'user', id: `email:${email}`, label: email })
      } else {
        counts.notFound++
        note(email, 'skipped', `${email} is not a member of ${org.name}.`, 'user')
      }
    }
    for (const name of appNames) {
      const app: Application | undefined = apps.find((a) => lower(a.name) === name)
      if (app) resolved.push({ type: 'application', id: app.id, label: app.name })
      else {
        counts.notFound++
        note(name, 'skipped', `${org.name} has no application named "${name}".`, 'application')
      }
    }

    const target = { kind: 'group' as const, id: group.id, name: group.name }
    if (req.operation === 'add') {
      const add = resolved.filter((m) => !has(m))
      for (const m of resolved.filter(has)) {
        counts.already++
        note(m.label, 'already', `Already a member of ${group.name}.`, m.type)
      }
      if (add.length) {
        counts.changes += add.length
        steps.push({ ...base, item: `${group.name}: + ${add.map((m) => m.label).join(', ')}`, target, action: 'group.addMembers', params: { add }, expected: current, state: 'pending', message: null, irreversible: false })
      }
    } else if (req.operation === 'remove') {
      const remove = resolved.filter(has)
      for (const m of resolved.filter((x) => !has(x))) {
        counts.already++
        note(m.label, 'already', `Not a member of ${group.name}.`, m.type)
      }
      if (remove.length) {
        counts.changes += remove.length
        steps.push({ ...base, item: `${group.name}: − ${remove.map((m) => m.label).join(', ')}`, target, action: 'group.removeMembers', params: { remove }, expected: current, state: 'pending', message: null, irreversible: false })
      }
    } else {
      const leaving = current.filter((c) => !resolved.some((m) => m.type === c.type && m.id === c.id))
      const joining = resolved.filter((m) => !has(m))
      counts.already += resolved.length - joining.length
      counts.changes += joining.length
      counts.removals += leaving.length
      if (joining.length || leaving.length) {
        const parts = [...joining.map((m) => `+ ${m.label}`), ...leaving.map((m) => `− ${m.label}`)]
        steps.push({ ...base, item: `${group.name}: ${parts.join(', ')}`, target, action: 'group.setMembers', params: { add: resolved }, expected: current, state: 'pending', message: leaving.length ? `Would remove ${leaving.map((m) => m.label).join(', ')}.` : null, irreversible: false })
      } else {
        note(group.name, 'already', `${group.name} already has exactly these members.`, 'user')
      }
    }
    steps.push(...personSteps)
  }

  const parts = [plural(counts.orgs.size, 'organization')]
  if (req.operation === 'add' || req.operation === 'exactly') parts.push(plural(counts.changes, 'addition'))
  if (req.operation === 'remove') parts.push(plural(counts.changes, 'removal'))
  if (req.operation === 'exactly') parts.push(plural(counts.removals, 'removal'))
  parts.push(req.operation === 'remove' ? `${counts.already} not members` : `${counts.already} already ${counts.already === 1 ? 'a member' : 'members'}`)
  if (counts.invites) parts.push(plural(counts.invites, 'invitation'))
  if (counts.notFound) parts.push(`${plural(counts.notFound, 'person', 'people')} or applications not found`.replace(/^1 person or applications/, '1 person or application'))
  if (counts.noGroup) parts.push(plural(counts.noGroup, 'organization') + ' without the group')
  const who = [...emails, ...appNames]
  const groupWords = req.groupName ? `"${req.groupName}"` : plural(targets.length, 'group')
  return {
    kind: 'membership',
    title: `${verb} ${groupWords}: ${who.slice(0, 3).join(', ')}${who.length > 3 ? ` and ${who.length - 3} more` : ''}`,
    planText: parts.join(', '),
    steps,
  }
}

function actionOf(op: MembershipRequest['operation']): PlannedStep['action'] {
  return op === 'add' ? 'group.addMembers' : op === 'remove' ? 'group.removeMembers' : 'group.setMembers'
}

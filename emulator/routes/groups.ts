// /groups and membership (reference §6.2). Membership changes do not bump updated_at [OBSERVED].
import type { Group } from '../../domain/schemas'
import { alreadyExists, invalidArgument, notFound } from '../http/errors'
import type { RequestContext, RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import { Checker, field, NAME_PATTERN } from '../validate'
import { allow, API, audit, checkQuota, containsTag, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'

const ORDERS = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'name_asc', 'name_desc'] as const
const NAME_RULE = { min: 1, max: 64, pattern: NAME_PATTERN }

function groupOf(ctx: RequestContext): Group {
  return lookup(ctx, ctx.principal.org.groups, ctx.params.id ?? '', 'group', 'write')
}

/** Members must be users / applications of the caller's organization. */
function checkMembers(ctx: RequestContext, c: Checker, userIds: string[], appIds: string[]): void {
  const org = ctx.principal.org
  userIds.forEach((id) => {
    if (!org.users.get(id)) throw notFound('user', id)
  })
  appIds.forEach((id) => {
    if (!org.applications.get(id)) throw notFound('application', id)
  })
  c.done()
}

/** Exactly one of user_id | application_id (one-of `member`). */
function oneMember(ctx: RequestContext): { userId?: string; applicationId?: string } {
  const c = new Checker()
  const userId = c.checkUuid('user_id', field(ctx.body, 'user_id'))
  const applicationId = c.checkUuid('application_id', field(ctx.body, 'application_id'))
  c.done()
  if ((userId === undefined) === (applicationId === undefined)) {
    throw invalidArgument('member', 'required', 'exactly one of user_id or application_id must be set')
  }
  return userId !== undefined ? { userId } : { applicationId: applicationId as string }
}

function membershipChanged(ctx: RequestContext, g: Group, users: string[], apps: string[]): Group {
  ctx.principal.org.setMembers(g, users, apps)
  audit(ctx, 'updated', 'group', g.id)
  return g
}

export const groupRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/groups`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const name = q.str('name', { min: 1 })
      const appIds = q.uuids('application_ids')
      const userIds = q.uuids('user_ids')
      const groupIds = q.uuids('group_ids')
      const tag = q.str('tag')
      allow(ctx, 'group', 'read', orgId)
      const org = ctx.principal.org
      return listPage(ctx.store, q, 'groups', org.groups, viewKeyOf(q), () => {
        let source: Iterable<Group> = org.groups.values()
        // Membership filters go through the member → groups index instead of a full scan.
        const members = [...(userIds ?? []), ...(appIds ?? [])]
        if (members.length > 0) {
          const ids = new Set<string>()
          for (const m of members) for (const gid of org.groupsOfMember.get(m) ?? []) ids.add(gid)
          source = [...org.groups.values()].filter((g) => ids.has(g.id))
        }
        const gidSet = groupIds && new Set(groupIds)
        const items = [...source].filter(
          (g) =>
            (name === undefined || g.name === name) &&
            (!gidSet || gidSet.has(g.id)) &&
            (tag === undefined || containsTag(g.tags, tag)),
        )
        const { field: f, desc } = splitOrder(order)
        return sortBy(items, (g) => (f === 'name' ? g.name.toLowerCase() : tsKey(f === 'updated_at' ? g.updated_at : g.created_at)), desc)
      })
    },
  },
  {
    method: 'POST',
    path: `${API}/groups`,
    handler: (ctx) => {
      const c = new Checker()
      const b = ctx.body
      const orgId = c.checkUuid('organization_id', field(b, 'organization_id'), true)
      const name = c.checkString('name', field(b, 'name'), { required: true, ...NAME_RULE })
      const description = c.checkString('description', field(b, 'description'), { max: 200, ignoreEmpty: true }) ?? ''
      const tags = c.checkTags('tags', field(b, 'tags')) ?? []
      c.done()
      allow(ctx, 'group', 'write', orgId)
      const org = ctx.principal.org
      const existing = name !== undefined ? org.groupIdByName.get(name) : undefined
      if (existing) throw alreadyExists('group', existing, 'a group with this name already exists in the organization')
      checkQuota(ctx, 'groups')
      const now = ctx.store.timestamp()
      const g: Group = {
        id: ctx.store.newId(),
        created_at: now,
        updated_at: now,
        organization_id: org.id,
        name: name ?? '',
        description,
        user_ids: [],
        application_ids: [],
        tags,
        editable: true,
        deletable: true,
        managed: false,
      }
      org.putGroup(g)
      ctx.store.own(org.id, g.id)
      audit(ctx, 'created', 'group', g.id)
      return ok(g)
    },
  },
  {
    method: 'GET',
    path: `${API}/groups/:id`,
    handler: (ctx) => {
      allow(ctx, 'group', 'read')
      return ok(lookup(ctx, ctx.principal.org.groups, ctx.params.id ?? '', 'group', 'read'))
    },
  },
  {
    method: 'PATCH',
    path: `${API}/groups/:id`,
    groupWrite: true,
    handler: (ctx) => {
      allow(ctx, 'group', 'write')
      const org = ctx.principal.org
      const g = groupOf(ctx)
      const c = new Checker()
      const name = c.checkString('name', field(ctx.body, 'name'), NAME_RULE)
      const description = c.checkString('description', field(ctx.body, 'description'), { max: 200 })
      const tags = c.checkTags('tags', field(ctx.body, 'tags'))
      c.done()
      if (name !== undefined && name !== g.name) {
        const clash = org.groupIdByName.get(name)
        if (clash) throw alreadyExists('group', clash, 'a group with this name already exists in the organization')
      }
      const next = { ...g }
      if (name !== undefined) next.name = name
      if (description !== undefined) next.description = description
      if (tags !== undefined) next.tags = tags
      next.updated_at = ctx.store.timestamp()
      org.putGroup(next)
      audit(ctx, 'updated', 'group', g.id)
      return ok(next)
    },
  },
  {
    method: 'DELETE',
    path: `${API}/groups/:id`,
    groupWrite: true,
    handler: (ctx) => {
      allow(ctx, 'group', 'write')
      const g = groupOf(ctx)
      ctx.principal.org.deleteGroup(g.id)
      ctx.store.disown(g.id)
      audit(ctx, 'deleted', 'group', g.id)
      return noContent()
    },
  },
  {
    method: 'POST',
    path: `${API}/groups/:id/add-member`,
    groupWrite: true,
    handler: (ctx) => {
      allow(ctx, 'group', 'write')
      const g = groupOf(ctx)
      const m = oneMember(ctx)
      const c = new Checker()
      checkMembers(ctx, c, m.userId ? [m.userId] : [], m.applicationId ? [m.applicationId] : [])
      return ok(
        membershipChanged(
          ctx, g,
          m.userId ? [...g.user_ids, m.userId] : g.user_ids,
          m.applicationId ? [...g.application_ids, m.applicationId] : g.application_ids,
        ),
      )
    },
  },
  {
    method: 'POST',
    path: `${API}/groups/:id/add-members`,
    groupWrite: true,
    handler: (ctx) => {
      allow(ctx, 'group', 'write')
      const g = groupOf(ctx)
      const c = new Checker()
      const users = c.checkUuidArray('user_ids', field(ctx.body, 'user_ids')) ?? []
      const apps = c.checkUuidArray('application_ids', field(ctx.body, 'application_ids')) ?? []
      c.done()
      checkMembers(ctx, c, users, apps)
      return ok(membershipChanged(ctx, g, [...g.user_ids, ...users], [...g.application_ids, ...apps]))
    },
  },
  {
    method: 'PUT',
    path: `${API}/groups/:id/members`,
    groupWrite: true,
    handler: (ctx) => {
      allow(ctx, 'group', 'write')
      const g = groupOf(ctx)
      const c = new Checker()
      const users = c.checkUuidArray('user_ids', field(ctx.body, 'user_ids'))
      const apps = c.checkUuidArray('application_ids', field(ctx.body, 'application_ids'))
      if (users === undefined && !c.details.some((d) => d.argument_name.startsWith('user_ids'))) c.fail('user_ids', 'required', 'field is required')
      if (apps === undefined && !c.details.some((d) => d.argument_name.startsWith('application_ids'))) c.fail('application_ids', 'required', 'field is required')
      c.done()
      checkMembers(ctx, c, users ?? [], apps ?? [])
      return ok(membershipChanged(ctx, g, users ?? [], apps ?? []))
    },
  },
  {
    method: 'POST',
    path: `${API}/groups/:id/remove-member`,
    groupWrite: true,
    handler: (ctx) => {
      allow(ctx, 'group', 'write')
      const g = groupOf(ctx)
      const m = oneMember(ctx)
      const id = (m.userId ?? m.applicationId) as string
      const isMember = m.userId ? g.user_ids.includes(id) : g.application_ids.includes(id)
      // [OBSERVED] removing a non-member: 404 with an empty `resource`.
      if (!isMember) throw notFound('', id)
      return ok(
        membershipChanged(ctx, g, g.user_ids.filter((u) => u !== id), g.application_ids.filter((a) => a !== id)),
      )
    },
  },
]

// /applications (reference §6.6).
import type { Application } from '../../domain/schemas'
import { permissionsDenied } from '../http/errors'
import type { RequestContext, RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import { Checker, field, NAME_PATTERN } from '../validate'
import { deleteApiKey } from './api-keys'
import { allow, API, audit, checkQuota, containsTag, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'

const ORDERS = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'name_asc', 'name_desc'] as const
const NAME_RULE = { min: 1, max: 64, pattern: NAME_PATTERN }

function appOf(ctx: RequestContext, action: 'read' | 'write'): Application {
  return lookup(ctx, ctx.principal.org.applications, ctx.params.id ?? '', 'application', action)
}

export const applicationRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/applications`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const name = q.str('name', NAME_RULE)
      const editable = q.bool('editable')
      const ids = q.uuids('application_ids')
      const tag = q.str('tag')
      allow(ctx, 'application', 'read', orgId)
      const org = ctx.principal.org
      return listPage(ctx.store, q, 'applications', org.applications, viewKeyOf(q), () => {
        const source = ids ? [...new Set(ids.flatMap((id) => org.applications.get(id) ?? []))] : [...org.applications.values()]
        const items = source.filter(
          (a) =>
            (name === undefined || a.name === name) &&
            (editable === undefined || a.editable === editable) &&
            (tag === undefined || containsTag(a.tags, tag)),
        )
        const { field: f, desc } = splitOrder(order)
        const base = f === 'created_at' ? items : sortBy(items, (a) => tsKey(a.created_at))
        return sortBy(base, (a) => (f === 'name' ? a.name.toLowerCase() : tsKey(f === 'updated_at' ? a.updated_at : a.created_at)), desc)
      })
    },
  },
  {
    method: 'POST',
    path: `${API}/applications`,
    handler: (ctx) => {
      const c = new Checker()
      const b = ctx.body
      const orgId = c.checkUuid('organization_id', field(b, 'organization_id'), true)
      const name = c.checkString('name', field(b, 'name'), { required: true, ...NAME_RULE })
      const description = c.checkString('description', field(b, 'description'), { max: 200, ignoreEmpty: true }) ?? ''
      const tags = c.checkTags('tags', field(b, 'tags')) ?? []
      c.done()
      allow(ctx, 'application', 'write', orgId)
      checkQuota(ctx, 'applications')
      const org = ctx.principal.org
      const now = ctx.store.timestamp()
      const app: Application = {
        id: ctx.store.newId(),
        name: name ?? '',
        description,
        created_at: now,
        updated_at: now,
        organization_id: org.id,
        editable: true,
        deletable: true,
        managed: false,
        nb_api_keys: 0,
        tags,
      }
      org.applications.set(app.id, app)
      ctx.store.own(org.id, app.id)
      audit(ctx, 'created', 'application', app.id)
      return ok(app)
    },
  },
  {
    method: 'GET',
    path: `${API}/applications/:id`,
    handler: (ctx) => {
      allow(ctx, 'application', 'read')
      return ok(appOf(ctx, 'read'))
    },
  },
  {
    method: 'PATCH',
    path: `${API}/applications/:id`,
    handler: (ctx) => {
      allow(ctx, 'application', 'write')
      const app = appOf(ctx, 'write')
      const c = new Checker()
      const name = c.checkString('name', field(ctx.body, 'name'), NAME_RULE)
      const description = c.checkString('description', field(ctx.body, 'description'), { max: 200 })
      const tags = c.checkTags('tags', field(ctx.body, 'tags'))
      c.done()
      if (!app.editable) throw permissionsDenied('application', 'write')
      if (name !== undefined) app.name = name
      if (description !== undefined) app.description = description
      if (tags !== undefined) app.tags = tags
      app.updated_at = ctx.store.timestamp()
      ctx.principal.org.applications.touch()
      audit(ctx, 'updated', 'application', app.id)
      return ok(app)
    },
  },
  {
    method: 'DELETE',
    path: `${API}/applications/:id`,
    handler: (ctx) => {
      allow(ctx, 'application', 'write')
      const org = ctx.principal.org
      const app = appOf(ctx, 'write')
      if (app.deletable === false) throw permissionsDenied('application', 'delete')
      for (const ak of [...(org.keysOfBearer.get(app.id) ?? [])]) deleteApiKey(ctx, ak)
      org.dropMember(app.id)
      org.orphanPoliciesOf(app.id)
      org.applications.delete(app.id)
      ctx.store.disown(app.id)
      audit(ctx, 'deleted', 'application', app.id)
      return noContent()
    },
  },
]

// /permission-sets, /quota, /jwts, /logs and /organizations/{id} (reference §6.9–6.12, §8).
import type { Jwt, Log, Quotum } from '../../domain/schemas'
import { notFound, permissionsDenied } from '../http/errors'
import type { RequestContext, RouteSpec } from '../http/router'
import { Collection, sortBy, splitOrder } from '../store/collection'
import { QUOTA_NAMES, type OrgState, type QuotaName } from '../store/org-state'
import { PERMISSION_SETS } from '../seed/permission-sets'
import { allow, API, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'

const permissionSets = new Collection<(typeof PERMISSION_SETS)[number]>()
for (const p of PERMISSION_SETS) permissionSets.set(p.id, p)

const QUOTA_LABELS: Record<QuotaName, [string, string]> = {
  api_keys: ['API keys', 'Maximum number of API keys in the Organization.'],
  applications: ['Applications', 'Maximum number of applications in the Organization.'],
  groups: ['Groups', 'Maximum number of groups in the Organization.'],
  policies: ['Policies', 'Maximum number of policies in the Organization.'],
  ssh_keys: ['SSH keys', 'Maximum number of SSH keys in the Organization.'],
  users: ['Users', 'Maximum number of users (members) in the Organization.'],
}

function quotumOf(org: OrgState, name: QuotaName): Quotum {
  const limit = org.quotas.get(name) ?? 0
  const [pretty, description] = QUOTA_LABELS[name]
  return {
    name,
    limit,
    pretty_name: pretty,
    unit: 'count',
    description,
    locality_type: 'global',
    limits: [{ global: true, limit }],
  }
}

const logKinds = ['api_key', 'user', 'application', 'group', 'policy'] as const
const logActions = ['created', 'updated', 'deleted'] as const

export const catalogueRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/permission-sets`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(['name_asc', 'name_desc', 'created_at_asc', 'created_at_desc'] as const)
      const orgId = q.uuid('organization_id')
      allow(ctx, 'permission_set', 'read', orgId)
      return listPage(ctx.store, q, 'permission_sets', permissionSets, `ps:${order}`, () => {
        const { field: f, desc } = splitOrder(order)
        // The catalogue has no timestamps: created_at order is the catalogue's own order.
        const all = [...permissionSets.values()]
        if (f === 'created_at') return desc ? all.reverse() : all
        return sortBy(all, (p) => p.name.toLowerCase(), desc)
      })
    },
  },
  {
    method: 'GET',
    path: `${API}/quota`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(['name_asc', 'name_desc'] as const)
      const orgId = q.uuid('organization_id')
      const names = q.strings('quotum_names')
      const { page, pageSize } = q.page()
      q.done()
      allow(ctx, 'quotum', 'read', orgId)
      const org = ctx.principal.org
      const wanted = QUOTA_NAMES.filter((n) => !names || names.includes(n))
      const sorted = sortBy(wanted.map((n) => quotumOf(org, n)), (x) => x.name, order === 'name_desc')
      return ok({ quota: sorted.slice((page - 1) * pageSize, page * pageSize), total_count: sorted.length })
    },
  },
  {
    method: 'GET',
    path: `${API}/quota/:name`,
    handler: (ctx) => {
      const orgId = ctx.query.uuid('organization_id')
      ctx.query.done()
      allow(ctx, 'quotum', 'read', orgId)
      const name = ctx.params.name ?? ''
      if (!(QUOTA_NAMES as readonly string[]).includes(name)) throw notFound('quotum', name)
      return ok(quotumOf(ctx.principal.org, name as QuotaName))
    },
  },
  {
    method: 'GET',
    path: `${API}/jwts`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc'] as const)
      const audienceId = q.uuid('audience_id')
      const expired = q.bool('expired')
      allow(ctx, 'jwt', 'read')
      const org = ctx.principal.org
      const nowMs = ctx.now.getTime()
      const key = viewKeyOf(q, expired === undefined ? '' : String(Math.floor(nowMs / 1000)))
      return listPage(ctx.store, q, 'jwts', org.jwts, key, () => {
        const items = [...org.jwts.values()].filter(
          (j) =>
            (audienceId === undefined || j.audience_id === audienceId) &&
            (expired === undefined || (j.expires_at !== null && Date.parse(j.expires_at) <= nowMs) === expired),
        )
        const { field: f, desc } = splitOrder(order)
        return sortBy(items, (j: Jwt) => tsKey(f === 'updated_at' ? j.updated_at : j.created_at), desc)
      })
    },
  },
  {
    method: 'GET',
    path: `${API}/jwts/:jti`,
    handler: (ctx) => {
      allow(ctx, 'jwt', 'read')
      return ok(lookup(ctx, ctx.principal.org.jwts, ctx.params.jti ?? '', 'jwt', 'read'))
    },
  },
  {
    method: 'DELETE',
    path: `${API}/jwts/:jti`,
    handler: (ctx) => {
      allow(ctx, 'jwt', 'write')
      const jwt = lookup(ctx, ctx.principal.org.jwts, ctx.params.jti ?? '', 'jwt', 'write')
      ctx.principal.org.jwts.delete(jwt.jti)
      ctx.store.disown(jwt.jti)
      return noContent()
    },
  },
  {
    method: 'GET',
    path: `${API}/logs`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(['created_at_asc', 'created_at_desc'] as const)
      const orgId = q.uuid('organization_id')
      const after = q.timestamp('created_after')
      const before = q.timestamp('created_before')
      const action = q.enumOf('action', logActions)
      const resourceType = q.enumOf('resource_type', logKinds)
      const search = q.str('search')
      allow(ctx, 'log', 'read', orgId)
      const org = ctx.principal.org
      return listPage(ctx.store, q, 'logs', org.logs, viewKeyOf(q), () => {
        const items = [...org.logs.values()].filter((l: Log) => {
          const t = l.created_at ? Date.parse(l.created_at) : 0
          return (
            (after === undefined || t >= after) &&
            (before === undefined || t <= before) &&
            (action === undefined || l.action === action) &&
            (resourceType === undefined || l.resource_type === resourceType) &&
            (search === undefined || l.bearer_id === search || l.resource_id === search)
          )
        })
        return sortBy(items, (l) => tsKey(l.created_at), order === 'created_at_desc')
      })
    },
  },
  {
    method: 'GET',
    path: `${API}/logs/:id`,
    handler: (ctx) => {
      allow(ctx, 'log', 'read')
      return ok(lookup(ctx, ctx.principal.org.logs, ctx.params.id ?? '', 'log', 'read'))
    },
  },
  {
    method: 'GET',
    path: `${API}/organizations/:id`,
    handler: (ctx: RequestContext) => {
      const id = ctx.params.id ?? ''
      const org = ctx.principal.org
      if (id !== org.id) {
        if (ctx.store.orgs.has(id)) throw permissionsDenied('organization', 'read')
        throw notFound('organization', id)
      }
      return ok({
        id: org.id,
        name: org.name,
        alias: '',
        login_password_enabled: true,
        login_magic_code_enabled: false,
        login_oauth2_enabled: true,
        login_saml_enabled: false,
      })
    },
  },
]

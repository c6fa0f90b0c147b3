// Helpers shared by the route modules: org scoping, look-ups that tell "foreign" from
// "missing", quotas, audit logs and list responses.
import { authorize, type Action, type Resource } from '../auth'
import { invalidArgument, notFound, permissionsDenied, quotasExceeded } from '../http/errors'
import { isUuid } from '../ids'
import { paginate, type Query } from '../http/query'
import type { HandlerResult, RequestContext } from '../http/router'
import type { Collection } from '../store/collection'
import type { Store } from '../store/store'
import type { QuotaName } from '../store/org-state'
import type { Log } from '../../domain/schemas'

export const API = '/iam/v1alpha1'

export function ok(body: unknown): HandlerResult {
  return { status: 200, body }
}
export const noContent = (): HandlerResult => ({ status: 204 })

/**
 * Checks the caller may act on `resource`, and that an explicit `organization_id` (query or
 * body) is its own: another organization's id → 403 permissions_denied.
 */
export function allow(ctx: RequestContext, resource: Resource, action: Action, organizationId?: string): void {
  authorize(ctx.principal, resource, action)
  if (organizationId !== undefined && organizationId !== ctx.principal.org.id) throw permissionsDenied(resource, action)
}

/** The object if it is the caller's; 403 if it belongs to another organization; else 404. */
export function lookup<T>(ctx: RequestContext, coll: Collection<T>, id: string, resource: string, action: Action): T {
  if (resource !== 'access_key' && resource !== 'jwt' && !isUuid(id)) {
    throw invalidArgument(`${resource}_id`, 'format', 'value must be a valid UUID')
  }
  const found = coll.get(id)
  if (found) return found
  const owner = ctx.store.ownerOrg.get(id)
  if (owner !== undefined && owner !== ctx.principal.org.id) throw permissionsDenied(resource, action)
  throw notFound(resource, id)
}

export function checkQuota(ctx: RequestContext, name: QuotaName, adding = 1): void {
  const org = ctx.principal.org
  const limit = org.quotas.get(name) ?? Infinity
  const current = org.quotaCurrent(name)
  if (current + adding > limit) throw quotasExceeded(name, limit, current, org.id)
}

export function audit(ctx: RequestContext, action: Log['action'], resourceType: Log['resource_type'], resourceId: string): void {
  const org = ctx.principal.org
  const log: Log = {
    id: ctx.store.newId(),
    created_at: ctx.store.timestamp(),
    ip: ctx.ip,
    user_agent: ctx.userAgent,
    action,
    bearer_id: ctx.principal.bearerId,
    organization_id: org.id,
    resource_type: resourceType,
    resource_id: resourceId,
  }
  org.logs.set(log.id, log)
  ctx.store.own(org.id, log.id)
}

/**
 * Pages a cached filtered+sorted view; `viewKey` must capture every filter and the order. The
 * page is assembled from each object's kept JSON text (Store.jsonOf): the same bytes as
 * `JSON.stringify({ [key]: items, total_count })`.
 */
export function listPage<T extends object>(store: Store, q: Query, key: string, coll: Collection<T>, viewKey: string, compute: () => T[]): HandlerResult {
  const { page, pageSize } = q.page()
  q.done()
  const all = coll.view(viewKey, compute)
  const items = paginate(all, page, pageSize).map((item) => store.jsonOf(item))
  return { status: 200, json: `{${JSON.stringify(key)}:[${items.join(',')}],"total_count":${all.length}}` }
}

/** Builds a cache key from the query minus paging. */
export function viewKeyOf(q: Query, extra = ''): string {
  const p = new URLSearchParams(q.params)
  p.delete('page')
  p.delete('page_size')
  p.sort()
  return `${extra}?${p.toString()}`
}

export function containsTag(tags: string[], needle: string): boolean {
  return tags.some((t) => t.includes(needle))
}

export const tsKey = (s: string | null): string => s ?? ''

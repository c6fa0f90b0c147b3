// /api-keys (reference §6.3). The secret is returned by the create response only.
import { invalidArgument, notFound, permissionsDenied } from '../http/errors'
import { newSecretKey } from '../ids'
import type { RequestContext, RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import type { StoredApiKey } from '../store/org-state'
import { Checker, field } from '../validate'
import { allow, API, audit, checkQuota, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'

const ORDERS = [
  'created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc',
  'expires_at_asc', 'expires_at_desc', 'access_key_asc', 'access_key_desc',
] as const

const isExpired = (k: StoredApiKey, nowMs: number): boolean => k.expires_at !== null && Date.parse(k.expires_at) <= nowMs

function keyOf(ctx: RequestContext, action: 'read' | 'write'): StoredApiKey {
  return lookup(ctx, ctx.principal.org.apiKeys, ctx.params.access_key ?? '', 'access_key', action)
}

export const apiKeyRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/api-keys`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const editable = q.bool('editable')
      const expired = q.bool('expired')
      const description = q.str('description', { max: 200 })
      const bearerId = q.uuid('bearer_id')
      const bearerType = q.enumOf('bearer_type', ['user', 'application'] as const)
      const accessKeys = [...(q.strings('access_keys') ?? []), ...(q.strings('access_key') ?? [])]
      const applicationId = q.uuid('application_id')
      const userId = q.uuid('user_id')
      allow(ctx, 'api_key', 'read', orgId)
      const org = ctx.principal.org
      const nowMs = ctx.now.getTime()
      // `expired` depends on the clock: make the cached view specific to the current second.
      const viewKey = viewKeyOf(q, expired === undefined ? '' : String(Math.floor(nowMs / 1000)))
      return listPage(ctx.store, q, 'api_keys', org.apiKeys, viewKey, () => {
        const akSet = accessKeys.length > 0 ? new Set(accessKeys) : undefined
        let source: Iterable<StoredApiKey> = org.apiKeys.values()
        const bearer = bearerId ?? applicationId ?? userId
        if (bearer !== undefined) {
          source = [...(org.keysOfBearer.get(bearer) ?? [])].flatMap((ak) => org.apiKeys.get(ak) ?? [])
        }
        const items = [...source].filter(
          (k) =>
            (editable === undefined || k.editable === editable) &&
            (expired === undefined || isExpired(k, nowMs) === expired) &&
            (description === undefined || k.description === description) &&
            (bearerType === undefined || (bearerType === 'user' ? k.user_id !== undefined : k.application_id !== undefined)) &&
            (applicationId === undefined || k.application_id === applicationId) &&
            (userId === undefined || k.user_id === userId) &&
            (!akSet || akSet.has(k.access_key)),
        )
        const { field: f, desc } = splitOrder(order)
        // Sorted by creation first so ties in the requested key keep creation order.
        const base = f === 'created_at' ? items : sortBy(items, (k) => tsKey(k.created_at))
        return sortBy(base, (k) => {
          switch (f) {
            case 'access_key': return k.access_key
            case 'expires_at': return k.expires_at ?? '9999' // never-expiring keys sort last
            case 'updated_at': return tsKey(k.updated_at)
            default: return tsKey(k.created_at)
          }
        }, desc)
      })
    },
  },
  {
    method: 'POST',
    path: `${API}/api-keys`,
    handler: (ctx) => {
      const c = new Checker()
      const b = ctx.body
      const applicationId = c.checkUuid('application_id', field(b, 'application_id'))
      const userId = c.checkUuid('user_id', field(b, 'user_id'))
      const expiresAt = c.checkTimestamp('expires_at', field(b, 'expires_at'))
      const projectId = c.checkUuid('default_project_id', field(b, 'default_project_id'))
      const description = c.checkString('description', field(b, 'description'), { max: 200, ignoreEmpty: true }) ?? ''
      c.done()
      if ((applicationId === undefined) === (userId === undefined)) {
        throw invalidArgument('bearer', 'required', 'exactly one of application_id or user_id must be set')
      }
      if (expiresAt && Date.parse(expiresAt) <= ctx.now.getTime()) {
        throw invalidArgument('expires_at', 'constraint', 'expiration date must be in the future')
      }
      allow(ctx, 'api_key', 'write')
      const org = ctx.principal.org
      const bearer = (userId ?? applicationId) as string
      const exists = userId ? org.users.get(bearer) : org.applications.get(bearer)
      if (!exists) {
        const owner = ctx.store.ownerOrg.get(bearer)
        if (owner !== undefined) throw permissionsDenied(userId ? 'user' : 'application', 'write')
        throw notFound(userId ? 'user' : 'application', bearer)
      }
      if (projectId !== undefined && !org.hasProject(projectId)) throw permissionsDenied('project', 'read')
      checkQuota(ctx, 'api_keys')
      const now = ctx.store.timestamp()
      const secret = newSecretKey()
      const key: StoredApiKey = {
        access_key: ctx.store.newAccessKey(),
        secret_key: null,
        ...(applicationId ? { application_id: applicationId } : { user_id: userId as string }),
        description,
        created_at: now,
        updated_at: now,
        expires_at: expiresAt ?? null,
        default_project_id: projectId ?? org.defaultProjectId,
        editable: true,
        deletable: true,
        managed: false,
        creation_ip: ctx.ip,
      }
      org.putApiKey(key)
      if (applicationId) {
        const app = org.applications.get(applicationId)
        if (app) app.nb_api_keys++
        org.applications.touch()
      }
      ctx.store.own(org.id, key.access_key)
      ctx.store.registerSecret(org.id, key.access_key, secret)
      // From now on, on the emulator's clock: the key answers 401 until its organization's
      // propagation delay has passed (auth.ts).
      ctx.store.keyCreatedAt.set(key.access_key, ctx.now.getTime())
      audit(ctx, 'created', 'api_key', key.access_key)
      return ok({ ...key, secret_key: secret })
    },
  },
  {
    method: 'GET',
    path: `${API}/api-keys/:access_key`,
    handler: (ctx) => {
      allow(ctx, 'api_key', 'read')
      return ok(keyOf(ctx, 'read'))
    },
  },
  {
    method: 'PATCH',
    path: `${API}/api-keys/:access_key`,
    handler: (ctx) => {
      allow(ctx, 'api_key', 'write')
      const org = ctx.principal.org
      const key = keyOf(ctx, 'write')
      const c = new Checker()
      const projectId = c.checkUuid('default_project_id', field(ctx.body, 'default_project_id'))
      const description = c.checkString('description', field(ctx.body, 'description'), { max: 200 })
      const expiresAt = c.checkTimestamp('expires_at', field(ctx.body, 'expires_at'))
      c.done()
      // As on create: an expiry is in the future. `expires_at: null` is "not given" (§1.2: the Go
      // SDK sends null for every field it does not set), so it leaves the expiry as it is — an
      // expiry can be moved (also back into the future on an expired key), never removed.
      if (expiresAt && Date.parse(expiresAt) <= ctx.now.getTime()) {
        throw invalidArgument('expires_at', 'constraint', 'expiration date must be in the future')
      }
      if (projectId !== undefined && !org.hasProject(projectId)) throw permissionsDenied('project', 'read')
      if (projectId !== undefined) key.default_project_id = projectId
      if (description !== undefined) key.description = description
      if (expiresAt !== undefined) key.expires_at = expiresAt
      key.updated_at = ctx.store.timestamp()
      org.apiKeys.touch()
      audit(ctx, 'updated', 'api_key', key.access_key)
      return ok(key)
    },
  },
  {
    method: 'DELETE',
    path: `${API}/api-keys/:access_key`,
    handler: (ctx) => {
      allow(ctx, 'api_key', 'write')
      const key = keyOf(ctx, 'write')
      deleteApiKey(ctx, key.access_key)
      return noContent()
    },
  },
]

/** Also used when a user or an application is deleted (their keys go with them). */
export function deleteApiKey(ctx: RequestContext, accessKey: string): void {
  ctx.principal.org.deleteApiKey(accessKey)
  ctx.store.forgetSecret(accessKey)
  ctx.store.disown(accessKey)
  audit(ctx, 'deleted', 'api_key', accessKey)
}

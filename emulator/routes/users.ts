// /users, lock/unlock/update-password and /grace-periods (reference §6.4, §6.5).
import type { User } from '../../domain/schemas'
import { invalidArgument, permissionsDenied } from '../http/errors'
import type { RequestContext, RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import { Checker, field, USERNAME_PATTERN } from '../validate'
import { deleteApiKey } from './api-keys'
import { allow, API, audit, checkQuota, containsTag, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'

const ORDERS = [
  'created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'email_asc', 'email_desc',
  'last_login_asc', 'last_login_desc', 'username_asc', 'username_desc',
] as const

function userOf(ctx: RequestContext, action: 'read' | 'write'): User {
  return lookup(ctx, ctx.principal.org.users, ctx.params.id ?? '', 'user', action)
}

function touchUser(ctx: RequestContext, u: User): User {
  u.updated_at = ctx.store.timestamp()
  ctx.principal.org.users.touch()
  audit(ctx, 'updated', 'user', u.id)
  return u
}

export const userRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/users`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const userIds = q.uuids('user_ids')
      const mfa = q.bool('mfa')
      const tag = q.str('tag')
      const type = q.enumOf('type', ['owner', 'member'] as const)
      allow(ctx, 'user', 'read', orgId)
      const org = ctx.principal.org
      return listPage(ctx.store, q, 'users', org.users, viewKeyOf(q), () => {
        const source = userIds ? userIds.flatMap((id) => org.users.get(id) ?? []) : [...org.users.values()]
        const items = [...new Set(source)].filter(
          (u) =>
            (mfa === undefined || u.mfa === mfa) &&
            (tag === undefined || containsTag(u.tags, tag)) &&
            (type === undefined || u.type === type),
        )
        const { field: f, desc } = splitOrder(order)
        const base = f === 'created_at' ? items : sortBy(items, (u) => tsKey(u.created_at))
        return sortBy(base, (u) => {
          switch (f) {
            case 'email': return u.email.toLowerCase()
            case 'username': return u.username.toLowerCase()
            case 'last_login': return tsKey(u.last_login_at)
            case 'updated_at': return tsKey(u.updated_at)
            default: return tsKey(u.created_at)
          }
        }, desc)
      })
    },
  },
  {
    method: 'POST',
    path: `${API}/users`,
    handler: (ctx) => {
      const c = new Checker()
      const b = ctx.body
      const orgId = c.checkUuid('organization_id', field(b, 'organization_id'), true)
      const tags = c.checkTags('tags', field(b, 'tags')) ?? []
      const email = c.checkString('email', field(b, 'email'), {})
      const memberRaw = field(b, 'member')
      const member = memberRaw && typeof memberRaw === 'object' ? (memberRaw as Record<string, unknown>) : undefined
      if ((email === undefined) === (member === undefined)) c.fail('type', 'required', 'exactly one of email or member must be set')
      let username: string | undefined
      if (member) {
        c.checkString('member.email', field(member, 'email'), { required: true, min: 1 })
        username = c.checkString('member.username', field(member, 'username'), { required: true, min: 2, max: 150, pattern: USERNAME_PATTERN })
        c.checkString('member.password', field(member, 'password'), { maxBytes: 72, ignoreEmpty: true })
        c.checkString('member.first_name', field(member, 'first_name'), { max: 64 })
        c.checkString('member.last_name', field(member, 'last_name'), { max: 64 })
      }
      c.done()
      allow(ctx, 'user', 'write', orgId)
      const org = ctx.principal.org
      const str = (k: string): string => {
        const v = member ? field(member, k) : undefined
        return typeof v === 'string' ? v : ''
      }
      const userEmail = member ? str('email') : (email as string)
      const name = username ?? userEmail.split('@')[0] ?? userEmail
      for (const u of org.users.values()) {
        if (u.username === name || u.email === userEmail) {
          throw invalidArgument(u.username === name ? 'member.username' : 'email', 'constraint', 'a user with this email or username already exists in the organization')
        }
      }
      checkQuota(ctx, 'users')
      const now = ctx.store.timestamp()
      const user: User = {
        id: ctx.store.newId(),
        email: userEmail,
        username: name,
        first_name: str('first_name'),
        last_name: str('last_name'),
        phone_number: str('phone_number'),
        locale: str('locale') || 'en_US',
        created_at: now,
        updated_at: now,
        organization_id: org.id,
        deletable: true,
        last_login_at: null,
        type: 'member',
        two_factor_enabled: false,
        status: member ? 'activated' : 'invitation_pending',
        mfa: false,
        account_root_user_id: '',
        tags,
        locked: false,
      }
      org.users.set(user.id, user)
      ctx.store.own(org.id, user.id)
      audit(ctx, 'created', 'user', user.id)
      return ok(user)
    },
  },
  {
    method: 'GET',
    path: `${API}/users/:id`,
    handler: (ctx) => {
      allow(ctx, 'user', 'read')
      return ok(userOf(ctx, 'read'))
    },
  },
  {
    method: 'PATCH',
    path: `${API}/users/:id`,
    handler: (ctx) => {
      allow(ctx, 'user', 'write')
      const u = userOf(ctx, 'write')
      const c = new Checker()
      const b = ctx.body
      const tags = c.checkTags('tags', field(b, 'tags'))
      const email = c.checkString('email', field(b, 'email'), { min: 1 })
      const firstName = c.checkString('first_name', field(b, 'first_name'), { max: 64 })
      const lastName = c.checkString('last_name', field(b, 'last_name'), { max: 64 })
      const phone = c.checkString('phone_number', field(b, 'phone_number'), {})
      const locale = c.checkString('locale', field(b, 'locale'), {})
      c.done()
      if (tags !== undefined) u.tags = tags
      if (email !== undefined) u.email = email
      if (firstName !== undefined) u.first_name = firstName
      if (lastName !== undefined) u.last_name = lastName
      if (phone !== undefined) u.phone_number = phone
      if (locale !== undefined && locale !== '') u.locale = locale
      return ok(touchUser(ctx, u))
    },
  },
  {
    method: 'DELETE',
    path: `${API}/users/:id`,
    handler: (ctx) => {
      allow(ctx, 'user', 'write')
      const org = ctx.principal.org
      const u = userOf(ctx, 'write')
      // Choice (reference [UNCERTAIN]): owners cannot be deleted → 403 permissions_denied.
      if (u.type === 'owner' || !u.deletable) throw permissionsDenied('user', 'delete')
      for (const ak of [...(org.keysOfBearer.get(u.id) ?? [])]) deleteApiKey(ctx, ak)
      org.dropMember(u.id)
      org.orphanPoliciesOf(u.id)
      org.users.delete(u.id)
      org.gracePeriods.delete(u.id)
      ctx.store.disown(u.id)
      audit(ctx, 'deleted', 'user', u.id)
      return noContent()
    },
  },
  ...(['lock', 'unlock'] as const).map(
    (verb): RouteSpec => ({
      method: 'POST',
      path: `${API}/users/:id/${verb}`,
      handler: (ctx) => {
        allow(ctx, 'user', 'write')
        const u = userOf(ctx, 'write')
        if (u.type === 'owner') throw permissionsDenied('user', verb)
        u.locked = verb === 'lock'
        return ok(touchUser(ctx, u))
      },
    }),
  ),
  {
    method: 'POST',
    path: `${API}/users/:id/update-password`,
    handler: (ctx) => {
      allow(ctx, 'user', 'write')
      const u = userOf(ctx, 'write')
      const c = new Checker()
      c.checkString('password', field(ctx.body, 'password'), { required: true, min: 1, maxBytes: 72 })
      c.done()
      // The password itself is not kept: nothing in the emulator logs in with it.
      ctx.principal.org.gracePeriods.set(
        u.id,
        (ctx.principal.org.gracePeriods.get(u.id) ?? []).filter((g) => g.type !== 'update_password'),
      )
      return ok(touchUser(ctx, u))
    },
  },
  {
    method: 'GET',
    path: `${API}/grace-periods`,
    handler: (ctx) => {
      const q = ctx.query
      const userId = q.uuid('user_id')
      q.done()
      allow(ctx, 'grace_period', 'read')
      const org = ctx.principal.org
      const target = userId ?? (ctx.principal.bearerType === 'user' ? ctx.principal.bearerId : undefined)
      if (target !== undefined) lookup(ctx, org.users, target, 'user', 'read')
      return ok({ grace_periods: target ? (org.gracePeriods.get(target) ?? []) : [] })
    },
  },
]

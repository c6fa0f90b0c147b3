// /policies, clone, and /rules (reference §6.7, §6.8, §10).
import type { Policy } from '../../domain/schemas'
import { invalidArgument, notFound, permissionsDenied } from '../http/errors'
import type { RequestContext, RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import { Checker, field, NAME_PATTERN } from '../validate'
import { allow, API, audit, checkQuota, containsTag, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'
import { parseRuleSpecs } from './rule-specs'
import { isoMicros } from '../ids'

const ORDERS = ['policy_name_asc', 'policy_name_desc', 'created_at_asc', 'created_at_desc'] as const
const NAME_RULE = { min: 1, max: 64, pattern: NAME_PATTERN }
const PRINCIPALS = ['user_id', 'group_id', 'application_id'] as const

type Principal = { user_id: string } | { group_id: string } | { application_id: string } | { no_principal: true }

function policyOf(ctx: RequestContext, action: 'read' | 'write', id = ctx.params.id ?? ''): Policy {
  return lookup(ctx, ctx.principal.org.policies, id, 'policy', action)
}

/** Reads the one-of principal; undefined when none is given. */
function readPrincipal(ctx: RequestContext, c: Checker): Principal | undefined {
  const found: Principal[] = []
  for (const k of PRINCIPALS) {
    const id = c.checkUuid(k, field(ctx.body, k))
    if (id !== undefined) found.push({ [k]: id } as Principal)
  }
  const np = c.checkBool('no_principal', field(ctx.body, 'no_principal'))
  if (np === true) found.push({ no_principal: true })
  if (found.length > 1) c.fail('principal', 'constraint', 'only one of user_id, group_id, application_id or no_principal may be set')
  c.done()
  const p = found[0]
  if (!p || 'no_principal' in p) return p
  const org = ctx.principal.org
  const [[key, id]] = Object.entries(p) as [[string, string]]
  const coll = key === 'user_id' ? org.users : key === 'group_id' ? org.groups : org.applications
  const resource = key.replace(/_id$/, '')
  if (!(coll.get(id) as unknown)) {
    if (ctx.store.ownerOrg.has(id)) throw permissionsDenied(resource, 'read')
    throw notFound(resource, id)
  }
  return p
}

function withPrincipal(p: Policy, principal: Principal): Policy {
  const next = { ...p }
  delete next.user_id
  delete next.group_id
  delete next.application_id
  delete next.no_principal
  return { ...next, ...principal }
}

/** `now`, or 1 µs after `previous` when the clock (ms resolution) has not moved past it. */
function laterThan(now: string, previous: string | null): string {
  if (previous === null || now > previous) return now
  const m = /^(.*\.)(\d{6})Z$/.exec(previous)
  if (!m) return now
  const micros = Number(m[2]) + 1
  if (micros < 1_000_000) return `${m[1]}${String(micros).padStart(6, '0')}Z`
  return isoMicros(new Date(Math.floor(Date.parse(previous) / 1000) * 1000 + 1000))
}

/** Create and clone answer with zero counts; GET shows the real ones [OBSERVED 15/15]. */
const zeroCounts = (p: Policy): Policy => ({ ...p, nb_rules: 0, nb_scopes: 0, nb_permission_sets: 0 })

export const policyRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/policies`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const editable = q.bool('editable')
      const userIds = q.uuids('user_ids')
      const groupIds = q.uuids('group_ids')
      const appIds = q.uuids('application_ids')
      const noPrincipal = q.bool('no_principal')
      const name = q.str('policy_name', { min: 1 })
      const tag = q.str('tag')
      const policyIds = q.uuids('policy_ids')
      allow(ctx, 'policy', 'read', orgId)
      const org = ctx.principal.org
      return listPage(ctx.store, q, 'policies', org.policies, viewKeyOf(q), () => {
        const principals = [...(userIds ?? []), ...(groupIds ?? []), ...(appIds ?? [])]
        let source: Policy[]
        if (principals.length > 0) {
          const ids = new Set<string>()
          for (const pr of principals) for (const pid of org.policiesOfPrincipal.get(pr) ?? []) ids.add(pid)
          source = [...ids].flatMap((id) => org.policies.get(id) ?? [])
        } else source = [...org.policies.values()]
        const pidSet = policyIds && new Set(policyIds)
        const items = source.filter(
          (p) =>
            (editable === undefined || p.editable === editable) &&
            (noPrincipal === undefined || (p.no_principal === true) === noPrincipal) &&
            (name === undefined || p.name === name) &&
            (tag === undefined || containsTag(p.tags, tag)) &&
            (!pidSet || pidSet.has(p.id)),
        )
        const { field: f, desc } = splitOrder(order)
        const base = sortBy(items, (p) => tsKey(p.created_at))
        // [OBSERVED] policy_name_asc is case-insensitive.
        return f === 'created_at' ? (desc ? base.reverse() : base) : sortBy(base, (p) => p.name.toLowerCase(), desc)
      })
    },
  },
  {
    method: 'POST',
    path: `${API}/policies`,
    handler: (ctx) => {
      const c = new Checker()
      const b = ctx.body
      const orgId = c.checkUuid('organization_id', field(b, 'organization_id'), true)
      const name = c.checkString('name', field(b, 'name'), { required: true, ...NAME_RULE })
      const description = c.checkString('description', field(b, 'description'), { max: 200, ignoreEmpty: true }) ?? ''
      const tags = c.checkTags('tags', field(b, 'tags')) ?? []
      allow(ctx, 'policy', 'write', orgId)
      const rules = parseRuleSpecs(ctx, field(b, 'rules'), 'rules', c)
      const principal = readPrincipal(ctx, c) ?? { no_principal: true }
      checkQuota(ctx, 'policies')
      const org = ctx.principal.org
      const now = ctx.store.timestamp()
      const p = withPrincipal(
        {
          id: ctx.store.newId(),
          name: name ?? '',
          description,
          organization_id: org.id,
          created_at: now,
          updated_at: now,
          editable: true,
          deletable: true,
          managed: false,
          nb_rules: 0,
          nb_scopes: 0,
          nb_permission_sets: 0,
          tags,
        },
        principal,
      )
      org.putPolicy(p)
      org.setRules(p.id, rules)
      ctx.store.own(org.id, p.id)
      audit(ctx, 'created', 'policy', p.id)
      return ok(zeroCounts(p))
    },
  },
  {
    method: 'GET',
    path: `${API}/policies/:id`,
    handler: (ctx) => {
      allow(ctx, 'policy', 'read')
      return ok(policyOf(ctx, 'read'))
    },
  },
  {
    method: 'PATCH',
    path: `${API}/policies/:id`,
    handler: (ctx) => {
      allow(ctx, 'policy', 'write')
      const org = ctx.principal.org
      const p = policyOf(ctx, 'write')
      const c = new Checker()
      const name = c.checkString('name', field(ctx.body, 'name'), NAME_RULE)
      const description = c.checkString('description', field(ctx.body, 'description'), { max: 200 })
      const tags = c.checkTags('tags', field(ctx.body, 'tags'))
      const principal = readPrincipal(ctx, c)
      if (!p.editable) throw permissionsDenied('policy', 'write')
      let next: Policy = { ...p }
      if (name !== undefined) next.name = name
      if (description !== undefined) next.description = description
      if (tags !== undefined) next.tags = tags
      if (principal !== undefined) next = withPrincipal(next, principal)
      next.updated_at = ctx.store.timestamp()
      org.putPolicy(next)
      audit(ctx, 'updated', 'policy', p.id)
      return ok(next)
    },
  },
  {
    method: 'DELETE',
    path: `${API}/policies/:id`,
    handler: (ctx) => {
      allow(ctx, 'policy', 'write')
      const p = policyOf(ctx, 'write')
      if (p.deletable === false) throw permissionsDenied('policy', 'delete')
      ctx.principal.org.deletePolicy(p.id)
      ctx.store.disown(p.id)
      audit(ctx, 'deleted', 'policy', p.id)
      return noContent()
    },
  },
  {
    method: 'POST',
    path: `${API}/policies/:id/clone`,
    handler: (ctx) => {
      allow(ctx, 'policy', 'write')
      const org = ctx.principal.org
      const src = policyOf(ctx, 'read')
      checkQuota(ctx, 'policies')
      const now = ctx.store.timestamp()
      // [MCP] "Copy of <name>", principal dropped, tags cleared, rules copied; body ignored.
      const copy = withPrincipal(
        { ...src, id: ctx.store.newId(), name: `Copy of ${src.name}`, tags: [], created_at: now, updated_at: now, editable: true, deletable: true, managed: false },
        { no_principal: true },
      )
      org.putPolicy(copy)
      org.setRules(copy.id, (org.rules.get(src.id) ?? []).map((r) => ({ ...r, id: ctx.store.newId() })))
      ctx.store.own(org.id, copy.id)
      audit(ctx, 'created', 'policy', copy.id)
      return ok(zeroCounts(copy))
    },
  },
  {
    method: 'GET',
    path: `${API}/rules`,
    handler: (ctx) => {
      const q = ctx.query
      const policyId = q.uuid('policy_id')
      const { page, pageSize } = q.page()
      q.done()
      if (policyId === undefined) throw invalidArgument('policy_id', 'required', 'field is required')
      allow(ctx, 'rule', 'read')
      const p = policyOf(ctx, 'read', policyId)
      const rules = ctx.principal.org.rules.get(p.id) ?? []
      return ok({ rules: rules.slice((page - 1) * pageSize, page * pageSize), total_count: rules.length })
    },
  },
  {
    method: 'PUT',
    path: `${API}/rules`,
    handler: (ctx) => {
      const c = new Checker()
      const policyId = c.checkUuid('policy_id', field(ctx.body, 'policy_id'), true)
      if (field(ctx.body, 'rules') === undefined) c.fail('rules', 'required', 'field is required')
      c.done()
      allow(ctx, 'rule', 'write')
      const p = policyOf(ctx, 'write', policyId)
      if (!p.editable) throw permissionsDenied('policy', 'write')
      const rules = parseRuleSpecs(ctx, field(ctx.body, 'rules'), 'rules', c)
      c.done()
      // Every rule gets a fresh id, even one re-sent unchanged [OBSERVED].
      ctx.principal.org.setRules(p.id, rules)
      // Replacing the rules moves the policy's updated_at [OBSERVED: tf__policy-change-permissions,
      // the GET /policies/{id} after each PUT /rules]; the sync's incremental re-sync relies on it.
      // Strictly later than before, even within the clock's resolution (the real API has µs).
      const stored = ctx.principal.org.policies.get(p.id) ?? p
      ctx.principal.org.putPolicy({ ...stored, updated_at: laterThan(ctx.store.timestamp(), stored.updated_at) })
      audit(ctx, 'updated', 'policy', p.id)
      return ok({ rules })
    },
  },
]

// Reading the mirror: lists, details with relations and the quick switcher,
// all answered from the SQLite cache so they work offline. Maps the contract's loose wire
// shapes onto the cache's precise query schemas (which do the real validation).
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { BROWSE_KINDS, BrowseQuerySchema as BrowseQuery } from './browse.query'
import type { BrowseCounts, BrowseInput, BrowsePage, Detail, QuickFindHit } from '../../../../src-preload/contract'

type Json = Record<string, unknown>

export class BrowseService {
  readonly #cache: Cache
  readonly #now: () => Date

  constructor(cache: Cache, now: () => Date = () => new Date()) {
    this.#cache = cache
    this.#now = now
  }

  list(input: BrowseInput): BrowsePage {
    const parsed = BrowseQuery.safeParse(input)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new AppError('BAD_REQUEST', `Invalid ${issue?.path.join('.') || 'query'} for ${input.kind}: ${issue?.message ?? 'not accepted'}.`)
    }
    const result = this.#cache.browse(parsed.data as never)
    return {
      total: result.total,
      rows: result.rows.map((r) => ({ organizationId: r.organizationId, organizationName: r.organizationName, id: r.id, item: r.item as Json })),
      cacheAgeMs: this.#cacheAge(input.organizationIds),
    }
  }

  /** Per list, how many objects the organizations hold (all when none given): the sidebar's counts. */
  counts(organizationIds: string[] | undefined): BrowseCounts {
    const out: BrowseCounts = {}
    for (const kind of BROWSE_KINDS) {
      // A one-row page without search or filter is an index lookup plus an index count.
      out[kind] = this.#cache.browse({ kind, ...(organizationIds?.length ? { organizationIds } : {}), offset: 0, limit: 1 } as never).total
    }
    return out
  }

  /** Age of the oldest successful sync among the covered organizations; null if never synced. */
  #cacheAge(organizationIds: string[] | undefined): number | null {
    const orgs = this.#cache.organizations.list().filter((o) => !organizationIds?.length || organizationIds.includes(o.id))
    const times = orgs.map((o) => (o.lastSyncAt ? Date.parse(o.lastSyncAt) : NaN))
    if (!times.length || times.some((t) => Number.isNaN(t))) return null
    return Math.max(0, this.#now().getTime() - Math.min(...times))
  }

  detail(kind: Detail['kind'], organizationId: string, id: string): Detail {
    const org = this.#cache.organizations.get(organizationId)
    if (!org) throw new AppError('NOT_FOUND', 'This organization is not in IAM Desk.')
    const d = this.#cache.details
    const wrap = (item: unknown, relations: Record<string, unknown>): Detail => ({
      kind,
      organizationId,
      organizationName: org.name,
      item: item as Json,
      relations,
    })
    const missing = () => new AppError('NOT_FOUND', `This ${kind.replace(/s$/, '').replace('_', ' ')} is not in the cache of ${org.name}. It may have been removed since the last sync.`)
    switch (kind) {
      case 'users': {
        const r = d.userDetail(organizationId, id)
        if (!r) throw missing()
        return wrap(r.user, { groups: r.groups, policies: r.policies, apiKeys: r.apiKeys, jwts: r.jwts, gracePeriods: r.gracePeriods })
      }
      case 'applications': {
        const r = d.applicationDetail(organizationId, id)
        if (!r) throw missing()
        return wrap(r.application, { groups: r.groups, policies: r.policies, apiKeys: r.apiKeys })
      }
      case 'groups': {
        const r = d.groupDetail(organizationId, id)
        if (!r) throw missing()
        return wrap(r.group, { members: r.members, policies: r.policies })
      }
      case 'policies': {
        const r = d.policyDetail(organizationId, id)
        if (!r) throw missing()
        return wrap(r.policy, { principal: r.principal, rules: r.rules, rulesHistory: this.#cache.history.policyRulesHistory(organizationId, id) })
      }
      case 'api_keys': {
        const r = d.apiKeyDetail(organizationId, id)
        if (!r) throw missing()
        return wrap(r.apiKey, { bearer: r.bearer, expired: r.expired })
      }
      case 'ssh_keys':
      case 'permission_sets':
      case 'jwts':
      case 'logs': {
        const item = this.#cache.resources.get(organizationId, kind, id)
        if (!item) throw missing()
        return wrap(item, {})
      }
    }
  }

  /** Ctrl+K: organizations, users, applications, groups, policies and API keys by name, email, id or access key. */
  quickFind(query: string, limit = 20): QuickFindHit[] {
    const q = query.trim().toLowerCase()
    const hits: QuickFindHit[] = []
    for (const o of this.#cache.organizations.list()) {
      if (o.name.toLowerCase().includes(q) || o.id.includes(q)) {
        hits.push({ kind: 'organization', organizationId: o.id, organizationName: o.name, id: o.id, label: o.name, sublabel: o.id })
      }
    }
    const kinds = ['users', 'applications', 'groups', 'policies', 'api_keys'] as const
    const per = Math.max(3, Math.ceil(limit / kinds.length))
    for (const kind of kinds) {
      const page = this.#cache.browse({ kind, search: query.trim(), offset: 0, limit: per } as never)
      for (const r of page.rows) {
        const item = r.item as Json
        hits.push({ kind, organizationId: r.organizationId, organizationName: r.organizationName, id: r.id, ...labelOf(kind, item) })
      }
    }
    return hits.slice(0, limit)
  }
}

/** How a person recognises an object of a kind. */
export function labelOf(kind: string, item: Json): { label: string; sublabel: string } {
  const s = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : '')
  switch (kind) {
    case 'users': {
      const name = [s('first_name'), s('last_name')].filter(Boolean).join(' ')
      return { label: name || s('username') || s('email'), sublabel: s('email') }
    }
    case 'api_keys':
      return { label: s('access_key'), sublabel: s('description') }
    case 'jwts':
      return { label: s('jti'), sublabel: s('user_agent') }
    case 'logs':
      return { label: `${s('action')} ${s('resource_type')}`, sublabel: s('resource_id') }
    default:
      return { label: s('name') || s('id'), sublabel: s('description') || s('id') }
  }
}

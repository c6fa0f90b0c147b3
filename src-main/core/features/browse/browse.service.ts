// Reading the mirror: lists, details with relations and the quick switcher,
// all answered from the SQLite cache so they work offline. Maps the contract's loose wire
// shapes onto the cache's precise query schemas (which do the real validation).
import { AppError, unreachable } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { BROWSE_KINDS, BrowseQuerySchema as BrowseQuery } from './browse.query'
import { KINDS, QUICK_FIND_KINDS, labelOf, type ResourceKind } from '../../../../domain/kinds'
import type { BrowseCounts, BrowseInput, BrowsePage, BrowsePageOf, Detail, DetailKind, DetailOf, QuickFindHit } from '../../../../src-preload/contract'

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
      throw new AppError('invalid_input', `Invalid ${issue?.path.join('.') || 'query'} for ${input.kind}: ${issue?.message ?? 'not accepted'}.`)
    }
    return this.#page(parsed.data.kind, parsed.data)
  }

  #page<K extends ResourceKind>(kind: K, query: BrowseInput): BrowsePageOf<K> {
    const result = this.#cache.browse(query as never)
    return { kind, total: result.total, rows: result.rows as BrowsePageOf<K>['rows'], cacheAgeMs: this.#cacheAge(query.organizationIds) }
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

  /** `organizationIds`: the scope of relations spanning organizations (a permission set's grants). */
  detail(kind: DetailKind, organizationId: string, id: string, organizationIds?: string[]): Detail {
    const org = this.#cache.organizations.get(organizationId)
    if (!org) throw new AppError('not_in_desk', 'This organization is not in IAM Desk.')
    const d = this.#cache.details
    const of = <K extends DetailKind>(k: K, item: DetailOf<K>['item'] | undefined, relations: () => DetailOf<K>['relations']): DetailOf<K> => {
      if (!item) throw new AppError('not_in_desk', `This ${KINDS[k].words.one} is not in the cache of ${org.name}. It may have been removed since the last sync.`)
      return { kind: k, organizationId, organizationName: org.name, item, relations: relations() }
    }
    switch (kind) {
      case 'users': {
        const r = d.userDetail(organizationId, id)
        return of('users', r?.user, () => ({ groups: r!.groups, policies: r!.policies, apiKeys: r!.apiKeys, jwts: r!.jwts, gracePeriods: r!.gracePeriods }))
      }
      case 'applications': {
        const r = d.applicationDetail(organizationId, id)
        return of('applications', r?.application, () => ({ groups: r!.groups, policies: r!.policies, apiKeys: r!.apiKeys }))
      }
      case 'groups': {
        const r = d.groupDetail(organizationId, id)
        return of('groups', r?.group, () => ({ members: r!.members, policies: r!.policies }))
      }
      case 'policies': {
        const r = d.policyDetail(organizationId, id)
        return of('policies', r?.policy, () => ({ principal: r!.principal, rules: r!.rules, rulesHistory: this.#cache.history.policyRulesHistory(organizationId, id) }))
      }
      case 'api_keys': {
        const r = d.apiKeyDetail(organizationId, id)
        return of('api_keys', r?.apiKey, () => ({ bearer: r!.bearer, expired: r!.expired }))
      }
      case 'ssh_keys':
        return of('ssh_keys', this.#cache.resources.get(organizationId, 'ssh_keys', id), () => ({}))
      case 'permission_sets': {
        const set = this.#cache.resources.get(organizationId, 'permission_sets', id)
        return of('permission_sets', set, () => d.permissionSetRelations(set!.name, organizationIds))
      }
      case 'jwts':
        return of('jwts', this.#cache.resources.get(organizationId, 'jwts', id), () => ({}))
      case 'logs':
        return of('logs', this.#cache.resources.get(organizationId, 'logs', id), () => ({}))
      default:
        throw unreachable(kind)
    }
  }

  /** Ctrl+K: organizations and the registry's quick-find kinds by name, email, id or access key. */
  quickFind(query: string, limit = 20): QuickFindHit[] {
    const q = query.trim().toLowerCase()
    const hits: QuickFindHit[] = []
    for (const o of this.#cache.organizations.list()) {
      // The id as second line only when it is what matched: a bare id says nothing otherwise.
      if (o.name.toLowerCase().includes(q)) hits.push({ kind: 'organization', organizationId: o.id, organizationName: o.name, id: o.id, label: o.name, sublabel: '' })
      else if (o.id.includes(q)) hits.push({ kind: 'organization', organizationId: o.id, organizationName: o.name, id: o.id, label: o.name, sublabel: o.id })
    }
    const per = Math.max(3, Math.ceil(limit / QUICK_FIND_KINDS.length))
    for (const kind of QUICK_FIND_KINDS) {
      const page = this.#cache.browse({ kind, search: query.trim(), offset: 0, limit: per } as never)
      for (const r of page.rows) {
        // A permission set is listed once for every organization: say where, not one of them.
        const where = r.spread ? `in ${r.spread.present} of ${r.spread.of} organizations` : r.organizationName
        hits.push({ kind, organizationId: r.organizationId, organizationName: where, id: r.id, ...labelOf(kind, r.item as never) })
      }
    }
    return hits.slice(0, limit)
  }
}

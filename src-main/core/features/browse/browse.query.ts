// The browse lists' SQL: instant search, the kind's filters and sorts, paging — all from the
// cache. Which filters and sort fields a kind has is the kind registry's (domain/kinds.ts); what
// each one means in SQL is written here, never built from input.
import type { Database, Statement } from 'better-sqlite3'
import { API_KEY_EXPIRY, KINDS as REGISTRY, RESOURCE_KINDS, type ResourceKind, type SortField as SortFieldName } from '../../../../domain/kinds'
import { BrowseInput, type BrowseInputFor, type CatalogueSpread } from '../../../../src-preload/contract'
import { KINDS, type KindItems, type SqlValue } from '../../platform/cache/kinds'
import { parseStored } from '../../platform/cache/stored-json'
import { SearchIndex } from './search-index'

export const BROWSE_KINDS = RESOURCE_KINDS
export type BrowseKind = ResourceKind

interface SortExpr {
  expr: string
  /**
   * Nulls (never logged in, never expires) go last in both directions. Written as NULLS LAST,
   * which SQLite serves from the (column, organization_id, id) index in both directions (two
   * passes over it), where the former `(expr IS NULL), expr` forced sorting every match.
   */
  nullable?: boolean
}
const ORG: SortExpr = { expr: 'o.name COLLATE NOCASE' }
const CREATED: SortExpr = { expr: 't.created_at_ms', nullable: true }

/** What each of the registry's sort fields means in SQL (TypeScript holds the two in step). */
export const SORT_SQL: { readonly [K in ResourceKind]: Readonly<Record<SortFieldName<K>, SortExpr>> } = {
  users: {
    email: { expr: 't.email' },
    username: { expr: 't.username' },
    name: { expr: 't.display_name' },
    type: { expr: 't.type' },
    status: { expr: 't.status' },
    locked: { expr: 't.locked' },
    mfa: { expr: 't.mfa' },
    created_at: CREATED,
    last_login_at: { expr: 't.last_login_at_ms', nullable: true },
    organization: ORG,
  },
  applications: { name: { expr: 't.name' }, nb_api_keys: { expr: 't.nb_api_keys' }, created_at: CREATED, updated_at: { expr: 't.updated_at_ms', nullable: true }, organization: ORG },
  groups: { name: { expr: 't.name' }, member_count: { expr: 't.member_count' }, created_at: CREATED, updated_at: { expr: 't.updated_at_ms', nullable: true }, organization: ORG },
  policies: {
    name: { expr: 't.name' },
    principal_kind: { expr: 't.principal_kind' },
    nb_rules: { expr: 't.nb_rules' },
    created_at: CREATED,
    updated_at: { expr: 't.updated_at_ms', nullable: true },
    organization: ORG,
  },
  api_keys: {
    access_key: { expr: 't.id' },
    description: { expr: 't.description' },
    bearer_type: { expr: 't.bearer_type' },
    created_at: CREATED,
    expires_at: { expr: 't.expires_at_ms', nullable: true },
    organization: ORG,
  },
  ssh_keys: { name: { expr: 't.name' }, fingerprint: { expr: 't.fingerprint' }, disabled: { expr: 't.disabled' }, created_at: CREATED, organization: ORG },
  permission_sets: { name: { expr: 't.name' }, scope_type: { expr: 't.scope_type' }, organization: ORG },
  quota: { name: { expr: 't.name' }, pretty_name: { expr: 't.pretty_name' }, organization: ORG },
  jwts: { created_at: CREATED, expires_at: { expr: 't.expires_at_ms', nullable: true }, audience_id: { expr: 't.audience_id' }, organization: ORG },
  logs: { created_at: CREATED, action: { expr: 't.action' }, resource_type: { expr: 't.resource_type' }, organization: ORG },
}

export const MAX_BROWSE_LIMIT = 500

/**
 * Up to this many search matches are taken by rowid and sorted (a few ms); past it the sort's
 * index is walked, testing each row (measured on 100,000 API keys: a term matching 4 rows took
 * ~290 ms to walk to the end, by rowid ~0 ms).
 */
export const FEW_MATCHES = 5000

/** A list request for kind K: the contract's own shape (strict filters and sort per kind). */
export type BrowseQuery<K extends BrowseKind = BrowseKind> = BrowseInputFor<K>
/** Runtime validation of a browse call, one shape per kind: the contract's. */
export const BrowseQuerySchema = BrowseInput

export interface BrowseRow<T> {
  organizationId: string
  organizationName: string
  id: string
  item: T
  /** The names of the objects a row points at by id (see ROW_NAMES); null where the cache has none. */
  names?: Record<string, string | null>
  /** Permission sets: where the one row listed for the set is found (see CatalogueSpread). */
  spread?: CatalogueSpread
}

// An id names nothing to a person: the objects a row points at (an API key's bearer, a policy's
// principal, a log's actor and resource) are named here, from the same organization's cache, so
// the list and its export agree. The id stays in the row (shown on hover); a name is null when the
// object is not (or no longer) cached, e.g. a log about a deleted object.
const nameOf = (table: 'users' | 'applications' | 'groups' | 'policies' | 'api_keys', idExpr: string): string => {
  const col = table === 'users' ? 'email' : table === 'api_keys' ? "coalesce(nullif(n.description, ''), n.id)" : 'n.name'
  return `(SELECT ${col} FROM ${table} n WHERE n.organization_id = t.organization_id AND n.id = ${idExpr})`
}
const ROW_NAMES: Partial<Record<BrowseKind, Record<string, string>>> = {
  api_keys: { bearer_name: `CASE t.bearer_type WHEN 'user' THEN ${nameOf('users', 't.bearer_id')} WHEN 'application' THEN ${nameOf('applications', 't.bearer_id')} END` },
  policies: {
    principal_name: `CASE t.principal_kind WHEN 'user' THEN ${nameOf('users', 't.principal_id')} WHEN 'group' THEN ${nameOf('groups', 't.principal_id')} WHEN 'application' THEN ${nameOf('applications', 't.principal_id')} END`,
  },
  logs: {
    bearer_name: `coalesce(${nameOf('users', 't.bearer_id')}, ${nameOf('applications', 't.bearer_id')})`,
    resource_name: `CASE t.resource_type WHEN 'user' THEN ${nameOf('users', 't.resource_id')} WHEN 'group' THEN ${nameOf('groups', 't.resource_id')} WHEN 'application' THEN ${nameOf('applications', 't.resource_id')} WHEN 'policy' THEN ${nameOf('policies', 't.resource_id')} WHEN 'api_key' THEN ${nameOf('api_keys', 't.resource_id')} END`,
  },
}
/** What a list's search looks in, per row: its searchable texts, then the names shown beside ids. */
const searchTextSql = (table: string): string => {
  const kind = BROWSE_KINDS.find((k) => KINDS[k].table === table)
  const names = Object.values((kind && ROW_NAMES[kind]) ?? {}).map((expr) => ` || char(10) || lower(coalesce(${expr}, ''))`)
  return `SELECT t.rowid, t.organization_id, t.search${names.join('')} FROM ${table} t`
}
/** A permission set's spread as an export's last columns (the list's "Organizations"). */
export const rowSpreadKeys = (kind: BrowseKind): string[] => (kind === 'permission_sets' ? ['organizations_present', 'organizations_of', 'missing_from', 'differs_in'] : [])
/** The names a row of this kind carries, in order: an export's extra columns. */
export const rowNameKeys = (kind: BrowseKind): string[] => Object.keys(ROW_NAMES[kind] ?? {})
const nameSelect = (kind: BrowseKind): string =>
  Object.entries(ROW_NAMES[kind] ?? {})
    .map(([k, expr]) => `, ${expr} AS ${k}`)
    .join('')
const withNames = (kind: BrowseKind, r: object): { names?: Record<string, string | null> } => {
  const names = namesOf(kind, r as Record<string, unknown>)
  return names ? { names } : {}
}
function namesOf(kind: BrowseKind, r: Record<string, unknown>): Record<string, string | null> | undefined {
  const keys = rowNameKeys(kind)
  if (keys.length === 0) return undefined
  return Object.fromEntries(keys.map((k) => [k, typeof r[k] === 'string' ? (r[k] as string) : null]))
}
export interface BrowseResult<T> {
  total: number
  rows: Array<BrowseRow<T>>
}

const DAY_MS = 86_400_000

function filterConditions(kind: BrowseKind, raw: unknown, nowMs: number, organizationIds: readonly string[] | undefined): { conds: string[]; params: SqlValue[] } {
  const conds: string[] = []
  const params: SqlValue[] = []
  const add = (cond: string, ...values: SqlValue[]) => {
    conds.push(cond)
    params.push(...values)
  }
  const b = (v: boolean) => (v ? 1 : 0)
  /** One value or several, ORed (`IN`): the SQL text varies only by how many. */
  const oneOf = (col: string, v: string | readonly string[]) => {
    const vs = typeof v === 'string' ? [v] : v
    add(vs.length === 1 ? `${col} = ?` : `${col} IN (${vs.map(() => '?').join(', ')})`, ...vs)
  }
  switch (kind) {
    case 'users': {
      const f = REGISTRY.users.filters.parse(raw ?? {})
      if (f.type !== undefined) oneOf('t.type', f.type)
      if (f.status !== undefined) oneOf('t.status', f.status)
      if (f.locked !== undefined) add('t.locked = ?', b(f.locked))
      if (f.mfa !== undefined) add('t.mfa = ?', b(f.mfa))
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      break
    }
    case 'applications': {
      const f = REGISTRY.applications.filters.parse(raw ?? {})
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      if (f.editable !== undefined) add('t.editable = ?', b(f.editable))
      break
    }
    case 'groups': {
      const f = REGISTRY.groups.filters.parse(raw ?? {})
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      break
    }
    case 'policies': {
      const f = REGISTRY.policies.filters.parse(raw ?? {})
      if (f.principalKind !== undefined) oneOf('t.principal_kind', f.principalKind)
      if (f.principalId !== undefined) add('t.principal_id = ?', f.principalId)
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      if (f.editable !== undefined) add('t.editable = ?', b(f.editable))
      if (f.permissionSetName) {
        add(
          `EXISTS (SELECT 1 FROM rule_permission_sets r
                   WHERE r.organization_id = t.organization_id AND r.permission_set_name = ? AND r.policy_id = t.id)`,
          f.permissionSetName,
        )
      }
      break
    }
    case 'api_keys': {
      const f = REGISTRY.api_keys.filters.parse(raw ?? {})
      if (f.bearerType !== undefined) add('t.bearer_type = ?', f.bearerType)
      if (f.bearerId !== undefined) add('t.bearer_id = ?', f.bearerId)
      if (f.expired === true) add('t.expires_at_ms IS NOT NULL AND t.expires_at_ms <= ?', nowMs)
      if (f.expired === false) add('(t.expires_at_ms IS NULL OR t.expires_at_ms > ?)', nowMs)
      if (f.expiringWithinDays !== undefined) {
        add('t.expires_at_ms > ? AND t.expires_at_ms <= ?', nowMs, nowMs + f.expiringWithinDays * DAY_MS)
      }
      if (f.noExpiry === true) add('t.expires_at_ms IS NULL')
      if (f.noExpiry === false) add('t.expires_at_ms IS NOT NULL')
      if (f.expiry !== undefined) {
        const states = typeof f.expiry === 'string' ? [f.expiry] : f.expiry
        const parts = states.map((s) => expiryCondition(s, nowMs))
        add(`(${parts.map((p) => p.cond).join(' OR ')})`, ...parts.flatMap((p) => p.params))
      }
      break
    }
    case 'ssh_keys': {
      const f = REGISTRY.ssh_keys.filters.parse(raw ?? {})
      if (f.disabled !== undefined) add('t.disabled = ?', b(f.disabled))
      if (f.projectId !== undefined) add('t.project_id = ?', f.projectId)
      if (f.duplicate !== undefined) {
        // Another key with the same fingerprint among the organizations listed (all when none
        // is chosen): the same public key registered twice, here or in another organization.
        const scoped = organizationIds && organizationIds.length > 0
        // Not correlated: SQLite builds the set of shared fingerprints once per query (no
        // fingerprint index needed, no per-row lookup).
        add(
          `t.fingerprint ${f.duplicate ? '' : 'NOT '}IN (SELECT d.fingerprint FROM ssh_keys d${
            scoped ? ' WHERE d.organization_id IN (SELECT value FROM json_each(?))' : ''
          } GROUP BY d.fingerprint HAVING count(*) > 1)`,
          ...(scoped ? [JSON.stringify(organizationIds)] : []),
        )
      }
      break
    }
    case 'permission_sets': {
      const f = REGISTRY.permission_sets.filters.parse(raw ?? {})
      if (f.scopeType !== undefined) oneOf('t.scope_type', f.scopeType)
      break
    }
    case 'quota':
      REGISTRY.quota.filters.parse(raw ?? {})
      break
    case 'jwts': {
      const f = REGISTRY.jwts.filters.parse(raw ?? {})
      if (f.audienceId !== undefined) add('t.audience_id = ?', f.audienceId)
      if (f.expired === true) add('t.expires_at_ms IS NOT NULL AND t.expires_at_ms <= ?', nowMs)
      if (f.expired === false) add('(t.expires_at_ms IS NULL OR t.expires_at_ms > ?)', nowMs)
      break
    }
    case 'logs': {
      const f = REGISTRY.logs.filters.parse(raw ?? {})
      if (f.action !== undefined) add('t.action = ?', f.action)
      if (f.resourceType !== undefined) add('t.resource_type = ?', f.resourceType)
      if (f.resourceId !== undefined) add('t.resource_id = ?', f.resourceId)
      if (f.bearerId !== undefined) add('t.bearer_id = ?', f.bearerId)
      if (f.createdAfter !== undefined) add('t.created_at_ms >= ?', Date.parse(f.createdAfter))
      if (f.createdBefore !== undefined) add('t.created_at_ms < ?', Date.parse(f.createdBefore))
      break
    }
    default:
      throw unreachable(kind)
  }
  return { conds, params }
}

/** One API-key expiry state in SQL (the same meanings as the single filters above). */
function expiryCondition(state: (typeof API_KEY_EXPIRY)[number], nowMs: number): { cond: string; params: SqlValue[] } {
  switch (state) {
    case 'expired':
      return { cond: '(t.expires_at_ms IS NOT NULL AND t.expires_at_ms <= ?)', params: [nowMs] }
    case 'never':
      return { cond: 't.expires_at_ms IS NULL', params: [] }
    case 'not_expired':
      return { cond: '(t.expires_at_ms IS NULL OR t.expires_at_ms > ?)', params: [nowMs] }
    case 'expiring_7d':
    case 'expiring_30d':
    case 'expiring_90d': {
      const days = state === 'expiring_7d' ? 7 : state === 'expiring_30d' ? 30 : 90
      return { cond: '(t.expires_at_ms > ? AND t.expires_at_ms <= ?)', params: [nowMs, nowMs + days * DAY_MS] }
    }
    default:
      throw unreachable(state)
  }
}

function unreachable(x: never): Error {
  return new Error(`unreachable: ${String(x)}`)
}

/**
 * The matches of the search being planned when they are too many to list by rowid, read by
 * `desk_search_hit` while #plan's caller runs its statement (all in one synchronous call). One
 * per connection, not per BrowseQueries: a SQL function belongs to the connection, and several
 * readers share one (the lists, the exports), each registering it would take it from the others.
 */
interface SearchHits {
  marks: Uint8Array
}
const hitsByConnection = new WeakMap<Database, SearchHits>()
function searchHitsOf(db: Database): SearchHits {
  let hits = hitsByConnection.get(db)
  if (!hits) {
    const shared: SearchHits = { marks: new Uint8Array(0) }
    db.function('desk_search_hit', { deterministic: false }, (rowid) => shared.marks[rowid as number] ?? 0)
    hitsByConnection.set(db, (hits = shared))
  }
  return hits
}

/**
 * Lists one kind across the chosen organizations, served from the cache: instant search
 * (case-insensitive substring over the kind's searchable texts), kind filters, a whitelisted
 * sort and offset/limit paging. SQL text varies only by which filters are present, and each
 * variant is prepared once.
 */
export class BrowseQueries {
  readonly #statements = new Map<string, Statement>()

  readonly #search: SearchIndex
  readonly #hits: SearchHits

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.#search = new SearchIndex(db, searchTextSql)
    this.#hits = searchHitsOf(db)
  }

  #prepare(sql: string): Statement {
    let s = this.#statements.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.#statements.set(sql, s)
    }
    return s
  }

  browse<K extends BrowseKind>(input: BrowseQuery<K>): BrowseResult<KindItems[K]> {
    const q = BrowseQuerySchema.parse(input)
    const kind = q.kind as K
    const { table, where, params, order, searchTotal } = this.#plan(q)
    const rows = this.#prepare(
      `SELECT t.organization_id, o.name AS organization_name, t.id, t.json${nameSelect(kind)}
       FROM ${table} t JOIN organizations o ON o.id = t.organization_id
       ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...params, q.limit, q.offset) as Array<{ organization_id: string; organization_name: string; id: string; json: string }>
    // A short page already says how many match (the usual case of a narrow search), so the
    // second pass over every row that counting takes is only made when the page is full, or
    // when it is empty past the end and says nothing.
    const short = rows.length < q.limit && (rows.length > 0 || q.offset === 0)
    const total = short
      ? q.offset + rows.length
      : (searchTotal ?? (this.#prepare(`SELECT count(*) AS n FROM ${table} t ${where}`).get(...params) as { n: number }).n)
    const schema = KINDS[kind].schema
    const listed = rows.map((r) => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      id: r.id,
      item: schema.parse(parseStored(r.json)) as KindItems[K],
      ...withNames(kind, r),
    }))
    return { total, rows: kind === 'permission_sets' ? (this.#withSpread(listed as never, q.organizationIds) as typeof listed) : listed }
  }

  /**
   * Adds to each permission set listed (once, see #plan) where the organizations listed hold it:
   * one read of those names' copies. An organization whose cache holds no permission set at all
   * (never synced) is left out of "of", so it does not show every set as missing.
   */
  #withSpread<R extends BrowseRow<{ name: string; scope_type: string; description: string }>>(rows: R[], organizationIds: readonly string[] | undefined): R[] {
    if (rows.length === 0) return rows
    const scoped = organizationIds && organizationIds.length > 0
    const orgs = this.#prepare(
      `SELECT o.id, o.name FROM organizations o
       WHERE EXISTS (SELECT 1 FROM permission_sets p WHERE p.organization_id = o.id)${scoped ? ' AND o.id IN (SELECT value FROM json_each(?))' : ''}
       ORDER BY o.name COLLATE NOCASE, o.id`,
    ).all(...(scoped ? [JSON.stringify(organizationIds)] : [])) as Array<{ id: string; name: string }>
    const copies = this.#prepare(
      `SELECT p.organization_id, p.name, p.scope_type, json_extract(p.json, '$.description') AS description
       FROM permission_sets p
       WHERE p.name IN (SELECT value FROM json_each(?)) AND p.organization_id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(rows.map((r) => r.item.name)), JSON.stringify(orgs.map((o) => o.id))) as Array<{
      organization_id: string
      name: string
      scope_type: string
      description: string | null
    }>
    const byName = new Map<string, Map<string, { scope_type: string; description: string | null }>>()
    for (const c of copies) {
      const key = c.name.toLowerCase() // names compare without case, as the table's COLLATE NOCASE does
      let m = byName.get(key)
      if (!m) byName.set(key, (m = new Map()))
      m.set(c.organization_id, c)
    }
    return rows.map((r) => {
      const held = byName.get(r.item.name.toLowerCase()) ?? new Map()
      const missingFrom: string[] = []
      const differsIn: string[] = []
      for (const o of orgs) {
        const c = held.get(o.id)
        if (!c) missingFrom.push(o.name)
        else if (c.scope_type !== r.item.scope_type || (c.description ?? '') !== (r.item.description ?? '')) differsIn.push(o.name)
      }
      return { ...r, spread: { present: held.size, of: orgs.length, missingFrom, differsIn } }
    })
  }

  /**
   * The query's table, WHERE clause and ORDER BY: a list's page and an export's rows share them.
   * `searchTotal`: how many rows match, when the search (and the organizations) is all there is
   * to match and that number was counted on the way.
   */
  #plan(q: Omit<BrowseQuery, 'offset' | 'limit'>): { table: string; where: string; params: SqlValue[]; order: string; searchTotal?: number } {
    const kind = q.kind
    const table = KINDS[kind].table
    const { conds, params } = filterConditions(kind, q.filters, this.now().getTime(), q.organizationIds)
    const orgs = q.organizationIds && q.organizationIds.length > 0 ? JSON.stringify(q.organizationIds) : undefined
    if (kind === 'permission_sets') {
      // The catalogue is the same in every organization: list each set once, as the copy of the
      // first organization (by id) listed that holds it — its (name, organization_id) index
      // answers this. Counts, the sidebar, exports and the quick switcher share it.
      conds.push(
        `NOT EXISTS (SELECT 1 FROM permission_sets f WHERE f.name = t.name AND f.organization_id < t.organization_id${
          orgs !== undefined ? ' AND f.organization_id IN (SELECT value FROM json_each(?))' : ''
        })`,
      )
      if (orgs !== undefined) params.push(orgs)
    }
    // Searched matches counted on the index are rows, not sets: a permission set counts its sets.
    const filtered = conds.length > 0
    if (orgs !== undefined) {
      conds.unshift('t.organization_id IN (SELECT value FROM json_each(?))')
      params.unshift(orgs)
    }
    const term = q.search?.trim().toLowerCase()
    let searchTotal: number | undefined
    if (term) {
      // The matches come from the in-memory text (search-index.ts). Few: SQLite takes them by
      // rowid and sorts them. Many: it walks the sort's index as without a search, asking for
      // each row whether it matched, and finds a page after a few thousand rows at most.
      const hits = this.#search.matches(table, orgs !== undefined ? q.organizationIds : undefined, term)
      if (hits.length <= FEW_MATCHES) {
        conds.push('t.rowid IN (SELECT value FROM json_each(?))')
        params.push(JSON.stringify(hits))
      } else {
        // One byte per rowid: faster to fill and to ask than a Set of 100,000 numbers.
        const marks = new Uint8Array(hits.reduce((m, r) => (r > m ? r : m), 0) + 1)
        for (const r of hits) marks[r] = 1
        this.#hits.marks = marks
        conds.push('desk_search_hit(t.rowid)')
      }
      if (!filtered) searchTotal = hits.length
    }
    const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : ''
    const fields: Record<string, SortExpr> = SORT_SQL[kind]
    const sort = q.sort ?? REGISTRY[kind].defaultSort
    const field = fields[sort.field]
    if (!field) throw new Error(`cannot sort ${kind} by ${sort.field}`)
    const dir = sort.dir === 'desc' ? 'DESC' : 'ASC'
    // The tie-break follows the direction so one index (column, organization_id, id) serves both.
    const order = `${field.expr} ${dir}${field.nullable ? ' NULLS LAST' : ''}, t.organization_id ${dir}, t.id ${dir}`
    return { table, where, params, order, ...(searchTotal !== undefined ? { searchTotal } : {}) }
  }

  /**
   * Every object a list query matches, as (organization id, id), in the list's order: what an
   * export walks. Only the keys are held (a few MB for 100,000 rows); the objects are read in
   * batches with rowsOf. The keys are one consistent snapshot: a sync committing during an export
   * can drop a row that was deleted meanwhile, never shift the rows into duplicates or gaps.
   */
  refs(scope: Omit<BrowseQuery, 'offset' | 'limit'>): Array<[string, string]> {
    const { table, where, params, order } = this.#plan(scope)
    const sql = `SELECT t.organization_id, t.id FROM ${table} t ${order.includes('o.name') ? 'JOIN organizations o ON o.id = t.organization_id' : ''} ${where} ORDER BY ${order}`
    return this.#prepare(sql).raw().all(...params) as Array<[string, string]>
  }

  /**
   * The listed rows of these keys, in the keys' order (one missing since is left out). The
   * objects are not validated again: each was checked against the kind's schema when it was
   * committed, and for an export's 100,000 rows the second check would be most of its time.
   */
  rowsOf<K extends BrowseKind>(kind: K, refs: ReadonlyArray<readonly [string, string]>, organizationIds?: readonly string[]): Array<BrowseRow<KindItems[K]>> {
    if (refs.length === 0) return []
    const rows = this.#prepare(
      `SELECT t.organization_id, o.name AS organization_name, t.id, t.json${nameSelect(kind)}
       FROM json_each(?) j
       JOIN ${KINDS[kind].table} t ON t.organization_id = json_extract(j.value, '$[0]') AND t.id = json_extract(j.value, '$[1]')
       JOIN organizations o ON o.id = t.organization_id
       ORDER BY j.key`,
    ).all(JSON.stringify(refs)) as Array<{ organization_id: string; organization_name: string; id: string; json: string }>
    const listed = rows.map((r) => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      id: r.id,
      item: parseStored(r.json) as KindItems[K],
      ...withNames(kind, r),
    }))
    // Permission sets: where each is found among the organizations exported, as the list says.
    return kind === 'permission_sets' ? (this.#withSpread(listed as never, organizationIds) as typeof listed) : listed
  }
}

import type { Database, Statement } from 'better-sqlite3'
import { z } from 'zod'
import { LogAction, LogResourceType, PermissionSetScopeType, UserStatus, UserType } from '../../../../domain/schemas'
import { KINDS, type KindItems, type SqlValue } from '../../platform/cache/kinds'
import { parseStored } from '../../platform/cache/stored-json'

export const BROWSE_KINDS = [
  'users',
  'applications',
  'groups',
  'policies',
  'api_keys',
  'ssh_keys',
  'permission_sets',
  'quota',
  'jwts',
  'logs',
] as const
export type BrowseKind = (typeof BROWSE_KINDS)[number]

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'a date and time')

/** Filters that fit each kind (all optional, all combined with AND). */
export const KindFilters = {
  users: z.object({ type: UserType.optional(), status: UserStatus.optional(), locked: z.boolean().optional(), mfa: z.boolean().optional(), tag: z.string().optional() }),
  applications: z.object({ tag: z.string().optional(), editable: z.boolean().optional() }),
  groups: z.object({ tag: z.string().optional() }),
  policies: z.object({
    principalKind: z.enum(['user', 'group', 'application', 'none']).optional(),
    principalId: z.string().optional(),
    permissionSetName: z.string().optional(),
    tag: z.string().optional(),
    editable: z.boolean().optional(),
  }),
  api_keys: z.object({
    bearerType: z.enum(['user', 'application']).optional(),
    bearerId: z.string().optional(),
    /** Relative to the cache's clock at query time. */
    expired: z.boolean().optional(),
    expiringWithinDays: z.number().nonnegative().optional(),
    noExpiry: z.boolean().optional(),
  }),
  ssh_keys: z.object({ disabled: z.boolean().optional(), projectId: z.string().optional() }),
  permission_sets: z.object({ scopeType: PermissionSetScopeType.optional() }),
  quota: z.object({}),
  jwts: z.object({ audienceId: z.string().optional(), expired: z.boolean().optional() }),
  logs: z.object({
    action: LogAction.optional(),
    resourceType: LogResourceType.optional(),
    resourceId: z.string().optional(),
    bearerId: z.string().optional(),
    createdAfter: IsoTime.optional(),
    createdBefore: IsoTime.optional(),
  }),
} satisfies { [K in BrowseKind]: z.ZodType }
export type KindFilters = { [K in BrowseKind]: z.infer<(typeof KindFilters)[K]> }

interface SortField {
  expr: string
  /**
   * Nulls (never logged in, never expires) go last in both directions. Written as NULLS LAST,
   * which SQLite serves from the (column, organization_id, id) index in both directions (two
   * passes over it), where the former `(expr IS NULL), expr` forced sorting every match.
   */
  nullable?: boolean
}
const ORG: SortField = { expr: 'o.name COLLATE NOCASE' }
const CREATED: SortField = { expr: 't.created_at_ms', nullable: true }

/** The only sort fields accepted, per kind, mapped to SQL written here (never user input). */
export const SORT_FIELDS = {
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
} satisfies { [K in BrowseKind]: Record<string, SortField> }
export type SortFieldName<K extends BrowseKind> = keyof (typeof SORT_FIELDS)[K] & string

const DEFAULT_SORT: { [K in BrowseKind]: SortFieldName<K> } = {
  users: 'email',
  applications: 'name',
  groups: 'name',
  policies: 'name',
  api_keys: 'created_at',
  ssh_keys: 'name',
  permission_sets: 'name',
  quota: 'name',
  jwts: 'created_at',
  logs: 'created_at',
}

export const MAX_BROWSE_LIMIT = 500

const browseQuerySchema = <K extends BrowseKind>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    organizationIds: z.array(z.string()).optional(),
    search: z.string().max(200).optional(),
    filters: KindFilters[kind].optional(),
    sort: z
      .object({
        field: z.enum(Object.keys(SORT_FIELDS[kind]) as [SortFieldName<K>, ...Array<SortFieldName<K>>]),
        dir: z.enum(['asc', 'desc']),
      })
      .optional(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(MAX_BROWSE_LIMIT),
  })

/** Runtime validation of a browse call, one shape per kind (also usable by the IPC contract). */
export const BrowseQuerySchema = z.discriminatedUnion('kind', [
  browseQuerySchema('users'),
  browseQuerySchema('applications'),
  browseQuerySchema('groups'),
  browseQuerySchema('policies'),
  browseQuerySchema('api_keys'),
  browseQuerySchema('ssh_keys'),
  browseQuerySchema('permission_sets'),
  browseQuerySchema('quota'),
  browseQuerySchema('jwts'),
  browseQuerySchema('logs'),
])

export interface BrowseQuery<K extends BrowseKind = BrowseKind> {
  kind: K
  /** Empty or undefined: every organization. */
  organizationIds?: string[]
  search?: string
  filters?: KindFilters[K]
  sort?: { field: SortFieldName<K>; dir: 'asc' | 'desc' }
  offset: number
  /** At most 500. */
  limit: number
}

export interface BrowseRow<T> {
  organizationId: string
  organizationName: string
  id: string
  item: T
}
export interface BrowseResult<T> {
  total: number
  rows: Array<BrowseRow<T>>
}

const DAY_MS = 86_400_000

function filterConditions(kind: BrowseKind, raw: unknown, nowMs: number): { conds: string[]; params: SqlValue[] } {
  const conds: string[] = []
  const params: SqlValue[] = []
  const add = (cond: string, ...values: SqlValue[]) => {
    conds.push(cond)
    params.push(...values)
  }
  const b = (v: boolean) => (v ? 1 : 0)
  switch (kind) {
    case 'users': {
      const f = KindFilters.users.parse(raw ?? {})
      if (f.type !== undefined) add('t.type = ?', f.type)
      if (f.status !== undefined) add('t.status = ?', f.status)
      if (f.locked !== undefined) add('t.locked = ?', b(f.locked))
      if (f.mfa !== undefined) add('t.mfa = ?', b(f.mfa))
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      break
    }
    case 'applications': {
      const f = KindFilters.applications.parse(raw ?? {})
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      if (f.editable !== undefined) add('t.editable = ?', b(f.editable))
      break
    }
    case 'groups': {
      const f = KindFilters.groups.parse(raw ?? {})
      if (f.tag) add('instr(t.tags, ?) > 0', f.tag.toLowerCase())
      break
    }
    case 'policies': {
      const f = KindFilters.policies.parse(raw ?? {})
      if (f.principalKind !== undefined) add('t.principal_kind = ?', f.principalKind)
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
      const f = KindFilters.api_keys.parse(raw ?? {})
      if (f.bearerType !== undefined) add('t.bearer_type = ?', f.bearerType)
      if (f.bearerId !== undefined) add('t.bearer_id = ?', f.bearerId)
      if (f.expired === true) add('t.expires_at_ms IS NOT NULL AND t.expires_at_ms <= ?', nowMs)
      if (f.expired === false) add('(t.expires_at_ms IS NULL OR t.expires_at_ms > ?)', nowMs)
      if (f.expiringWithinDays !== undefined) {
        add('t.expires_at_ms > ? AND t.expires_at_ms <= ?', nowMs, nowMs + f.expiringWithinDays * DAY_MS)
      }
      if (f.noExpiry === true) add('t.expires_at_ms IS NULL')
      if (f.noExpiry === false) add('t.expires_at_ms IS NOT NULL')
      break
    }
    case 'ssh_keys': {
      const f = KindFilters.ssh_keys.parse(raw ?? {})
      if (f.disabled !== undefined) add('t.disabled = ?', b(f.disabled))
      if (f.projectId !== undefined) add('t.project_id = ?', f.projectId)
      break
    }
    case 'permission_sets': {
      const f = KindFilters.permission_sets.parse(raw ?? {})
      if (f.scopeType !== undefined) add('t.scope_type = ?', f.scopeType)
      break
    }
    case 'quota':
      KindFilters.quota.parse(raw ?? {})
      break
    case 'jwts': {
      const f = KindFilters.jwts.parse(raw ?? {})
      if (f.audienceId !== undefined) add('t.audience_id = ?', f.audienceId)
      if (f.expired === true) add('t.expires_at_ms IS NOT NULL AND t.expires_at_ms <= ?', nowMs)
      if (f.expired === false) add('(t.expires_at_ms IS NULL OR t.expires_at_ms > ?)', nowMs)
      break
    }
    case 'logs': {
      const f = KindFilters.logs.parse(raw ?? {})
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

function unreachable(x: never): Error {
  return new Error(`unreachable: ${String(x)}`)
}

/**
 * Lists one kind across the chosen organizations, served from the cache: instant search
 * (case-insensitive substring over the kind's searchable texts), kind filters, a whitelisted
 * sort and offset/limit paging. SQL text varies only by which filters are present, and each
 * variant is prepared once.
 */
export class BrowseQueries {
  readonly #statements = new Map<string, Statement>()

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

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
    const { conds, params } = filterConditions(kind, q.filters, this.now().getTime())
    if (q.organizationIds && q.organizationIds.length > 0) {
      conds.unshift('t.organization_id IN (SELECT value FROM json_each(?))')
      params.unshift(JSON.stringify(q.organizationIds))
    }
    const term = q.search?.trim().toLowerCase()
    if (term) {
      conds.push('instr(t.search, ?) > 0')
      params.push(term)
    }
    const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : ''
    const table = KINDS[kind].table
    const fields: Record<string, SortField> = SORT_FIELDS[kind]
    const sortName = q.sort?.field ?? DEFAULT_SORT[kind]
    const field = fields[sortName]
    if (!field) throw new Error(`cannot sort ${kind} by ${sortName}`)
    const dir = q.sort?.dir === 'desc' ? 'DESC' : 'ASC'
    // The tie-break follows the direction so one index (column, organization_id, id) serves both.
    const order = `${field.expr} ${dir}${field.nullable ? ' NULLS LAST' : ''}, t.organization_id ${dir}, t.id ${dir}`

    const rows = this.#prepare(
      `SELECT t.organization_id, o.name AS organization_name, t.id, t.json
       FROM ${table} t JOIN organizations o ON o.id = t.organization_id
       ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...params, q.limit, q.offset) as Array<{ organization_id: string; organization_name: string; id: string; json: string }>
    // A short page already says how many match (the usual case of a narrow search), so the
    // second pass over every row that counting takes is only made when the page is full, or
    // when it is empty past the end and says nothing.
    const short = rows.length < q.limit && (rows.length > 0 || q.offset === 0)
    const total = short
      ? q.offset + rows.length
      : (this.#prepare(`SELECT count(*) AS n FROM ${table} t ${where}`).get(...params) as { n: number }).n
    const schema = KINDS[kind].schema
    return {
      total,
      rows: rows.map((r) => ({
        organizationId: r.organization_id,
        organizationName: r.organization_name,
        id: r.id,
        item: schema.parse(parseStored(r.json)) as KindItems[K],
      })),
    }
  }
}

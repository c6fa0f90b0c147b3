// People across organizations: the users of the chosen organizations grouped by e-mail
// (case-insensitive) and the applications grouped by name the same way ("services"), each with
// what it is in every organization. Answered from the cache alone, so it works offline.
//
// The grouping and the paging happen in SQL: `users.email` and `applications.name` are
// COLLATE NOCASE columns with an index led by them, so `GROUP BY email` folds case the way
// lower() does (ASCII) and walks that index in order. Only the page's people are then read
// with their memberships (groups and API key counts by index, per account).
import type { Statement } from 'better-sqlite3'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type {
  PeopleListInput,
  PeoplePage,
  Person,
  PersonDetail,
  PersonMembership,
  Service,
  ServiceMembership,
  ServicesPage,
} from '../../../../src-preload/contract'

type GroupRef = { id: string; name: string }

interface UserRow {
  k: string
  email: string
  display_name: string
  username: string
  organization_id: string
  organization_name: string
  id: string
  type: string
  status: string | null
  mfa: number
  locked: number
  last_login_at_ms: number | null
  api_keys: number
  groups: string | null
}

interface AppRow {
  k: string
  name: string
  organization_id: string
  organization_name: string
  id: string
  api_keys: number
  groups: string | null
}

type Table = 'users' | 'applications'

/** Per table: the grouping column and the columns the search matches. */
const TABLES: Record<Table, { key: string; searched: string[] }> = {
  users: { key: 'email', searched: ['email', 'username', 'display_name'] },
  applications: { key: 'name', searched: ['name'] },
}

// The groups of one member, as a JSON array of [id, name] (sorted by name in JS). Without
// statistics SQLite would walk the primary key (organization_id, group_id, …), i.e. every
// membership of the organization, once per person: the member index is named.
const groupsOf = (type: 'user' | 'application') => `(
  SELECT json_group_array(json_array(g.id, g.name)) FROM group_members m INDEXED BY group_members_member
  JOIN groups g ON g.organization_id = m.organization_id AND g.id = m.group_id
  WHERE m.organization_id = t.organization_id AND m.member_id = t.id AND m.member_type = '${type}')`
const keysOf = (type: 'user' | 'application') => `(
  SELECT count(*) FROM api_keys k WHERE k.organization_id = t.organization_id AND k.bearer_id = t.id AND k.bearer_type = '${type}')`

const MEMBERSHIP_SQL: Record<Table, string> = {
  users: `t.email, t.display_name, t.username, t.type, t.status, t.mfa, t.locked, t.last_login_at_ms,
    ${keysOf('user')} AS api_keys, ${groupsOf('user')} AS groups`,
  applications: `t.name, ${keysOf('application')} AS api_keys, ${groupsOf('application')} AS groups`,
}

const ASCII = /^[\x20-\x7e]*$/

export class PeopleService {
  readonly #cache: Cache
  readonly #statements = new Map<string, Statement>()

  constructor(cache: Cache) {
    this.#cache = cache
  }

  #prepare(sql: string): Statement {
    let s = this.#statements.get(sql)
    if (!s) {
      s = this.#cache.db.prepare(sql)
      this.#statements.set(sql, s)
    }
    return s
  }

  /** People (users grouped by e-mail), sorted by e-mail, one page. */
  list(input: PeopleListInput): PeoplePage {
    const { total, rows } = this.#page<UserRow>('users', input)
    return { total, rows: groupRows(rows, toPerson) }
  }

  /** Services (applications grouped by name), sorted by name, one page. */
  services(input: PeopleListInput): ServicesPage {
    const { total, rows } = this.#page<AppRow>('applications', input)
    return { total, rows: groupRows(rows, toService) }
  }

  /** One person's memberships with, per organization, groups, policies, API keys and sessions. */
  detail(input: { email: string; organizationIds?: string[] | undefined }): PersonDetail {
    const rows = this.#memberships<UserRow>('users', [input.email.trim()], input.organizationIds)
    const person = rows.length ? toPerson(rows) : undefined
    if (!person) throw new AppError('not_in_desk', `No user with the e-mail ${input.email} is in the cache of the selected organizations. They may have been removed since the last sync.`)
    const organizations: PersonDetail['organizations'] = []
    for (const m of person.memberships) {
      const d = this.#cache.details.userDetail(m.organizationId, m.userId)
      if (!d) continue
      organizations.push({ ...m, groupObjects: d.groups, policies: d.policies, apiKeyObjects: d.apiKeys, jwts: d.jwts })
    }
    return { key: person.key, email: person.email, name: person.name, organizations }
  }

  /** The page of group keys (in order) and their members in the organizations in scope. */
  #page<R extends { k: string }>(table: Table, input: PeopleListInput): { total: number; rows: R[] } {
    const { key } = TABLES[table]
    const { where, params, searching } = conditions(table, input)
    let page: string[]
    let total: number
    if (searching) {
      // A search reads every account anyway: one pass gives the matching keys in order, so the
      // total is their number and the page a slice.
      const keys = this.#prepare(`SELECT t.${key} AS k FROM ${table} t ${where} GROUP BY t.${key} ORDER BY t.${key}`)
        .pluck()
        .all(...params) as string[]
      total = keys.length
      page = keys.slice(input.offset, input.offset + input.limit)
    } else {
      // GROUP BY the NOCASE column walks its index in order, so the page costs its own rows; a
      // window beside it would group every account and sort the groups again (3 ms per 6,000
      // accounts against 0.1 ms), so the total is counted apart, and only when the page does
      // not already tell it (full, or empty past the end).
      page = this.#prepare(`SELECT t.${key} AS k FROM ${table} t ${where} GROUP BY t.${key} ORDER BY t.${key} LIMIT ? OFFSET ?`)
        .pluck()
        .all(...params, input.limit, input.offset) as string[]
      const short = page.length < input.limit && (page.length > 0 || input.offset === 0)
      total = short
        ? input.offset + page.length
        : (this.#prepare(`SELECT count(DISTINCT t.${key}) AS n FROM ${table} t ${where}`).pluck().get(...params) as number)
    }
    const rows = page.length ? this.#memberships<R>(table, page, input.organizationIds) : []
    return { total, rows }
  }

  /** Every member of the given keys (matched case-insensitively), in key then organization order. */
  #memberships<R>(table: Table, keys: string[], organizationIds: string[] | undefined): R[] {
    const { key } = TABLES[table]
    const scoped = organizationIds && organizationIds.length > 0
    return this.#prepare(
      `SELECT lower(t.${key}) AS k, t.organization_id, o.name AS organization_name, t.id, ${MEMBERSHIP_SQL[table]}
       FROM ${table} t JOIN organizations o ON o.id = t.organization_id
       WHERE t.${key} IN (SELECT value FROM json_each(?))${scoped ? ' AND t.organization_id IN (SELECT value FROM json_each(?))' : ''}
       ORDER BY t.${key}, o.name COLLATE NOCASE, t.organization_id, t.id`,
    ).all(JSON.stringify(keys), ...(scoped ? [JSON.stringify(organizationIds)] : [])) as R[]
  }
}

/** WHERE clause of a list: the organizations in scope and the search. */
function conditions(table: Table, input: PeopleListInput): { where: string; params: unknown[]; searching: boolean } {
  const conds: string[] = []
  const params: unknown[] = []
  if (input.organizationIds && input.organizationIds.length > 0) {
    conds.push('t.organization_id IN (SELECT value FROM json_each(?))')
    params.push(JSON.stringify(input.organizationIds))
  }
  const term = input.search?.trim().toLowerCase()
  if (term) {
    // LIKE ignores the case of ASCII letters, as lower() would, without copying every value.
    // A term with other letters ("é") is also matched against the stored search text, which
    // JavaScript lower-cased (e-mail, username, first and last name; an application's name,
    // description and tags).
    const cols = TABLES[table].searched
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const ors = cols.map((c) => `t.${c} LIKE ? ESCAPE '\\'`)
    params.push(...cols.map(() => like))
    if (!ASCII.test(term)) {
      ors.push('instr(t.search, ?) > 0')
      params.push(term)
    }
    conds.push(`(${ors.join(' OR ')})`)
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, searching: Boolean(term) }
}

/** Rows come sorted by key: one entry per run of equal keys. */
function groupRows<R extends { k: string }, T>(rows: R[], make: (run: R[]) => T): T[] {
  const out: T[] = []
  let start = 0
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i]!.k !== rows[start]!.k) {
      out.push(make(rows.slice(start, i)))
      start = i
    }
  }
  return out
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

function parseGroups(json: string | null): GroupRef[] {
  if (!json) return []
  const groups = (JSON.parse(json) as Array<[string, string]>).map(([id, name]) => ({ id, name }))
  return groups.length < 2 ? groups : groups.sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
}

function toPerson(run: UserRow[]): Person {
  const memberships = run.map(
    (r): PersonMembership => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      userId: r.id,
      type: r.type,
      status: r.status,
      mfa: r.mfa === 1,
      locked: r.locked === 1,
      lastLoginAt: r.last_login_at_ms === null ? null : new Date(r.last_login_at_ms).toISOString(),
      groups: parseGroups(r.groups),
      apiKeys: r.api_keys,
    }),
  )
  return { key: run[0]!.k, email: run[0]!.email, name: personName(run), memberships }
}

/**
 * The name the person goes by: the most common real name among their accounts (a display name
 * falls back to the username or the e-mail when first and last names are empty), else the first.
 */
function personName(run: UserRow[]): string {
  const counts = new Map<string, number>()
  for (const r of run) {
    const name = r.display_name.trim()
    if (name && name !== r.username && name.toLowerCase() !== r.email.toLowerCase()) counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  let best: string | undefined
  for (const [name, n] of counts) if (best === undefined || n > counts.get(best)!) best = name
  return best ?? run[0]!.display_name
}

function toService(run: AppRow[]): Service {
  const memberships = run.map(
    (r): ServiceMembership => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      applicationId: r.id,
      groups: parseGroups(r.groups),
      apiKeys: r.api_keys,
    }),
  )
  return { key: run[0]!.k, name: run[0]!.name, memberships }
}

// The credential report (issue: key rotation): every API key of the organizations in scope, one
// row per key, with its bearer, age, expiry status, creation IP, how many keys its bearer holds,
// whether IAM Desk or the local `scw` CLI uses it, and its BEARER's last activity (Scaleway keeps
// no per-key last use). Answered from the cache alone; the `scw` config is read for access keys.
//
// Paging happens in SQL, in two steps: the filters and the sort pick one page of keys, then
// only that page's keys are joined with their bearer, counted and looked up in the logs (one
// seek each on logs_bearer_created, migration 0004). Sorting by what belongs to the bearer (its
// name, its number of keys, its last activity) would cost those lookups for every key of every
// organization on every page, so they are kept per key in a TEMP table with an index per sort,
// rebuilt only when the cache changed since (PRAGMA data_version for the commit worker's
// connection, total_changes() for this one): such a sort then walks an index like the others.
// 3 × 5,000 keys answer a page in a few milliseconds (test/unit/credentials.test.ts).
import type { Statement } from 'better-sqlite3'
import type { Cache } from '../../platform/cache/cache'
import { csvText, type CsvValue } from '../../platform/csv'
import type { SettingsService } from '../settings/settings.service'
import type { ScwAccessKeys, ScwAccessKeysReader } from './scw-keys'
import {
  DEFAULT_CREDENTIAL_SORT,
  EXPIRING_WITHIN_DAYS,
  type AttentionReason,
  type CredentialAttention,
  type CredentialBearerType,
  type CredentialExport,
  type CredentialExportInput,
  type CredentialFilters,
  type CredentialReport,
  type CredentialReportInput,
  type CredentialRow,
  type CredentialSortField,
  type CredentialStatus,
} from '../../../../src-preload/contract/credentials'

export const DAY_MS = 86_400_000

/** An old key of a rotation waiting in its grace period (from the jobs journal). */
export interface GraceKey {
  organizationId: string
  oldAccessKey: string
  newAccessKey: string | null
  graceEndsAt: string
  jobId: string
}

export interface CredentialsDeps {
  cache: Cache
  settings: SettingsService
  scwAccessKeys: ScwAccessKeysReader
  now: () => Date
  /** The rotations' old keys in their grace period (key rotation's journal); none when absent. */
  keysInGrace?: () => GraceKey[]
}

/** The keys in grace by "organization id/access key". */
type GraceMap = ReadonlyMap<string, GraceKey>

/** The moments a report is measured against, fixed once per answer. */
interface Clock {
  now: number
  /** Expiring = expires after `now` and at or before this. */
  soon: number
  /** Old = created strictly before this (more than the threshold's days ago). */
  oldBefore: number
  thresholdDays: number
}

// The bearer as the report names it: the user's e-mail or the application's name.
const BEARER_NAME = `CASE t.bearer_type
  WHEN 'user' THEN (SELECT u.email FROM users u WHERE u.organization_id = t.organization_id AND u.id = t.bearer_id)
  WHEN 'application' THEN (SELECT a.name FROM applications a WHERE a.organization_id = t.organization_id AND a.id = t.bearer_id)
END`
const BEARER_KEYS = `CASE WHEN t.bearer_id IS NULL THEN 1 ELSE
  (SELECT count(*) FROM api_keys k WHERE k.organization_id = t.organization_id AND k.bearer_id = t.bearer_id) END`
const LAST_LOG = `(SELECT max(l.created_at_ms) FROM logs l WHERE l.organization_id = t.organization_id AND l.bearer_id = t.bearer_id)`
const LAST_LOGIN = `CASE WHEN t.bearer_type = 'user' THEN
  (SELECT u.last_login_at_ms FROM users u WHERE u.organization_id = t.organization_id AND u.id = t.bearer_id) END`
// SQLite's scalar max() is NULL when any argument is: -1 stands for "none" (times are positive).
const LAST_ACTIVITY = `NULLIF(max(coalesce(${LAST_LOGIN}, -1), coalesce(${LAST_LOG}, -1)), -1)`
/** 0 expired, 1 expiring, 2 never expires, 3 active: problems first. Params: now, soon. */
const STATUS_RANK = `CASE WHEN t.expires_at_ms IS NULL THEN 2 WHEN t.expires_at_ms <= ? THEN 0 WHEN t.expires_at_ms <= ? THEN 1 ELSE 3 END`

interface SortSql {
  expr: string
  nullable?: boolean
  /** Parameters the expression takes, from the answer's clock. */
  params?: (c: Clock) => unknown[]
  /** Whether the expression needs the organizations join. */
  org?: boolean
  /** Read from the facts table (f), walked in the order of its index of that name. */
  facts?: string
}

const SORTS: Record<CredentialSortField, SortSql> = {
  organization: { expr: 'o.name COLLATE NOCASE', org: true },
  access_key: { expr: 't.id' },
  bearer: { expr: 'f.bearer_name', nullable: true, facts: 'credential_facts_bearer' },
  bearer_type: { expr: 't.bearer_type' },
  description: { expr: 't.description' },
  created_at: { expr: 't.created_at_ms', nullable: true },
  expires_at: { expr: 't.expires_at_ms', nullable: true },
  status: { expr: STATUS_RANK, params: (c) => [c.now, c.soon] },
  bearer_keys: { expr: 'f.bearer_keys', facts: 'credential_facts_keys' },
  last_activity: { expr: 'f.last_activity_ms', nullable: true, facts: 'credential_facts_activity' },
}

// What the bearer-side sorts read, per key. TEMP: this connection's own, never on disk with the
// cache, gone when it closes. Each index ends with the tie-break so it serves both directions.
const FACTS_SQL = `
CREATE TEMP TABLE IF NOT EXISTS credential_facts (
  organization_id  TEXT NOT NULL,
  id               TEXT NOT NULL,
  bearer_name      TEXT COLLATE NOCASE,
  bearer_keys      INTEGER NOT NULL,
  last_activity_ms INTEGER,
  PRIMARY KEY (organization_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS temp.credential_facts_bearer ON credential_facts (bearer_name, organization_id, id);
CREATE INDEX IF NOT EXISTS temp.credential_facts_keys ON credential_facts (bearer_keys, organization_id, id);
CREATE INDEX IF NOT EXISTS temp.credential_facts_activity ON credential_facts (last_activity_ms, organization_id, id);
`
// Once per bearer (a bearer often holds several keys), then spread over its keys; a key whose
// bearer is unknown is its bearer's only key.
const FACTS_FILL = `
WITH b AS MATERIALIZED (
  SELECT t.organization_id, t.bearer_id, count(*) AS n, ${BEARER_NAME} AS name, ${LAST_ACTIVITY} AS last
  FROM api_keys t WHERE t.bearer_id IS NOT NULL GROUP BY t.organization_id, t.bearer_id
)
INSERT INTO temp.credential_facts (organization_id, id, bearer_name, bearer_keys, last_activity_ms)
SELECT t.organization_id, t.id, b.name, coalesce(b.n, 1), b.last
FROM api_keys t LEFT JOIN b ON b.organization_id = t.organization_id AND b.bearer_id = t.bearer_id`

interface PageRow {
  organization_id: string
  organization_name: string
  id: string
  bearer_type: string
  bearer_id: string | null
  bearer_name: string | null
  description: string
  default_project_id: string
  created_at_ms: number | null
  expires_at_ms: number | null
  creation_ip: string | null
  bearer_keys: number
  last_login_ms: number | null
  last_log_ms: number | null
  own_key: number
}

// The page's keys, in the page's order (json_each's key), with everything the row shows.
const PAGE_SQL = `
SELECT t.organization_id, o.name AS organization_name, t.id, t.bearer_type, t.bearer_id,
  CASE t.bearer_type WHEN 'user' THEN u.email WHEN 'application' THEN a.name END AS bearer_name,
  t.description, t.default_project_id, t.created_at_ms, t.expires_at_ms,
  json_extract(t.json, '$.creation_ip') AS creation_ip,
  ${BEARER_KEYS} AS bearer_keys,
  CASE WHEN t.bearer_type = 'user' THEN u.last_login_at_ms END AS last_login_ms,
  ${LAST_LOG} AS last_log_ms,
  EXISTS (SELECT 1 FROM organizations p WHERE p.access_key = t.id) AS own_key
FROM json_each(?) j
JOIN api_keys t ON t.organization_id = json_extract(j.value, '$[0]') AND t.id = json_extract(j.value, '$[1]')
JOIN organizations o ON o.id = t.organization_id
LEFT JOIN users u ON t.bearer_type = 'user' AND u.organization_id = t.organization_id AND u.id = t.bearer_id
LEFT JOIN applications a ON t.bearer_type = 'application' AND a.organization_id = t.organization_id AND a.id = t.bearer_id
ORDER BY j.key`

/** Rows enriched per query: big enough to be quick, small enough for json_each. */
const ENRICH_CHUNK = 1_000

export class CredentialsService {
  readonly #d: CredentialsDeps
  readonly #statements = new Map<string, Statement>()
  /** The cache's version the facts table was built from; null = not built. */
  #factsVersion: string | null = null
  /** The keys in grace, read from the journal again only when the cache changed. */
  #grace: { version: string; keys: GraceMap } | null = null

  constructor(deps: CredentialsDeps) {
    this.#d = deps
  }

  /** This connection's view of "has the cache changed": other connections' commits, then its own. */
  #version(): string {
    const db = this.#d.cache.db
    return `${String(db.pragma('data_version', { simple: true }))}:${String(this.#prepare('SELECT total_changes()').pluck().get())}`
  }

  /** Builds the bearer-side facts of every key again when the cache changed since they were. */
  #ensureFacts(): void {
    if (this.#factsVersion !== null && this.#factsVersion === this.#version()) return
    const db = this.#d.cache.db
    if (this.#factsVersion === null) db.exec(FACTS_SQL)
    db.transaction(() => {
      db.prepare('DELETE FROM temp.credential_facts').run()
      this.#prepare(FACTS_FILL).run()
    })()
    this.#factsVersion = this.#version()
  }

  #keysInGrace(): GraceMap {
    const version = this.#version()
    if (this.#grace?.version !== version) {
      const keys = new Map((this.#d.keysInGrace?.() ?? []).map((g) => [`${g.organizationId}/${g.oldAccessKey}`, g]))
      this.#grace = { version, keys }
    }
    return this.#grace.keys
  }

  #prepare(sql: string): Statement {
    let s = this.#statements.get(sql)
    if (!s) {
      s = this.#d.cache.db.prepare(sql)
      this.#statements.set(sql, s)
    }
    return s
  }

  #clock(): Clock {
    const now = this.#d.now().getTime()
    const thresholdDays = this.#d.settings.get().credentialAgeDays
    return { now, soon: now + EXPIRING_WITHIN_DAYS * DAY_MS, oldBefore: now - thresholdDays * DAY_MS, thresholdDays }
  }

  /** One page of the report and how many keys match. */
  async report(input: CredentialReportInput): Promise<CredentialReport> {
    const clock = this.#clock()
    const scw = await this.#d.scwAccessKeys()
    const grace = this.#keysInGrace()
    const { where, params } = conditions(input, clock, grace)
    const refs = this.#keys(input, clock, where, params, input.limit, input.offset)
    // A short page tells the total without counting (the usual case of a narrow filter).
    const short = refs.length < input.limit && (refs.length > 0 || input.offset === 0)
    const total = short ? input.offset + refs.length : (this.#prepare(`SELECT count(*) FROM api_keys t ${where}`).pluck().get(...params) as number)
    return { total, rows: this.#rows(refs, clock, scw, grace), ageThresholdDays: clock.thresholdDays, scwConfig: scwStatus(scw) }
  }

  /** How many keys of the scope need attention, and why. */
  attention(input: { organizationIds?: string[] | undefined }): CredentialAttention {
    const clock = this.#clock()
    const scoped = input.organizationIds && input.organizationIds.length > 0
    const r = this.#prepare(
      `SELECT
         count(*) FILTER (WHERE +t.expires_at_ms IS NULL OR +t.expires_at_ms <= ? OR +t.created_at_ms < ?) AS count,
         count(*) FILTER (WHERE t.expires_at_ms <= ?) AS expired,
         count(*) FILTER (WHERE t.expires_at_ms > ? AND t.expires_at_ms <= ?) AS expiring,
         count(*) FILTER (WHERE t.expires_at_ms IS NULL) AS never_expires,
         count(*) FILTER (WHERE t.created_at_ms < ?) AS old
       FROM api_keys t${scoped ? ' WHERE t.organization_id IN (SELECT value FROM json_each(?))' : ''}`,
    ).get(clock.soon, clock.oldBefore, clock.now, clock.now, clock.soon, clock.oldBefore, ...(scoped ? [JSON.stringify(input.organizationIds)] : [])) as {
      count: number
      expired: number
      expiring: number
      never_expires: number
      old: number
    }
    return {
      count: r.count,
      byReason: { expired: r.expired, expiring: r.expiring, never_expires: r.never_expires, old: r.old },
      ageThresholdDays: clock.thresholdDays,
    }
  }

  /** Every matching key (never only a page), as CSV or JSON. */
  async export(input: CredentialExportInput): Promise<CredentialExport> {
    const clock = this.#clock()
    const scw = await this.#d.scwAccessKeys()
    const grace = this.#keysInGrace()
    const { where, params } = conditions(input, clock, grace)
    const refs = this.#keys(input, clock, where, params)
    const rows: CredentialRow[] = []
    for (let i = 0; i < refs.length; i += ENRICH_CHUNK) rows.push(...this.#rows(refs.slice(i, i + ENRICH_CHUNK), clock, scw, grace))
    const day = new Date(clock.now).toISOString().slice(0, 10)
    return input.format === 'csv'
      ? { fileName: `iam-desk-credentials-${day}.csv`, mime: 'text/csv;charset=utf-8', text: credentialsCsv(rows) }
      : { fileName: `iam-desk-credentials-${day}.json`, mime: 'application/json;charset=utf-8', text: `${JSON.stringify(rows, null, 2)}\n` }
  }

  /**
   * Every matching key in the report's order, read ENRICH_CHUNK keys at a time: what the export
   * facility (features/export) streams. The keys are fixed now; their rows are read per batch.
   */
  async rowsInBatches(filters: CredentialFilters): Promise<{ total: number; batches: () => Generator<CredentialRow[]> }> {
    const clock = this.#clock()
    const scw = await this.#d.scwAccessKeys()
    const grace = this.#keysInGrace()
    const { where, params } = conditions(filters, clock, grace)
    const refs = this.#keys(filters, clock, where, params)
    const rowsOf = (chunk: Array<[string, string]>) => this.#rows(chunk, clock, scw, grace)
    return {
      total: refs.length,
      *batches() {
        for (let i = 0; i < refs.length; i += ENRICH_CHUNK) yield rowsOf(refs.slice(i, i + ENRICH_CHUNK))
      },
    }
  }

  /** The matching keys' (organization id, access key), sorted; one window when `limit` is given. */
  #keys(input: CredentialFilters, clock: Clock, where: string, params: unknown[], limit?: number, offset = 0): Array<[string, string]> {
    const sort = input.sort ?? DEFAULT_CREDENTIAL_SORT
    const s = SORTS[sort.field]
    const dir = sort.dir === 'asc' ? 'ASC' : 'DESC'
    // Missing values last in both directions (NULLS LAST: the expression is computed once).
    const order = [
      `${s.expr} ${dir}${s.nullable ? ' NULLS LAST' : ''}`,
      // Within a status, the oldest key first (newest when descending).
      ...(sort.field === 'status' ? [`t.created_at_ms ${dir} NULLS LAST`] : []),
      `t.organization_id ${dir}`,
      `t.id ${dir}`,
    ]
    let from = 'api_keys t'
    if (s.facts) {
      this.#ensureFacts()
      // CROSS JOIN keeps the facts first: their index gives the order, each key is then checked
      // against the filters by its primary key, and a page stops the walk early.
      from = `temp.credential_facts f INDEXED BY ${s.facts} CROSS JOIN api_keys t ON t.organization_id = f.organization_id AND t.id = f.id`
      order.splice(-2, 2, `f.organization_id ${dir}`, `f.id ${dir}`)
    }
    const join = s.org ? 'JOIN organizations o ON o.id = t.organization_id' : ''
    const window = limit === undefined ? '' : 'LIMIT ? OFFSET ?'
    const sql = `SELECT t.organization_id AS o, t.id AS k FROM ${from} ${join} ${where} ORDER BY ${order.join(', ')} ${window}`
    const rows = this.#prepare(sql)
      .raw()
      .all(...params, ...(s.params?.(clock) ?? []), ...(limit === undefined ? [] : [limit, offset])) as Array<[string, string]>
    return rows
  }

  #rows(refs: Array<[string, string]>, clock: Clock, scw: ScwAccessKeys, grace: GraceMap): CredentialRow[] {
    if (refs.length === 0) return []
    const rows = this.#prepare(PAGE_SQL).all(JSON.stringify(refs)) as PageRow[]
    return rows.map((r) => toRow(r, clock, scw, grace))
  }
}

/** WHERE clause of the filters (on api_keys columns, plus the bearer's name for a search). */
function conditions(f: CredentialFilters, c: Clock, grace: GraceMap): { where: string; params: unknown[] } {
  const conds: string[] = []
  const params: unknown[] = []
  const add = (sql: string, ...values: unknown[]) => {
    conds.push(sql)
    params.push(...values)
  }
  if (f.organizationIds && f.organizationIds.length > 0) add('t.organization_id IN (SELECT value FROM json_each(?))', JSON.stringify(f.organizationIds))
  if (f.bearerType !== undefined) add('t.bearer_type = ?', f.bearerType)
  if (f.olderThanDays !== undefined) add('t.created_at_ms < ?', c.now - f.olderThanDays * DAY_MS)
  // `+column` in an OR: one pass over the keys beats SQLite's union of index lookups (a
  // MULTI-INDEX OR, which then fetches every key by rowid and still sorts).
  if (f.needsAttention === true) add('(+t.expires_at_ms IS NULL OR +t.expires_at_ms <= ? OR +t.created_at_ms < ?)', c.soon, c.oldBefore)
  if (f.needsAttention === false) add('(+t.expires_at_ms > ? AND (+t.created_at_ms IS NULL OR +t.created_at_ms >= ?))', c.soon, c.oldBefore)
  if (f.statuses && f.statuses.length > 0) {
    const parts: string[] = []
    const statusParams: unknown[] = []
    for (const s of new Set(f.statuses)) {
      if (s === 'expired') {
        parts.push('+t.expires_at_ms <= ?')
        statusParams.push(c.now)
      } else if (s === 'expiring') {
        parts.push('(+t.expires_at_ms > ? AND +t.expires_at_ms <= ?)')
        statusParams.push(c.now, c.soon)
      } else if (s === 'never_expires') {
        parts.push('+t.expires_at_ms IS NULL')
      } else {
        parts.push('+t.expires_at_ms > ?')
        statusParams.push(c.soon)
      }
    }
    add(`(${parts.join(' OR ')})`, ...statusParams)
  }
  if (f.inGrace !== undefined) {
    // A handful of keys (rotations under way): a list SQLite keeps in memory.
    const keys = JSON.stringify([...grace.keys()])
    add(`(t.organization_id || '/' || t.id) ${f.inGrace ? '' : 'NOT '}IN (SELECT value FROM json_each(?))`, keys)
  }
  const term = f.search?.trim().toLowerCase()
  if (term) {
    // The key's own texts (lower-cased access key, description, bearer id), or its bearer's
    // e-mail or name: the matching bearers are found once (a list SQLite keeps in memory), not
    // looked up for every key.
    add(
      `(instr(t.search, ?) > 0 OR (t.organization_id, t.bearer_id) IN (
        SELECT u.organization_id, u.id FROM users u WHERE instr(lower(u.email), ?) > 0
        UNION ALL SELECT a.organization_id, a.id FROM applications a WHERE instr(lower(a.name), ?) > 0))`,
      term,
      term,
      term,
    )
  }
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

export function statusOf(expiresMs: number | null, c: Pick<Clock, 'now' | 'soon'>): CredentialStatus {
  if (expiresMs === null) return 'never_expires'
  if (expiresMs <= c.now) return 'expired'
  if (expiresMs <= c.soon) return 'expiring'
  return 'active'
}

function bearerType(t: string): CredentialBearerType {
  return t === 'user' || t === 'application' ? t : 'unknown'
}

function toRow(r: PageRow, c: Clock, scw: ScwAccessKeys, grace: GraceMap): CredentialRow {
  const g = grace.get(`${r.organization_id}/${r.id}`)
  const status = statusOf(r.expires_at_ms, c)
  const attention: AttentionReason[] = status === 'active' ? [] : [status]
  if (r.created_at_ms !== null && r.created_at_ms < c.oldBefore) attention.push('old')
  let daysLeft: number | null = null
  if (r.expires_at_ms !== null) {
    daysLeft = r.expires_at_ms > c.now ? Math.floor((r.expires_at_ms - c.now) / DAY_MS) : -Math.floor((c.now - r.expires_at_ms) / DAY_MS) || 0
  }
  const lastActivity = Math.max(r.last_login_ms ?? -1, r.last_log_ms ?? -1)
  return {
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    accessKey: r.id,
    bearerType: bearerType(r.bearer_type),
    bearerId: r.bearer_id,
    bearerName: r.bearer_name,
    description: r.description,
    defaultProjectId: r.default_project_id,
    createdAt: iso(r.created_at_ms),
    ageDays: r.created_at_ms === null ? null : Math.max(0, Math.floor((c.now - r.created_at_ms) / DAY_MS)),
    expiresAt: iso(r.expires_at_ms),
    daysLeft,
    status,
    attention,
    creationIp: r.creation_ip ?? '',
    bearerKeyCount: r.bearer_keys,
    ownKey: r.own_key === 1,
    scwProfiles: [...(scw.profiles.get(r.id) ?? [])],
    bearerLastLoginAt: iso(r.last_login_ms),
    bearerLastLogAt: iso(r.last_log_ms),
    bearerLastActivityAt: lastActivity < 0 ? null : iso(lastActivity),
    grace: g ? { until: g.graceEndsAt, replacedBy: g.newAccessKey, due: Date.parse(g.graceEndsAt) <= c.now, jobId: g.jobId } : null,
  }
}

function scwStatus(scw: ScwAccessKeys): CredentialReport['scwConfig'] {
  return { found: scw.found, problem: scw.problem, accessKeys: scw.profiles.size }
}

/** The export's columns, in order: one per field of a row (lists joined with ";"). */
export const CSV_COLUMNS = [
  'organization',
  'organization_id',
  'access_key',
  'bearer',
  'bearer_type',
  'bearer_id',
  'description',
  'default_project_id',
  'created_at',
  'age_days',
  'expires_at',
  'days_left',
  'status',
  'needs_attention',
  'creation_ip',
  'bearer_key_count',
  'iam_desk_key',
  'scw_config_profiles',
  'bearer_last_login_at',
  'bearer_last_log_at',
  'bearer_last_activity_at',
  'in_grace_until',
  'replaced_by',
] as const

const text = (v: string | null): string => v ?? ''
const num = (v: number | null): CsvValue => v ?? ''

export function credentialsCsv(rows: readonly CredentialRow[]): string {
  return csvText(CSV_COLUMNS, rows.map(credentialCsvCells))
}

/** One key's cells, in CSV_COLUMNS' order. */
export function credentialCsvCells(r: CredentialRow): CsvValue[] {
  return [
    r.organizationName,
    r.organizationId,
    r.accessKey,
    text(r.bearerName),
    r.bearerType,
    text(r.bearerId),
    r.description,
    r.defaultProjectId,
    text(r.createdAt),
    num(r.ageDays),
    text(r.expiresAt),
    num(r.daysLeft),
    r.status,
    r.attention.join(';'),
    r.creationIp,
    r.bearerKeyCount,
    r.ownKey ? 'yes' : 'no',
    r.scwProfiles.join(';'),
    text(r.bearerLastLoginAt),
    text(r.bearerLastLogAt),
    text(r.bearerLastActivityAt),
    r.grace?.until ?? '',
    r.grace?.replacedBy ?? '',
  ]
}

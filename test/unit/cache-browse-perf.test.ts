// Behaviour of the browse paths made cheaper for the UI benchmark (issue 5): index-served
// nulls-last sorting, totals taken from a short page instead of a count, the sidebar's counts.
// Orders are checked against an order computed here from the seeded data, index use against
// SQLite's own query plan (EXPLAIN QUERY PLAN); never timings.
import { beforeEach, describe, expect, it } from 'vitest'
import type { Statement } from 'better-sqlite3'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { BrowseService } from '../../src-main/core/features/browse/browse.service'
import { BROWSE_KINDS, BrowseQueries, FEW_MATCHES, type BrowseKind, type BrowseQuery } from '../../src-main/core/features/browse/browse.query'
import { ORG_A, ORG_B, apiKey, user } from './cache-fixtures'

let cache: Cache
const NOW = new Date('2025-06-01T00:00:00Z')
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }
const at = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()

beforeEach(() => {
  cache = openCache({ file: ':memory:', now: () => NOW })
  for (const [id, name] of [[ORG_A, 'Acme'], [ORG_B, 'Beta']] as const) {
    cache.organizations.add({ id, name, accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
  }
})

interface SeededKey {
  organizationId: string
  id: string
  description: string
  created_at: string
  expires_at: string | null
}

/** 30 keys in A and 20 in B; every 7th never expires; descriptions say which are "odd". */
function seed(): SeededKey[] {
  const keys = (org: string, n: number, base: number) =>
    Array.from({ length: n }, (_, i) =>
      apiKey(org, {
        description: `${(base + i) % 2 ? 'odd' : 'even'} ${base + i}`,
        created_at: at(base + i),
        expires_at: (base + i) % 7 === 0 ? null : at(10_000 - base - i),
      }),
    )
  const a = keys(ORG_A, 30, 0)
  const b = keys(ORG_B, 20, 30)
  cache.snapshots.commit(ORG_A, { api_keys: a }, run)
  cache.snapshots.commit(ORG_B, { api_keys: b }, run)
  const seeded = (org: string) => (k: (typeof a)[number]): SeededKey => ({
    organizationId: org,
    id: k.access_key,
    description: k.description,
    created_at: k.created_at!,
    expires_at: k.expires_at ?? null,
  })
  return [...a.map(seeded(ORG_A)), ...b.map(seeded(ORG_B))]
}

/** Byte order, as SQLite compares TEXT by default. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The order the UI promises, computed from the seeded keys alone: by the field, nulls last in
 * both directions, then organization id and id in the sort's direction. A search keeps the keys
 * whose description contains the term (their other searchable texts — base-36 access keys and
 * hex UUIDs — cannot contain "odd" or "even").
 */
function expected(keys: SeededKey[], field: 'expires_at' | 'created_at', dir: 'asc' | 'desc', search?: string): string[] {
  const sign = dir === 'asc' ? 1 : -1
  const ms = (k: SeededKey) => (k[field] === null ? null : Date.parse(k[field]))
  return keys
    .filter((k) => !search || k.description.includes(search))
    .sort((a, b) => {
      const x = ms(a)
      const y = ms(b)
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1
      } else if (x !== y) return sign * (x - y)
      return sign * (cmp(a.organizationId, b.organizationId) || cmp(a.id, b.id))
    })
    .map((k) => k.id)
}

function pages(q: { sort: { field: 'expires_at' | 'created_at'; dir: 'asc' | 'desc' }; search?: string }, limit: number) {
  const ids: string[] = []
  const totals = new Set<number>()
  for (let offset = 0; ; offset += limit) {
    const page = cache.browse({ kind: 'api_keys', ...q, offset, limit })
    totals.add(page.total)
    ids.push(...page.rows.map((r) => r.id))
    if (page.rows.length < limit) break
  }
  return { ids, totals: [...totals] }
}

describe('browse sorting on a field that may be null', () => {
  it('keeps never-expiring keys last in both directions, page after page', () => {
    const keys = seed()
    const neverExpiring = keys.filter((k) => k.expires_at === null).map((k) => k.id)
    expect(neverExpiring).toHaveLength(8)
    for (const dir of ['asc', 'desc'] as const) {
      const want = expected(keys, 'expires_at', dir)
      expect(want).toHaveLength(50)
      expect(new Set(want.slice(-8))).toEqual(new Set(neverExpiring))
      const got = pages({ sort: { field: 'expires_at', dir } }, 7)
      expect(got.ids).toEqual(want)
      expect(got.totals).toEqual([50])
      const last = cache.browse({ kind: 'api_keys', sort: { field: 'expires_at', dir }, offset: 42, limit: 8 }).rows
      expect(last.map((r) => r.id)).toEqual(want.slice(-8))
    }
  })

  it('orders a search the same way', () => {
    const keys = seed()
    for (const dir of ['asc', 'desc'] as const) {
      const odd = expected(keys, 'expires_at', dir, 'odd')
      const even = expected(keys, 'created_at', dir, 'even')
      expect([odd.length, even.length]).toEqual([25, 25])
      expect(pages({ sort: { field: 'expires_at', dir }, search: 'odd' }, 6).ids).toEqual(odd)
      expect(pages({ sort: { field: 'created_at', dir }, search: 'even' }, 6).ids).toEqual(even)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// What SQLite does with the browse SQL. The SQL is built inside BrowseQueries and not exported,
// so the statements are caught where the cache prepares them and replayed under EXPLAIN QUERY
// PLAN with the same parameters.

interface Ran {
  sql: string
  args: unknown[]
}

/** Records every statement the cache prepares from now on, and each run of it with its parameters. */
function recordStatements(): { runs: Ran[]; stop: () => void } {
  const db = cache.db as unknown as { prepare: (sql: string) => Statement }
  const original = db.prepare
  const runs: Ran[] = []
  db.prepare = function (this: unknown, sql: string) {
    const st = original.call(this, sql)
    const methods = st as unknown as Record<'all' | 'get', (...a: unknown[]) => unknown>
    for (const method of ['all', 'get'] as const) {
      const real = methods[method].bind(st)
      methods[method] = (...args: unknown[]) => {
        runs.push({ sql, args })
        return real(...args)
      }
    }
    return st
  }
  return { runs, stop: () => void (db.prepare = original) }
}

/** The list statement a browse call runs, and SQLite's plan for it. */
function planOf<K extends BrowseKind>(q: BrowseQuery<K>): { sql: string; plan: string[] } {
  const rec = recordStatements()
  try {
    cache.browse(q)
  } finally {
    rec.stop()
  }
  const list = rec.runs.filter((r) => /\bORDER BY\b/.test(r.sql))
  expect(list, 'one list statement per browse call').toHaveLength(1)
  const { sql, args } = list[0]!
  const plan = (cache.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail)
  return { sql, plan }
}

/** Columns of an index, in order. */
const indexColumns = (name: string) =>
  (cache.db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(name) as Array<{ name: string }>).map((c) => c.name)

/**
 * The rows come out of an index already in the requested order: no temporary B-tree sorts all
 * or part of the ORDER BY, and the browsed table is walked through a named index whose leading
 * column is the sort column.
 */
function expectIndexServed<K extends BrowseKind>(q: BrowseQuery<K>) {
  const { sql, plan } = planOf(q)
  const why = `${sql.replace(/\s+/g, ' ')}\n  plan: ${plan.join(' | ')}`
  expect(plan.filter((d) => /TEMP B-TREE/.test(d)), why).toEqual([])
  const index = plan.map((d) => /^(?:SCAN|SEARCH) t USING (?:COVERING )?INDEX (\w+)/.exec(d)?.[1]).find(Boolean)
  expect(index, why).toBeDefined()
  const sortColumn = /ORDER BY t\.(\w+)/.exec(sql)?.[1]
  expect(sortColumn, why).toBeDefined()
  expect(indexColumns(index!)[0], why).toBe(sortColumn)
}

describe('the list queries are served by an index (EXPLAIN QUERY PLAN)', () => {
  it('sees a sort that is not index-served (the check itself can fail)', () => {
    // Sorting api_keys by description walks api_keys_description and tie-breaks in a B-tree.
    expect(() => expectIndexServed({ kind: 'api_keys', sort: { field: 'description', dir: 'asc' }, offset: 0, limit: 50 })).toThrow(/TEMP B-TREE/)
  })

  for (const kind of BROWSE_KINDS) {
    it(`${kind}: the default order, every organization`, () => {
      expectIndexServed({ kind, offset: 0, limit: 50 } as BrowseQuery)
    })
  }

  it('api_keys with a search: few matches are read by rowid, many walk the sort index', () => {
    seed()
    // 25 matches: found in memory (search-index.ts), then fetched by rowid and sorted — a sort of
    // at most FEW_MATCHES rows, and no pass over the table.
    const few = planOf({ kind: 'api_keys', search: 'odd', offset: 0, limit: 50 }).plan.join(' | ')
    expect(few).toMatch(/SEARCH t USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(few).not.toMatch(/SCAN (t|api_keys)\b/)
    // More than FEW_MATCHES: the page is found walking the sort's index, as without a search.
    cache.snapshots.commit(ORG_A, { api_keys: Array.from({ length: FEW_MATCHES + 1 }, (_, i) => apiKey(ORG_A, { description: `many ${i}`, created_at: at(i) })) }, run)
    expectIndexServed({ kind: 'api_keys', search: 'many', offset: 0, limit: 50 })
    expect(cache.browse({ kind: 'api_keys', search: 'many', offset: 0, limit: 10 }).total).toBe(FEW_MATCHES + 1)
    // The walk keeps only matches: the seeded "odd"/"even" keys were created as early as these.
    const page = cache.browse({ kind: 'api_keys', search: 'many', sort: { field: 'created_at', dir: 'asc' }, offset: 0, limit: 100 }).rows
    expect(page).toHaveLength(100)
    expect(page.every((r) => r.item.description.startsWith('many '))).toBe(true)
    // Another reader on the same connection (the exports have one) leaves the lists' matches alone.
    const exportsReader = new BrowseQueries(cache.db, () => NOW)
    expect(cache.browse({ kind: 'api_keys', search: 'many', offset: 0, limit: 100 }).rows).toHaveLength(100)
    expect(exportsReader.browse({ kind: 'api_keys', search: 'many', offset: 0, limit: 5 }).rows).toHaveLength(5)
  })

  for (const dir of ['asc', 'desc'] as const) {
    it(`api_keys by created_at ${dir}, nulls last`, () => {
      expectIndexServed({ kind: 'api_keys', sort: { field: 'created_at', dir }, offset: 0, limit: 50 })
    })
    // Migration 0002 made api_keys_expires (expires_at_ms, organization_id, id), like the others.
    it(`api_keys by expires_at ${dir}, nulls last`, () => {
      expectIndexServed({ kind: 'api_keys', sort: { field: 'expires_at', dir }, offset: 0, limit: 50 })
    })
  }
})

describe('browse totals', () => {
  it('are the number of matches whether the page is full, short, empty past the end or from an empty search', () => {
    seed()
    const q = { kind: 'api_keys', search: 'odd', sort: { field: 'created_at', dir: 'desc' } } as const
    expect(cache.browse({ ...q, offset: 0, limit: 10 }).total).toBe(25)
    expect(cache.browse({ ...q, offset: 0, limit: 100 })).toMatchObject({ total: 25 })
    expect(cache.browse({ ...q, offset: 20, limit: 10 })).toMatchObject({ total: 25 })
    expect(cache.browse({ ...q, offset: 20, limit: 10 }).rows).toHaveLength(5)
    expect(cache.browse({ ...q, offset: 25, limit: 10 })).toEqual({ total: 25, rows: [] })
    expect(cache.browse({ ...q, offset: 90, limit: 10 })).toEqual({ total: 25, rows: [] })
    expect(cache.browse({ ...q, search: 'nothing like this', offset: 0, limit: 10 })).toEqual({ total: 0, rows: [] })
    expect(cache.browse({ ...q, organizationIds: [ORG_B], offset: 0, limit: 1 }).total).toBe(10)
  })

  it('are taken from a short page without counting, and counted only for a full or an empty page', () => {
    seed()
    // Every 7th key never expires (0, 7, … 49): 42 of 50 do.
    const q = { kind: 'api_keys', filters: { noExpiry: false }, sort: { field: 'created_at', dir: 'desc' } } as const
    const rec = recordStatements()
    const counts = () => rec.runs.filter((r) => /\bcount\s*\(/i.test(r.sql)).length
    try {
      expect(cache.browse({ ...q, offset: 0, limit: 100 }).total).toBe(42) // short first page
      expect(cache.browse({ ...q, offset: 40, limit: 10 }).total).toBe(42) // short last page
      expect(counts()).toBe(0)
      expect(cache.browse({ ...q, offset: 0, limit: 10 }).total).toBe(42) // full page: may be more
      expect(counts()).toBe(1)
      expect(cache.browse({ ...q, offset: 90, limit: 10 }).total).toBe(42) // empty past the end
      expect(counts()).toBe(2)
    } finally {
      rec.stop()
    }
  })

  it('of a search are counted in memory: the searched text is read once until the cache changes', () => {
    seed()
    const q = { kind: 'api_keys', search: 'odd', sort: { field: 'created_at', dir: 'desc' } } as const
    const rec = recordStatements()
    const textReads = () => rec.runs.filter((r) => /SELECT t\.rowid, t\.organization_id, t\.search/.test(r.sql)).length
    try {
      for (const [offset, limit] of [[0, 100], [20, 10], [0, 10], [90, 10]] as const) expect(cache.browse({ ...q, offset, limit }).total).toBe(25)
      expect(cache.browse({ ...q, search: 'odd 1', offset: 0, limit: 10 }).total).toBeGreaterThan(0)
      expect(rec.runs.filter((r) => /\bcount\s*\(/i.test(r.sql))).toHaveLength(0)
      expect(textReads()).toBe(1)
      // A change to the cache (here a write through this connection) is seen at the next search.
      cache.resources.upsert(ORG_A, 'api_keys', apiKey(ORG_A, { description: 'odd one out', created_at: at(1) }))
      expect(cache.browse({ ...q, offset: 0, limit: 100 }).total).toBe(26)
      expect(textReads()).toBe(2)
    } finally {
      rec.stop()
    }
  })
})

describe('the sidebar counts', () => {
  it('give every list its total for the chosen organizations, in one call', () => {
    seed()
    cache.snapshots.commit(ORG_B, { users: [user(ORG_B), user(ORG_B)] }, run)
    const browse = new BrowseService(cache, () => NOW)
    expect(browse.counts(undefined)).toMatchObject({ api_keys: 50, users: 2, groups: 0, logs: 0 })
    expect(browse.counts([ORG_A])).toMatchObject({ api_keys: 30, users: 0 })
    expect(browse.counts([ORG_B])).toMatchObject({ api_keys: 20, users: 2 })
    expect(Object.keys(browse.counts([]))).toHaveLength(10)
  })
})

// Behaviour of the browse paths made cheaper for the UI benchmark (issue 5): index-served
// nulls-last sorting, totals taken from a short page instead of a count, the sidebar's counts.
// Checks results only, never timings.
import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { BrowseService } from '../../src-main/core/features/browse/browse.service'
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

/** 30 keys in A and 20 in B; every 7th never expires; descriptions say which are "odd". */
function seed() {
  const keys = (org: string, n: number, base: number) =>
    Array.from({ length: n }, (_, i) =>
      apiKey(org, {
        description: `${(base + i) % 2 ? 'odd' : 'even'} ${base + i}`,
        created_at: at(base + i),
        expires_at: (base + i) % 7 === 0 ? null : at(10_000 - base - i),
      }),
    )
  cache.snapshots.commit(ORG_A, { api_keys: keys(ORG_A, 30, 0) }, run)
  cache.snapshots.commit(ORG_B, { api_keys: keys(ORG_B, 20, 30) }, run)
}

/** The order the UI promises: by the field, nulls last in both directions, then organization and id. */
function expected(field: 'expires_at' | 'created_at', dir: 'asc' | 'desc', search?: string) {
  const all = cache.browse({ kind: 'api_keys', offset: 0, limit: 500, ...(search ? { search } : {}) }).rows
  const sign = dir === 'asc' ? 1 : -1
  const ms = (r: (typeof all)[number]) => (r.item[field] ? Date.parse(r.item[field]) : null)
  return [...all]
    .sort((a, b) => {
      const x = ms(a)
      const y = ms(b)
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1
      } else if (x !== y) return sign * (x - y)
      return sign * (a.organizationId.localeCompare(b.organizationId) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    })
    .map((r) => r.id)
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
    seed()
    for (const dir of ['asc', 'desc'] as const) {
      const want = expected('expires_at', dir)
      expect(want).toHaveLength(50)
      const got = pages({ sort: { field: 'expires_at', dir } }, 7)
      expect(got.ids).toEqual(want)
      expect(got.totals).toEqual([50])
      const last = cache.browse({ kind: 'api_keys', sort: { field: 'expires_at', dir }, offset: 42, limit: 8 }).rows
      expect(last.every((r) => r.item.expires_at === null)).toBe(true)
    }
  })

  it('orders a search the same way', () => {
    seed()
    for (const dir of ['asc', 'desc'] as const) {
      expect(pages({ sort: { field: 'expires_at', dir }, search: 'odd' }, 6).ids).toEqual(expected('expires_at', dir, 'odd'))
      expect(pages({ sort: { field: 'created_at', dir }, search: 'even' }, 6).ids).toEqual(expected('created_at', dir, 'even'))
    }
  })
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

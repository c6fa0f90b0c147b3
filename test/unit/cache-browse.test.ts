import { beforeEach, describe, expect, it } from 'vitest'
import type { KindFilters } from '../../domain/kinds'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { ORG_A, ORG_B, apiKey, application, log, policy, rule, sshKey, user, world } from './cache-fixtures'

let cache: Cache
const NOW = new Date('2025-06-01T00:00:00Z')
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }

function addOrg(id: string, name: string) {
  cache.organizations.add({ id, name, accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
}

beforeEach(() => {
  cache = openCache({ file: ':memory:', now: () => NOW })
  addOrg(ORG_A, 'Acme')
  addOrg(ORG_B, 'Beta')
})

describe('browse', () => {
  it('lists across chosen organizations with the organization name, searched case-insensitively', () => {
    const a = world(ORG_A)
    const b = world(ORG_B)
    cache.snapshots.commit(ORG_A, { users: a.users }, run)
    cache.snapshots.commit(ORG_B, { users: [...b.users, user(ORG_B, { email: 'Zoë@Example.com', tags: ['Finance'] })] }, run)

    const all = cache.browse({ kind: 'users', offset: 0, limit: 50 })
    expect(all.total).toBe(5)
    expect(new Set(all.rows.map((r) => r.organizationName))).toEqual(new Set(['Acme', 'Beta']))
    const onlyB = cache.browse({ kind: 'users', organizationIds: [ORG_B], offset: 0, limit: 50 })
    expect(onlyB.rows.every((r) => r.organizationId === ORG_B && r.item.organization_id === ORG_B)).toBe(true)
    expect(onlyB.total).toBe(3)

    expect(cache.browse({ kind: 'users', search: 'ALICE', offset: 0, limit: 50 }).total).toBe(2)
    expect(cache.browse({ kind: 'users', search: 'zoË@', offset: 0, limit: 50 }).rows.map((r) => r.item.email)).toEqual(['Zoë@Example.com'])
    expect(cache.browse({ kind: 'users', search: 'financ', offset: 0, limit: 50 }).total).toBe(1)
    expect(cache.browse({ kind: 'users', search: a.users[1]!.id.slice(-12), offset: 0, limit: 50 }).total).toBe(1)
    // LIKE wildcards are plain characters to the search.
    expect(cache.browse({ kind: 'users', search: '%', offset: 0, limit: 50 }).total).toBe(0)
  })

  it('filters users by type, lock and MFA', () => {
    const w = world(ORG_A)
    cache.snapshots.commit(ORG_A, { users: [...w.users, user(ORG_A, { locked: true })] }, run)
    const q = (filters: KindFilters<'users'>) => cache.browse({ kind: 'users', filters, offset: 0, limit: 50 }).rows.map((r) => r.item)
    expect(q({ type: 'owner' }).map((u) => u.email)).toEqual(['bob@example.com'])
    expect(q({ mfa: true }).map((u) => u.email)).toEqual(['alice@example.com'])
    expect(q({ locked: true })).toHaveLength(1)
    expect(q({ locked: false, mfa: false })).toHaveLength(1)
    // Several types are ORed; one in a list is the same as one alone.
    expect(q({ type: ['owner', 'member'] })).toHaveLength(q({ type: 'owner' }).length + q({ type: 'member' }).length)
    expect(q({ type: ['owner'] })).toEqual(q({ type: 'owner' }))
  })

  it('filters API keys by bearer and expiry relative to now', () => {
    const day = 86_400_000
    const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString()
    const keys = {
      expired: apiKey(ORG_A, { expires_at: at(-day) }),
      soon: apiKey(ORG_A, { expires_at: at(3 * day) }),
      later: apiKey(ORG_A, { expires_at: at(40 * day), user_id: undefined, application_id: application(ORG_A).id }),
      never: apiKey(ORG_A, { expires_at: null }),
    }
    cache.snapshots.commit(ORG_A, { api_keys: Object.values(keys) }, run)
    const q = (filters: KindFilters<'api_keys'>) =>
      cache
        .browse({ kind: 'api_keys', filters, offset: 0, limit: 50 })
        .rows.map((r) => r.id)
        .sort()
    expect(q({ expired: true })).toEqual([keys.expired.access_key])
    expect(q({ expired: false })).toEqual([keys.soon, keys.later, keys.never].map((k) => k.access_key).sort())
    expect(q({ expiringWithinDays: 7 })).toEqual([keys.soon.access_key])
    expect(q({ noExpiry: true })).toEqual([keys.never.access_key])
    expect(q({ bearerType: 'application' })).toEqual([keys.later.access_key])
    // Several expiry states are ORed ("expired or never"), and still ANDed with the other keys.
    expect(q({ expiry: ['expired', 'never'] })).toEqual([keys.expired, keys.never].map((k) => k.access_key).sort())
    expect(q({ expiry: 'expiring_7d' })).toEqual([keys.soon.access_key])
    expect(q({ expiry: ['expiring_30d', 'expiring_90d'] })).toEqual([keys.soon, keys.later].map((k) => k.access_key).sort())
    expect(q({ expiry: ['not_expired'] })).toEqual(q({ expired: false }))
    expect(q({ expiry: ['expired', 'never'], bearerType: 'application' })).toEqual([])
    // Sorting by expiry puts "never" last in both directions.
    const sorted = (dir: 'asc' | 'desc') =>
      cache.browse({ kind: 'api_keys', sort: { field: 'expires_at', dir }, offset: 0, limit: 50 }).rows.map((r) => r.id)
    expect(sorted('asc')).toEqual([keys.expired, keys.soon, keys.later, keys.never].map((k) => k.access_key))
    expect(sorted('desc')).toEqual([keys.later, keys.soon, keys.expired, keys.never].map((k) => k.access_key))
  })

  it('filters policies by principal kind and by a permission set their rules grant', () => {
    const w = world(ORG_A)
    cache.snapshots.commit(ORG_A, { policies: w.policies, rules: w.rules }, run)
    const names = (filters: KindFilters<'policies'>) =>
      cache
        .browse({ kind: 'policies', filters, offset: 0, limit: 50 })
        .rows.map((r) => r.item.name)
        .sort()
    expect(names({ principalKind: 'group' })).toEqual(['admins-full'])
    expect(names({ principalKind: 'none' })).toEqual(['orphan'])
    expect(names({ principalKind: ['group', 'none'] })).toEqual(['admins-full', 'orphan'])
    expect(names({ permissionSetName: 'iammanager' })).toEqual(['admins-full'])
    expect(names({ permissionSetName: 'IAMReadOnly' })).toEqual(['alice-direct'])
  })

  it('filters logs by action, resource type and time window; ssh keys by disabled; applications by tag', () => {
    const logs = [
      log(ORG_A, { action: 'created', resource_type: 'user', created_at: '2025-01-01T00:00:00Z' }),
      log(ORG_A, { action: 'deleted', resource_type: 'api_key', created_at: '2025-02-01T00:00:00Z' }),
      log(ORG_A, { action: 'deleted', resource_type: 'user', created_at: '2025-03-01T00:00:00+01:00' }),
    ]
    cache.snapshots.commit(
      ORG_A,
      {
        logs,
        ssh_keys: [sshKey(ORG_A), sshKey(ORG_A, { disabled: true })],
        applications: [application(ORG_A, { tags: ['prod', 'ci'] }), application(ORG_A, { tags: ['dev'] })],
      },
      run,
    )
    const ids = (filters: KindFilters<'logs'>) =>
      cache
        .browse({ kind: 'logs', filters, offset: 0, limit: 50 })
        .rows.map((r) => r.id)
        .sort()
    expect(ids({ action: 'deleted' })).toEqual([logs[1]!.id, logs[2]!.id].sort())
    expect(ids({ action: 'deleted', resourceType: 'user' })).toEqual([logs[2]!.id])
    expect(ids({ createdAfter: '2025-01-15T00:00:00Z', createdBefore: '2025-02-28T23:30:00Z' })).toEqual([logs[1]!.id, logs[2]!.id].sort())
    expect(cache.browse({ kind: 'ssh_keys', filters: { disabled: true }, offset: 0, limit: 50 }).total).toBe(1)
    expect(cache.browse({ kind: 'applications', filters: { tag: 'PRO' }, offset: 0, limit: 50 }).total).toBe(1)
    // Newest first.
    expect(cache.browse({ kind: 'logs', sort: { field: 'created_at', dir: 'desc' }, offset: 0, limit: 1 }).rows[0]?.id).toBe(logs[2]!.id)
  })

  it('rejects a sort field outside the whitelist and a limit above 500', () => {
    expect(() =>
      cache.browse({ kind: 'users', sort: { field: 'email; DROP TABLE users' as 'email', dir: 'asc' }, offset: 0, limit: 10 }),
    ).toThrow()
    expect(() => cache.browse({ kind: 'users', offset: 0, limit: 501 })).toThrow()
    expect(cache.db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'users'`).get()).toEqual({ n: 1 })
  })

  it('pages through 20,000 rows in a stable order, with totals matching the filters', () => {
    const users = Array.from({ length: 20_000 }, (_, i) =>
      user(i % 2 ? ORG_A : ORG_B, { email: `u${String(i).padStart(5, '0')}@example.com`, mfa: i % 3 === 0, locked: i % 10 === 0 }),
    )
    cache.snapshots.commit(ORG_A, { users: users.filter((u) => u.organization_id === ORG_A) }, run)
    cache.snapshots.commit(ORG_B, { users: users.filter((u) => u.organization_id === ORG_B) }, run)
    const expected = users
      .filter((u) => u.mfa && !u.locked)
      .map((u) => u.email)
      .sort()
      .reverse()
    const seen: string[] = []
    for (let offset = 0; ; offset += 500) {
      const page = cache.browse({ kind: 'users', filters: { mfa: true, locked: false }, sort: { field: 'email', dir: 'desc' }, offset, limit: 500 })
      expect(page.total).toBe(expected.length)
      if (page.rows.length === 0) break
      seen.push(...page.rows.map((r) => r.item.email))
    }
    expect(seen).toEqual(expected)
    const searched = cache.browse({ kind: 'users', search: 'u1999', organizationIds: [ORG_A], offset: 0, limit: 500 })
    expect(searched.total).toBe(5) // u19991, u19993, ... odd ones are ORG_A
    // The sort and filter columns are indexed (the plan uses an index for email order).
    const plan = cache.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM users ORDER BY email LIMIT 10').all() as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/INDEX users_email/)
  })

  it('sorts policies by organization name, then a stable tie-break', () => {
    cache.snapshots.commit(ORG_B, { policies: [policy(ORG_B, { name: 'b' })], rules: new Map() }, run)
    const pa = policy(ORG_A, { name: 'a' })
    cache.snapshots.commit(ORG_A, { policies: [pa], rules: new Map([[pa.id, [rule()]]]) }, run)
    const rows = cache.browse({ kind: 'policies', sort: { field: 'organization', dir: 'desc' }, offset: 0, limit: 10 }).rows
    expect(rows.map((r) => r.organizationName)).toEqual(['Beta', 'Acme'])
  })
})

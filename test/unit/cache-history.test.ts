import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import type { OrganizationSnapshot } from '../../src-main/core/platform/cache/snapshot.repo'
import { ORG_A, rule, user, world, type World } from './cache-fixtures'
import { seedOrganizations } from '../../emulator/seed'
import { HistoryService } from '../../src-main/core/features/history/history.service'

let cache: Cache
let clock: Date
const run = () => ({ startedAt: clock.toISOString(), finishedAt: clock.toISOString(), durationMs: 5, requests: 3, skipped: [] })
const snap = (w: World): OrganizationSnapshot => ({ users: w.users, groups: w.groups, policies: w.policies, rules: w.rules, api_keys: w.apiKeys })

beforeEach(() => {
  clock = new Date('2025-03-01T10:00:00Z')
  cache = openCache({ file: ':memory:', now: () => clock })
  cache.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
})

describe('snapshot commit and change history', () => {
  it('records added, removed and modified objects with before/after, per sync run', () => {
    const w = world(ORG_A)
    const first = cache.snapshots.commit(ORG_A, snap(w), run())
    expect(first.counts.changes.users).toEqual({ added: 2, removed: 0, modified: 0 })
    expect(cache.organizations.get(ORG_A)?.lastSyncAt).toBe(clock.toISOString())

    clock = new Date('2025-03-02T10:00:00Z')
    const [alice, bob] = w.users
    const carol = user(ORG_A, { email: 'carol@example.com' })
    const next = { ...w, users: [{ ...alice!, locked: true }, carol], apiKeys: w.apiKeys.slice(1) }
    const second = cache.snapshots.commit(ORG_A, snap(next), run())
    expect(second.counts.changes.users).toEqual({ added: 1, removed: 1, modified: 1 })
    expect(second.counts.changes.api_keys).toEqual({ added: 0, removed: 1, modified: 0 })
    expect(second.counts.changes.groups).toBeUndefined()

    const changes = cache.history.changesSince(ORG_A, first.syncRunId)
    const byObject = Object.fromEntries(changes.map((c) => [`${c.kind}:${c.objectId}`, c]))
    expect(byObject[`users:${carol.id}`]).toMatchObject({ change: 'added', before: null, after: { email: 'carol@example.com' } })
    expect(byObject[`users:${bob!.id}`]).toMatchObject({ change: 'removed', before: { email: 'bob@example.com' }, after: null })
    expect(byObject[`users:${alice!.id}`]).toMatchObject({ change: 'modified', before: { locked: false }, after: { locked: true } })
    expect(byObject[`api_keys:${w.apiKeys[0]!.access_key}`]?.change).toBe('removed')
    expect(changes.every((c) => c.syncRunId === second.syncRunId && c.at === '2025-03-02T10:00:00.000Z')).toBe(true)
    // Without a run id: what the latest sync changed.
    expect(cache.history.changesSince(ORG_A).map((c) => c.id)).toEqual(changes.map((c) => c.id))
    expect(cache.history.changesSince(ORG_A, first.syncRunId, { kinds: ['api_keys'] })).toHaveLength(1)
    // The rows themselves follow the snapshot.
    expect(cache.resources.list(ORG_A, 'users').map((u) => u.email).sort()).toEqual(['alice@example.com', 'carol@example.com'])
    expect(cache.syncRuns.list(ORG_A).map((r) => r.id)).toEqual([second.syncRunId, first.syncRunId])
  })

  it('an identical resync changes nothing, whatever the key order of the objects', () => {
    const w = world(ORG_A)
    cache.snapshots.commit(ORG_A, snap(w), run())
    const reordered = { ...w, users: w.users.map((u) => Object.fromEntries(Object.entries(u).reverse()) as typeof u) }
    const again = cache.snapshots.commit(ORG_A, snap(reordered), run())
    expect(again.counts.changes).toEqual({})
    expect(cache.history.changesSince(ORG_A)).toEqual([])
  })

  it("keeps a policy's rules over time, ignoring the fresh ids PUT /rules gives unchanged rules", () => {
    const w = world(ORG_A)
    const policyId = w.policies[0]!.id
    const v1 = w.rules.get(policyId)!
    cache.snapshots.commit(ORG_A, snap(w), run())
    // Same content, new ids: stored (the ids changed) but not history.
    const v1b = v1.map((r) => ({ ...r, id: rule().id }))
    cache.snapshots.commit(ORG_A, snap({ ...w, rules: new Map(w.rules).set(policyId, v1b) }), run())
    expect(cache.resources.rulesOf(ORG_A, policyId)).toEqual(v1b)
    const v2 = [...v1b, rule({ permission_set_names: ['SSHKeysReadOnly'], organization_id: ORG_A })]
    clock = new Date('2025-03-05T00:00:00Z')
    cache.snapshots.commit(ORG_A, snap({ ...w, rules: new Map(w.rules).set(policyId, v2) }), run())
    // The policy is deleted: its rules go with it.
    cache.snapshots.commit(ORG_A, snap({ ...w, policies: w.policies.slice(1) }), run())

    const history = cache.history.policyRulesHistory(ORG_A, policyId)
    expect(history.map((h) => h.change)).toEqual(['added', 'modified', 'removed'])
    expect(history[0]!.after).toEqual(v1)
    expect(history[1]).toMatchObject({ before: v1b, after: v2, at: '2025-03-05T00:00:00.000Z' })
    expect(history[2]).toMatchObject({ before: v2, after: null })
    expect(cache.resources.rulesOf(ORG_A, policyId)).toEqual([])
  })

  it('a kind missing from the snapshot (skipped) keeps its previous rows', () => {
    const w = world(ORG_A)
    cache.snapshots.commit(ORG_A, { ...snap(w), logs: w.logs }, run())
    cache.snapshots.commit(ORG_A, { ...snap(w), logs: undefined }, run())
    expect(cache.resources.count(ORG_A, 'logs')).toBe(1)
  })

  it('a failed run is recorded without touching the data or the age', () => {
    const w = world(ORG_A)
    cache.snapshots.commit(ORG_A, snap(w), run())
    const before = cache.organizations.get(ORG_A)!
    clock = new Date('2025-03-09T00:00:00Z')
    const id = cache.snapshots.recordFailure(ORG_A, { ...run(), status: 'failed', errorCode: 'network', errorMessage: 'connection reset' })
    const after = cache.organizations.get(ORG_A)!
    expect(after.lastSyncAt).toBe(before.lastSyncAt)
    expect(after.lastSyncStatus).toBe('failed')
    expect(cache.syncRuns.get(id!)).toMatchObject({ status: 'failed', errorCode: 'network', errorMessage: 'connection reset' })
    expect(cache.resources.count(ORG_A, 'users')).toBe(2)
  })
})

describe('large first commits (rows inserted in batches)', () => {
  it('stores every row and every group membership, in and after the last full batch', () => {
    const [org] = seedOrganizations({ seed: 9, orgs: 1, sizes: { users: 150, groups: 150 }, now: clock })
    const o = org!
    const id = o.organization.id
    cache.organizations.add({ id, name: 'Big', accessKey: o.ownerApiKey.access_key, apiUrl: 'https://x', secretStorage: 'session' })
    const result = cache.snapshots.commit(id, { users: o.users, groups: o.groups }, run())
    expect(result.counts.rows).toMatchObject({ users: 150, groups: 150 })
    expect(cache.resources.list(id, 'users').map((u) => u.id).sort()).toEqual(o.users.map((u) => u.id).sort())
    const members = cache.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM group_members WHERE organization_id = ?').get(id)!.n
    expect(members).toBe(o.groups.reduce((n, g) => n + new Set([...g.user_ids, ...g.application_ids]).size, 0))
    expect(members).toBeGreaterThan(0)
  })
})


describe('"What changed" names objects, not ids', () => {
  it('a removed API key by its description and bearer (resolved from the cache), an added user by name and e-mail', () => {
    const w = world(ORG_A)
    const withApps = (x: World): OrganizationSnapshot => ({ ...snap(x), applications: x.applications })
    cache.snapshots.commit(ORG_A, withApps(w), run())
    clock = new Date('2025-03-02T10:00:00Z')
    const carol = user(ORG_A, { email: 'carol@example.com', first_name: 'Carol', last_name: 'Marsh' })
    cache.snapshots.commit(ORG_A, withApps({ ...w, users: [...w.users, carol], apiKeys: [] }), run())
    const changes = new HistoryService(cache).changes({ organizationId: ORG_A })
    const of = (id: string) => changes.find((c) => c.objectId === id)
    const [userKey, appKey] = w.apiKeys
    expect(of(userKey!.access_key)).toMatchObject({ change: 'removed', label: userKey!.description, sublabel: `${userKey!.access_key} · user ${w.users[0]!.email}` })
    expect(of(appKey!.access_key)).toMatchObject({ change: 'removed', label: appKey!.description, sublabel: `${appKey!.access_key} · application ci-deployer` })
    expect(of(carol.id)).toMatchObject({ change: 'added', kind: 'users', label: 'Carol Marsh', sublabel: 'carol@example.com' })
  })
})

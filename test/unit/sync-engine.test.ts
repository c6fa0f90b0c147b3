import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import type { IamReader } from '../../src-main/core/features/sync/iam-reader'
import { SyncEngine, type SyncProgress } from '../../src-main/core/features/sync/sync-engine'
import { KeychainUnavailableError } from '../../src-main/core/platform/secrets/keychain-error'
import { toContractError } from '../../src-main/core/errors/contract-error'
import { FakeError, ORG_A, ORG_B, dumpTables, fakeReader, user, uuid, world, type World } from './cache-fixtures'

let cache: Cache
let clock: Date
const now = () => clock

function addOrg(id: string, name = `org ${id.slice(-4)}`) {
  cache.organizations.add({ id, name, accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
}

beforeEach(() => {
  clock = new Date('2025-04-01T00:00:00Z')
  cache = openCache({ file: ':memory:', now })
  addOrg(ORG_A, 'Acme')
})

describe('SyncEngine', () => {
  it('syncs every kind of an organization into the cache, with progress, counts and requests', async () => {
    const w = world(ORG_A)
    const reader = fakeReader(w)
    const engine = new SyncEngine({ cache, clientFor: () => reader, now })
    const events: SyncProgress[] = []
    const [summary] = await engine.sync([ORG_A], { onProgress: (e) => events.push(e) })

    expect(summary).toMatchObject({ organizationId: ORG_A, status: 'ok', skipped: [] })
    expect(summary!.counts).toMatchObject({
      users: 2,
      applications: 1,
      groups: 1,
      policies: 3,
      rules: 2,
      api_keys: 2,
      ssh_keys: 1,
      permission_sets: 3,
      quota: 1,
      jwts: 1,
      logs: 1,
      grace_periods: 1,
      projects: 2,
    })
    expect(summary!.changes.users).toEqual({ added: 2, removed: 0, modified: 0 })
    // 11 organization-wide lists (projects included) + one listRules per policy (3) + one listGracePeriods per user (2).
    expect(summary!.requests).toBe(16)
    expect(reader.calls.filter((c) => c === 'listRules')).toHaveLength(3)
    const done = new Set(events.filter((e) => e.state === 'done').map((e) => e.kind))
    expect([...done].sort()).toEqual(
      ['api_keys', 'applications', 'grace_periods', 'groups', 'jwts', 'logs', 'permission_sets', 'policies', 'projects', 'quota', 'rules', 'ssh_keys', 'users'].sort(),
    )
    expect(events.every((e) => e.organizationId === ORG_A)).toBe(true)
    expect(cache.details.userDetail(ORG_A, w.users[0]!.id)?.policies).toHaveLength(2)
    expect(cache.organizations.get(ORG_A)).toMatchObject({ lastSyncAt: clock.toISOString(), lastSyncStatus: 'ok' })
    expect(cache.syncRuns.get(summary!.syncRunId!)).toMatchObject({ status: 'ok', requests: 16 })
  })

  it('a second sync reports what changed (+1 user, -1 api key, a policy modified)', async () => {
    const w = world(ORG_A)
    const engine = new SyncEngine({ cache, clientFor: () => fakeReader(w), now })
    await engine.sync([ORG_A])
    w.users.push(user(ORG_A))
    w.apiKeys.pop()
    w.policies[0] = { ...w.policies[0]!, description: 'now documented' }
    const [s] = await engine.sync([ORG_A])
    expect(s!.changes).toEqual({
      users: { added: 1, removed: 0, modified: 0 },
      api_keys: { added: 0, removed: 1, modified: 0 },
      policies: { added: 0, removed: 0, modified: 1 },
    })
  })

  it('a sync failing on the 3rd kind leaves every table exactly as before', async () => {
    const w = world(ORG_A)
    await new SyncEngine({ cache, clientFor: () => fakeReader(w), now }).sync([ORG_A])
    const before = dumpTables(cache.db, ['sync_runs'])

    // The world changes, but the third list call dies as a lost network would.
    w.users.pop()
    w.groups[0] = { ...w.groups[0]!, name: 'Renamed' }
    let n = 0
    const failing = fakeReader(w, {
      before: () => {
        if (++n === 3) throw new FakeError('network', 'connection reset by peer')
      },
    })
    clock = new Date('2025-04-02T00:00:00Z')
    const [s] = await new SyncEngine({ cache, clientFor: () => failing, now }).sync([ORG_A])
    // The message is the contract's, as the router would give it for the same error.
    expect(s).toMatchObject({ status: 'failed', error: { code: 'network', message: 'There is no connection to Scaleway right now.' } })

    const after = dumpTables(cache.db, ['sync_runs'])
    // The organization row only notes the failed attempt; its data age does not move.
    const orgAfter = after.organizations as Array<{ last_sync_status: string }>
    expect(orgAfter[0]!.last_sync_status).toBe('failed')
    orgAfter[0]!.last_sync_status = 'ok'
    expect(after).toEqual(before)
    expect(cache.syncRuns.list(ORG_A)[0]).toMatchObject({ status: 'failed', errorCode: 'network' })
  })

  it('a permissions_denied on an optional kind skips that kind (keeping its rows), not the sync', async () => {
    const w = world(ORG_A)
    await new SyncEngine({ cache, clientFor: () => fakeReader(w), now }).sync([ORG_A])
    w.logs = []
    const denied = new FakeError('permissions_denied', 'insufficient permissions: read audit_trail')
    const events: SyncProgress[] = []
    const [s] = await new SyncEngine({ cache, clientFor: () => fakeReader(w, { fail: { listLogs: denied, listGracePeriods: denied } }), now }).sync([ORG_A], {
      onProgress: (e) => events.push(e),
    })
    expect(s!.status).toBe('ok')
    expect(s!.skipped.map((k) => k.kind).sort()).toEqual(['grace_periods', 'logs'])
    expect(events.find((e) => e.kind === 'logs' && e.state === 'skipped')?.reason).toMatch(/lacks the permission/)
    expect(cache.resources.count(ORG_A, 'logs')).toBe(1)
  })

  it('a permissions_denied on a required kind fails the sync', async () => {
    const [s] = await new SyncEngine({
      cache,
      clientFor: () => fakeReader(world(ORG_A), { fail: { listUsers: new FakeError('permissions_denied', 'no IAM read') } }),
      now,
    }).sync([ORG_A])
    expect(s).toMatchObject({ status: 'failed', error: { code: 'permissions_denied', kind: 'users' } })
    expect(cache.resources.count(ORG_A, 'groups')).toBe(0)
  })

  it('lists JWTs per user only when the API rejects the unfiltered call', async () => {
    const w = world(ORG_A)
    const reader = fakeReader(w, { jwtsNeedAudience: true })
    const [s] = await new SyncEngine({ cache, clientFor: () => reader, now }).sync([ORG_A])
    expect(s!.status).toBe('ok')
    expect(reader.calls.filter((c) => c === 'listJwts')).toHaveLength(1 + w.users.length)
    expect(cache.resources.list(ORG_A, 'jwts')).toEqual(w.jwts)

    const direct = fakeReader(w)
    await new SyncEngine({ cache, clientFor: () => direct, now }).sync([ORG_A])
    expect(direct.calls.filter((c) => c === 'listJwts')).toHaveLength(1)
  })

  it('drops a policy deleted between listing policies and listing its rules', async () => {
    const w = world(ORG_A)
    const gone = w.policies[2]!.id
    const reader = fakeReader(w, {
      before: (method, q) => {
        if (method === 'listRules' && (q as { policy_id: string }).policy_id === gone) throw new FakeError('not_found', 'policy not found')
      },
    })
    const [s] = await new SyncEngine({ cache, clientFor: () => reader, now }).sync([ORG_A])
    expect(s!.status).toBe('ok')
    expect(cache.resources.get(ORG_A, 'policies', gone)).toBeUndefined()
    expect(s!.counts.policies).toBe(2)
  })

  it('cancel through the AbortSignal stops the sync and keeps the cache as it was', async () => {
    const w = world(ORG_A)
    const controller = new AbortController()
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const reader = fakeReader(w, {
      before: async (method) => {
        if (method === 'listLogs') {
          controller.abort()
          await held
        }
      },
    })
    const pending = new SyncEngine({ cache, clientFor: () => reader, now }).sync([ORG_A], { signal: controller.signal })
    release()
    const [s] = await pending
    expect(s).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } })
    expect(cache.resources.count(ORG_A, 'users')).toBe(0)
    expect(cache.organizations.get(ORG_A)).toMatchObject({ lastSyncAt: null, lastSyncStatus: 'cancelled' })
  })

  it('syncs many organizations with at most `concurrency` at once, one summary each in order', async () => {
    const orgs = Array.from({ length: 5 }, () => uuid())
    for (const id of orgs) addOrg(id)
    const worlds = new Map<string, World>(orgs.map((id) => [id, world(id)]))
    let inFlight = 0
    let maxInFlight = 0
    const waiting: Array<() => void> = []
    const readerFor = (id: string): IamReader =>
      fakeReader(worlds.get(id)!, {
        before: async (method) => {
          if (method !== 'listUsers') return
          inFlight++
          maxInFlight = Math.max(maxInFlight, inFlight)
          await new Promise<void>((r) => waiting.push(r))
          inFlight--
        },
      })
    const engine = new SyncEngine({ cache, clientFor: (org) => readerFor(org.id), concurrency: 2, now })
    const pending = engine.sync([...orgs, orgs[0]!])
    // Release organizations one by one as they reach listUsers; never more than 2 get there.
    for (let released = 0; released < orgs.length; released++) {
      while (waiting.length === 0) await new Promise((r) => setImmediate(r))
      expect(inFlight).toBeLessThanOrEqual(2)
      waiting.shift()!()
    }
    const summaries = await pending
    expect(summaries.map((s) => s.organizationId)).toEqual([...orgs, orgs[0]!].filter((v, i, a) => a.indexOf(v) === i))
    expect(summaries.every((s) => s.status === 'ok')).toBe(true)
    expect(maxInFlight).toBe(2)
  })

  it("'all' syncs every organization; an unknown id fails alone; status shows each age", async () => {
    addOrg(ORG_B, 'Beta')
    const engine = new SyncEngine({ cache, clientFor: (org) => fakeReader(world(org.id)), now })
    const summaries = await engine.sync('all')
    expect(summaries.map((s) => s.status)).toEqual(['ok', 'ok'])
    const [unknown] = await engine.sync([uuid()])
    expect(unknown).toMatchObject({ status: 'failed', syncRunId: null, error: { code: 'not_in_desk' } })
    clock = new Date(clock.getTime() + 60_000)
    expect(engine.status().map((s) => [s.name, s.ageMs, s.running])).toEqual([
      ['Acme', 60_000, false],
      ['Beta', 60_000, false],
    ])
  })

  it('a failure to build the client (e.g. keychain locked) fails that organization with its code', async () => {
    const engine = new SyncEngine({
      cache,
      clientFor: () => {
        throw new KeychainUnavailableError('locked')
      },
      now,
    })
    const [s] = await engine.sync([ORG_A])
    expect(s).toMatchObject({ status: 'failed', error: { code: 'keychain_unavailable' } })
    expect(toContractError(s!.error!.cause).code).toBe('KEYCHAIN_UNAVAILABLE')
  })

  it('an organization removed while it syncs is not resurrected by the commit', async () => {
    const reader = fakeReader(world(ORG_A), {
      before: (method) => {
        if (method === 'listLogs') cache.organizations.remove(ORG_A)
      },
    })
    const [s] = await new SyncEngine({ cache, clientFor: () => reader, now }).sync([ORG_A])
    expect(s).toMatchObject({ status: 'failed', syncRunId: null, error: { code: 'organization_removed' } })
    expect(cache.organizations.list()).toEqual([])
    expect(cache.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 })
  })
})

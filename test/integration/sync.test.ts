import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { SyncEngine, type SyncProgress } from '../../src-main/core/features/sync/sync-engine'
import { dumpTables } from '../unit/cache-fixtures'
import { OffThreadCommitter, findCommitWorker } from '../../src-main/core/platform/cache/off-thread-commit'
import { ScalewayApiError } from '../../src-main/core/platform/scaleway/errors'
import type { IamReader } from '../../src-main/core/features/sync/iam-reader'
import { SyncRunner } from '../../src-main/core/features/sync/sync.service'
import type { OrgsService } from '../../src-main/core/features/orgs/orgs.service'
import { writeHandlers } from '../../src-main/core/features/writes/write.handlers'
import { createRouter, type Handlers } from '../../src-main/core/router'
import { EventHub } from '../../src-main/core/event-hub'
import { ConnectivityTracker } from '../../src-main/core/connectivity'
import { callNames, type AppErrorShape, type SyncSummary } from '../../src-preload/contract'

// The sync engine against the real client over HTTP against the emulator on 127.0.0.1.
let dir: string
let emulator: RunningEmulator
let cache: Cache
const clients = new Map<string, ScalewayClient>()

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sync-int-'))
  // 230 users: three pages of 100, fetched concurrently once total_count is known.
  emulator = await startEmulator({ orgs: 2, sizes: { users: 230, logs: 120 } })
  cache = openCache({ file: join(dir, 'cache.db') })
  clients.clear()
  for (const o of emulator.organizations) {
    cache.organizations.add({ id: o.organization_id, name: o.name, accessKey: o.access_key, apiUrl: emulator.url, secretStorage: 'session', defaultProjectId: o.project_id })
    clients.set(o.organization_id, new ScalewayClient({ apiUrl: emulator.url, secretKey: new Secret(o.secret_key), maxRetries: 0 }))
  }
})

afterEach(async () => {
  cache.close()
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

const engine = () => new SyncEngine({ cache, clientFor: (org) => clients.get(org.id)!, concurrency: 2 })

describe('sync against the emulator', () => {
  it('mirrors every organization, page by page, and counts its requests', async () => {
    emulator.admin.resetCounters()
    const events: SyncProgress[] = []
    const summaries = await engine().sync('all', { onProgress: (e) => events.push(e) })
    const served = emulator.admin.requestCount()
    // The owner's key may read everything: no kind is skipped.
    expect(summaries.map((s) => s.skipped)).toEqual([[], []])
    expect(Object.keys(summaries[0]!.counts).sort()).toEqual(
      ['api_keys', 'applications', 'grace_periods', 'groups', 'jwts', 'logs', 'permission_sets', 'policies', 'projects', 'quota', 'rules', 'ssh_keys', 'users'].sort(),
    )
    expect(summaries.map((s) => [s.status, s.error])).toEqual([
      ['ok', undefined],
      ['ok', undefined],
    ])
    for (const o of emulator.organizations) {
      const client = clients.get(o.organization_id)!
      const direct = await client.listUsers({ organization_id: o.organization_id })
      expect(direct).toHaveLength(230)
      expect(cache.resources.count(o.organization_id, 'users')).toBe(230)
      expect(cache.resources.list(o.organization_id, 'users').map((u) => u.id).sort()).toEqual(direct.map((u) => u.id).sort())
      const policies = await client.listPolicies({ organization_id: o.organization_id })
      for (const p of policies) {
        expect(cache.resources.rulesOf(o.organization_id, p.id)).toEqual(await client.listRules({ policy_id: p.id }))
      }
      expect(cache.resources.count(o.organization_id, 'logs')).toBeGreaterThanOrEqual(120)
    }
    const userPages = events.filter((e) => e.kind === 'users' && e.state === 'done')
    expect(userPages.map((e) => [e.pagesDone, e.pagesTotal])).toEqual([
      [3, 3],
      [3, 3],
    ])
    // Our own count (pages per list) matches what the server saw during the sync.
    const syncRequests = summaries.reduce((n, s) => n + s.requests, 0)
    expect(syncRequests).toBeGreaterThan(0)
    expect(syncRequests).toBe(served)
  })

  it('records what changed on the server since the last sync', async () => {
    const [org] = emulator.organizations
    const id = org!.organization_id
    const client = clients.get(id)!
    await engine().sync([id])
    const app = await client.createApplication({ name: 'new-app', organization_id: id, description: 'made by the test' })
    const victim = (await client.listUsers({ organization_id: id })).find((u) => u.type !== 'owner')!
    await client.deleteUser(victim.id)
    const [s] = await engine().sync([id])
    expect(s!.status).toBe('ok')
    expect(s!.changes.applications).toMatchObject({ added: 1 })
    expect(s!.changes.users).toMatchObject({ removed: 1 })
    const changes = cache.history.changesSince(id)
    expect(changes.find((c) => c.kind === 'applications' && c.objectId === app.id)?.change).toBe('added')
    expect(changes.find((c) => c.kind === 'users' && c.objectId === victim.id)?.change).toBe('removed')
  })

  it('a lost network mid-sync leaves the cache as it was, still readable', async () => {
    const [org] = emulator.organizations
    const id = org!.organization_id
    await engine().sync([id])
    const before = dumpTables(cache.db, ['sync_runs', 'organizations'])
    emulator.admin.setFaults({ dropRate: 1 })
    const [s] = await engine().sync([id])
    expect(s!.status).toBe('failed')
    // Every connection is destroyed (maxRetries: 0): the first list to fail names the outcome.
    // Which kind loses the race varies, but the code is `network`, the message the one a write
    // gets, and the error itself names its path.
    expect(s!.error).toEqual({ code: 'network', message: 'There is no connection to Scaleway right now.', kind: expect.any(String), cause: expect.any(ScalewayApiError) })
    expect((s!.error!.cause as Error).message).toMatch(/^Could not reach Scaleway for GET \/[a-z-]+ \([A-Z_]+\)\.$/)
    expect((s!.error!.cause as Error).message).toContain(`GET /${s!.error!.kind!.replaceAll('_', '-')} (`)
    expect(cache.db.prepare('SELECT status, error_code FROM sync_runs WHERE id = ?').get(s!.syncRunId)).toEqual({ status: 'failed', error_code: 'network' })
    expect(dumpTables(cache.db, ['sync_runs', 'organizations'])).toEqual(before)
    // Offline: reads are served from the cache with the data's age.
    expect(cache.browse({ kind: 'users', organizationIds: [id], offset: 0, limit: 10 }).total).toBe(230)
    expect(engine().status().find((x) => x.organizationId === id)?.lastSyncAt).not.toBeNull()
  })
})

describe('one error, one code: a sync and a write meeting the same refusal', () => {
  it('a sync that meets invalid_arguments reports BAD_REQUEST, as a write refused by Scaleway does', async () => {
    const o = emulator.organizations[0]!
    const id = o.organization_id
    const client = clients.get(id)!
    // The real client, except that its users list asks with an argument Scaleway refuses (HTTP 400).
    const reader = new Proxy(client, {
      get(target, prop) {
        if (prop === 'listUsers') return (q: object, opts: object) => target.listUsers({ ...q, organization_id: 'not-a-uuid' }, opts)
        const v = Reflect.get(target, prop, target) as unknown
        return typeof v === 'function' ? v.bind(target) : v
      },
    }) as IamReader
    const hub = new EventHub()
    const connectivity = new ConnectivityTracker(hub)
    const runner = new SyncRunner(new SyncEngine({ cache, clientFor: () => reader }), cache, hub, connectivity, { list: async () => [] } as unknown as OrgsService)
    const [summary] = (await runner.start([id])) as [SyncSummary]
    expect(summary.status).toBe('failed')
    expect(summary.error).toMatchObject({ code: 'BAD_REQUEST', details: { fields: [expect.objectContaining({ argument_name: 'organization_id' })], during: 'users' } })
    // A refusal is an answer: Scaleway is reachable.
    expect(connectivity.state.online).toBe(true)

    // A write through the router meets the same kind of refusal (a username already taken).
    const others = Object.fromEntries(callNames.map((n) => [n, () => Promise.reject(new Error('not under test'))]))
    const router = createRouter({ ...others, ...writeHandlers({ cache, orgs: { secretOf: async () => new Secret(o.secret_key) }, clientFor: () => client, hub, connectivity }) } as Handlers)
    const taken = (await client.listUsers({ organization_id: id }))[0]!.username
    const r = await router.dispatch('users.create', { organizationId: id, email: 'someone.new@example.com', username: taken, password: { mode: 'email' } })
    expect(r.ok).toBe(false)
    const write = (r as { ok: false; error: AppErrorShape }).error
    expect(write).toMatchObject({ code: 'BAD_REQUEST', details: { fields: [expect.objectContaining({ argument_name: 'member.username' })] } })
    expect(write.code).toBe(summary.error!.code)
  })
})

describe('sync committed off-thread with kinds staged as they complete (as the app does)', () => {
  let committer: OffThreadCommitter
  beforeEach(async () => {
    committer = new OffThreadCommitter(cache.file, findCommitWorker(join(process.cwd(), 'src-main/core/platform/cache'))!)
    await committer.ready()
  })
  afterEach(async () => {
    await committer.close()
  })
  const offThread = () =>
    new SyncEngine({ cache, clientFor: (org) => clients.get(org.id)!, concurrency: 2, commit: (id, s, r) => committer.commit(id, s, r), staging: committer })

  it('stores the same rows as an in-thread commit', async () => {
    const [a, b] = emulator.organizations.map((o) => o.organization_id)
    await engine().sync([a!])
    const [summary] = await offThread().sync([b!])
    expect(summary!.status).toBe('ok')
    for (const kind of ['users', 'applications', 'api_keys', 'groups', 'policies', 'logs', 'permission_sets'] as const) {
      expect(summary!.counts[kind], kind).toBe(cache.resources.count(b!, kind))
      expect(cache.resources.count(b!, kind), kind).toBeGreaterThan(0)
    }
    expect(cache.resources.count(b!, 'users')).toBe(230)
  })

  it('a sync that fails after staging some kinds commits nothing, and the next one is whole', async () => {
    const [id] = emulator.organizations.map((o) => o.organization_id)
    await offThread().sync([id!])
    const before = dumpTables(cache.db, ['sync_runs', 'organizations'])
    // A 500 on one of the last requests: early kinds are staged by then.
    emulator.admin.setFaults({ failNth: { n: 25, status: 500 } })
    const client = new ScalewayClient({ apiUrl: emulator.url, secretKey: new Secret(emulator.organizations[0]!.secret_key), maxRetries: 0 })
    const failing = new SyncEngine({ cache, clientFor: () => client, commit: (i, s, r) => committer.commit(i, s, r), staging: committer })
    const [failed] = await failing.sync([id!])
    expect(failed!.status).toBe('failed')
    expect(dumpTables(cache.db, ['sync_runs', 'organizations'])).toEqual(before)
    const [ok] = await offThread().sync([id!])
    expect(ok!.status).toBe('ok')
    expect(cache.resources.count(id!, 'users')).toBe(230)
    expect(ok!.changes.users ?? { added: 0, removed: 0, modified: 0 }).toEqual({ added: 0, removed: 0, modified: 0 })
  })
})

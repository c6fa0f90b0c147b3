// Property: random sequences of API changes between syncs (every write endpoint that matters to
// the cache: policies, rules, groups and their members, users, applications, API keys, SSH keys),
// and after each incremental re-sync the cache equals, row for row, what a full sync into an
// empty cache produces. The incremental sync keeps the cached rules of every policy whose
// updated_at did not move (the emulator moves it on PUT /rules, as the real API does).
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { LATE_LOGS_MS, SyncEngine, type SyncRunSummary } from '../../src-main/core/features/sync/sync-engine'
import { DEFAULT_FULL_SYNC_POLICY } from '../../src-main/core/features/sync/full-sync'

const FULL_SYNC_EVERY = DEFAULT_FULL_SYNC_POLICY.every
import { dumpTables } from '../unit/cache-fixtures'

/** Bookkeeping that differs between two caches by nature (runs, history, journal, sync times). */
const BOOKKEEPING = ['sync_runs', 'changes', 'journal', 'jobs', 'job_steps', 'settings', 'organizations']
const PERMISSION_SETS = ['AllProductsFullAccess', 'IAMReadOnly', 'IAMManager', 'ContainerRegistryReadOnly', 'ObjectStorageReadOnly']

const OPS = [
  'policy.create',
  'policy.update',
  'policy.delete',
  'rules.put',
  'rules.put',
  'group.create',
  'group.update',
  'group.delete',
  'group.addMember',
  'group.removeMember',
  'user.create',
  'user.update',
  'user.delete',
  'application.create',
  'application.update',
  'application.delete',
  'apiKey.create',
  'apiKey.update',
  'apiKey.delete',
  'sshKey.create',
  'sshKey.update',
  'sshKey.delete',
] as const
type Op = (typeof OPS)[number]
interface Change {
  op: Op
  pick: number
  n: number
}

/** A fresh ed25519 public key in OpenSSH form. */
function sshPublicKey(comment: string): string {
  const der = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' })
  const raw = der.subarray(der.length - 32)
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b])
  return `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} ${comment}`
}

class World {
  counter = 0
  readonly applied = new Map<string, number>()
  constructor(
    readonly emulator: RunningEmulator,
    readonly org: EmulatorOrganization,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<{ ok: boolean; json: Record<string, unknown> }> {
    const res = await fetch(`${this.emulator.url}/iam/v1alpha1${path}`, {
      method,
      headers: { 'X-Auth-Token': this.org.secret_key, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const text = await res.text()
    return { ok: res.ok, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> }
  }

  async list<T>(path: string, field: string): Promise<T[]> {
    const sep = path.includes('?') ? '&' : '?'
    const r = await this.call('GET', `${path}${sep}organization_id=${this.org.organization_id}&page_size=100`)
    return (r.json[field] ?? []) as T[]
  }

  /** The owner key and its bearer are never touched: the test needs them. */
  async ownerBearer(): Promise<string | undefined> {
    const r = await this.call('GET', `/api-keys/${this.org.access_key}`)
    return (r.json.user_id ?? r.json.application_id) as string | undefined
  }

  async apply({ op, pick, n }: Change): Promise<void> {
    const o = this.org.organization_id
    const tag = `p${++this.counter}`
    const choose = <T>(items: T[]): T | undefined => (items.length === 0 ? undefined : items[pick % items.length])
    const owner = await this.ownerBearer()
    const rules = () => [{ permission_set_names: [PERMISSION_SETS[n % PERMISSION_SETS.length]!, PERMISSION_SETS[(n + pick) % PERMISSION_SETS.length]!], organization_id: o }]
    const policies = async () => (await this.list<{ id: string; editable: boolean }>('/policies', 'policies')).filter((p) => p.editable)
    const groups = () => this.list<{ id: string; user_ids: string[] }>('/groups', 'groups')
    const users = async () => (await this.list<{ id: string }>('/users', 'users')).filter((u) => u.id !== owner)
    const apps = async () => (await this.list<{ id: string; editable: boolean }>('/applications', 'applications')).filter((a) => a.id !== owner && a.editable !== false)
    const keys = async () => (await this.list<{ access_key: string }>('/api-keys', 'api_keys')).filter((k) => k.access_key !== this.org.access_key)
    const sshKeys = () => this.list<{ id: string }>('/ssh-keys', 'ssh_keys')
    let r: { ok: boolean } | undefined
    switch (op) {
      case 'policy.create':
        r = await this.call('POST', '/policies', { name: `prop-${tag}`, organization_id: o, no_principal: true, rules: rules() })
        break
      case 'policy.update': {
        const p = choose(await policies())
        if (p) r = await this.call('PATCH', `/policies/${p.id}`, { description: `changed ${tag}` })
        break
      }
      case 'policy.delete': {
        const p = choose(await policies())
        if (p) r = await this.call('DELETE', `/policies/${p.id}`)
        break
      }
      case 'rules.put': {
        const p = choose(await policies())
        if (p) r = await this.call('PUT', '/rules', { policy_id: p.id, rules: n % 5 === 0 ? [] : rules() })
        break
      }
      case 'group.create':
        r = await this.call('POST', '/groups', { name: `prop-${tag}`, organization_id: o })
        break
      case 'group.update': {
        const g = choose(await groups())
        if (g) r = await this.call('PATCH', `/groups/${g.id}`, { description: `changed ${tag}` })
        break
      }
      case 'group.delete': {
        const g = choose(await groups())
        if (g) r = await this.call('DELETE', `/groups/${g.id}`)
        break
      }
      case 'group.addMember': {
        const g = choose(await groups())
        const u = (await users())[n % Math.max(1, (await users()).length)]
        if (g && u) r = await this.call('POST', `/groups/${g.id}/add-member`, { user_id: u.id })
        break
      }
      case 'group.removeMember': {
        const g = choose((await groups()).filter((x) => x.user_ids.length > 0))
        if (g) r = await this.call('POST', `/groups/${g.id}/remove-member`, { user_id: g.user_ids[n % g.user_ids.length] })
        break
      }
      case 'user.create':
        r = await this.call('POST', '/users', { organization_id: o, email: `prop-${tag}-${n}@example.com` })
        break
      case 'user.update': {
        const u = choose(await users())
        if (u) r = await this.call('PATCH', `/users/${u.id}`, { tags: [`t${tag}`] })
        break
      }
      case 'user.delete': {
        const u = choose(await users())
        if (u) r = await this.call('DELETE', `/users/${u.id}`)
        break
      }
      case 'application.create':
        r = await this.call('POST', '/applications', { name: `prop-${tag}`, organization_id: o })
        break
      case 'application.update': {
        const a = choose(await apps())
        if (a) r = await this.call('PATCH', `/applications/${a.id}`, { description: `changed ${tag}` })
        break
      }
      case 'application.delete': {
        const a = choose(await apps())
        if (a) r = await this.call('DELETE', `/applications/${a.id}`)
        break
      }
      case 'apiKey.create': {
        const a = choose(await apps())
        if (a) r = await this.call('POST', '/api-keys', { application_id: a.id, description: `prop ${tag}` })
        break
      }
      case 'apiKey.update': {
        const k = choose(await keys())
        if (k) r = await this.call('PATCH', `/api-keys/${k.access_key}`, { description: `changed ${tag}` })
        break
      }
      case 'apiKey.delete': {
        const k = choose(await keys())
        if (k) r = await this.call('DELETE', `/api-keys/${k.access_key}`)
        break
      }
      case 'sshKey.create':
        r = await this.call('POST', '/ssh-keys', { name: `prop-${tag}`, project_id: this.org.project_id, public_key: sshPublicKey(tag) })
        break
      case 'sshKey.update': {
        const k = choose(await sshKeys())
        if (k) r = await this.call('PATCH', `/ssh-keys/${k.id}`, { name: `changed-${tag}` })
        break
      }
      case 'sshKey.delete': {
        const k = choose(await sshKeys())
        if (k) r = await this.call('DELETE', `/ssh-keys/${k.id}`)
        break
      }
    }
    if (r?.ok) this.applied.set(op, (this.applied.get(op) ?? 0) + 1)
  }
}

const change = fc.record({ op: fc.constantFrom(...OPS), pick: fc.nat(1000), n: fc.nat(1000) })
/** Rounds of changes, a sync after each round (fewer than FULL_SYNC_EVERY: every one incremental). */
const rounds = fc.array(fc.array(change, { minLength: 0, maxLength: 6 }), { minLength: 1, maxLength: 4 })

function syncer(cache: Cache, emulator: RunningEmulator, org: EmulatorOrganization, now?: () => Date): SyncEngine {
  const client = new ScalewayClient({ apiUrl: emulator.url, secretKey: new Secret(org.secret_key), maxRetries: 0 })
  cache.organizations.add({ id: org.organization_id, name: org.name, accessKey: org.access_key, apiUrl: emulator.url, secretStorage: 'session', defaultProjectId: org.project_id })
  return new SyncEngine({ cache, clientFor: () => client, now })
}

const ok = (s: SyncRunSummary[]) => {
  expect(s.map((x) => [x.status, x.error?.message])).toEqual([['ok', undefined]])
  return s[0]!
}

describe('incremental re-sync', () => {
  it('after random API changes, the incrementally synced cache equals a full sync into an empty cache', async () => {
    expect(FULL_SYNC_EVERY).toBeGreaterThan(4)
    const applied = new Map<string, number>()
    let skippedRequests = 0
    let run = 0
    await fc.assert(
      fc.asyncProperty(rounds, async (plan) => {
        const dir = mkdtempSync(join(tmpdir(), 'incr-sync-'))
        const emulator = await startEmulator({ orgs: 1, seed: 100 + run++, sizes: { users: 10, applications: 5, apiKeys: 8, groups: 4, policies: 8, sshKeys: 3, logs: 10, jwts: 2 } })
        const org = emulator.organizations[0]!
        const cache = openCache({ file: join(dir, 'incremental.db') })
        try {
          const world = new World(emulator, org)
          const engine = syncer(cache, emulator, org)
          ok(await engine.sync([org.organization_id])) // the first sync: full
          for (const [i, round] of plan.entries()) {
            for (const c of round) await world.apply(c)
            const incremental = ok(await engine.sync([org.organization_id]))
            const fresh = openCache({ file: join(dir, `full-${i}.db`) })
            try {
              const full = ok(await syncer(fresh, emulator, org).sync([org.organization_id], { full: true }))
              expect(incremental.requests).toBeLessThanOrEqual(full.requests)
              skippedRequests += full.requests - incremental.requests
              expect(dumpTables(cache.db, BOOKKEEPING)).toEqual(dumpTables(fresh.db, BOOKKEEPING))
            } finally {
              fresh.close()
            }
          }
          for (const [op, k] of world.applied) applied.set(op, (applied.get(op) ?? 0) + k)
        } finally {
          cache.close()
          await emulator.close()
          rmSync(dir, { recursive: true, force: true })
        }
      }),
      // One given example applies every change once, so each endpoint is exercised whatever is drawn.
      { numRuns: 16, seed: 18, endOnFailure: true, examples: [[[OPS.map((op, i) => ({ op, pick: i, n: i })), [{ op: 'rules.put', pick: 3, n: 2 }]]]] },
    )
    // The property was exercised: every kind of change was applied at least once overall, and
    // the incremental syncs skipped requests (the rules of unchanged policies).
    expect([...new Set(OPS)].filter((op) => !applied.get(op))).toEqual([])
    expect(skippedRequests).toBeGreaterThan(0)
  }, 60_000)

  it('a full sync is forced every FULL_SYNC_EVERY syncs, and by `full: true`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incr-sync-'))
    const emulator = await startEmulator({ orgs: 1, sizes: { users: 5, applications: 3, apiKeys: 4, groups: 2, policies: 6, sshKeys: 1, logs: 5, jwts: 1 } })
    const org = emulator.organizations[0]!
    const cache = openCache({ file: join(dir, 'cache.db') })
    try {
      const engine = syncer(cache, emulator, org)
      const requests: number[] = []
      for (let i = 0; i < FULL_SYNC_EVERY + 1; i++) requests.push(ok(await engine.sync([org.organization_id])).requests)
      const forced = ok(await engine.sync([org.organization_id], { full: true })).requests
      const policies = cache.resources.count(org.organization_id, 'policies')
      // Syncs 1 and FULL_SYNC_EVERY + 1 are full; the others skip one GET /rules per policy.
      expect(requests[0]! - requests[1]!).toBe(policies)
      expect(requests[FULL_SYNC_EVERY]).toBe(requests[0])
      expect(new Set(requests.slice(1, FULL_SYNC_EVERY)).size).toBe(1)
      expect(forced).toBe(requests[0])
    } finally {
      cache.close()
      await emulator.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('an incremental sync asks only for the audit logs since the newest cached one; a full sync reads them all and drops what Scaleway no longer keeps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incr-sync-'))
    const emulator = await startEmulator({ orgs: 1, sizes: { users: 3, applications: 2, apiKeys: 2, groups: 1, policies: 2, sshKeys: 1, logs: 30, jwts: 1 } })
    const org = emulator.organizations[0]!
    const cache = openCache({ file: join(dir, 'cache.db') })
    try {
      const client = new ScalewayClient({ apiUrl: emulator.url, secretKey: new Secret(org.secret_key), maxRetries: 0 })
      const asked: Array<string | undefined> = []
      const listLogs = client.listLogs.bind(client)
      client.listLogs = (q = {}, o) => (asked.push(q.created_after), listLogs(q, o))
      cache.organizations.add({ id: org.organization_id, name: org.name, accessKey: org.access_key, apiUrl: emulator.url, secretStorage: 'session', defaultProjectId: org.project_id })
      const engine = new SyncEngine({ cache, clientFor: () => client })
      const logs = () => cache.resources.list(org.organization_id, 'logs').map((l) => l.id).sort()
      ok(await engine.sync([org.organization_id]))
      const first = logs()
      expect(first).toHaveLength(30)
      const newest = Math.max(...cache.resources.list(org.organization_id, 'logs').map((l) => Date.parse(String(l.created_at))))
      // An entry Scaleway no longer keeps (older than its retention), still in the cache.
      const expired = { ...cache.resources.list(org.organization_id, 'logs')[0]!, id: '00000000-0000-4000-8000-00000000e0e0', created_at: '2020-01-01T00:00:00Z' }
      cache.resources.upsert(org.organization_id, 'logs', expired)
      // A change on Scaleway writes a new audit log entry.
      const app = (await (await fetch(`${emulator.url}/iam/v1alpha1/applications?organization_id=${org.organization_id}`, { headers: { 'x-auth-token': org.secret_key } })).json()) as { applications: Array<{ id: string }> }
      await fetch(`${emulator.url}/iam/v1alpha1/applications/${app.applications[0]!.id}`, { method: 'PATCH', headers: { 'x-auth-token': org.secret_key, 'content-type': 'application/json' }, body: JSON.stringify({ description: 'changed' }) })

      const incremental = ok(await engine.sync([org.organization_id]))
      expect(incremental.full).toBe(false)
      expect(asked[0]).toBeUndefined() // the first sync reads them all
      expect(Date.parse(asked[1]!)).toBe(newest - LATE_LOGS_MS)
      // The cached entries stay (the expired one too), the new one is added and counted.
      const after = logs()
      expect(after).toEqual(expect.arrayContaining([...first, expired.id]))
      expect(after).toHaveLength(32)
      expect(incremental.changes.logs).toMatchObject({ added: 1, removed: 0 })

      const full = ok(await engine.sync([org.organization_id], { full: true }))
      expect(asked[2]).toBeUndefined()
      expect(logs()).not.toContain(expired.id)
      expect(logs()).toHaveLength(31)
      expect(full.changes.logs).toMatchObject({ removed: 1 })
    } finally {
      cache.close()
      await emulator.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a sync is full once a day: the first after the last full one is 24 hours old', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incr-sync-'))
    const emulator = await startEmulator({ orgs: 1, sizes: { users: 3, applications: 2, apiKeys: 2, groups: 1, policies: 4, sshKeys: 1, logs: 2, jwts: 1 } })
    const org = emulator.organizations[0]!
    const cache = openCache({ file: join(dir, 'cache.db') })
    let clock = Date.parse('2026-11-30T08:00:00Z')
    try {
      const engine = syncer(cache, emulator, org, () => new Date(clock))
      const sync = async () => ok(await engine.sync([org.organization_id]))
      expect((await sync()).full).toBe(true) // the first
      clock += 23 * 3600_000
      expect((await sync()).full).toBe(false)
      clock += 1 * 3600_000
      expect((await sync()).full).toBe(true) // a day after the last full one
      expect((await sync()).full).toBe(false)
      expect(cache.syncRuns.lastFullAt(org.organization_id)).toBe(new Date(clock).toISOString())
    } finally {
      cache.close()
      await emulator.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

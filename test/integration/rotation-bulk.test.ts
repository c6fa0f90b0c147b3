// Fifty application keys across three organizations in one rotation job, with a 20-second
// propagation delay (on the shared clock), 429s and 5xx answers injected by the emulator, and two
// creates answered 503 by a proxy — one never reached Scaleway, one did (its key is found by its
// marker and deleted before the retry). One key deleted after the plan fails alone; every other
// key gets exactly one new key, verified, revealed once, old key in grace; the finish after the
// grace deletes the old keys. Nothing secret in the database, the logs or the events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type http from 'node:http'
import { relay, type Exchange } from './relay'
import { startEmulator, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary, RevealedKey, RotationStatus } from '../../src-preload/contract'
import { api } from './jobs-helpers'
import { appWithKey, authenticates, keysOf, leaks, openRotationDesk, TestClock, type AppKey, type RotationDesk } from './rotation-helpers'

/** Records each answer's status; answers the n-th creates 503 (before or after Scaleway saw them). */
async function faultyProxy(target: string, fail: { before: number; after: number }) {
  const statuses: Array<{ method: string; path: string; status: number }> = []
  let creates = 0
  const unavailable = (x: Exchange, res: http.ServerResponse) => {
    statuses.push({ method: x.method, path: x.path, status: 503 })
    res.writeHead(503, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ message: 'service unavailable', type: 'service_unavailable' }))
    return true
  }
  const isCreate = (x: Exchange) => x.method === 'POST' && x.path.endsWith('/api-keys')
  const r = await relay(target, {
    before: (x, res) => (isCreate(x) && ++creates === fail.before ? unavailable(x, res) : false),
    after: (x, status, res) => {
      if (isCreate(x) && creates === fail.after) return unavailable(x, res)
      statuses.push({ method: x.method, path: x.path, status })
      return false
    },
  })
  return { ...r, statuses }
}

describe('rotating 50 keys across 3 organizations with 429s and 5xx answers', () => {
  const clock = new TestClock()
  let emulator: RunningEmulator
  let relay: Awaited<ReturnType<typeof faultyProxy>>
  let desk: RotationDesk
  const keys: Array<AppKey & { organizationId: string }> = []
  let plan: Job
  const secrets: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 3, seed: 31, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0, jwts: 0 }, now: clock.now, faults: { keyPropagationSeconds: 20 } })
    for (let i = 0; i < 50; i++) {
      const org = emulator.organizations[i % 3]!
      keys.push({ ...(await appWithKey(emulator, org, `svc-${String(i).padStart(2, '0')}`)), organizationId: org.organization_id })
    }
    clock.advance(60_000)
    relay = await faultyProxy(emulator.url, { before: 5, after: 9 })
    desk = await openRotationDesk({ clock })
    for (const o of emulator.organizations) await desk.call('orgs.add', { accessKey: o.access_key, secretKey: o.secret_key, apiUrl: relay.url })
    await desk.call('sync.start', {})
  }, 120_000)
  afterAll(async () => {
    await desk?.close()
    await relay?.close()
    await emulator?.close()
  })

  it('one plan, one job: every key rotated once despite the faults; the one key gone since the plan fails alone', async () => {
    plan = await desk.call<Job>('jobs.planRotation', { keys: keys.map((k) => ({ organizationId: k.organizationId, accessKey: k.accessKey })) })
    expect(plan.planText).toBe('50 API keys to rotate in 3 organizations; old keys expire 1 day after their new key is delivered; new secrets: 50 to reveal once')
    expect(plan.steps).toHaveLength(200)
    // Deleted by someone else between the plan and the apply.
    const gone = keys[7]!
    await api(emulator, emulator.organizations.find((o) => o.organization_id === gone.organizationId)!, 'DELETE', `/api-keys/${gone.accessKey}`)
    emulator.admin.setFaults({ rate429: 0.15, retryAfterSeconds: 0, rate5xx: 0.03 })
    const started = clock.now().getTime()
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    emulator.admin.setFaults({ rate429: 0, rate5xx: 0 })
    expect(done.state).toBe('finished')
    expect(done.counts).toMatchObject({ steps: 200, done: 196, failed: 1, skipped: 3, running: 0, pending: 0 })
    // The propagation delay was waited out on the clock (in each organization), never in real time.
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(20_000)
    expect(relay.statuses.some((s) => s.status === 429)).toBe(true)
    expect(relay.statuses.filter((s) => s.status === 503 && s.method === 'POST' && s.path.endsWith('/api-keys')).length).toBeGreaterThanOrEqual(2)

    const job = await desk.call<Job>('jobs.get', { id: plan.id })
    const failed = job.steps.find((s) => s.state === 'failed')!
    expect(failed).toMatchObject({ action: 'apiKey.rotateCreate', target: { id: gone.accessKey } })
    expect(failed.message).toBe(`The key ${gone.accessKey} no longer exists on Scaleway: there is nothing to rotate.`)
    // The create whose 503 came after Scaleway made the key: that key was found and deleted first.
    expect(job.steps.filter((s) => /key left by an interrupted attempt \(whose secret never arrived\) deleted first/.test(s.message ?? '')).length).toBeGreaterThanOrEqual(1)
    for (const k of keys) {
      if (k === gone) continue
      const org = emulator.organizations.find((o) => o.organization_id === k.organizationId)!
      const all = await keysOf(emulator, org, k.applicationId)
      expect(all.map((x) => x.access_key === k.accessKey ? 'old' : x.description), k.name).toEqual(expect.arrayContaining(['old', `${k.name} deploy key (rotation of ${k.accessKey})`]))
      expect(all, k.name).toHaveLength(2)
    }
  }, 120_000)

  it('reveals the 49 new secrets once; each authenticates', async () => {
    const revealed = await desk.call<{ keys: RevealedKey[]; waiting: number }>('jobs.rotationReveal', { id: plan.id })
    expect(revealed.keys).toHaveLength(49)
    expect(revealed.waiting).toBe(0)
    for (const k of revealed.keys) expect(await authenticates(emulator, k.accessKey, k.secretKey)).toBe(200)
    secrets.push(...revealed.keys.map((k) => k.secretKey))
    expect((await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: plan.id })).keys).toEqual([])
  }, 60_000)

  it('finishes after the grace: 49 old keys deleted, the new ones kept', async () => {
    const statuses = await desk.call<RotationStatus[]>('jobs.rotations', {})
    expect(statuses.filter((s) => s.state === 'in_grace')).toHaveLength(49)
    expect(statuses.filter((s) => s.state === 'failed')).toHaveLength(1)
    clock.advance(25 * 3_600_000)
    const finish = await desk.call<Job>('jobs.planRotationFinish', {})
    expect(finish.planText).toBe('49 old keys to delete (irreversible) in 3 organizations')
    expect((await desk.call<JobSummary>('jobs.apply', { id: finish.id })).counts).toMatchObject({ done: 49, failed: 0 })
    for (const k of keys) {
      const org = emulator.organizations.find((o) => o.organization_id === k.organizationId)!
      const left = await keysOf(emulator, org, k.applicationId)
      expect(left.map((x) => x.access_key)).not.toContain(k.accessKey)
    }
    expect((await desk.call<RotationStatus[]>('jobs.rotations', { states: ['finished'] })).length).toBe(49)
  }, 60_000)

  it('canary: none of the 49 secrets in the database, its WAL, the logs or the event stream', () => {
    expect(leaks(desk, secrets)).toEqual([])
  })
})

// Key rotation killed with SIGKILL at each step, then resumed by a new process: never a second new
// key for the same old key (a create whose answer was lost is reconciled first), never a lost
// secret reference (the new secret is in the keychain from the moment Scaleway answers), and the
// keychain consistent (IAM Desk's entry and access key agree; nothing pending left behind).
// Each kill lands at an exact point: the child freezes itself (Atomics.wait) right after the
// event that marks it, or the proxy in front of the emulator holds Scaleway's answer to the create.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { relay } from './relay'
import { ROOT, runAndKill } from './kill-child'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary, Organization, RevealedKey } from '../../src-preload/contract'
import { appWithKey, authenticates, keysOf, leaks, openRotationDesk, type AppKey, type RotationDesk } from './rotation-helpers'


// Applies a job; freezes at the kill point named by `mode` and says so on stdout.
const CHILD = (root: string) => `
import { writeSync } from 'node:fs'
import { join } from 'node:path'
import { InspectableKeychain, openRotationDesk } from '${root}/test/integration/rotation-helpers'
const [dir, jobId, mode, orgId, scwConfigPath] = process.argv.slice(2)
const freeze = (marker) => {
  writeSync(1, marker + '\\n')
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
}
class Keychain extends InspectableKeychain {
  async set(id, secret) {
    await super.set(id, secret)
    if (mode === 'pending-written' && id.endsWith(':new')) freeze('KILL_ME')
    if (mode === 'org-secret-written' && id === orgId) freeze('KILL_ME')
  }
}
const desk = await openRotationDesk({ dir, scwConfigPath, keychain: new Keychain(join(dir, 'test-keychain.json')) })
desk.app.hub.subscribe((name, payload) => {
  if (name !== 'jobs.progress' || !payload.step) return
  if (mode === 'after:' + payload.step.action && payload.step.state === 'done') freeze('KILL_ME')
})
await desk.call('jobs.apply', { id: jobId })
writeSync(1, 'FINISHED\\n')
`

/** A proxy that records requests and, when armed, holds the next create's answer and calls `onHeld`. */
async function proxy(target: string) {
  let hold: (() => void) | null = null
  const r = await relay(target, {
    after: (x) => {
      if (!(hold && x.method === 'POST' && x.path.endsWith('/api-keys'))) return false
      // Scaleway made the key; its answer never reaches IAM Desk.
      const onHeld = hold
      hold = null
      onHeld()
      return true
    },
  })
  return {
    ...r,
    holdNextCreate(onHeld: () => void) {
      hold = onHeld
    },
  }
}

describe('a rotation killed at each step, then resumed', () => {
  let emulator: RunningEmulator
  let org: EmulatorOrganization
  let relay: Awaited<ReturnType<typeof proxy>>
  let dir: string
  let script: string
  /** A Scaleway CLI config whose default profile uses IAM Desk's own key (the last test rotates it). */
  let scwPath: string
  let scwOriginal: string
  const newSecrets: string[] = []
  const last: { desk?: RotationDesk } = {}

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, seed: 21, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0, jwts: 0 } })
    org = emulator.organizations[0]!
    relay = await proxy(emulator.url)
    dir = mkdtempSync(join(tmpdir(), 'rotation-kill-'))
    script = join(dir, 'child.mts')
    writeFileSync(script, CHILD(ROOT))
    scwPath = join(dir, 'scw', 'config.yaml')
    scwOriginal = `# my laptop\naccess_key: ${org.access_key}\nsecret_key: ${org.secret_key}\ndefault_organization_id: ${org.organization_id}\n`
    mkdirSync(join(dir, 'scw'), { mode: 0o700 })
    writeFileSync(scwPath, scwOriginal)
    chmodSync(scwPath, 0o600)
    const desk = await openRotationDesk({ dir, scwConfigPath: scwPath })
    await desk.call('orgs.add', { accessKey: org.access_key, secretKey: org.secret_key, apiUrl: relay.url })
    await desk.close()
  }, 60_000)
  afterAll(async () => {
    await last.desk?.close()
    await relay?.close()
    await emulator?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Plans rotating `keys` in a fresh desk on `dir`, closes it, runs the child until the kill, reopens. */
  async function killedRotation(accessKeys: string[], mode: string, arm?: (kill: () => void) => void): Promise<{ desk: RotationDesk; plan: Job }> {
    const first = await openRotationDesk({ dir, scwConfigPath: scwPath })
    await first.call('sync.start', {})
    const plan = await first.call<Job>('jobs.planRotation', { keys: accessKeys.map((accessKey) => ({ organizationId: org.organization_id, accessKey })) })
    await first.close()
    const { signal, out } = await runAndKill(script, [dir, plan.id, mode, org.organization_id, scwPath], 'KILL_ME', (kill) => arm?.(kill))
    expect(signal).toBe('SIGKILL')
    expect(out).not.toContain('FINISHED')
    const desk = await openRotationDesk({ dir, scwConfigPath: scwPath })
    last.desk = desk
    const [shown] = await desk.call<JobSummary[]>('jobs.list', {})
    expect(shown!.id).toBe(plan.id)
    expect(shown!.state).toBe('interrupted')
    return { desk, plan }
  }

  const createsFor = (app: AppKey) => relay.seen.filter((r) => r.method === 'POST' && r.path.endsWith('/api-keys') && r.body.includes(app.applicationId)).length

  async function resumeAndCheck(desk: RotationDesk, plan: Job, app: AppKey): Promise<string> {
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.state).toBe('finished')
    expect(done.counts).toMatchObject({ failed: 0, skipped: 0, pending: 0, running: 0 })
    const keys = await keysOf(emulator, org, app.applicationId)
    // The old key and exactly one new key.
    expect(keys).toHaveLength(2)
    const created = keys.find((k) => k.access_key !== app.accessKey)!
    expect(created.description).toContain(`(rotation of ${app.accessKey})`)
    const revealed = await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: plan.id })
    expect(revealed.keys.map((k) => k.accessKey)).toEqual([created.access_key])
    expect(await authenticates(emulator, created.access_key, revealed.keys[0]!.secretKey)).toBe(200)
    newSecrets.push(revealed.keys[0]!.secretKey)
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([])
    await desk.close()
    last.desk = undefined
    return created.access_key
  }

  it("create sent, Scaleway's answer lost: the orphan (whose secret never arrived) is deleted before one new key is made", async () => {
    const app = await appWithKey(emulator, org, 'lost-answer')
    const { desk, plan } = await killedRotation([app.accessKey], 'none', (kill) => relay.holdNextCreate(kill))
    const job = await desk.call<Job>('jobs.get', { id: plan.id })
    expect(job.steps[0]).toMatchObject({ action: 'apiKey.rotateCreate', state: 'running' })
    const orphan = (await keysOf(emulator, org, app.applicationId)).find((k) => k.access_key !== app.accessKey)!
    expect(orphan).toBeDefined()
    const created = await resumeAndCheck(desk, plan, app)
    expect(created).not.toBe(orphan.access_key)
    expect(relay.seen.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/api-keys/${orphan.access_key}`))).toHaveLength(1)
    expect(createsFor(app)).toBe(2)
    const final = await openRotationDesk({ dir, scwConfigPath: scwPath })
    expect((await final.call<Job>('jobs.get', { id: plan.id })).steps[0]!.message).toMatch(/1 key left by an interrupted attempt \(whose secret never arrived\) deleted first/)
    await final.close()
  }, 60_000)

  it('killed right after the new secret reached the keychain: the resumed create adopts that key, no second create', async () => {
    const app = await appWithKey(emulator, org, 'pending-written')
    const { desk, plan } = await killedRotation([app.accessKey], 'pending-written')
    expect((await desk.call<Job>('jobs.get', { id: plan.id })).steps[0]!.state).toBe('running')
    await resumeAndCheck(desk, plan, app)
    expect(createsFor(app)).toBe(1)
    const final = await openRotationDesk({ dir, scwConfigPath: scwPath })
    expect((await final.call<Job>('jobs.get', { id: plan.id })).steps[0]).toMatchObject({ state: 'already', message: expect.stringMatching(/^Created before the interruption/) })
    await final.close()
  }, 60_000)

  for (const step of ['apiKey.rotateCreate', 'apiKey.rotateVerify', 'apiKey.rotateDeliver', 'apiKey.rotateGrace'] as const) {
    it(`killed after ${step}: resumed to the end with one new key and its secret kept`, async () => {
      // Two keys, so the kill after the first key's last step still leaves the job unfinished.
      const app = await appWithKey(emulator, org, `after-${step}`)
      const second = await appWithKey(emulator, org, `second-${step}`)
      const { desk, plan } = await killedRotation([app.accessKey, second.accessKey], `after:${step}`)
      const before = await desk.call<Job>('jobs.get', { id: plan.id })
      expect(before.steps.find((s) => s.action === step && s.target.id === app.accessKey)!.state).toBe('done')
      const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
      expect(done.counts).toMatchObject({ failed: 0, pending: 0, running: 0 })
      for (const a of [app, second]) {
        const keys = await keysOf(emulator, org, a.applicationId)
        expect(keys, a.name).toHaveLength(2)
        expect(createsFor(a), a.name).toBe(1)
        expect(keys.find((k) => k.access_key === a.accessKey)!.expires_at).not.toBeNull()
      }
      const revealed = await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: plan.id })
      expect(revealed.keys).toHaveLength(2)
      for (const k of revealed.keys) expect(await authenticates(emulator, k.accessKey, k.secretKey)).toBe(200)
      newSecrets.push(...revealed.keys.map((k) => k.secretKey))
      await desk.close()
      last.desk = undefined
    }, 60_000)
  }

  it("IAM Desk's own key that the scw config also uses, killed between the keychain write and the profile and file updates: resumed, keychain, profile and file agree", async () => {
    const { desk, plan } = await killedRotation([org.access_key], 'org-secret-written')
    expect(plan.steps[0]!.params.rotation).toMatchObject({ self: true, delivery: 'keychain', updateScwConfig: true, scwProfiles: ['default'] })
    // Killed after verification, with the organization's keychain entry already holding the new
    // secret; the profile still names the old key and the scw config is untouched.
    const before = await desk.call<Job>('jobs.get', { id: plan.id })
    expect(before.steps.find((s) => s.action === 'apiKey.rotateVerify')!.state).toBe('done')
    expect(before.steps.find((s) => s.action === 'apiKey.rotateDeliver')!.state).toBe('running')
    expect((await desk.call<Organization[]>('orgs.list', {}))[0]!.accessKey).toBe(org.access_key)
    expect(readFileSync(scwPath, 'utf8')).toBe(scwOriginal)

    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.counts).toMatchObject({ failed: 0, done: 4 })
    const [profile] = await desk.call<Organization[]>('orgs.list', {})
    const secret = desk.keychain.entries()[org.organization_id]!
    expect(profile!.accessKey).not.toBe(org.access_key)
    expect(await authenticates(emulator, profile!.accessKey, secret)).toBe(200)
    newSecrets.push(secret)
    // The scw config names the same new pair, its comment and mode kept, one backup of the original.
    expect(readFileSync(scwPath, 'utf8')).toBe(scwOriginal.replace(org.access_key, profile!.accessKey).replace(org.secret_key, secret))
    expect(statSync(scwPath).mode & 0o777).toBe(0o600)
    const backups = readdirSync(join(dir, 'scw')).filter((f) => f.endsWith('.bak'))
    expect(backups).toHaveLength(1)
    expect(readFileSync(join(dir, 'scw', backups[0]!), 'utf8')).toBe(scwOriginal)
    const entries = desk.keychain.entries()
    // The previous secret kept once (the original, not the new one written before the kill).
    expect(entries[`rotation:${plan.id}:${org.access_key}:previous`]).toBe(org.secret_key)
    expect(entries[`rotation:${plan.id}:${org.access_key}:new`]).toBeUndefined()
    // One new key for the owner, made once.
    const owner = plan.steps[0]!.params.rotation!.bearer.id
    expect((await keysOf(emulator, org, owner)).filter((k) => k.description.includes(`(rotation of ${org.access_key})`))).toHaveLength(1)
    expect(relay.seen.filter((r) => r.method === 'POST' && r.path.endsWith('/api-keys') && r.body.includes(owner))).toHaveLength(1)
    expect((await desk.call<Array<{ status: string }>>('sync.start', {}))[0]!.status).toBe('ok')
  }, 60_000)

  it('canary: no new secret in the database or its WAL (journal included), the logs or the events of the resumed process', () => {
    expect(newSecrets.length).toBeGreaterThanOrEqual(11)
    const desk = last.desk!
    expect(leaks(desk, newSecrets)).toEqual([])
  })
})

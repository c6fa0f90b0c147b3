// The guards around key rotation: setting IAM Desk's own key to expire (the API-key edit dialog's
// apiKeys.update, an offboarding's "expire") is a self-lockout refusal unless overridden; a new key
// that never authenticates stops its rotation at verification — nothing delivered, the old key left
// alone, IAM Desk's keychain untouched — and the rollback deletes it.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import { checkSelfLockout } from '../../src-main/core/features/writes/self-lockout'
import type { Job, JobSummary, RevealedKey, RotationStatus } from '../../src-preload/contract'
import { appWithKey, authenticates, keysOf, leaks, openRotationDesk, TestClock, type AppKey, type RotationDesk } from './rotation-helpers'

describe('checkSelfLockout: an expiry on IAM Desk\'s own key', () => {
  const view = {
    organizationId: 'o',
    organizationName: 'Acme',
    accessKey: 'SCWOWNOWNOWNOWNOWNOW',
    bearer: { type: 'user' as const, id: 'u' },
    bearerLabel: 'owner ada',
    bearerIsOwner: true,
    groups: [],
    policies: [],
    rulesOf: () => [],
  }
  it('is a lockout even for the owner (an expired key does not authenticate), another key\'s is not', () => {
    const v = checkSelfLockout(view, { kind: 'expireApiKey', accessKey: view.accessKey, expiresAt: '2026-04-01T00:00:00Z' })
    expect(v).toMatchObject({ lockout: true })
    expect(v.lockout && v.explanation).toMatch(/sets the API key IAM Desk uses for Acme \(SCWOWNOWNOWNOWNOWNOW, held by owner ada\) to expire on 2026-04-01T00:00:00Z; .*Rotate it instead/)
    expect(checkSelfLockout(view, { kind: 'expireApiKey', accessKey: 'SCWOTHEROTHEROTHER00', expiresAt: '2026-04-01T00:00:00Z' }).lockout).toBe(false)
  })
})

describe('guards against the emulator', () => {
  const clock = new TestClock()
  let emulator: RunningEmulator
  let org: EmulatorOrganization
  let desk: RotationDesk
  let app: AppKey
  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, seed: 5, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0, jwts: 0 }, now: clock.now })
    org = emulator.organizations[0]!
    app = await appWithKey(emulator, org, 'ci-deployer')
    desk = await openRotationDesk({ clock })
    await desk.call('orgs.add', { accessKey: org.access_key, secretKey: org.secret_key, apiUrl: emulator.url })
    await desk.call('sync.start', {})
  }, 60_000)
  afterAll(async () => {
    await desk?.close()
    await emulator?.close()
  })

  it("apiKeys.update refuses to set IAM Desk's own key to expire unless overridden; other edits go through", async () => {
    const at = new Date(clock.now().getTime() + 30 * 86_400_000).toISOString()
    const refused = await desk.fail('apiKeys.update', { organizationId: org.organization_id, accessKey: org.access_key, expiresAt: at })
    expect(refused.code).toBe('CONFLICT')
    expect(refused.details).toMatchObject({ selfLockout: true })
    expect((await desk.call<{ description: string }>('apiKeys.update', { organizationId: org.organization_id, accessKey: org.access_key, description: 'IAM Desk' })).description).toBe('IAM Desk')
    expect((await desk.call<{ expires_at: string }>('apiKeys.update', { organizationId: org.organization_id, accessKey: app.accessKey, expiresAt: at })).expires_at).toBe(at)
    const forced = await desk.call<{ expires_at: string }>('apiKeys.update', { organizationId: org.organization_id, accessKey: org.access_key, expiresAt: at, override: true })
    expect(forced.expires_at).toBe(at)
  })

  it('stops at verification when the new key never authenticates: nothing delivered, old key untouched; rollback deletes the new key', async () => {
    await desk.call('sync.start', {})
    // Ten minutes of propagation: longer than the two minutes verification waits.
    emulator.admin.setKeyPropagation(600, org.organization_id)
    const before = (await keysOf(emulator, org, app.applicationId))[0]!
    const keychainBefore = desk.keychain.entries()[org.organization_id]
    const plan = await desk.call<Job>('jobs.planRotation', {
      keys: [
        { organizationId: org.organization_id, accessKey: app.accessKey },
        { organizationId: org.organization_id, accessKey: org.access_key },
      ],
    })
    const started = clock.now().getTime()
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.counts).toMatchObject({ done: 2, failed: 2, skipped: 4 })
    // Two minutes each on the shared clock, no real waiting.
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(2 * 120_000)
    const job = await desk.call<Job>('jobs.get', { id: plan.id })
    const verify = job.steps.filter((s) => s.action === 'apiKey.rotateVerify')
    expect(verify.map((s) => s.state)).toEqual(['failed', 'failed'])
    expect(verify[0]!.message).toMatch(/still does not authenticate after 120 s: its secret was not delivered and the old key .* was left as it was\. Roll back to delete the new key\./)
    expect(job.steps.filter((s) => s.action === 'apiKey.rotateDeliver' || s.action === 'apiKey.rotateGrace').map((s) => s.state)).toEqual(['skipped', 'skipped', 'skipped', 'skipped'])
    // The old keys as they were; IAM Desk still on its old key and secret.
    const after = await keysOf(emulator, org, app.applicationId)
    expect(after.find((k) => k.access_key === app.accessKey)).toEqual(before)
    expect(desk.keychain.entries()[org.organization_id]).toBe(keychainBefore)
    const statuses = await desk.call<RotationStatus[]>('jobs.rotations', { states: ['failed'] })
    expect(statuses.map((s) => s.canRollBack)).toEqual([true, true])

    const rollback = await desk.call<Job>('jobs.planRotationRollback', { rotations: statuses.map((s) => ({ jobId: s.jobId, oldAccessKey: s.oldAccessKey })) })
    // IAM Desk's own key last.
    expect(rollback.steps.map((s) => s.target.id)).toEqual([app.accessKey, org.access_key])
    expect((await desk.call<JobSummary>('jobs.apply', { id: rollback.id })).counts).toMatchObject({ done: 2, failed: 0 })
    expect((await keysOf(emulator, org, app.applicationId)).map((k) => k.access_key)).toEqual([app.accessKey])
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([])
    expect((await desk.call<Array<{ status: string }>>('sync.start', {}))[0]!.status).toBe('ok')
  }, 60_000)

  it('reveal can also write the secrets, in the same call, to a new 0600 file (.env or JSON); an existing file is refused and nothing is lost', async () => {
    emulator.admin.setKeyPropagation(null, org.organization_id)
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: app.accessKey }] })
    expect((await desk.call<JobSummary>('jobs.apply', { id: plan.id })).counts.done).toBe(4)
    const dir = mkdtempSync(join(tmpdir(), 'rotation-export-'))
    const taken = join(dir, 'taken.env')
    writeFileSync(taken, 'keep me\n')
    const refused = await desk.fail('jobs.rotationReveal', { id: plan.id, exportTo: { path: taken, format: 'env' } })
    expect(refused.code).toBe('CONFLICT')
    expect(readFileSync(taken, 'utf8')).toBe('keep me\n')
    expect((await desk.fail('jobs.rotationReveal', { id: plan.id, exportTo: { path: 'relative.env', format: 'env' } })).code).toBe('BAD_REQUEST')
    // Still there to reveal.
    const path = join(dir, 'ci-deployer.env')
    const answer = await desk.call<{ keys: RevealedKey[]; exported: boolean }>('jobs.rotationReveal', { id: plan.id, exportTo: { path, format: 'env' } })
    expect(answer.exported).toBe(true)
    const [k] = answer.keys
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe(`# New API key from IAM Desk.\n# ${k!.organizationName}: application "ci-deployer" (replaces ${app.accessKey})\nSCW_ACCESS_KEY=${k!.accessKey}\nSCW_SECRET_KEY=${k!.secretKey}\nSCW_DEFAULT_ORGANIZATION_ID=${org.organization_id}\n`)
    expect(await authenticates(emulator, k!.accessKey, k!.secretKey)).toBe(200)
    const again = await desk.call<{ keys: RevealedKey[]; exported: boolean }>('jobs.rotationReveal', { id: plan.id, exportTo: { path: join(dir, 'second.json'), format: 'json' } })
    expect(again).toMatchObject({ keys: [], exported: false })
    expect(leaks(desk, [k!.secretKey])).toEqual([])
  }, 60_000)

  it('a rotation rolled back while it was stopped half-way does not start again when the job is resumed', async () => {
    const one = await appWithKey(emulator, org, 'half-way-one')
    const two = await appWithKey(emulator, org, 'half-way-two')
    await desk.call('sync.start', {})
    const plan = await desk.call<Job>('jobs.planRotation', {
      keys: [
        { organizationId: org.organization_id, accessKey: one.accessKey },
        { organizationId: org.organization_id, accessKey: two.accessKey },
      ],
    })
    // Cancelled right after the first key's create.
    const off = desk.app.hub.subscribe((name, payload) => {
      const p = payload as { step?: { action: string; state: string; target: { id: string } } | null }
      if (name === 'jobs.progress' && p.step?.action === 'apiKey.rotateCreate' && p.step.state === 'done' && p.step.target.id === one.accessKey) void desk.call('jobs.cancel', { id: plan.id })
    })
    expect((await desk.call<JobSummary>('jobs.apply', { id: plan.id })).state).toBe('cancelled')
    off()
    const [st] = (await desk.call<RotationStatus[]>('jobs.rotations', {})).filter((r) => r.oldAccessKey === one.accessKey)
    expect(st).toMatchObject({ state: 'failed', canRollBack: true })
    const rollback = await desk.call<Job>('jobs.planRotationRollback', { rotations: [{ jobId: plan.id, oldAccessKey: one.accessKey }] })
    expect((await desk.call<JobSummary>('jobs.apply', { id: rollback.id })).counts).toMatchObject({ done: 1, failed: 0 })
    // Resumed: the rolled-back key's remaining steps are skipped, the other key is rotated.
    const resumed = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(resumed.state).toBe('finished')
    const job = await desk.call<Job>('jobs.get', { id: plan.id })
    expect(job.steps.filter((s) => s.target.id === one.accessKey && s.action !== 'apiKey.rotateCreate').map((s) => [s.state, s.message])).toEqual([
      ['skipped', "Not run: this key's rotation was rolled back."],
      ['skipped', "Not run: this key's rotation was rolled back."],
      ['skipped', "Not run: this key's rotation was rolled back."],
    ])
    expect((await keysOf(emulator, org, one.applicationId)).map((k) => k.access_key)).toEqual([one.accessKey])
    expect(await keysOf(emulator, org, two.applicationId)).toHaveLength(2)
    expect((await desk.call<RotationStatus[]>('jobs.rotations', {})).find((r) => r.oldAccessKey === one.accessKey)!.state).toBe('rolled_back')
  }, 60_000)
})

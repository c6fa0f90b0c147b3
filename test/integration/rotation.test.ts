// API-key rotation against the emulator, with a 20-second propagation delay on Scaleway's side
// made fast by the shared clock (verification moves it, nothing sleeps): one application key
// (plan, create, verify, reveal once, grace, finish after the grace), a rollback (expiry back,
// new key gone; a key that never expired gets the farthest expiry accepted), IAM Desk's own key
// (the keychain holds the new secret only after verification, the next sync uses it, the finish
// deletes the old key), the scw config rewrite, keys that cannot be rotated, the quota, and the
// canary: no new secret in the database, its WAL, the logs or the event stream.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary, Organization, RevealedKey, RotationStatus } from '../../src-preload/contract'
import { api } from './jobs-helpers'
import { appWithKey, authenticates, keysOf, leaks, openRotationDesk, TestClock, type AppKey, type RotationDesk } from './rotation-helpers'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('rotating API keys of one organization (20 s propagation delay)', () => {
  const clock = new TestClock()
  let emulator: RunningEmulator
  let org: EmulatorOrganization
  let desk: RotationDesk
  let scwDir: string
  let scwPath: string
  let ci: AppKey
  let expiring: AppKey
  let forever: AppKey
  let scwKey: AppKey
  /** Every new secret that went anywhere, for the canary. */
  const newSecrets: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, seed: 11, sizes: { users: 3, applications: 1, groups: 1, policies: 1, apiKeys: 2, sshKeys: 0, logs: 0, jwts: 0 }, now: clock.now, faults: { keyPropagationSeconds: 20 } })
    org = emulator.organizations[0]!
    ci = await appWithKey(emulator, org, 'ci-deployer')
    expiring = await appWithKey(emulator, org, 'nightly-export', { expiresAt: new Date(clock.now().getTime() + 90 * DAY).toISOString() })
    forever = await appWithKey(emulator, org, 'metrics-agent')
    scwKey = await appWithKey(emulator, org, 'laptop-cli')
    // The application keys exist "already": past their propagation.
    clock.advance(60_000)
    scwDir = mkdtempSync(join(tmpdir(), 'rotation-scw-'))
    scwPath = join(scwDir, 'config.yaml')
    const fixture = readFileSync(join(__dirname, '../fixtures/scw/rotation.yaml'), 'utf8')
    writeFileSync(scwPath, fixture.replaceAll('SCW5EEEEEEEEEEEEEEEE', scwKey.accessKey).replaceAll('3eaf8c31-4d4d-4f4f-8061-4c5d6e7f8091', scwKey.secretKey))
    chmodSync(scwPath, 0o600)
    desk = await openRotationDesk({ clock, scwConfigPath: scwPath })
    await desk.call('orgs.add', { accessKey: org.access_key, secretKey: org.secret_key, apiUrl: emulator.url })
    await desk.call('sync.start', {})
  }, 60_000)
  afterAll(async () => {
    await desk?.close()
    await emulator?.close()
  })

  const status = async (oldAccessKey: string) => (await desk.call<RotationStatus[]>('jobs.rotations', {})).find((r) => r.oldAccessKey === oldAccessKey)!

  it('plans one application key: new key for the same bearer, same lifetime, 24 h grace, revealed once, quota checked; nothing sent', async () => {
    emulator.admin.resetCounters()
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: expiring.accessKey }] })
    expect(emulator.admin.requestCount()).toBe(0)
    expect(plan.kind).toBe('rotation')
    expect(plan.state).toBe('planned')
    expect(plan.steps.map((s) => [s.action, s.state])).toEqual([
      ['apiKey.rotateCreate', 'pending'],
      ['apiKey.rotateVerify', 'pending'],
      ['apiKey.rotateDeliver', 'pending'],
      ['apiKey.rotateGrace', 'pending'],
    ])
    const r = plan.steps[0]!.params.rotation!
    expect(r).toMatchObject({
      oldAccessKey: expiring.accessKey,
      bearer: { type: 'application', id: expiring.applicationId, label: 'application "nightly-export"' },
      description: `nightly-export deploy key (rotation of ${expiring.accessKey})`,
      expiry: { kind: 'lifetime', seconds: 90 * 86_400 },
      graceSeconds: 86_400,
      delivery: 'reveal',
      self: false,
    })
    expect(plan.planText).toBe('1 API key to rotate in 1 organization; old keys expire 1 day after their new key is delivered; new secrets: 1 to reveal once')
    await desk.call('jobs.abandon', { id: plan.id })
  })

  it('rotates an application key: created, verified once it propagates, revealed once, old key in grace for 24 h', async () => {
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: ci.accessKey }] })
    const started = clock.now().getTime()
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.state).toBe('finished')
    expect(done.counts).toMatchObject({ done: 4, failed: 0, skipped: 0 })
    const job = await desk.call<Job>('jobs.get', { id: plan.id })
    // The new key answered 401 until its 20 seconds had passed on the emulator's clock.
    expect(job.steps[1]!.message).toMatch(/authenticates \(after (2\d) s\)/)
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(20_000)

    const keys = await keysOf(emulator, org, ci.applicationId)
    expect(keys).toHaveLength(2)
    const old = keys.find((k) => k.access_key === ci.accessKey)!
    const created = keys.find((k) => k.access_key !== ci.accessKey)!
    expect(created.description).toBe(`ci-deployer deploy key (rotation of ${ci.accessKey})`)
    expect(created.expires_at).toBeNull()
    // The old key keeps working for the grace period, then expires.
    expect(Date.parse(old.expires_at!)).toBe(Date.parse(job.steps[3]!.before ? (job.steps[3]!.before as { graceEndsAt: string }).graceEndsAt : ''))
    expect(Date.parse(old.expires_at!) - clock.now().getTime()).toBeGreaterThan(DAY - 60_000)
    expect(await authenticates(emulator, ci.accessKey, ci.secretKey)).toBe(200)

    const st = await status(ci.accessKey)
    expect(st).toMatchObject({ state: 'in_grace', newAccessKey: created.access_key, awaitingReveal: true, canRollBack: true, delivery: 'reveal' })

    // The one answer that carries the secret; a second call has nothing.
    const first = await desk.call<{ keys: RevealedKey[]; waiting: number }>('jobs.rotationReveal', { id: plan.id })
    expect(first.keys).toHaveLength(1)
    expect(first.keys[0]).toMatchObject({ oldAccessKey: ci.accessKey, accessKey: created.access_key, organizationId: org.organization_id })
    expect(await authenticates(emulator, created.access_key, first.keys[0]!.secretKey)).toBe(200)
    newSecrets.push(first.keys[0]!.secretKey)
    expect((await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: plan.id })).keys).toEqual([])
    expect((await status(ci.accessKey)).awaitingReveal).toBe(false)
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([])
  }, 60_000)

  it('finishes only once the grace period is over: the old key is deleted, the new one stays', async () => {
    expect((await desk.fail('jobs.planRotationFinish', {})).message).toBe('No rotation is waiting for its finish.')
    const [st] = (await desk.call<RotationStatus[]>('jobs.rotations', { states: ['in_grace'] })).filter((r) => r.oldAccessKey === ci.accessKey)
    const early = await desk.call<Job>('jobs.planRotationFinish', { rotations: [{ jobId: st!.jobId, oldAccessKey: ci.accessKey }] })
    expect(early.steps[0]).toMatchObject({ state: 'skipped', message: `Not deleted: its grace period runs until ${st!.graceEndsAt}.` })
    await desk.call('jobs.abandon', { id: early.id })

    clock.advance(DAY + 1000)
    expect(await authenticates(emulator, ci.accessKey, ci.secretKey)).toBe(401)
    expect((await status(ci.accessKey)).state).toBe('due')
    const finish = await desk.call<Job>('jobs.planRotationFinish', {})
    expect(finish.kind).toBe('rotationFinish')
    expect(finish.steps.filter((s) => s.state === 'pending').map((s) => s.target.id)).toEqual([ci.accessKey])
    expect(finish.steps[0]!.irreversible).toBe(true)
    expect((await desk.call<JobSummary>('jobs.apply', { id: finish.id })).counts).toMatchObject({ done: 1, failed: 0 })
    const keys = await keysOf(emulator, org, ci.applicationId)
    expect(keys.map((k) => k.access_key)).toEqual([st!.newAccessKey])
    expect((await status(ci.accessKey)).state).toBe('finished')
    // Finished: no rollback any more.
    const late = await desk.call<Job>('jobs.planRotationRollback', { rotations: [{ jobId: st!.jobId, oldAccessKey: ci.accessKey }] })
    expect(late.steps[0]!.state).toBe('skipped')
    await desk.call('jobs.abandon', { id: late.id })
  }, 60_000)

  it('rolls back: the old key keeps its previous expiry, the new key is deleted, its unrevealed secret forgotten', async () => {
    const before = (await keysOf(emulator, org, expiring.applicationId))[0]!
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: expiring.accessKey }] })
    expect((await desk.call<JobSummary>('jobs.apply', { id: plan.id })).counts.done).toBe(4)
    const st = await status(expiring.accessKey)
    expect(st.state).toBe('in_grace')
    const graced = (await keysOf(emulator, org, expiring.applicationId)).find((k) => k.access_key === expiring.accessKey)!
    expect(graced.expires_at).not.toBe(before.expires_at)
    // The new key's expiry: the old key's lifetime (90 days) from its creation.
    const created = (await keysOf(emulator, org, expiring.applicationId)).find((k) => k.access_key === st.newAccessKey)!
    expect(Date.parse(created.expires_at!) - Date.parse(created.created_at)).toBeGreaterThan(90 * DAY - 5000)

    const rollback = await desk.call<Job>('jobs.planRotationRollback', { rotations: [{ jobId: plan.id, oldAccessKey: expiring.accessKey }] })
    expect(rollback.kind).toBe('rotationRollback')
    expect(rollback.steps.map((s) => [s.action, s.state])).toEqual([['apiKey.rotateRollback', 'pending']])
    expect((await desk.call<JobSummary>('jobs.apply', { id: rollback.id })).counts).toMatchObject({ done: 1, failed: 0 })
    const keys = await keysOf(emulator, org, expiring.applicationId)
    expect(keys.map((k) => [k.access_key, k.expires_at])).toEqual([[expiring.accessKey, before.expires_at]])
    expect(await status(expiring.accessKey)).toMatchObject({ state: 'rolled_back', canRollBack: false, awaitingReveal: false })
    expect((await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: plan.id })).keys).toEqual([])
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([])
    // Rolled back: the key can be rotated again.
    const again = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: expiring.accessKey }] })
    expect(again.steps[0]!.state).toBe('pending')
    await desk.call('jobs.abandon', { id: again.id })
  }, 60_000)

  it('rolling back a key that never expired: Scaleway cannot remove an expiry, so it goes as far out as accepted (and undo of a rotation job is its rollback)', async () => {
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: forever.accessKey }], graceHours: 2 })
    expect(plan.planText).toContain('old keys expire 2 hours after their new key is delivered')
    await desk.call('jobs.apply', { id: plan.id })
    const undo = await desk.call<Job>('jobs.planUndo', { id: plan.id })
    expect(undo.kind).toBe('rotationRollback')
    await desk.call('jobs.apply', { id: undo.id })
    const [key, ...others] = await keysOf(emulator, org, forever.applicationId)
    expect(others).toEqual([])
    expect(Date.parse(key!.expires_at!) - clock.now().getTime()).toBeGreaterThan(99 * 365 * DAY)
    const step = (await desk.call<Job>('jobs.get', { id: undo.id })).steps[0]!
    expect(step.message).toMatch(/had no expiry; Scaleway cannot remove one once set, so it now expires at/)
  }, 60_000)

  it('rewrites the scw config profiles that use the key: new pair in place, the rest byte for byte, mode 0600, backup beside it; rollback puts it back', async () => {
    const original = readFileSync(scwPath, 'utf8')
    // Unticked in the Rotate dialog: the file is left alone, the secret revealed once instead.
    const optOut = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: scwKey.accessKey, delivery: 'reveal' }] })
    expect(optOut.steps[0]!.params.rotation).toMatchObject({ delivery: 'reveal', updateScwConfig: false })
    await desk.call('jobs.abandon', { id: optOut.id })
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: scwKey.accessKey }] })
    const r = plan.steps[0]!.params.rotation!
    expect(r).toMatchObject({ delivery: 'scwConfig', updateScwConfig: true, scwConfigPath: scwPath, scwProfiles: ['ci', 'ci-alias'] })
    expect(plan.steps[2]!.message).toBe(`The new secret goes to the Scaleway CLI config: profiles "ci", "ci-alias" of ${scwPath} (a backup of the file is kept beside it).`)
    expect((await desk.call<JobSummary>('jobs.apply', { id: plan.id })).counts.done).toBe(4)
    const st = await status(scwKey.accessKey)
    const text = readFileSync(scwPath, 'utf8')
    const secret = /access_key: "([^"]+)"\n\s+secret_key: "([^"]+)"/.exec(text)!
    expect(secret[1]).toBe(st.newAccessKey)
    newSecrets.push(secret[2]!)
    expect(await authenticates(emulator, st.newAccessKey!, secret[2]!)).toBe(200)
    // Only the four value lines changed; mode kept; the backup is the file as it was.
    const changed = text.split('\n').filter((l, i) => l !== original.split('\n')[i])
    expect(changed).toHaveLength(4)
    expect(text.split('\n')).toHaveLength(original.split('\n').length)
    expect(text).toContain('# The CI runner\'s key: rotated by the tests.')
    expect(statSync(scwPath).mode & 0o777).toBe(0o600)
    const backups = readdirSync(scwDir).filter((f) => f.endsWith('.bak'))
    expect(backups).toHaveLength(1)
    expect(readFileSync(join(scwDir, backups[0]!), 'utf8')).toBe(original)
    expect(statSync(join(scwDir, backups[0]!)).mode & 0o777).toBe(0o600)
    // Nothing waits to be revealed: the secret went to the file, and the keychain keeps only the previous one.
    expect(st.awaitingReveal).toBe(false)
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([`rotation:${plan.id}:${scwKey.accessKey}:previous`])

    await desk.call('jobs.apply', { id: (await desk.call<Job>('jobs.planRotationRollback', { rotations: [{ jobId: plan.id, oldAccessKey: scwKey.accessKey }] })).id })
    expect(readFileSync(scwPath, 'utf8')).toBe(original)
    expect(statSync(scwPath).mode & 0o777).toBe(0o600)
    expect((await keysOf(emulator, org, scwKey.applicationId)).map((k) => k.access_key)).toEqual([scwKey.accessKey])
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([])
  }, 60_000)

  it('lists what cannot be rotated with the reason: another person\'s key, a key already being rotated, a key over the quota', async () => {
    const other = await api<{ id: string }>(emulator, org, 'POST', '/users', { organization_id: org.organization_id, email: 'dana@corp.example' })
    const theirs = await api<{ access_key: string }>(emulator, org, 'POST', '/api-keys', { user_id: other.id, description: 'dana laptop' })
    const a = await appWithKey(emulator, org, 'quota-a')
    const b = await appWithKey(emulator, org, 'quota-b')
    clock.advance(60_000)
    await desk.call('sync.start', {})
    const busy = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: a.accessKey }] })
    const plan = await desk.call<Job>('jobs.planRotation', {
      keys: [
        { organizationId: org.organization_id, accessKey: theirs.access_key },
        { organizationId: org.organization_id, accessKey: b.accessKey },
      ],
    })
    expect(plan.steps[0]).toMatchObject({ state: 'skipped', message: expect.stringContaining("Cannot be rotated: it belongs to dana@corp.example: Scaleway lets IAM Desk create API keys only for applications and for its own user, so another person's keys can be reported, set to expire or deleted, not rotated") })
    expect(plan.steps.filter((s) => s.state === 'pending')).toHaveLength(4)
    await desk.call('jobs.abandon', { id: plan.id })
    // The planned (not yet applied) rotation of `a` holds it.
    const twice = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: a.accessKey }] })
    expect(twice.steps[0]!.message).toBe(`Cannot be rotated: it is already being rotated (job ${busy.id.slice(0, 8)}): finish or roll back that rotation first.`)
    await desk.call('jobs.abandon', { id: twice.id })
    await desk.call('jobs.abandon', { id: busy.id })

    // The quota, from the cache: room for one more key only.
    const current = (await api<{ total_count: number }>(emulator, org, 'GET', `/api-keys?organization_id=${org.organization_id}`)).total_count
    emulator.admin.setQuota('api_keys', current + 1, org.organization_id)
    await desk.call('sync.start', {})
    const tight = await desk.call<Job>('jobs.planRotation', {
      keys: [
        { organizationId: org.organization_id, accessKey: b.accessKey },
        { organizationId: org.organization_id, accessKey: forever.accessKey },
      ],
    })
    expect(tight.planText).toMatch(/^1 API key to rotate in 1 organization; 1 over the API-key quota/)
    expect(tight.steps.find((s) => s.state === 'skipped')!.message).toMatch(/allows \d+ API keys and has \d+: rotating holds one extra key per rotated key until its finish, and there is room for 1/)
    await desk.call('jobs.abandon', { id: tight.id })
    emulator.admin.setQuota('api_keys', 1_000_000, org.organization_id)
  }, 60_000)

  it("rotates IAM Desk's own key: the keychain gets the new secret only after verification, the next sync uses it, the finish deletes the old key", async () => {
    await desk.call('sync.start', {})
    const timeline: string[] = []
    const unsubscribe = desk.app.hub.subscribe((name, payload) => {
      const p = payload as { step?: { action: string; state: string } | null }
      if (name === 'jobs.progress' && p.step && p.step.state !== 'running' && p.step.state !== 'pending') timeline.push(`${p.step.action}:${p.step.state}`)
    })
    const keychain = desk.keychain
    const set = keychain.set
    keychain.set = async (id, secret) => {
      timeline.push(id === org.organization_id ? `keychain:organization${secret.reveal() === org.secret_key ? ':old' : ':new'}` : `keychain:${id.split(':').at(-1)}`)
      return set.call(keychain, id, secret)
    }
    const plan = await desk.call<Job>('jobs.planRotation', {
      keys: [
        { organizationId: org.organization_id, accessKey: org.access_key },
        { organizationId: org.organization_id, accessKey: forever.accessKey },
      ],
    })
    // IAM Desk's own key last in its organization, after every step of the other key.
    expect(plan.steps.map((s) => s.target.id)).toEqual([...Array(4).fill(forever.accessKey), ...Array(4).fill(org.access_key)])
    expect(plan.steps[4]!.params.rotation).toMatchObject({ self: true, delivery: 'keychain', bearer: { type: 'user' } })
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    unsubscribe()
    keychain.set = set
    expect(done.counts).toMatchObject({ done: 8, failed: 0 })
    const own = timeline.slice(timeline.indexOf('apiKey.rotateGrace:done') + 1)
    expect(own).toEqual(['keychain:new', 'apiKey.rotateCreate:done', 'apiKey.rotateVerify:done', 'keychain:previous', 'keychain:organization:new', 'apiKey.rotateDeliver:done', 'apiKey.rotateGrace:done'])

    const st = await status(org.access_key)
    expect(st).toMatchObject({ self: true, state: 'in_grace' })
    const [profile] = await desk.call<Organization[]>('orgs.list', {})
    expect(profile!.accessKey).toBe(st.newAccessKey)
    const secret = desk.keychain.entries()[org.organization_id]!
    expect(secret).not.toBe(org.secret_key)
    newSecrets.push(secret)
    expect(await authenticates(emulator, st.newAccessKey!, secret)).toBe(200)
    // The previous secret is kept (for a rollback) until the finish; the pending entry is gone.
    expect(desk.keychain.entries()[`rotation:${plan.id}:${org.access_key}:previous`]).toBe(org.secret_key)
    expect(desk.keychain.entries()[`rotation:${plan.id}:${org.access_key}:new`]).toBeUndefined()

    // The other key's secret waits to be revealed: its finish waits for that too.
    clock.advance(DAY + 1000)
    const unrevealed = await desk.call<Job>('jobs.planRotationFinish', {})
    expect(unrevealed.steps.find((s) => s.target.id === forever.accessKey)).toMatchObject({ state: 'skipped', message: expect.stringContaining('has not been revealed yet') })
    await desk.call('jobs.abandon', { id: unrevealed.id })
    const revealed = await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: plan.id })
    expect(revealed.keys.map((k) => k.oldAccessKey)).toEqual([forever.accessKey])
    newSecrets.push(...revealed.keys.map((k) => k.secretKey))

    // After the grace the old key no longer works, the next sync uses the new one, the finish deletes the old.
    expect(await authenticates(emulator, org.access_key, org.secret_key)).toBe(401)
    const [sync] = await desk.call<Array<{ status: string }>>('sync.start', {})
    expect(sync!.status).toBe('ok')
    const finish = await desk.call<Job>('jobs.planRotationFinish', {})
    expect(finish.steps.filter((s) => s.state === 'pending').map((s) => s.target.id).sort()).toEqual([forever.accessKey, org.access_key].sort())
    expect((await desk.call<JobSummary>('jobs.apply', { id: finish.id })).counts).toMatchObject({ done: 2, failed: 0 })
    expect(await authenticates(emulator, st.newAccessKey!, secret)).toBe(200)
    const left = await fetch(`${emulator.url}/iam/v1alpha1/api-keys/${org.access_key}`, { headers: { 'X-Auth-Token': secret } })
    expect(left.status).toBe(404)
    expect(Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))).toEqual([])
    const [again] = await desk.call<Array<{ status: string }>>('sync.start', {})
    expect(again!.status).toBe('ok')
  }, 60_000)

  it('canary: no new secret in the database, its WAL, the write or jobs journal, the logs or the event stream', () => {
    expect(newSecrets.length).toBeGreaterThanOrEqual(3)
    expect(leaks(desk, [...newSecrets, org.secret_key])).toEqual([])
  })
})

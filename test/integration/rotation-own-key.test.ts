// IAM Desk's own key when a profile of the local scw config uses it too: the organization's
// keychain entry, its access key and the scw config profile all change only once the new key
// authenticates (20 s propagation on the shared clock); a new key that never authenticates
// changes none of them. And removing an organization deletes every keychain entry it owns:
// its own secret and the rotations' pending and previous secrets.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary, Organization, RotationStatus } from '../../src-preload/contract'
import { appWithKey, authenticates, leaks, openRotationDesk, TestClock, type RotationDesk } from './rotation-helpers'

describe("IAM Desk's own key, also used by the scw config", () => {
  const clock = new TestClock()
  let emulator: RunningEmulator
  let org: EmulatorOrganization
  let desk: RotationDesk
  let scwDir: string
  let scwPath: string
  let original: string
  const newSecrets: string[] = []

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, seed: 31, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0, jwts: 0 }, now: clock.now, faults: { keyPropagationSeconds: 20 } })
    org = emulator.organizations[0]!
    scwDir = join(mkdtempSync(join(tmpdir(), 'rotation-own-')), 'scw')
    mkdirSync(scwDir, { mode: 0o700 })
    scwPath = join(scwDir, 'config.yaml')
    original = `# work laptop\nprofiles:\n  iam:\n    access_key: ${org.access_key}\n    secret_key: ${org.secret_key}  # IAM Desk's too\n    default_region: nl-ams\n`
    writeFileSync(scwPath, original)
    chmodSync(scwPath, 0o600)
    desk = await openRotationDesk({ clock, scwConfigPath: scwPath })
    await desk.call('orgs.add', { accessKey: org.access_key, secretKey: org.secret_key, apiUrl: emulator.url })
    await desk.call('sync.start', {})
  }, 60_000)
  afterAll(async () => {
    await desk?.close()
    await emulator?.close()
  })

  const fileKey = () => /access_key: (\S+)/.exec(readFileSync(scwPath, 'utf8'))![1]
  const profileKey = async () => (await desk.call<Organization[]>('orgs.list', {}))[0]!.accessKey

  it('a new key that never authenticates: keychain, profile and scw config all left as they were; rolled back', async () => {
    emulator.admin.setKeyPropagation(600, org.organization_id)
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: org.access_key }] })
    expect(plan.steps[0]!.params.rotation).toMatchObject({ self: true, delivery: 'keychain', updateScwConfig: true, scwProfiles: ['iam'] })
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.counts).toMatchObject({ done: 1, failed: 1, skipped: 2 })
    expect(desk.keychain.entries()[org.organization_id]).toBe(org.secret_key)
    expect(await profileKey()).toBe(org.access_key)
    expect(readFileSync(scwPath, 'utf8')).toBe(original)
    expect(readdirSync(scwDir)).toEqual(['config.yaml'])
    emulator.admin.setKeyPropagation(null, org.organization_id)
    const rollback = await desk.call<Job>('jobs.planRotationRollback', { rotations: [{ jobId: plan.id, oldAccessKey: org.access_key }] })
    expect((await desk.call<JobSummary>('jobs.apply', { id: rollback.id })).counts).toMatchObject({ done: 1, failed: 0 })
    expect(readFileSync(scwPath, 'utf8')).toBe(original)
  }, 60_000)

  it('rotated: keychain entry, access key and scw profile change together, after the verification, to the same new pair', async () => {
    const seen: string[] = []
    const off = desk.app.hub.subscribe((name, payload) => {
      const step = (payload as { step?: { action: string; state: string } | null }).step
      if (name !== 'jobs.progress' || !step || step.state !== 'done') return
      const keychainNew = desk.keychain.entries()[org.organization_id] !== org.secret_key
      seen.push(`${step.action}: keychain ${keychainNew ? 'new' : 'old'}, file ${fileKey() === org.access_key ? 'old' : 'new'}`)
    })
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: org.access_key }] })
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    off()
    expect(done.counts).toMatchObject({ done: 4, failed: 0 })
    expect(seen).toEqual([
      'apiKey.rotateCreate: keychain old, file old',
      'apiKey.rotateVerify: keychain old, file old',
      'apiKey.rotateDeliver: keychain new, file new',
      'apiKey.rotateGrace: keychain new, file new',
    ])
    const secret = desk.keychain.entries()[org.organization_id]!
    const newKey = await profileKey()
    newSecrets.push(secret)
    expect(newKey).not.toBe(org.access_key)
    expect(readFileSync(scwPath, 'utf8')).toBe(original.replace(org.access_key, newKey).replace(org.secret_key, secret))
    expect(await authenticates(emulator, newKey, secret)).toBe(200)
    expect((await desk.call<Array<{ status: string }>>('sync.start', {}))[0]!.status).toBe('ok')
  }, 60_000)

  it('removing the organization deletes its keychain entry and every rotation secret it owns', async () => {
    // One secret waiting to be revealed (pending) beside the own key's previous secret.
    const app = await appWithKey(emulator, org, 'reveal-later')
    clock.advance(60_000)
    await desk.call('sync.start', {})
    const plan = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: app.accessKey }] })
    expect((await desk.call<JobSummary>('jobs.apply', { id: plan.id })).counts.done).toBe(4)
    const held = Object.keys(desk.keychain.entries()).filter((k) => k.startsWith('rotation:'))
    expect(held.map((k) => k.split(':').at(-1)).sort()).toEqual(['new', 'previous'])
    expect((await desk.call<RotationStatus[]>('jobs.rotations', {})).filter((r) => r.state === 'in_grace')).toHaveLength(2)

    await desk.call('orgs.remove', { id: org.organization_id })
    expect(desk.keychain.entries()).toEqual({})
    expect(await desk.call('jobs.rotations', {})).toEqual([])
    expect(leaks(desk, [...newSecrets, org.secret_key])).toEqual([])
  }, 60_000)
})

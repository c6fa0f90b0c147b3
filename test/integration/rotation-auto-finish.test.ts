// "Finish due rotations automatically" (setting finishDueRotations, off by default): nothing is
// deleted while it is off; switched on, the due rotations are finished at once as an ordinary
// finish job (planned with the guard, applied, announced by jobs.autoFinish at its start and end);
// a rotation whose new secret was not revealed yet is left alone until it has been; a rotation
// that becomes due while IAM Desk runs is finished when the clock passes its grace end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary, RevealedKey, RotationStatus } from '../../src-preload/contract'
import { appWithKey, keysOf, openRotationDesk, TestClock, type AppKey, type RotationDesk } from './rotation-helpers'

describe('finishing due rotations automatically', () => {
  const clock = new TestClock()
  let emulator: RunningEmulator
  let org: EmulatorOrganization
  let desk: RotationDesk
  let revealed: AppKey
  let unrevealed: AppKey
  let first: Job
  let second: Job
  const announced: JobSummary[] = []

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 1, seed: 41, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0, jwts: 0 }, now: clock.now })
    org = emulator.organizations[0]!
    revealed = await appWithKey(emulator, org, 'revealed')
    unrevealed = await appWithKey(emulator, org, 'unrevealed')
    desk = await openRotationDesk({ clock, clockHook: true })
    desk.app.hub.subscribe((name, payload) => name === 'jobs.autoFinish' && announced.push((payload as { job: JobSummary }).job))
    await desk.call('orgs.add', { accessKey: org.access_key, secretKey: org.secret_key, apiUrl: emulator.url })
    await desk.call('sync.start', {})
    first = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: revealed.accessKey }], graceHours: 1 })
    await desk.call('jobs.apply', { id: first.id })
    await desk.call('jobs.rotationReveal', { id: first.id })
    second = await desk.call<Job>('jobs.planRotation', { keys: [{ organizationId: org.organization_id, accessKey: unrevealed.accessKey }], graceHours: 1 })
    await desk.call('jobs.apply', { id: second.id })
  }, 60_000)
  afterAll(async () => {
    await desk?.close()
    await emulator?.close()
  })

  const states = async () => Object.fromEntries((await desk.call<RotationStatus[]>('jobs.rotations', {})).map((r) => [r.oldAccessKey, r.state]))
  /** The automatic finish's end, once the check the last call started is over. */
  const ended = () => expect.poll(() => announced.filter((j) => j.state !== 'planned' && j.state !== 'running').length)

  it('the credential report shows the old keys waiting in grace, replaced by their new keys (filter, columns, export)', async () => {
    type Row = { accessKey: string; grace: { until: string; replacedBy: string | null; due: boolean; jobId: string } | null }
    const report = await desk.call<{ total: number; rows: Row[] }>('credentials.report', { inGrace: true, offset: 0, limit: 50 })
    const news = Object.fromEntries((await desk.call<RotationStatus[]>('jobs.rotations', {})).map((r) => [r.oldAccessKey, r]))
    expect(report.rows.map((r) => r.accessKey).sort()).toEqual([revealed.accessKey, unrevealed.accessKey].sort())
    for (const r of report.rows) expect(r.grace).toEqual({ until: news[r.accessKey]!.graceEndsAt, replacedBy: news[r.accessKey]!.newAccessKey, due: false, jobId: news[r.accessKey]!.jobId })
    const others = await desk.call<{ total: number; rows: Row[] }>('credentials.report', { inGrace: false, offset: 0, limit: 50 })
    const all = await desk.call<{ total: number }>('credentials.report', { offset: 0, limit: 50 })
    expect(others.total).toBe(all.total - 2)
    expect(others.rows.every((r) => r.grace === null)).toBe(true)
    const csv = (await desk.call<{ text: string }>('credentials.export', { inGrace: true, format: 'csv' })).text
    expect(csv.split('\r\n')[0]).toMatch(/,in_grace_until,replaced_by$/)
    expect(csv).toContain(`,${news[revealed.accessKey]!.graceEndsAt},${news[revealed.accessKey]!.newAccessKey}`)
  })

  it('is off by default: due rotations wait for the user', async () => {
    expect((await desk.call<{ finishDueRotations: boolean }>('settings.get', {})).finishDueRotations).toBe(false)
    await desk.call('demo.advanceClock', { hours: 2 })
    expect(await states()).toEqual({ [revealed.accessKey]: 'due', [unrevealed.accessKey]: 'due' })
    const report = await desk.call<{ rows: Array<{ grace: { due: boolean } }> }>('credentials.report', { inGrace: true, offset: 0, limit: 50 })
    expect(report.rows.map((r) => r.grace.due)).toEqual([true, true])
    await new Promise((r) => setImmediate(r))
    expect(announced).toEqual([])
  })

  it('switched on: the due rotations whose secret was revealed are finished at once, as a finish job announced at its start and end', async () => {
    await desk.call('settings.set', { finishDueRotations: true })
    await ended().toBe(1)
    expect(announced.map((j) => [j.kind, j.state])).toEqual([
      ['rotationFinish', 'planned'],
      ['rotationFinish', 'finished'],
    ])
    const job = await desk.call<Job>('jobs.get', { id: announced[1]!.id })
    expect(job.planText).toBe('1 old key to delete (irreversible) in 1 organization (started automatically: setting "Finish due rotations automatically")')
    expect(job.counts).toMatchObject({ done: 1, failed: 0 })
    expect(await states()).toEqual({ [revealed.accessKey]: 'finished', [unrevealed.accessKey]: 'due' })
    await desk.call('sync.start', {})
    expect((await desk.call<{ rows: Array<{ accessKey: string }> }>('credentials.report', { inGrace: true, offset: 0, limit: 50 })).rows.map((r) => r.accessKey)).toEqual([unrevealed.accessKey])
    expect((await keysOf(emulator, org, revealed.applicationId)).map((k) => k.access_key)).not.toContain(revealed.accessKey)
    // The unrevealed one is still there: its old key is the only key anyone holds a secret of.
    expect((await keysOf(emulator, org, unrevealed.applicationId)).map((k) => k.access_key)).toContain(unrevealed.accessKey)
  })

  it('a rotation that becomes due while IAM Desk runs is finished when its time comes (here: once revealed and the clock moves)', async () => {
    const keys = (await desk.call<{ keys: RevealedKey[] }>('jobs.rotationReveal', { id: second.id })).keys
    expect(keys).toHaveLength(1)
    await desk.call('demo.advanceClock', { hours: 0.01 })
    await ended().toBe(2)
    expect(await states()).toEqual({ [revealed.accessKey]: 'finished', [unrevealed.accessKey]: 'finished' })
    expect((await keysOf(emulator, org, unrevealed.applicationId)).map((k) => k.access_key)).toEqual([keys[0]!.accessKey])
    // Nothing left: a further check makes no job.
    await desk.call('demo.advanceClock', { hours: 1 })
    await new Promise((r) => setImmediate(r))
    expect(announced).toHaveLength(4)
    expect((await desk.call<JobSummary[]>('jobs.list', {})).filter((j) => j.kind === 'rotationFinish')).toHaveLength(2)
  })

  it('demo.advanceClock is refused without the test clock', async () => {
    const plain = await openRotationDesk({ clock })
    expect((await plain.fail('demo.advanceClock', { hours: 1 })).message).toBe('The clock can only be moved in a demo started for tests (--demo --test-clock).')
    await plain.close()
  })
})

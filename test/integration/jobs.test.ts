// The jobs engine against the emulator: bulk membership across twelve organizations while
// Scaleway refuses 30 % of group writes with 409 transient_state, undo (and its refusal when a
// group changed since), offboarding across three organizations, the report, and the journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary } from '../../src-preload/contract'
import { addFleet, api, groupMembers, openFleetDesk, seedFleet, type Desk, type Fleet } from './jobs-helpers'

const PEOPLE = ['alice@corp.example', 'bob@corp.example', 'carol@corp.example']

describe('bulk membership across twelve organizations, 30 % of group writes refused with 409', () => {
  let emulator: RunningEmulator
  let fleet: Fleet
  let desk: Desk
  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 12, sizes: { users: 3, applications: 2, groups: 2, policies: 2, apiKeys: 2, sshKeys: 0, logs: 0 } })
    fleet = await seedFleet(emulator, PEOPLE)
    desk = await openFleetDesk()
    await addFleet(desk, emulator)
    // Carol is already a Developer in the first four organizations.
    for (const o of fleet.orgs.slice(0, 4)) await api(emulator, o.org, 'POST', `/groups/${o.groupId}/add-member`, { user_id: o.users['carol@corp.example'] })
    await desk.call('sync.start', {})
    emulator.admin.setFaults({ groupConflictRate: 0.3 })
  }, 120_000)
  afterAll(async () => {
    await desk.close()
    await emulator.close()
  })

  const snapshot = async () => Promise.all(fleet.orgs.map((o) => groupMembers(emulator, o.org, o.groupId)))
  const otherGroups = async () =>
    Promise.all(
      fleet.orgs.map(async (o) => {
        const { groups } = await api<{ groups: Array<{ id: string; user_ids: string[]; application_ids: string[] }> }>(emulator, o.org, 'GET', `/groups?organization_id=${o.org.organization_id}&page_size=100`)
        return groups.filter((g) => g.id !== o.groupId).map((g) => [g.id, [...g.user_ids, ...g.application_ids].sort()])
      }),
    )

  it('plans first (nothing sent), with counts, then applies exactly the plan; nothing else changes', async () => {
    const others = await otherGroups()
    emulator.admin.resetCounters()
    const requestsBefore = emulator.admin.requestCount()
    const plan = await desk.call<Job>('jobs.planMembership', { operation: 'add', principals: { emails: ['Alice@Corp.example', 'carol@corp.example', 'nobody@corp.example'] }, groupName: 'fleet developers' })
    // Planning reads the cache only.
    expect(emulator.admin.requestCount()).toBe(requestsBefore)
    expect(plan.state).toBe('planned')
    expect(plan.planText).toBe('12 organizations, 20 additions, 4 already members, 12 people or applications not found')
    expect(plan.steps.filter((s) => s.state === 'pending')).toHaveLength(12)
    expect(plan.steps.filter((s) => s.state === 'skipped').every((s) => /nobody@corp.example is not a member/.test(s.message ?? ''))).toBe(true)

    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.state).toBe('finished')
    expect(done.counts).toMatchObject({ done: 12, failed: 0, pending: 0, running: 0, already: 4, skipped: 12 })
    // The emulator did refuse writes, and the engine retried them.
    expect(emulator.admin.conflictCount()).toBeGreaterThan(0)
    const members = await snapshot()
    fleet.orgs.forEach((o, i) => expect(members[i]).toEqual([o.users['alice@corp.example']!, o.users['carol@corp.example']!].sort()))
    expect(await otherGroups()).toEqual(others)
  }, 120_000)

  it('make exactly: shows who would be removed, then sets every group to exactly the chosen people', async () => {
    const plan = await desk.call<Job>('jobs.planMembership', { operation: 'exactly', principals: { emails: ['bob@corp.example', 'carol@corp.example'] }, groupName: 'Fleet Developers' })
    const step = plan.steps.find((s) => s.state === 'pending')!
    expect(step.message).toBe('Would remove alice@corp.example.')
    expect(step.expected?.map((m) => m.label).sort()).toEqual(['alice@corp.example', 'carol@corp.example'])
    expect((await desk.call<JobSummary>('jobs.apply', { id: plan.id })).counts).toMatchObject({ done: 12, failed: 0 })
    const members = await snapshot()
    fleet.orgs.forEach((o, i) => expect(members[i]).toEqual([o.users['bob@corp.example']!, o.users['carol@corp.example']!].sort()))
  }, 120_000)

  it('undo restores the exact previous member lists', async () => {
    const [last] = await desk.call<JobSummary[]>('jobs.list', {})
    expect(last!.undoable).toBe(true)
    const undo = await desk.call<Job>('jobs.planUndo', { id: last!.id })
    expect(undo.kind).toBe('undo')
    expect(undo.planText).toBe('12 changes to put back')
    expect((await desk.call<JobSummary>('jobs.apply', { id: undo.id })).counts).toMatchObject({ done: 12, failed: 0 })
    const members = await snapshot()
    fleet.orgs.forEach((o, i) => expect(members[i]).toEqual([o.users['alice@corp.example']!, o.users['carol@corp.example']!].sort()))
    expect((await desk.call<Job>('jobs.get', { id: last!.id })).undoneBy).toBe(undo.id)
  }, 120_000)

  it('undo refuses to overwrite a group that changed since, and shows the difference (unless told to)', async () => {
    emulator.admin.setFaults({ groupConflictRate: 0 })
    const plan = await desk.call<Job>('jobs.planMembership', { operation: 'remove', principals: { emails: ['carol@corp.example'] }, groupName: 'Fleet Developers', organizationIds: [] })
    await desk.call('jobs.apply', { id: plan.id })
    // Someone else adds Bob to the first organization's Developers afterwards.
    const first = fleet.orgs[0]!
    await api(emulator, first.org, 'POST', `/groups/${first.groupId}/add-member`, { user_id: first.users['bob@corp.example'] })
    const undo = await desk.call<Job>('jobs.planUndo', { id: plan.id })
    const refused = undo.steps.filter((s) => s.state === 'skipped')
    expect(refused).toHaveLength(1)
    expect(refused[0]!.organizationId).toBe(first.org.organization_id)
    expect(refused[0]!.message).toMatch(/changed since the job \(\+bob@corp\.example\)/)
    await desk.call('jobs.apply', { id: undo.id })
    expect(await groupMembers(emulator, first.org, first.groupId)).toEqual([first.users['alice@corp.example']!, first.users['bob@corp.example']!].sort())
    // The other eleven are back as they were.
    const second = fleet.orgs[1]!
    expect(await groupMembers(emulator, second.org, second.groupId)).toEqual([second.users['alice@corp.example']!, second.users['carol@corp.example']!].sort())

    // Told to overwrite (a new undo of the same job is refused once it was undone).
    expect((await desk.fail('jobs.planUndo', { id: plan.id })).code).toBe('CONFLICT')
  }, 120_000)

  it('reports each step as CSV, formula-safe', async () => {
    const [last] = await desk.call<JobSummary[]>('jobs.list', {})
    const { csv, fileName } = await desk.call<{ csv: string; fileName: string }>('jobs.reportCsv', { id: last!.id })
    expect(fileName).toMatch(/^iam-desk-undo-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/)
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('organization,organization_id,item,action,target,target_id,state,message,irreversible,finished_at')
    expect(lines).toHaveLength(13)
  })
})

describe('offboarding across three organizations', () => {
  let emulator: RunningEmulator
  let fleet: Fleet
  let desk: Desk
  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 3, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0 } })
    fleet = await seedFleet(emulator, ['contractor@outside.example', 'stays@corp.example'])
    for (const o of fleet.orgs) {
      await api(emulator, o.org, 'POST', `/groups/${o.groupId}/add-members`, { user_ids: Object.values(o.users) })
      await api(emulator, o.org, 'POST', '/api-keys', { user_id: o.users['contractor@outside.example'], description: 'laptop' })
    }
    desk = await openFleetDesk()
    await addFleet(desk, emulator)
  }, 60_000)
  afterAll(async () => {
    await desk.close()
    await emulator.close()
  })

  it('takes the person out of every group, deletes their keys, locks them; undo re-adds and unlocks', async () => {
    const plan = await desk.call<Job>('jobs.planOffboarding', { email: 'CONTRACTOR@outside.example', user: 'lock', apiKeys: 'delete' })
    expect(plan.planText).toBe('found in 3 of 3 organizations, 3 group memberships removed, 0 sessions revoked, 3 API keys deleted (irreversible), user locked')
    expect(plan.steps.filter((s) => s.irreversible).map((s) => s.action)).toEqual(['apiKey.delete', 'apiKey.delete', 'apiKey.delete'])
    const done = await desk.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.counts).toMatchObject({ done: 9, failed: 0 })
    for (const o of fleet.orgs) {
      const contractor = o.users['contractor@outside.example']!
      expect(await groupMembers(emulator, o.org, o.groupId)).toEqual([o.users['stays@corp.example']!])
      expect((await api<{ locked: boolean }>(emulator, o.org, 'GET', `/users/${contractor}`)).locked).toBe(true)
      const { api_keys } = await api<{ api_keys: unknown[] }>(emulator, o.org, 'GET', `/api-keys?bearer_id=${contractor}&bearer_type=user`)
      expect(api_keys).toEqual([])
    }
    const undo = await desk.call<Job>('jobs.planUndo', { id: plan.id })
    expect(undo.planText).toBe('6 changes to put back, 3 that cannot be undone')
    await desk.call('jobs.apply', { id: undo.id })
    for (const o of fleet.orgs) {
      expect(await groupMembers(emulator, o.org, o.groupId)).toEqual(Object.values(o.users).sort())
      expect((await api<{ locked: boolean }>(emulator, o.org, 'GET', `/users/${o.users['contractor@outside.example']}`)).locked).toBe(false)
    }
  }, 60_000)

  it('refuses the owner, with the reason', async () => {
    const owner = await api<{ users: Array<{ email: string; type: string }> }>(emulator, fleet.orgs[0]!.org, 'GET', `/users?organization_id=${fleet.orgs[0]!.org.organization_id}&type=owner`)
    const plan = await desk.call<Job>('jobs.planOffboarding', { email: owner.users[0]!.email, organizationIds: [fleet.orgs[0]!.org.organization_id], user: 'delete', apiKeys: 'keep' })
    expect(plan.steps).toHaveLength(1)
    expect(plan.steps[0]).toMatchObject({ state: 'skipped', action: 'user.delete' })
    expect(plan.steps[0]!.message).toMatch(/owns .*Scaleway does not let an owner be locked, deleted/)
  })
})

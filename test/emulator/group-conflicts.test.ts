// The groupConflictRate fault: a seeded fraction of group writes answers the real API's 409
// transient_state (reference §2.1, §6.2) and changes nothing; the 409 counter; the admin
// endpoint. (Concurrent writes to one group answering 409 are covered in faults.test.ts and
// counted here.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { type Client, type Raw, emulator, raw } from './helpers'

let emu: RunningEmulator
let owner: Client
let other: Client
beforeEach(async () => {
  ;({ emu, owner, other } = await emulator())
})
afterEach(() => emu.close())

const transient = (groupId: string): Record<string, string> => ({
  current_state: 'updating',
  message: 'resource is in a transient state',
  resource: 'group',
  resource_id: groupId,
  type: 'transient_state',
})

async function setup(c: Client): Promise<{ groupId: string; ownerId: string; userId: string }> {
  const ownerId = (await c.get('/users?type=owner')).json.users[0].id as string
  const u = await c.post('/users', { organization_id: c.orgId, member: { email: 'alice@corp.example', username: 'alice' } })
  expect(u.status).toBe(200)
  const userId = u.json.id as string
  const g = await c.post('/groups', { name: 'Developers', organization_id: c.orgId, description: 'before' })
  expect(g.status).toBe(200)
  await c.post(`/groups/${g.json.id}/add-member`, { user_id: ownerId })
  return { groupId: g.json.id, ownerId, userId }
}

/** `n` writes that would all succeed (add-members is idempotent); their statuses. */
async function writes(c: Client, groupId: string, userId: string, n: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await c.post(`/groups/${groupId}/add-members`, { user_ids: [userId] })).status)
  return out
}

describe('groupConflictRate', () => {
  it('refuses about that fraction of group writes, the same ones for the same seed', async () => {
    const { groupId, userId } = await setup(owner)
    emu.admin.setFaults({ groupConflictRate: 0.3 })
    const a = await writes(owner, groupId, userId, 400)
    expect(a.every((s) => s === 200 || s === 409)).toBe(true)
    const refused = a.filter((s) => s === 409).length
    expect(refused / a.length).toBeGreaterThan(0.22)
    expect(refused / a.length).toBeLessThan(0.38)
    expect(emu.admin.conflictCount()).toBe(refused)

    // Same seed, same sequence of group writes → same refusals, whatever reads come between.
    const again = await emulator({ faults: { groupConflictRate: 0.3 } })
    try {
      const s = await setup(again.owner)
      const b: number[] = []
      for (let i = 0; i < 400; i++) {
        if (i % 7 === 0) expect((await again.owner.get('/groups')).status).toBe(200)
        b.push((await again.owner.post(`/groups/${s.groupId}/add-members`, { user_ids: [s.userId] })).status)
      }
      // setup() made one group write (add-member) before the fault was on here but not in the
      // first run: compare from the same position in the group-write stream.
      expect(b.slice(0, 399)).toEqual(a.slice(1))
    } finally {
      await again.emu.close()
    }
  })

  it('never refuses at 0 and always refuses at 1', async () => {
    const { groupId, userId } = await setup(owner)
    emu.admin.setFaults({ groupConflictRate: 0 })
    expect(new Set(await writes(owner, groupId, userId, 60))).toEqual(new Set([200]))
    emu.admin.setFaults({ groupConflictRate: 1 })
    expect(new Set(await writes(owner, groupId, userId, 60))).toEqual(new Set([409]))
    expect(emu.admin.conflictCount()).toBe(60)
  })

  it('answers the exact transient_state body to every kind of group write, and a refused write changes nothing', async () => {
    const { groupId, ownerId, userId } = await setup(owner)
    const before = (await owner.get(`/groups/${groupId}`)).json
    const logsBefore = (await owner.get('/logs?page_size=100')).json.total_count
    emu.admin.setFaults({ groupConflictRate: 1 })
    const attempts: Array<[string, () => Promise<Raw>]> = [
      ['PATCH', () => owner.patch(`/groups/${groupId}`, { name: 'Renamed', description: 'after', tags: ['x'] })],
      ['add-member', () => owner.post(`/groups/${groupId}/add-member`, { user_id: userId })],
      ['add-members', () => owner.post(`/groups/${groupId}/add-members`, { user_ids: [userId] })],
      ['PUT members', () => owner.put(`/groups/${groupId}/members`, { user_ids: [userId], application_ids: [] })],
      ['remove-member', () => owner.post(`/groups/${groupId}/remove-member`, { user_id: ownerId })],
      ['DELETE', () => owner.del(`/groups/${groupId}`)],
    ]
    for (const [name, call] of attempts) {
      const r = await call()
      expect(r.status, name).toBe(409)
      expect(r.headers.get('content-type'), name).toBe('application/json')
      expect(r.json, name).toEqual(transient(groupId))
    }
    // Reads and other writes are not group writes.
    expect((await owner.get(`/groups/${groupId}`)).json).toEqual(before)
    expect((await owner.get(`/groups?user_ids=${userId}`)).json.total_count).toBe(0)
    expect((await owner.get('/logs?page_size=100')).json.total_count).toBe(logsBefore)
    expect((await owner.post('/groups', { name: 'Auditors', organization_id: owner.orgId })).status).toBe(200)
    expect(emu.admin.conflictCount()).toBe(attempts.length)
    // Once off, the same writes go through.
    emu.admin.setFaults({ groupConflictRate: 0 })
    expect((await owner.post(`/groups/${groupId}/add-member`, { user_id: userId })).json.user_ids).toEqual([ownerId, userId])
  })

  it('leaves writes that would fail anyway to their own answer (unknown group, another organization, bad id)', async () => {
    const theirs = await setup(other)
    emu.admin.setFaults({ groupConflictRate: 1 })
    const unknown = '6f1d7c9a-3b2e-4c1d-9a8b-0e1f2a3b4c5d'
    expect((await owner.post(`/groups/${unknown}/add-members`, { user_ids: [] })).status).toBe(404)
    expect((await owner.post(`/groups/${theirs.groupId}/add-members`, { user_ids: [] })).status).toBe(403)
    expect((await owner.patch('/groups/not-a-uuid', { description: 'x' })).status).toBe(400)
    expect(emu.admin.conflictCount()).toBe(0)
  })

  it('counts concurrent-write 409s too, in GET /__emulator/stats, until reset', async () => {
    const { groupId, userId } = await setup(owner)
    emu.admin.setFaults({ latencyMs: 300 })
    const both = await Promise.all([
      owner.post(`/groups/${groupId}/add-member`, { user_id: userId }),
      owner.patch(`/groups/${groupId}`, { description: 'concurrent' }),
    ])
    expect(both.map((r) => r.status).sort()).toEqual([200, 409])
    expect(both.find((r) => r.status === 409)?.json).toEqual(transient(groupId))
    const stats = await raw(`${emu.url}/__emulator/stats`)
    expect(stats.json.conflict_count).toBe(1)
    expect(emu.admin.conflictCount()).toBe(1)
    const reset = await raw(`${emu.url}/__emulator/reset-counters`, { method: 'POST' })
    expect(reset.json).toEqual({ request_count: 0, conflict_count: 0, rate_limited_count: 0 })
    expect(emu.admin.conflictCount()).toBe(0)
  })

  it('is set and read through the admin endpoint, and validated', async () => {
    const { groupId, userId } = await setup(owner)
    expect((await raw(`${emu.url}/__emulator/faults`)).json.groupConflictRate).toBe(0)
    const post = (body: unknown): Promise<Raw> =>
      raw(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const set = await post({ groupConflictRate: 1 })
    expect(set.status).toBe(200)
    expect(set.json.groupConflictRate).toBe(1)
    expect((await raw(`${emu.url}/__emulator/faults`)).json.groupConflictRate).toBe(1)
    expect(emu.admin.faults().groupConflictRate).toBe(1)
    expect((await owner.post(`/groups/${groupId}/add-member`, { user_id: userId })).status).toBe(409)
    expect((await raw(`${emu.url}/__emulator/stats`)).json.conflict_count).toBe(1)
    for (const bad of [1.5, -0.1, 'half']) {
      const r = await post({ groupConflictRate: bad })
      expect(r.status, String(bad)).toBe(400)
      expect(r.json.type).toBe('invalid_arguments')
    }
    expect(emu.admin.faults().groupConflictRate).toBe(1)
  })

  it('is accepted as a start option', async () => {
    const e = await emulator({ faults: { groupConflictRate: 1 } })
    try {
      expect(e.emu.admin.faults().groupConflictRate).toBe(1)
      const g = await e.owner.post('/groups', { name: 'Auditors', organization_id: e.owner.orgId })
      expect(g.status).toBe(200)
      expect((await e.owner.del(`/groups/${g.json.id}`)).json).toEqual(transient(g.json.id))
    } finally {
      await e.emu.close()
    }
  })
})

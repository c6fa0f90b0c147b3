// Lists (reference §1.4, §1.5, §6): wrapper, paging limits, ordering defaults, filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as S from '../../domain/schemas'
import type { RunningEmulator } from '../../emulator/index'
import { type Client, emulator, valid } from './helpers'

let emu: RunningEmulator
let owner: Client
beforeAll(async () => {
  ;({ emu, owner } = await emulator())
  for (let i = 0; i < 25; i++) {
    const name = ['beta', 'Alpha', 'gamma', 'Delta', 'epsilon'][i % 5] + `-${String(i).padStart(2, '0')}`
    await owner.post('/applications', { name, organization_id: owner.orgId, tags: i % 2 ? ['team=data'] : ['ops'] })
  }
  for (const name of ['zeta', 'Audit Trail', 'iam manager', 'Project X']) {
    await owner.post('/policies', { name, organization_id: owner.orgId })
  }
})
afterAll(() => emu.close())

describe('lists', () => {
  it('pages with a default size of 20 and reports total_count of all matches', async () => {
    const p1 = valid(S.ListApplications, (await owner.get('/applications')).json)
    expect(p1.applications).toHaveLength(20)
    expect(p1.total_count).toBe(25)
    const p2 = valid(S.ListApplications, (await owner.get('/applications?page=2')).json)
    expect(p2.applications).toHaveLength(5)
    const beyond = (await owner.get('/applications?page=9')).json
    expect(beyond).toEqual({ applications: [], total_count: 25 })
  })

  it.each(['page_size=101', 'page_size=0', 'page=0', 'page=abc'])('rejects %s with 400 invalid_arguments', async (q) => {
    const r = await owner.get(`/applications?${q}`)
    expect(r.status).toBe(400)
    expect(r.json.type).toBe('invalid_arguments')
    expect(r.json.details[0].argument_name).toBe(q.split('=')[0])
  })

  it('orders by created_at_asc by default and honours every order_by', async () => {
    const asc = (await owner.get('/applications?page_size=100')).json.applications.map((a: { name: string }) => a.name)
    expect(asc[0]).toBe('beta-00')
    const desc = (await owner.get('/applications?page_size=100&order_by=created_at_desc')).json.applications.map((a: { name: string }) => a.name)
    expect(desc).toEqual([...asc].reverse())
    const byName = (await owner.get('/applications?page_size=100&order_by=name_asc')).json.applications.map((a: { name: string }) => a.name)
    expect(byName.slice(0, 2)).toEqual(['Alpha-01', 'Alpha-06'])
    const bad = await owner.get('/applications?order_by=sideways')
    expect(bad.status).toBe(400)
  })

  it('orders policies by name case-insensitively by default', async () => {
    const names = (await owner.get('/policies')).json.policies.map((p: { name: string }) => p.name)
    expect(names).toEqual(['Audit Trail', 'iam manager', 'Project X', 'zeta'])
  })

  it('filters by exact name, tag substring and repeated-key id arrays', async () => {
    expect((await owner.get('/applications?name=Alpha-01')).json.total_count).toBe(1)
    expect((await owner.get('/applications?name=Alpha')).json.total_count).toBe(0)
    expect((await owner.get('/applications?tag=data')).json.total_count).toBe(12)
    const all = (await owner.get('/applications?page_size=3')).json.applications
    const q = all.map((a: { id: string }) => `application_ids=${a.id}`).join('&')
    expect((await owner.get(`/applications?${q}`)).json.total_count).toBe(3)
  })

  it('treats unknown_* enum values as no filter and booleans as equality', async () => {
    const any = (await owner.get('/users?type=unknown_type')).json.total_count
    expect(any).toBe((await owner.get('/users')).json.total_count)
    expect((await owner.get('/users?type=owner')).json.total_count).toBe(1)
    const keys = (await owner.get('/api-keys?bearer_type=unknown_bearer_type&editable=true&expired=false')).json
    expect(keys.total_count).toBeGreaterThan(0)
    expect((await owner.get('/api-keys?editable=false')).json.total_count).toBe(0)
    expect((await owner.get('/policies?no_principal=true')).json.total_count).toBe(4)
    expect((await owner.get('/policies?no_principal=false')).json.total_count).toBe(0)
  })

  it('lists permission sets by name_asc and quota by name_asc by default', async () => {
    const ps = valid(S.ListPermissionSets, (await owner.get('/permission-sets?page_size=100')).json)
    expect(ps.total_count).toBeGreaterThan(150)
    const names = ps.permission_sets.map((p) => p.name.toLowerCase())
    expect(names).toEqual([...names].sort())
    const quota = valid(S.ListQuota, (await owner.get('/quota')).json)
    expect(quota.quota.map((x) => x.name)).toEqual([...quota.quota.map((x) => x.name)].sort())
    const one = valid(S.Quotum, (await owner.get('/quota/api_keys')).json)
    expect(one.name).toBe('api_keys')
    expect((await owner.get('/quota/nope')).status).toBe(404)
  })

  it('filters logs by search (bearer or resource id), action, resource_type and dates', async () => {
    const logs = valid(S.ListLogs, (await owner.get('/logs?page_size=100&resource_type=policy')).json)
    expect(logs.total_count).toBe(4)
    const one = logs.logs[0]
    if (!one) throw new Error('no log')
    expect((await owner.get(`/logs?search=${one.resource_id}`)).json.total_count).toBe(1)
    expect((await owner.get(`/logs?search=${one.bearer_id}&resource_type=policy`)).json.total_count).toBe(4)
    expect((await owner.get('/logs?action=deleted')).json.total_count).toBe(0)
    expect((await owner.get('/logs?action=unknown_action&resource_type=policy')).json.total_count).toBe(4)
    expect((await owner.get('/logs?created_after=2999-01-01T00:00:00Z')).json.total_count).toBe(0)
    expect((await owner.get(`/logs?created_before=2000-01-01T00:00:00.000Z`)).json.total_count).toBe(0)
    valid(S.Log, (await owner.get(`/logs/${one.id}`)).json)
  })
})

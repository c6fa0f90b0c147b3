// Fault injection (issue: 429 with/without Retry-After, 5xx, dropped connections, failNth,
// transient_state on concurrent group writes) and the admin endpoint outside /iam/.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { type Client, emulator, raw } from './helpers'

let emu: RunningEmulator
let owner: Client
beforeEach(async () => {
  ;({ emu, owner } = await emulator())
})
afterEach(() => emu.close())

describe('faults', () => {
  it('answers 429 too_many_requests with Retry-After, or without it when retryAfterSeconds is null', async () => {
    emu.admin.setFaults({ rate429: 1, retryAfterSeconds: 7 })
    const r = await owner.get('/users')
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('7')
    expect(r.json.type).toBe('too_many_requests')
    expect(typeof r.json.help_message).toBe('string')
    emu.admin.setFaults({ retryAfterSeconds: null })
    const r2 = await owner.get('/users')
    expect(r2.status).toBe(429)
    expect(r2.headers.get('retry-after')).toBeNull()
  })

  it('answers 503 at rate5xx = 1 and nothing at 0', async () => {
    emu.admin.setFaults({ rate5xx: 1 })
    const r = await owner.get('/users')
    expect(r.status).toBe(503)
    expect(r.headers.get('content-type')).toBe('application/json')
    emu.admin.setFaults({ rate5xx: 0 })
    expect((await owner.get('/users')).status).toBe(200)
  })

  it('drops the connection without a response', async () => {
    emu.admin.setFaults({ dropRate: 1 })
    await expect(fetch(`${emu.url}/iam/v1alpha1/users`, { headers: { 'X-Auth-Token': owner.token } })).rejects.toThrow()
  })

  it('fails exactly the Nth request from now', async () => {
    emu.admin.setFaults({ failNth: { n: 3, status: 502 } })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await owner.get('/users')).status)
    expect(statuses).toEqual([200, 200, 502, 200])
  })

  it('is deterministic for a seed', async () => {
    const run = async (): Promise<number[]> => {
      const { emu: e, owner: o } = await emulator({ seed: 11, faults: { rate429: 0.5 } })
      const out = []
      for (let i = 0; i < 12; i++) out.push((await o.get('/users')).status)
      await e.close()
      return out
    }
    const a = await run()
    expect(a).toContain(429)
    expect(a).toContain(200)
    expect(await run()).toEqual(a)
  })

  it('answers 409 transient_state to a concurrent write on the same group while one is in progress', async () => {
    const g = (await owner.post('/groups', { name: 'busy', organization_id: owner.orgId })).json
    const u = (await owner.get('/users?type=owner')).json.users[0]
    emu.admin.setFaults({ latencyMs: 300 })
    const [a, b] = await Promise.all([
      owner.post(`/groups/${g.id}/add-member`, { user_id: u.id }),
      owner.patch(`/groups/${g.id}`, { description: 'concurrent' }),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const conflict = a.status === 409 ? a : b
    expect(conflict.json).toEqual({ current_state: 'updating', message: 'resource is in a transient state', resource: 'group', resource_id: g.id, type: 'transient_state' })
  })

  it('is driven at run time through POST /__emulator/faults and counts requests in GET /__emulator/stats', async () => {
    emu.admin.resetCounters()
    await owner.get('/users')
    await owner.get('/groups')
    const stats = await raw(`${emu.url}/__emulator/stats`)
    expect(stats.json).toEqual({ request_count: 2, conflict_count: 0, rate_limited_count: 0 })
    expect(emu.admin.requestCount()).toBe(2)
    const set = await raw(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rate5xx: 1 }) })
    expect(set.status).toBe(200)
    expect(set.json.rate5xx).toBe(1)
    expect((await owner.get('/users')).status).toBe(503)
    const bad = await raw(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ rate5xx: 2 }) })
    expect(bad.status).toBe(400)
  })
})

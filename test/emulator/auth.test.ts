// Authentication and authorization (reference §1.1, §2, §10.14).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { API, client, type Client, emulator, raw } from './helpers'

let emu: RunningEmulator
let owner: Client
let other: Client
let clock: Date
beforeEach(async () => {
  clock = new Date('2026-01-01T00:00:00Z')
  ;({ emu, owner, other } = await emulator({ now: () => clock }))
})
afterEach(() => emu.close())

/** Creates an application with one policy of `sets` on the organization and returns its key. */
async function restricted(sets: string[]): Promise<{ c: Client; appId: string }> {
  const app = (await owner.post('/applications', { name: 'reader', organization_id: owner.orgId })).json
  const rules = sets.length ? [{ permission_set_names: sets, organization_id: owner.orgId }] : []
  expect((await owner.post('/policies', { name: 'reader', organization_id: owner.orgId, application_id: app.id, rules })).status).toBe(200)
  const key = (await owner.post('/api-keys', { application_id: app.id, description: 'reader' })).json
  return { c: client(emu.url, key.secret_key, owner.orgId), appId: app.id }
}

describe('authentication', () => {
  it('answers 401 invalid_argument for a missing or malformed X-Auth-Token', async () => {
    for (const headers of [{}, { 'X-Auth-Token': 'not-a-uuid' }] as Array<Record<string, string>>) {
      const r = await raw(`${emu.url}${API}/users`, { headers })
      expect(r.status).toBe(401)
      expect(r.json).toEqual({ message: 'authentication is denied', method: 'api_key', reason: 'invalid_argument', type: 'denied_authentication' })
    }
  })

  it('answers 401 not_found for an unknown secret and for a deleted key', async () => {
    const r = await raw(`${emu.url}${API}/users`, { headers: { 'X-Auth-Token': '11111111-1111-1111-1111-111111111111' } })
    expect(r.status).toBe(401)
    expect(r.json.reason).toBe('not_found')
    const { c } = await restricted(['IAMReadOnly'])
    const mine = (await c.get('/api-keys?bearer_type=application')).json.api_keys[0]
    expect((await owner.del(`/api-keys/${mine.access_key}`)).status).toBe(204)
    expect((await c.get('/users')).json.reason).toBe('not_found')
  })

  it('answers 401 expired once a key has expired', async () => {
    const users = (await owner.get('/users?type=owner')).json.users
    const key = (await owner.post('/api-keys', { user_id: users[0].id, expires_at: '2026-01-02T00:00:00Z' })).json
    const c = client(emu.url, key.secret_key, owner.orgId)
    expect((await c.get('/users')).status).toBe(200)
    clock = new Date('2026-01-03T00:00:00Z')
    const r = await c.get('/users')
    expect(r.status).toBe(401)
    expect(r.json.reason).toBe('expired')
  })
})

describe('authorization', () => {
  it('lets an IAMReadOnly application read but not write (403 permissions_denied with resource and action)', async () => {
    const { c } = await restricted(['IAMReadOnly'])
    for (const p of ['/users', '/applications', '/groups', '/policies', '/api-keys', '/ssh-keys', '/logs', '/permission-sets', '/quota']) {
      expect((await c.get(p)).status, p).toBe(200)
    }
    const denied = await c.post('/applications', { name: 'nope', organization_id: owner.orgId })
    expect(denied.status).toBe(403)
    expect(denied.json).toEqual({ details: [{ action: 'write', resource: 'application' }], message: 'insufficient permissions', type: 'permissions_denied' })
  })

  it('grants nothing without policies, write with IAMManager, and rights through a group', async () => {
    const none = await restricted([])
    const r = await none.c.get('/api-keys')
    expect(r.status).toBe(403)
    expect(r.json.details).toEqual([{ action: 'read', resource: 'api_key' }])
    const g = (await owner.post('/groups', { name: 'managers', organization_id: owner.orgId })).json
    await owner.post('/policies', { name: 'mgr', organization_id: owner.orgId, group_id: g.id, rules: [{ permission_set_names: ['IAMManager'], organization_id: owner.orgId }] })
    await owner.post(`/groups/${g.id}/add-member`, { application_id: none.appId })
    expect((await none.c.post('/applications', { name: 'now-ok', organization_id: owner.orgId })).status).toBe(200)
  })

  it('ignores project-scoped rules for IAM and honours AllProductsFullAccess on the organization', async () => {
    const proj = await restricted([])
    await owner.post('/policies', { name: 'proj', organization_id: owner.orgId, application_id: proj.appId, rules: [{ permission_set_names: ['AllProductsFullAccess'], project_ids: [owner.orgId] }] })
    expect((await proj.c.get('/users')).status).toBe(403)
    await owner.post('/policies', { name: 'org', organization_id: owner.orgId, application_id: proj.appId, rules: [{ permission_set_names: ['AllProductsFullAccess'], organization_id: owner.orgId }] })
    expect((await proj.c.get('/users')).status).toBe(200)
  })

  it("refuses a locked user's keys", async () => {
    const u = (await owner.post('/users', { organization_id: owner.orgId, member: { email: 'l@x.io', username: 'locked1' } })).json
    await owner.post('/policies', { name: 'u', organization_id: owner.orgId, user_id: u.id, rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: owner.orgId }] })
    const key = (await owner.post('/api-keys', { user_id: u.id })).json
    const c = client(emu.url, key.secret_key, owner.orgId)
    expect((await c.get('/users')).status).toBe(200)
    expect((await owner.post(`/users/${u.id}/lock`)).json.locked).toBe(true)
    expect((await c.get('/users')).status).toBe(403)
    expect((await owner.post(`/users/${u.id}/unlock`)).json.locked).toBe(false)
    expect((await c.get('/users')).status).toBe(200)
  })
})

describe('organization isolation', () => {
  it("lists only the caller's objects and refuses another organization's ids", async () => {
    const mine = (await owner.post('/groups', { name: 'mine', organization_id: owner.orgId })).json
    expect((await other.get('/groups')).json.groups.some((g: { id: string }) => g.id === mine.id)).toBe(false)
    expect((await other.get(`/groups/${mine.id}`)).status).toBe(403)
    expect((await other.del(`/groups/${mine.id}`)).status).toBe(403)
    const listForeign = await other.get(`/groups?organization_id=${owner.orgId}`)
    expect(listForeign.status).toBe(403)
    expect(listForeign.json.type).toBe('permissions_denied')
    expect((await other.post('/groups', { name: 'x', organization_id: owner.orgId })).status).toBe(403)
    const missing = await owner.get('/groups/00000000-0000-4000-8000-000000000000')
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual({ message: 'resource is not found', resource: 'group', resource_id: '00000000-0000-4000-8000-000000000000', type: 'not_found' })
  })
})

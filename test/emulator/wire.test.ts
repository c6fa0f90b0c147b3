// Wire conventions (reference §1.3): status codes, exact Content-Type, nulls, one-of
// omission, secret only on create, unknown routes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as S from '../../domain/schemas'
import type { RunningEmulator } from '../../emulator/index'
import { API, type Client, ED25519, emulator, raw, valid } from './helpers'

let emu: RunningEmulator
let owner: Client
beforeEach(async () => {
  ;({ emu, owner } = await emulator())
})
afterEach(() => emu.close())

describe('wire conventions', () => {
  it('answers creates with 200 and deletes with 204, an empty body and Content-Type application/json exactly', async () => {
    const created = await owner.post('/ssh-keys', { name: 'k', public_key: ED25519, project_id: owner.orgId })
    expect(created.status).toBe(200)
    expect(created.headers.get('content-type')).toBe('application/json')
    const key = valid(S.SshKey, created.json)
    const deleted = await owner.del(`/ssh-keys/${key.id}`)
    expect(deleted.status).toBe(204)
    expect(deleted.text).toBe('')
    expect(deleted.headers.get('content-type')).toBe('application/json')
    const error = await owner.get(`/ssh-keys/${key.id}`)
    expect(error.headers.get('content-type')).toBe('application/json')
  })

  it('sends nullable timestamps as null and omits the unset one-of members', async () => {
    const app = valid(S.Application, (await owner.post('/applications', { name: 'ci', organization_id: owner.orgId })).json)
    const key = (await owner.post('/api-keys', { application_id: app.id, description: 'd' })).json
    expect(key.expires_at).toBeNull()
    expect('user_id' in key).toBe(false)
    expect(key.application_id).toBe(app.id)
    const pol = (await owner.post('/policies', { name: 'p', organization_id: owner.orgId, group_id: null, user_id: null })).json
    expect(pol.no_principal).toBe(true)
    for (const k of ['user_id', 'group_id', 'application_id']) expect(k in pol).toBe(false)
    const users = (await owner.get('/users')).json
    expect(users.users.some((u: { last_login_at: unknown }) => u.last_login_at === null || typeof u.last_login_at === 'string')).toBe(true)
    for (const u of users.users) expect('last_login_at' in u).toBe(true)
  })

  it('returns secret_key only in the POST /api-keys response', async () => {
    const users = (await owner.get('/users?type=owner')).json.users
    const created = await owner.post('/api-keys', { user_id: users[0].id, description: 'x', default_project_id: null, expires_at: null })
    expect(created.status).toBe(200)
    const key = valid(S.ApiKey, created.json)
    expect(key.secret_key).toMatch(/^[0-9a-f-]{36}$/)
    expect(key.access_key).toMatch(/^SCW[0-9A-HJKMNP-TV-Z]{17}$/)
    expect(key.default_project_id).toBe(owner.orgId)
    const got = await owner.get(`/api-keys/${key.access_key}`)
    expect(got.json.secret_key).toBeNull()
    const listed = (await owner.get(`/api-keys?access_keys=${key.access_key}`)).json.api_keys
    expect(listed).toHaveLength(1)
    expect(listed[0].secret_key).toBeNull()
    const patched = await owner.patch(`/api-keys/${key.access_key}`, { description: 'y' })
    expect(patched.json.secret_key).toBeNull()
    expect(patched.json.description).toBe('y')
  })

  it('answers unknown routes with a JSON 404', async () => {
    const r = await raw(`${emu.url}${API}/nope`, { headers: { 'X-Auth-Token': owner.token } })
    expect(r.status).toBe(404)
    expect(r.headers.get('content-type')).toBe('application/json')
    expect(r.json.type).toBe('not_found')
  })

  it('accepts explicit nulls as "not provided" and charset=utf-8 request bodies', async () => {
    const r = await owner.post('/groups', { name: 'g1', organization_id: owner.orgId, description: null, tags: null })
    expect(r.status).toBe(200)
    const g = valid(S.Group, r.json)
    expect(g.description).toBe('')
    expect(g.tags).toEqual([])
  })

  it('serves GET /organizations/{id} for the caller and refuses another organization', async () => {
    const r = await owner.get(`/organizations/${owner.orgId}`)
    expect(r.status).toBe(200)
    expect(r.json.name).toBe(emu.organizations[0]?.name)
    const foreign = await owner.get(`/organizations/${emu.organizations[1]?.organization_id}`)
    expect(foreign.status).toBe(403)
  })
})

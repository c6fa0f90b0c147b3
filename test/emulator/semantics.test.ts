// Server semantics (reference §10): rules, counts, clone, orphaning, cascades, logs,
// fingerprints, membership, quotas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as S from '../../domain/schemas'
import type { AddressInfo } from 'node:net'
import type { RunningEmulator } from '../../emulator/index'
import { FaultInjector } from '../../emulator/faults'
import { RateLimiter } from '../../emulator/rate-limit'
import { createEmulatorServer } from '../../emulator/server'
import { Store } from '../../emulator/store/store'
import { type Client, ED25519, emulator, valid } from './helpers'

let emu: RunningEmulator
let owner: Client
beforeEach(async () => {
  ;({ emu, owner } = await emulator())
})
afterEach(() => emu.close())

const orgRule = (sets: string[], orgId: string) => ({ permission_set_names: sets, organization_id: orgId })

describe('policies and rules', () => {
  it('reports zero counts on create, real counts on GET, and regenerates rule ids on PUT', async () => {
    const rules = [orgRule(['IAMManager'], owner.orgId), orgRule(['IAMReadOnly', 'BillingReadOnly'], owner.orgId), { permission_set_names: ['InstancesReadOnly'], project_ids: [owner.orgId] }]
    const created = valid(S.Policy, (await owner.post('/policies', { name: 'counts', organization_id: owner.orgId, rules })).json)
    expect([created.nb_rules, created.nb_scopes, created.nb_permission_sets]).toEqual([0, 0, 0])
    const got = valid(S.Policy, (await owner.get(`/policies/${created.id}`)).json)
    expect([got.nb_rules, got.nb_scopes, got.nb_permission_sets]).toEqual([3, 2, 4])
    const listed = valid(S.ListRules, (await owner.get(`/rules?policy_id=${created.id}`)).json)
    expect(listed.total_count).toBe(3)
    expect(listed.rules[2]?.permission_sets_scope_type).toBe('projects')
    const put = valid(S.SetRulesResponse, (await owner.put('/rules', { policy_id: created.id, rules: rules.slice(0, 1) })).json)
    expect(put.rules).toHaveLength(1)
    expect(listed.rules.map((r) => r.id)).not.toContain(put.rules[0]?.id)
    expect((await owner.get(`/policies/${created.id}`)).json.nb_rules).toBe(1)
    expect((await owner.put('/rules', { policy_id: created.id, rules: [] })).json.rules).toEqual([])
  })

  it('reports AllProductsFullAccess as projects-scoped even on the organization', async () => {
    const p = (await owner.post('/policies', { name: 'apfa', organization_id: owner.orgId })).json
    const r = (await owner.put('/rules', { policy_id: p.id, rules: [orgRule(['AllProductsFullAccess'], owner.orgId)] })).json
    expect(r.rules[0].permission_sets_scope_type).toBe('projects')
    expect(r.rules[0].organization_id).toBe(owner.orgId)
    expect('project_ids' in r.rules[0]).toBe(false)
  })

  it('clones as "Copy of <name>" without principal or tags, with the same rules', async () => {
    const app = (await owner.post('/applications', { name: 'a', organization_id: owner.orgId })).json
    const src = (await owner.post('/policies', { name: 'Source', organization_id: owner.orgId, application_id: app.id, tags: ['x'], rules: [orgRule(['IAMReadOnly'], owner.orgId)] })).json
    const copy = valid(S.Policy, (await owner.post(`/policies/${src.id}/clone`, { name: 'ignored' })).json)
    expect(copy.name).toBe('Copy of Source')
    expect(copy.no_principal).toBe(true)
    expect(copy.application_id).toBeUndefined()
    expect(copy.tags).toEqual([])
    expect(copy.id).not.toBe(src.id)
    const rules = (await owner.get(`/rules?policy_id=${copy.id}`)).json.rules
    expect(rules.map((r: { permission_set_names: string[] }) => r.permission_set_names)).toEqual([['IAMReadOnly']])
  })

  it('orphans policies when their group, user or application is deleted', async () => {
    const g = (await owner.post('/groups', { name: 'g', organization_id: owner.orgId })).json
    const u = (await owner.post('/users', { organization_id: owner.orgId, member: { email: 'u@x.io', username: 'uu' } })).json
    const a = (await owner.post('/applications', { name: 'a', organization_id: owner.orgId })).json
    const pg = (await owner.post('/policies', { name: 'pg', organization_id: owner.orgId, group_id: g.id })).json
    const pu = (await owner.post('/policies', { name: 'pu', organization_id: owner.orgId, user_id: u.id })).json
    const pa = (await owner.post('/policies', { name: 'pa', organization_id: owner.orgId, application_id: a.id })).json
    expect((await owner.get(`/policies?group_ids=${g.id}`)).json.total_count).toBe(1)
    await owner.del(`/groups/${g.id}`)
    await owner.del(`/users/${u.id}`)
    await owner.del(`/applications/${a.id}`)
    for (const p of [pg, pu, pa]) {
      const got = (await owner.get(`/policies/${p.id}`)).json
      expect(got.no_principal).toBe(true)
      expect(got.group_id ?? got.user_id ?? got.application_id).toBeUndefined()
    }
  })
})

describe('api keys, users and applications', () => {
  it('tracks nb_api_keys and deletes the keys of a deleted application or user', async () => {
    const a = (await owner.post('/applications', { name: 'a', organization_id: owner.orgId })).json
    const k1 = (await owner.post('/api-keys', { application_id: a.id })).json
    await owner.post('/api-keys', { application_id: a.id })
    expect((await owner.get(`/applications/${a.id}`)).json.nb_api_keys).toBe(2)
    await owner.del(`/api-keys/${k1.access_key}`)
    expect((await owner.get(`/applications/${a.id}`)).json.nb_api_keys).toBe(1)
    await owner.del(`/applications/${a.id}`)
    expect((await owner.get(`/api-keys?bearer_id=${a.id}`)).json.total_count).toBe(0)
    const missing = await owner.get(`/api-keys/${k1.access_key}`)
    expect(missing.status).toBe(404)
    expect(missing.json.resource).toBe('access_key')
    expect(missing.json.resource_id).toBe(k1.access_key)
    const u = (await owner.post('/users', { organization_id: owner.orgId, member: { email: 'k@x.io', username: 'kk' } })).json
    await owner.post('/api-keys', { user_id: u.id })
    await owner.del(`/users/${u.id}`)
    expect((await owner.get(`/api-keys?bearer_id=${u.id}`)).json.total_count).toBe(0)
  })

  it('does not let the owner be deleted', async () => {
    const ownerUser = (await owner.get('/users?type=owner')).json.users[0]
    const r = await owner.del(`/users/${ownerUser.id}`)
    expect(r.status).toBe(403)
    expect(r.json.type).toBe('permissions_denied')
    expect(ownerUser.deletable).toBe(false)
  })

  it('bumps updated_at on PATCH and not on membership changes', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z')
    await emu.close()
    ;({ emu, owner } = await emulator({ now: () => new Date((t += 1000)) }))
    const g = (await owner.post('/groups', { name: 'g', organization_id: owner.orgId })).json
    const u = (await owner.get('/users?type=owner')).json.users[0]
    const added = (await owner.post(`/groups/${g.id}/add-member`, { user_id: u.id })).json
    expect(added.user_ids).toEqual([u.id])
    expect(added.updated_at).toBe(g.updated_at)
    const patched = (await owner.patch(`/groups/${g.id}`, { description: 'd' })).json
    expect(patched.updated_at > g.updated_at).toBe(true)
  })

  it('writes audit logs with bearer, ip and user agent', async () => {
    const a = (await owner.post('/applications', { name: 'logged', organization_id: owner.orgId })).json
    await owner.patch(`/applications/${a.id}`, { description: 'x' })
    await owner.del(`/applications/${a.id}`)
    const logs = valid(S.ListLogs, (await owner.get(`/logs?search=${a.id}`)).json).logs
    expect(logs.map((l) => l.action)).toEqual(['created', 'updated', 'deleted'])
    const ownerUser = (await owner.get('/users?type=owner')).json.users[0]
    for (const l of logs) {
      expect(l.bearer_id).toBe(ownerUser.id)
      expect(l.ip).toBe('127.0.0.1')
      expect(l.user_agent).toBe('emulator-test/1.0')
      expect(l.resource_type).toBe('application')
    }
  })
})

describe('groups', () => {
  it('adds, sets and removes members; removing a non-member is a 404 with an empty resource', async () => {
    const g = (await owner.post('/groups', { name: 'm', organization_id: owner.orgId })).json
    const a = (await owner.post('/applications', { name: 'a', organization_id: owner.orgId })).json
    const u = (await owner.get('/users?type=owner')).json.users[0]
    const both = valid(S.Group, (await owner.post(`/groups/${g.id}/add-members`, { user_ids: [u.id], application_ids: [a.id] })).json)
    expect([both.user_ids, both.application_ids]).toEqual([[u.id], [a.id]])
    expect((await owner.get(`/groups?user_ids=${u.id}`)).json.total_count).toBe(1)
    const set = (await owner.put(`/groups/${g.id}/members`, { user_ids: [], application_ids: [a.id] })).json
    expect(set.user_ids).toEqual([])
    const removed = (await owner.post(`/groups/${g.id}/remove-member`, { application_id: a.id })).json
    expect(removed.application_ids).toEqual([])
    const again = await owner.post(`/groups/${g.id}/remove-member`, { application_id: a.id })
    expect(again.status).toBe(404)
    expect(again.json).toEqual({ message: 'resource is not found', resource: '', resource_id: a.id, type: 'not_found' })
  })
})

describe('ssh keys', () => {
  it('computes the Scaleway fingerprint and keeps the comment', async () => {
    const k = valid(S.SshKey, (await owner.post('/ssh-keys', { name: 'k', public_key: `${ED25519} me@host`, project_id: owner.orgId })).json)
    expect(k.fingerprint).toBe('256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 me@host (ssh-ed25519)')
    expect(k.organization_id).toBe(owner.orgId)
    const upd = (await owner.patch(`/ssh-keys/${k.id}`, { disabled: true })).json
    expect(upd.disabled).toBe(true)
    expect((await owner.get('/ssh-keys?disabled=true')).json.total_count).toBe(1)
    expect((await owner.get('/ssh-keys?disabled=false')).json.total_count).toBe(0)
  })
})

describe('quotas', () => {
  it('answers 403 quotas_exceeded once an organization quota is reached', async () => {
    const current = (await owner.get('/applications')).json.total_count
    emu.admin.setQuota('applications', current + 1, owner.orgId)
    expect((await owner.post('/applications', { name: 'one', organization_id: owner.orgId })).status).toBe(200)
    const r = await owner.post('/applications', { name: 'two', organization_id: owner.orgId })
    expect(r.status).toBe(403)
    expect(r.json.type).toBe('quotas_exceeded')
    expect(r.json.details[0]).toMatchObject({ resource: 'applications', quota: current + 1, current: current + 1 })
    expect((await owner.get('/quota/applications')).json.limit).toBe(current + 1)
  })
})

describe('list pages assembled from kept JSON (Store.jsonOf)', () => {
  it('show what a write changed in place, even in another kind of object', async () => {
    const app = (await owner.post('/applications', { name: 'kept-json', organization_id: owner.orgId })).json
    const listApp = async () => {
      const page = valid(S.ListApplications, (await owner.get(`/applications?organization_id=${owner.orgId}&name=kept-json`)).json)
      return page.applications[0]!
    }
    expect((await listApp()).nb_api_keys).toBe(0)
    // Creating a key bumps its application's nb_api_keys in place: the kept JSON must not be reused.
    await owner.post('/api-keys', { application_id: app.id, description: 'k' })
    expect((await listApp()).nb_api_keys).toBe(1)
    await owner.patch(`/applications/${app.id}`, { description: 'changed' })
    expect((await listApp()).description).toBe('changed')
  })

  it('are byte for byte what serialising the page would give', async () => {
    const res = await owner.get(`/users?organization_id=${owner.orgId}&page_size=3`)
    expect(res.text).toBe(JSON.stringify(res.json))
    expect(Object.keys(res.json)).toEqual(['users', 'total_count'])
  })
})

describe('the admin surface and kept JSON', () => {
  it('keeps it across counter resets and fault changes, drops it when a quota changes', async () => {
    // A benchmark resets the counters right before it measures: that must not cost the
    // emulator a re-serialisation of every object on the next list pages.
    const store = new Store(() => new Date(), 1)
    const server = createEmulatorServer({ store, faults: new FaultInjector(1), requestCount: 0, conflictCount: 0, rateLimiter: new RateLimiter() })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__emulator`
    const post = (path: string, body: unknown) =>
      fetch(`${url}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    try {
      const before = store.revision
      expect((await post('reset-counters', {})).status).toBe(200)
      expect((await post('faults', { latencyMs: 0 })).status).toBe(200)
      expect(store.revision).toBe(before)
      expect((await post('quota', { name: 'applications', limit: 5 })).status).toBe(200)
      expect(store.revision).toBeGreaterThan(before)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

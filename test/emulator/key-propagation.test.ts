// New API keys propagate (answer 401 for N seconds of the emulator's clock), and `expires_at`
// updates on existing keys: moved, refused in the past, left alone by `null`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { client, type Client, emulator, raw } from './helpers'

let emu: RunningEmulator
let owner: Client
let clock: Date
const tick = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000)
}

async function newAppKey(c: Client): Promise<{ access_key: string; secret_key: string }> {
  const app = (await c.post('/applications', { name: `app-${Math.random().toString(36).slice(2, 8)}`, organization_id: c.orgId })).json
  await c.post('/policies', { name: `p-${app.id.slice(0, 6)}`, organization_id: c.orgId, application_id: app.id, rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: c.orgId }] })
  return (await c.post('/api-keys', { application_id: app.id, description: 'fresh' })).json
}

describe('key propagation delay', () => {
  beforeEach(async () => {
    clock = new Date('2026-03-01T00:00:00Z')
    ;({ emu, owner } = await emulator({ now: () => clock, faults: { keyPropagationSeconds: 20 } }))
  })
  afterEach(() => emu.close())

  it('answers 401 not_found for a new key until N seconds have passed on the emulator clock, then authenticates', async () => {
    const key = await newAppKey(owner)
    const c = client(emu.url, key.secret_key, owner.orgId)
    const refused = await c.get(`/api-keys/${key.access_key}`)
    expect(refused.status).toBe(401)
    expect(refused.json).toEqual({ message: 'authentication is denied', method: 'api_key', reason: 'not_found', type: 'denied_authentication' })
    tick(19)
    expect((await c.get(`/api-keys/${key.access_key}`)).status).toBe(401)
    tick(1)
    const ok = await c.get(`/api-keys/${key.access_key}`)
    expect(ok.status).toBe(200)
    expect(ok.json.secret_key).toBeNull()
  })

  it('never delays the keys that existed before (seeded keys, the owner key)', async () => {
    expect((await owner.get('/users')).status).toBe(200)
  })

  it('is per organization: the admin API sets one organization, the others keep the default', async () => {
    await emu.close()
    ;({ emu, owner } = await emulator({ now: () => clock, orgs: 2 }))
    const [a, b] = emu.organizations
    const ca = client(emu.url, a!.secret_key, a!.organization_id)
    const cb = client(emu.url, b!.secret_key, b!.organization_id)
    emu.admin.setKeyPropagation(30, a!.organization_id)
    expect(emu.admin.keyPropagation()).toEqual({ default_seconds: 0, organizations: { [a!.organization_id]: 30 } })
    const ka = await newAppKey(ca)
    const kb = await newAppKey(cb)
    expect((await client(emu.url, ka.secret_key, a!.organization_id).get('/users')).status).toBe(401)
    expect((await client(emu.url, kb.secret_key, b!.organization_id).get('/users')).status).toBe(200)
    // Over HTTP: clear the organization's value, set the other one.
    const set = await raw(`${emu.url}/__emulator/key-propagation`, { method: 'POST', body: JSON.stringify({ seconds: null, organization_id: a!.organization_id }) })
    expect(set.status).toBe(200)
    expect((await client(emu.url, ka.secret_key, a!.organization_id).get('/users')).status).toBe(200)
    const again = await raw(`${emu.url}/__emulator/key-propagation`, { method: 'POST', body: JSON.stringify({ seconds: 5, organization_id: b!.organization_id }) })
    expect(again.json).toEqual({ default_seconds: 0, organizations: { [b!.organization_id]: 5 } })
    const kb2 = await newAppKey(cb)
    expect((await client(emu.url, kb2.secret_key, b!.organization_id).get('/users')).status).toBe(401)
    expect((await raw(`${emu.url}/__emulator/key-propagation`, { method: 'POST', body: JSON.stringify({ seconds: -1 }) })).status).toBe(400)
    // The faults field is the default of every organization without its own value.
    expect((await raw(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ keyPropagationSeconds: 7 }) })).json.keyPropagationSeconds).toBe(7)
    expect((await raw(`${emu.url}/__emulator/key-propagation`)).json.default_seconds).toBe(7)
  })
})

describe('expires_at on an existing key', () => {
  beforeEach(async () => {
    clock = new Date('2026-03-01T00:00:00Z')
    ;({ emu, owner } = await emulator({ now: () => clock }))
  })
  afterEach(() => emu.close())

  it('moves an expiry, refuses one in the past, and reads null as "unchanged" (an expiry cannot be removed)', async () => {
    const key = await newAppKey(owner)
    expect(key).toMatchObject({ expires_at: null })
    const set = await owner.patch(`/api-keys/${key.access_key}`, { expires_at: '2026-03-02T00:00:00Z' })
    expect(set.status).toBe(200)
    expect(set.json.expires_at).toBe('2026-03-02T00:00:00Z')
    const cleared = await owner.patch(`/api-keys/${key.access_key}`, { expires_at: null, description: 'still expiring' })
    expect(cleared.status).toBe(200)
    expect(cleared.json).toMatchObject({ expires_at: '2026-03-02T00:00:00Z', description: 'still expiring' })
    const past = await owner.patch(`/api-keys/${key.access_key}`, { expires_at: '2026-02-01T00:00:00Z' })
    expect(past.status).toBe(400)
    expect(past.json.details[0]).toMatchObject({ argument_name: 'expires_at', reason: 'constraint' })
  })

  it('an expired key authenticates again once its expiry is moved into the future', async () => {
    const key = await newAppKey(owner)
    await owner.patch(`/api-keys/${key.access_key}`, { expires_at: '2026-03-01T01:00:00Z' })
    const c = client(emu.url, key.secret_key, owner.orgId)
    expect((await c.get('/users')).status).toBe(200)
    tick(2 * 3600)
    expect((await c.get('/users')).json.reason).toBe('expired')
    expect((await owner.patch(`/api-keys/${key.access_key}`, { expires_at: '2027-01-01T00:00:00Z' })).status).toBe(200)
    expect((await c.get('/users')).status).toBe(200)
  })
})

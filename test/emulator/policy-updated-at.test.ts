// A policy's updated_at moves whenever its rules are replaced, as the real API does: the
// production recording tf__policy-change-permissions.json shows it (after each PUT /rules the next
// GET /policies/{id} has a later updated_at; reads never move it). The incremental re-sync skips
// the rules of every policy whose updated_at did not move, so it relies on this.
//
// The recording's policy exchanges are replayed against the emulator in order (ids translated),
// and the emulator's updated_at must move exactly where the recorded one moved.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { client, type Client } from './helpers'

const RECORDING = fileURLToPath(new URL('../fixtures/live-api/tf__policy-change-permissions.json', import.meta.url))
const API = '/iam/v1alpha1'

interface Interaction {
  method: string
  url: string
  request_body: unknown
  status: number
  response_body: unknown
}

const recording = JSON.parse(readFileSync(RECORDING, 'utf8')) as { interactions: Interaction[] }

let emulator: RunningEmulator
let c: Client

beforeAll(async () => {
  emulator = await startEmulator({ orgs: 1, seed: 3 })
  const o = emulator.organizations[0]!
  c = client(emulator.url, o.secret_key, o.organization_id)
})
afterAll(async () => {
  await emulator.close()
})

/** The recorded ids (organization, policy) → the emulator's, inside any JSON value. */
function translate(value: unknown, ids: Map<string, string>): unknown {
  let text = JSON.stringify(value)
  for (const [from, to] of ids) text = text.split(from).join(to)
  return JSON.parse(text) as unknown
}

describe('PUT /rules moves the policy updated_at (live recording)', () => {
  // The policy the recording changes: created with rules (POST /policies named tf_tests_policy_changepermissions).
  const createIndex = recording.interactions.findIndex(
    (x) => x.method === 'POST' && x.url === `${API}/policies` && (x.request_body as { name?: string }).name === 'tf_tests_policy_changepermissions',
  )
  const created = recording.interactions[createIndex]!
  const recordedId = (created.response_body as { id: string }).id
  const recordedOrg = (created.request_body as { organization_id: string }).organization_id
  const exchanges = recording.interactions
    .slice(createIndex + 1)
    .filter((x) => x.status === 200 && (x.url === `${API}/policies/${recordedId}` || x.url.startsWith(`${API}/rules`)))

  it('the recording itself: each PUT /rules is followed by a GET with a later updated_at, reads never move it', () => {
    let last = (created.response_body as { updated_at: string }).updated_at
    let puts = 0
    let pendingPut = false
    for (const x of exchanges) {
      if (x.method === 'PUT') {
        puts += 1
        pendingPut = true
      } else if (x.method === 'GET' && x.url === `${API}/policies/${recordedId}`) {
        const at = (x.response_body as { updated_at: string }).updated_at
        if (pendingPut) expect(at > last).toBe(true)
        else expect(at).toBe(last)
        last = at
        pendingPut = false
      }
    }
    expect(puts).toBe(2)
  })

  it('the emulator, replaying the same exchanges, moves updated_at exactly where the API did', async () => {
    const ids = new Map([[recordedOrg, c.orgId]])
    const made = await c.post('/policies', translate(created.request_body, ids))
    expect(made.status).toBe(200)
    ids.set(recordedId, made.json.id as string)
    let recordedLast = (created.response_body as { updated_at: string }).updated_at
    let emulatedLast = made.json.updated_at as string
    let checked = 0
    for (const x of exchanges) {
      const path = (translate(x.url, ids) as string).slice(API.length)
      if (x.method === 'PUT') {
        const r = await c.put(path, translate(x.request_body, ids))
        expect(r.status).toBe(200)
        continue
      }
      const r = await c.get(path)
      expect(r.status).toBe(200)
      if (!x.url.startsWith(`${API}/policies/`)) continue
      const recordedAt = (x.response_body as { updated_at: string }).updated_at
      const emulatedAt = r.json.updated_at as string
      // Moved in the recording ⇔ moved in the emulator.
      expect(emulatedAt > emulatedLast).toBe(recordedAt > recordedLast)
      expect(emulatedAt >= emulatedLast).toBe(true)
      recordedLast = recordedAt
      emulatedLast = emulatedAt
      checked += 1
    }
    expect(checked).toBeGreaterThanOrEqual(10)
  })

  it('back-to-back PUT /rules still move it strictly, and the list shows the same updated_at', async () => {
    const made = await c.post('/policies', {
      name: 'back-to-back',
      organization_id: c.orgId,
      no_principal: true,
      rules: [{ permission_set_names: ['AllProductsFullAccess'], organization_id: c.orgId }],
    })
    expect(made.status).toBe(200)
    const id = made.json.id as string
    let last = made.json.updated_at as string
    for (const names of [['IAMReadOnly'], ['AllProductsFullAccess'], ['IAMReadOnly']]) {
      const r = await c.put('/rules', { policy_id: id, rules: [{ permission_set_names: names, organization_id: c.orgId }] })
      expect(r.status).toBe(200)
      const at = (await c.get(`/policies/${id}`)).json.updated_at as string
      expect(at > last).toBe(true)
      last = at
    }
    const listed = (await c.get(`/policies?organization_id=${c.orgId}&page_size=100`)).json.policies as Array<{ id: string; updated_at: string; nb_rules: number }>
    expect(listed.find((p) => p.id === id)).toMatchObject({ updated_at: last, nb_rules: 1 })
  })
})

// Projects by name, through the real router against the demo emulator: a credential that may
// list projects gets their names (projects.list, rule scopes in a policy's detail); one that
// may not (an application holding IAMManager only: 403 on /account/v3/projects) still syncs
// every IAM kind, and the app answers `denied` with the reason and keeps showing ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import type { OrganizationProjects } from '../../src-preload/contract'
import { openDesk, type DeskApp } from './writes-helpers'

type Row = { id: string; item: Record<string, unknown> }
type ScopeOut = { type: string; projects?: Array<{ id: string; name: string | null; isDefault: boolean }> }

let emu: RunningEmulator
let d: DeskApp
let owned: string
let restricted: string

async function waitForSync(): Promise<void> {
  for (let i = 0; i < 300 && (await d.call<{ running: boolean }>('sync.status', {})).running; i++) await new Promise((r) => setTimeout(r, 50))
}

/** As the owner of `org`: an application with IAMManager on the organization, and its new key. */
async function iamOnlyKey(org: { organization_id: string; secret_key: string }): Promise<{ accessKey: string; secretKey: string }> {
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${emu.url}/iam/v1alpha1${path}`, { method: 'POST', headers: { 'X-Auth-Token': org.secret_key, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    return (await res.json()) as Record<string, string>
  }
  const app = await call('/applications', { name: 'iam-only', organization_id: org.organization_id })
  await call('/policies', { name: 'iam-only', organization_id: org.organization_id, application_id: app.id, rules: [{ permission_set_names: ['IAMManager'], organization_id: org.organization_id }] })
  const key = await call('/api-keys', { application_id: app.id, description: 'IAM only' })
  return { accessKey: key.access_key!, secretKey: key.secret_key! }
}

async function scopesOf(organizationId: string, policyName: string): Promise<ScopeOut[]> {
  const page = await d.call<{ rows: Row[] }>('browse.list', { kind: 'policies', organizationIds: [organizationId], search: policyName, offset: 0, limit: 10 })
  const row = page.rows.find((r) => r.item.name === policyName)
  if (!row) throw new Error(`no policy ${policyName}`)
  const detail = await d.call<{ relations: { rules: Array<{ scope: ScopeOut }> } }>('browse.detail', { kind: 'policies', organizationId, id: row.id })
  return detail.relations.rules.map((r) => r.scope)
}

beforeAll(async () => {
  emu = await startEmulator({ demo: true, seed: 3 })
  const [a, b] = emu.organizations
  d = await openDesk(emu.url, a!.access_key, a!.secret_key)
  owned = d.organizationId
  const key = await iamOnlyKey(b!)
  restricted = (await d.call<{ id: string }>('orgs.add', { ...key, apiUrl: emu.url })).id
  await waitForSync()
  await d.call('sync.start', { organizationIds: [owned, restricted] })
  await waitForSync()
}, 60_000)
afterAll(async () => {
  await d?.close()
  await emu?.close()
})

describe('projects', () => {
  it('are synced by name where the credential may list them', async () => {
    const [mine] = await d.call<OrganizationProjects[]>('projects.list', { organizationIds: [owned] })
    expect(mine).toMatchObject({ organizationId: owned, status: 'listed', reason: null })
    expect(mine!.projects.map((p) => p.name)).toEqual(['data-lake', 'default', 'production', 'staging'])
    expect(mine!.projects.find((p) => p.isDefault)).toMatchObject({ id: owned, name: 'default' })
    // A rule's project ids read as names.
    const scopes = await scopesOf(owned, 'Developers - production and staging')
    expect(scopes.flatMap((s) => s.projects?.map((p) => p.name) ?? [])).toEqual(['staging', 'production'])
  })

  it('degrade to ids with the reason when the credential may not list them (403), and the rest still syncs', async () => {
    // The sync succeeded; `denied` comes from its record of the skipped kind.
    const runs = await d.call<Array<{ status: string; errorMessage: string | null }>>('history.syncRuns', { organizationId: restricted, limit: 1 })
    expect(runs[0]).toMatchObject({ status: 'ok', errorMessage: null })
    const [theirs] = await d.call<OrganizationProjects[]>('projects.list', { organizationIds: [restricted] })
    expect(theirs).toMatchObject({ organizationId: restricted, status: 'denied', projects: [] })
    expect(theirs!.reason).toMatch(/may not list projects/)
    const users = await d.call<{ rows: Row[] }>('browse.list', { kind: 'users', organizationIds: [restricted], offset: 0, limit: 5 })
    expect(users.rows.length).toBeGreaterThan(0)
    const scopes = await scopesOf(restricted, 'Developpeurs - preprod')
    const projects = scopes.flatMap((s) => s.projects ?? [])
    expect(projects.length).toBeGreaterThan(0)
    expect(projects.every((p) => p.name === null)).toBe(true)
    // Both organizations together: one answer each, in the cache's order.
    const both = await d.call<OrganizationProjects[]>('projects.list', {})
    expect(both.map((o) => o.status).sort()).toEqual(['denied', 'listed'])
  })
})

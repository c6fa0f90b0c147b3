// Policy analysis through the real router against the demo emulator: a policy changed on the
// server between two syncs shows both versions in its timeline and their diff; two same-named
// policies of different organizations compare on grants (no-new-access verdict included); the
// across-organizations matrix lines them up against a reference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { exportedText, openDesk, type DeskApp } from './writes-helpers'
import type { AcrossMatrix, ExportView, PolicyComparison, PolicyTimeline } from '../../src-preload/contract'

type Row = { id: string; organizationId: string; item: Record<string, unknown> }

let emu: RunningEmulator
let d: DeskApp
let northwind: string
let kestrel: string

async function find(organizationId: string, name: string): Promise<Row> {
  const page = await d.call<{ rows: Row[] }>('browse.list', { kind: 'policies', organizationIds: [organizationId], search: name, offset: 0, limit: 50 })
  const row = page.rows.find((r) => r.item.name === name)
  if (!row) throw new Error(`no policy named ${name}`)
  return row
}

async function putRules(secret: string, policyId: string, rules: unknown[]): Promise<void> {
  const res = await fetch(`${emu.url}/iam/v1alpha1/rules`, {
    method: 'PUT',
    headers: { 'X-Auth-Token': secret, 'Content-Type': 'application/json' },
    body: JSON.stringify({ policy_id: policyId, rules }),
  })
  expect(res.ok).toBe(true)
}

const exported = (view: ExportView, format: 'csv' | 'json') => exportedText(d, view, format)

beforeAll(async () => {
  emu = await startEmulator({ demo: true, seed: 3 })
  const [a, , c] = emu.organizations
  d = await openDesk(emu.url, a!.access_key, a!.secret_key)
  northwind = d.organizationId
  kestrel = (await d.call<{ id: string }>('orgs.add', { accessKey: c!.access_key, secretKey: c!.secret_key, apiUrl: emu.url })).id
  await d.call('sync.start', { organizationIds: [kestrel] })
}, 60_000)
afterAll(async () => {
  await d?.close()
  await emu?.close()
})

describe('one policy over time', () => {
  it('a policy changed between two syncs shows both versions and their diff', async () => {
    const ci = await find(northwind, 'CI deploys')
    const before = await d.call<PolicyTimeline>('analysis.timeline', { organizationId: northwind, policyId: ci.id })
    expect(before.versions).toHaveLength(1)
    expect(before.versions[0]).toMatchObject({ label: 'First seen', current: true, grants: 6 })

    // On the server: the same grants regrouped (no change) plus IAMManager on the organization.
    const projects = (await d.call<{ relations: { rules: Array<{ rule: { project_ids?: string[] } }> } }>('browse.detail', { kind: 'policies', organizationId: northwind, id: ci.id })).relations.rules[0]!.rule.project_ids!
    await putRules(emu.organizations[0]!.secret_key, ci.id, [
      { permission_set_names: ['KubernetesFullAccess', 'ServerlessContainersFullAccess'], project_ids: [...projects].reverse() },
      { permission_set_names: ['ContainerRegistryFullAccess'], project_ids: projects, condition: 'request.ip=="10.0.0.1"' },
      { permission_set_names: ['IAMManager'], organization_id: northwind },
    ])
    await d.call('sync.start', { organizationIds: [northwind] })

    const after = await d.call<PolicyTimeline>('analysis.timeline', { organizationId: northwind, policyId: ci.id })
    expect(after.versions.map((v) => [v.label, v.grants, v.added, v.removed, v.changed, v.current])).toEqual([
      ['First seen', 6, 6, 0, 0, false],
      ['Changed', 7, 1, 0, 2, true],
    ])
    const [v1, v2] = after.versions
    const diff = await d.call<PolicyComparison>('analysis.compare', {
      a: { organizationId: northwind, policyId: ci.id, syncRunId: v1!.syncRunId },
      b: { organizationId: northwind, policyId: ci.id, syncRunId: v2!.syncRunId },
    })
    expect(diff.projectMatch).toBe('id')
    expect(diff.grants.added.map((g) => [g.permissionSet, g.scope.type])).toEqual([['IAMManager', 'organization']])
    expect(diff.grants.removed).toEqual([])
    expect(diff.grants.changed.map((c) => [c.after.permissionSet, c.before.condition, c.after.condition])).toEqual([
      ['ContainerRegistryFullAccess', '', 'request.ip == "10.0.0.1"'],
      ['ContainerRegistryFullAccess', '', 'request.ip == "10.0.0.1"'],
    ])
    expect(diff.grants.unchanged).toHaveLength(4)
    expect(diff.noNewAccess.verdict).toBe('new_access')
    expect(diff.noNewAccess.newGrants.map((g) => g.permissionSet)).toEqual(['IAMManager'])
    expect(diff.noNewAccess.review).toHaveLength(2)
    // the version "now" is the last synced one; going back (B = the old version) adds nothing but conditions
    const back = await d.call<PolicyComparison>('analysis.compare', {
      a: { organizationId: northwind, policyId: ci.id },
      b: { organizationId: northwind, policyId: ci.id, syncRunId: v1!.syncRunId },
    })
    expect(back.noNewAccess.verdict).toBe('review')
    expect(back.noNewAccess.newGrants).toEqual([])
  })

  it('refuses a sync run of another organization', async () => {
    const ci = await find(northwind, 'CI deploys')
    const runs = await d.call<Array<{ id: string }>>('history.syncRuns', { organizationId: kestrel })
    const err = await d.fail('analysis.compare', { a: { organizationId: northwind, policyId: ci.id }, b: { organizationId: northwind, policyId: ci.id, syncRunId: runs[0]!.id } })
    expect(err.code).toBe('BAD_REQUEST')
  })
})

describe('two policies of different organizations', () => {
  it('compares same-named policies on grants, principals by name, and says what only B grants', async () => {
    const a = await find(northwind, 'Terraform')
    const b = await find(kestrel, 'Terraform')
    const cmp = await d.call<PolicyComparison>('analysis.compare', { a: { organizationId: northwind, policyId: a.id }, b: { organizationId: kestrel, policyId: b.id } })
    expect(cmp.projectMatch).toBe('name')
    expect(cmp.principal).toBeNull() // the application "terraform" in both
    expect(cmp.description).toEqual({ before: 'Everything Terraform manages', after: '' })
    // Kestrel: AllProductsFullAccess on all projects (Northwind: three projects), IAMManager without Northwind's condition
    expect(cmp.noNewAccess.newGrants.map((g) => [g.permissionSet, g.scope.type])).toEqual([['AllProductsFullAccess', 'organization']])
    expect(cmp.noNewAccess.review.map((r) => r.grant.permissionSet)).toEqual(['IAMManager'])
    expect(cmp.grants.changed.map((c) => c.after.permissionSet)).toEqual(['IAMManager'])
    // the other way round: Northwind's project grants are inside Kestrel's organization-wide one
    const rev = await d.call<PolicyComparison>('analysis.compare', { a: { organizationId: kestrel, policyId: b.id }, b: { organizationId: northwind, policyId: a.id } })
    expect(rev.noNewAccess.newGrants).toEqual([])
    expect(rev.noNewAccess.verdict).toBe('review')
  })

  it('matches projects by name across organizations (both have "production" and "staging")', async () => {
    const a = await find(northwind, 'CI deploys')
    const b = await find(kestrel, 'CI deploys')
    const cmp = await d.call<PolicyComparison>('analysis.compare', { a: { organizationId: northwind, policyId: a.id }, b: { organizationId: kestrel, policyId: b.id } })
    expect(cmp.a.projectNamesKnown && cmp.b.projectNamesKnown).toBe(true)
    expect(cmp.projectNote).toBeNull()
    const same = cmp.grants.unchanged.map((p) => `${p.after.permissionSet} ${p.after.scope.type === 'project' ? p.after.scope.projectName : ''}`)
    expect(same).toEqual(['KubernetesFullAccess production', 'KubernetesFullAccess staging'])
    // …though the ids differ: each side keeps its own
    const [pair] = cmp.grants.unchanged
    expect(pair!.before.scope).not.toEqual(pair!.after.scope)
    expect(cmp.noNewAccess.newGrants.map((g) => g.permissionSet)).toEqual(['ContainerRegistryPush', 'ContainerRegistryPush'])
  })

  it('lines the same-named policy up across organizations against a chosen reference', async () => {
    const a = await find(northwind, 'Terraform')
    const m = await d.call<AcrossMatrix>('analysis.across', { organizationId: northwind, policyId: a.id, by: 'tag', tag: 'managed-by=terraform' })
    expect(m.columns.map((c) => [c.organizationName, c.isReference])).toEqual([
      ['Kestrel Robotics', false],
      ['Northwind Analytics', true],
    ])
    const iam = m.rows.find((r) => r.permissionSet === 'IAMManager')!
    expect(iam.cells.map((c) => c.state)).toEqual(['condition', 'same'])
    const allProjects = m.rows.find((r) => r.permissionSet === 'AllProductsFullAccess' && r.scope === 'All projects')!
    expect(allProjects.cells.map((c) => c.state)).toEqual(['extra', 'same'])
    expect(m.columns[0]!.verdict).toBe('new_access')
    const byName = await d.call<AcrossMatrix>('analysis.across', { organizationId: northwind, policyId: a.id, by: 'name', reference: { organizationId: kestrel, policyId: m.columns[0]!.policyId } })
    expect(byName.columns.map((c) => c.isReference)).toEqual([true, false])
    expect(byName.rows.find((r) => r.permissionSet === 'AllProductsFullAccess' && r.scope === 'All projects')!.cells.map((c) => c.state)).toEqual(['same', 'missing'])
    // Northwind's project grants sit inside Kestrel's organization-wide one: "within", not "extra"
    expect(byName.rows.find((r) => r.permissionSet === 'AllProductsFullAccess' && r.scope === 'Project production')!.cells.map((c) => c.state)).toEqual(['same', 'within'])
  })

  it('exports a comparison and the matrix as CSV and JSON', async () => {
    const a = await find(northwind, 'Terraform')
    const b = await find(kestrel, 'Terraform')
    const csv = await exported({ view: 'policy_comparison', a: { organizationId: northwind, policyId: a.id }, b: { organizationId: kestrel, policyId: b.id } }, 'csv')
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('status,permission_set,scope_type,scope,project_id,project_name,condition_a,condition_b,no_new_access')
    expect(lines).toContain('added,AllProductsFullAccess,projects,organization,,,,,new')
    expect(lines.find((l) => l.startsWith('changed,IAMManager'))).toMatch(/,review$/)
    const json = JSON.parse(await exported({ view: 'policy_across', query: { organizationId: northwind, policyId: a.id, by: 'name' } }, 'json')) as Array<{ permission_set: string; cells: Array<{ state: string; reference: boolean }> }>
    expect(json.find((r) => r.permission_set === 'IAMManager')!.cells.map((c) => [c.state, c.reference])).toEqual([
      ['condition', false],
      ['same', true],
    ])
  })
})

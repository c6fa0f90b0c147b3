// Effective access, who can and lint through the real router, on the demo organizations synced
// from the emulator: answers follow the demo's seeded people, groups and policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { exportedText, openDesk, type DeskApp } from './writes-helpers'
import type { EffectiveAccess, ExportView, LintReport, WhoCanRow } from '../../src-preload/contract'

let emu: RunningEmulator
let d: DeskApp

const exported = (view: ExportView, format: 'csv' | 'json') => exportedText(d, view, format)

beforeAll(async () => {
  emu = await startEmulator({ demo: true, seed: 3 })
  const [a, b] = emu.organizations
  d = await openDesk(emu.url, a!.access_key, a!.secret_key)
  await d.call('orgs.add', { accessKey: b!.access_key, secretKey: b!.secret_key, apiUrl: emu.url })
  await d.call('sync.start', {})
}, 60_000)
afterAll(async () => {
  await d?.close()
  await emu?.close()
})

describe('who can, effective access, lint on the demo', () => {
  it('who can manage IAM: the owners of both organizations and every IAM manager, each with its path', async () => {
    const rows = await d.call<WhoCanRow[]>('access.whoCan', { preset: 'manage-iam' })
    const orgs = new Set(rows.map((r) => r.organizationName))
    expect(orgs.size).toBe(2)
    for (const name of orgs) expect(rows.some((r) => r.organizationName === name && r.owner)).toBe(true)
    for (const r of rows.filter((x) => !x.owner)) {
      expect(['IAMManager', 'OrganizationManager', 'AllProductsFullAccess']).toContain(r.held!.grant.permissionSet)
      expect(r.held!.grant.scope.type).toBe('organization')
      expect(r.held!.path.policyName).not.toBe('')
    }
  })

  it("a group member's effective access lists the group's grants with the group as the path", async () => {
    const iam = (await d.call<WhoCanRow[]>('access.whoCan', { preset: 'manage-iam' })).find((r) => !r.owner && r.principal.type === 'user' && r.held!.path.via.type === 'group')
    if (!iam) return expect.fail('the demo should have an IAM manager through a group')
    const access = await d.call<EffectiveAccess>('access.effective', { organizationId: iam.organizationId, type: 'user', id: iam.principal.id })
    expect(access.principal.label).toBe(iam.principal.label)
    expect(access.grants.some((g) => g.grant.permissionSet === iam.held!.grant.permissionSet && g.path.via.type === 'group')).toBe(true)
  })

  it('lint counts per rule add up to the findings, each naming its organization and object', async () => {
    const report = await d.call<LintReport>('access.lint', {})
    expect(report.rules.reduce((n, r) => n + r.count, 0)).toBe(report.findings.length)
    expect(report.findings.length).toBeGreaterThan(0)
    for (const f of report.findings) {
      expect(f.organizationName).not.toBe('')
      expect(f.object.label).not.toBe('')
    }
  })

  it('bad questions get a clear error', async () => {
    await expect(d.call('access.whoCan', { preset: 'manage-iam', permissionSets: ['IAMManager'] })).rejects.toThrow(/not both/)
    await expect(d.call('access.effective', { organizationId: d.organizationId, type: 'user', id: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/not in the cache/)
  })

  it('exports findings, who can and effective access as CSV and JSON, row for row', async () => {
    const report = await d.call<LintReport>('access.lint', {})
    const csv = (await exported({ view: 'findings' }, 'csv')).trim().split('\r\n')
    expect(csv[0]).toBe('rule,organization_id,organization_name,object_kind,object_id,object,detail,why,fix')
    expect(csv).toHaveLength(report.findings.length + 1)
    const rows = await d.call<WhoCanRow[]>('access.whoCan', { preset: 'manage-iam' })
    const json = JSON.parse(await exported({ view: 'who_can', query: { preset: 'manage-iam' } }, 'json')) as Array<{ organization_name: string; owner: boolean }>
    expect(json).toHaveLength(rows.length)
    expect(json.filter((r) => r.owner)).toHaveLength(rows.filter((r) => r.owner).length)
    const someone = rows.find((r) => !r.owner)!
    const access = await d.call<EffectiveAccess>('access.effective', { organizationId: someone.organizationId, type: someone.principal.type, id: someone.principal.id })
    const eff = (await exported({ view: 'effective_access', organizationId: someone.organizationId, type: someone.principal.type, id: someone.principal.id }, 'csv')).trim().split('\r\n')
    expect(eff).toHaveLength(access.grants.length + 1)
  })

  it('lint answers are kept until the cache changes: a write (or a sync) makes them read again', async () => {
    const before = await d.call<LintReport>('access.lint', {})
    const orphan = before.findings.find((f) => f.rule === 'policy-without-principal')!
    // Behind IAM Desk's back (no event): the kept answer stands.
    d.app.cache.resources.remove(orphan.organizationId, 'policies', orphan.object.id)
    expect((await d.call<LintReport>('access.lint', {})).findings).toContainEqual(orphan)
    // What a write announces: read again.
    d.app.hub.emit('writes.applied', { organizationId: orphan.organizationId, operation: 'policies.delete', kinds: ['policies'], objectId: orphan.object.id })
    expect((await d.call<LintReport>('access.lint', {})).findings).not.toContainEqual(orphan)
  })
})

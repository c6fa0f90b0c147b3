// Cloning a policy through the real router against the demo emulator: in its organization
// (Scaleway's clone, then the chosen name and principal), into another organization (a new
// policy with the organization-wide rules scoped to the target and projects mapped to the
// target's projects of the same name), and the refusal of projects that cannot be mapped unless
// the caller leaves them out. Northwind has production, staging and data-lake; Atelier only
// production and preprod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { openDesk, type DeskApp } from './writes-helpers'

type Row = { id: string; organizationId: string; item: Record<string, unknown> }
type RuleOut = { organization_id?: string; project_ids?: string[]; permission_set_names: string[]; condition: string }

let emu: RunningEmulator
let d: DeskApp
let source: string
let target: string

async function projectId(organizationId: string, name: string): Promise<string> {
  const [org] = await d.call<Array<{ projects: Array<{ id: string; name: string }> }>>('projects.list', { organizationIds: [organizationId] })
  const p = org!.projects.find((x) => x.name === name)
  if (!p) throw new Error(`no project ${name}`)
  return p.id
}

async function find(kind: string, organizationId: string, search: string): Promise<Row> {
  const page = await d.call<{ rows: Row[] }>('browse.list', { kind, organizationIds: [organizationId], search, offset: 0, limit: 50 })
  const row = page.rows.find((r) => r.item.name === search)
  if (!row) throw new Error(`no ${kind} named ${search}`)
  return row
}

async function rulesOf(organizationId: string, id: string): Promise<RuleOut[]> {
  const detail = await d.call<{ relations: { rules: Array<{ rule: RuleOut }> } }>('browse.detail', { kind: 'policies', organizationId, id })
  return detail.relations.rules.map((r) => r.rule)
}

beforeAll(async () => {
  emu = await startEmulator({ demo: true, seed: 3 })
  const [a, b] = emu.organizations
  d = await openDesk(emu.url, a!.access_key, a!.secret_key)
  source = d.organizationId
  const added = await d.call<{ id: string }>('orgs.add', { accessKey: b!.access_key, secretKey: b!.secret_key, apiUrl: emu.url })
  target = added.id
  await d.call('sync.start', { organizationIds: [target] })
  for (let i = 0; i < 300 && (await d.call<{ running: boolean }>('sync.status', {})).running; i++) await new Promise((r) => setTimeout(r, 100))
}, 60_000)
afterAll(async () => {
  await d?.close()
  await emu?.close()
})

describe('policies.clone', () => {
  it('in the same organization without choices: Scaleway’s clone, as before (one write, "Copy of", no principal)', async () => {
    const terraform = await find('policies', source, 'Terraform')
    const copy = await d.call<{ id: string; name: string; no_principal?: boolean; nb_rules: number }>('policies.clone', { organizationId: source, id: terraform.id })
    expect(copy).toMatchObject({ name: 'Copy of Terraform', no_principal: true, nb_rules: 2 })
    expect(await rulesOf(source, copy.id)).toHaveLength(2)
    const journal = await d.call<Array<{ operation: string }>>('writes.journal', { organizationId: source, limit: 1 })
    expect(journal[0]!.operation).toBe('policies.clone')
  })

  it('in the same organization with a name and a principal: the copy gets both (clone, then update)', async () => {
    const terraform = await find('policies', source, 'Terraform')
    const developers = await find('groups', source, 'Developers')
    const copy = await d.call<{ id: string; name: string; group_id?: string; nb_rules: number }>('policies.clone', {
      organizationId: source,
      id: terraform.id,
      name: 'Terraform staging',
      principal: { type: 'group', id: developers.id },
    })
    expect(copy).toMatchObject({ name: 'Terraform staging', group_id: developers.id })
    // Every rule is copied by Scaleway, the project-scoped one included.
    expect((await rulesOf(source, copy.id)).map((r) => (r.project_ids ? 'projects' : 'organization'))).toEqual(['projects', 'organization'])
    const cached = await find('policies', source, 'Terraform staging')
    expect(cached.item).toMatchObject({ group_id: developers.id })
    const journal = await d.call<Array<{ operation: string }>>('writes.journal', { organizationId: source, limit: 2 })
    expect(journal.map((j) => j.operation).sort()).toEqual(['policies.clone', 'policies.update'])
  })

  it('into another organization: projects are mapped by name, so a rule whose projects all exist there goes without asking', async () => {
    const backups = await find('policies', source, 'Backups to object storage')
    const copy = await d.call<{ id: string; organization_id: string }>('policies.clone', { organizationId: source, id: backups.id, targetOrganizationId: target })
    expect(copy.organization_id).toBe(target)
    const rules = await rulesOf(target, copy.id)
    expect(rules).toEqual([expect.objectContaining({ project_ids: [await projectId(target, 'production')], permission_set_names: expect.arrayContaining(['ObjectStorageObjectsWrite']) })])
    expect(rules[0]!.project_ids).not.toContain(await projectId(source, 'production'))
  })

  it('into another organization: refuses projects it cannot map unless told to leave them out; nothing is created', async () => {
    const terraform = await find('policies', source, 'Terraform')
    const before = (await d.call<{ total: number }>('browse.list', { kind: 'policies', organizationIds: [target], offset: 0, limit: 1 })).total
    const err = await d.fail('policies.clone', { organizationId: source, id: terraform.id, targetOrganizationId: target })
    expect(err.code).toBe('BAD_REQUEST')
    expect(err.message).toMatch(/1 rule of “Terraform” cannot be cloned into Atelier Lumière as it is: rule 1 \(projects “staging”, “data-lake” have no project of the same name in Atelier Lumière\)/)
    expect(err.details?.unclonableRules).toEqual([
      expect.objectContaining({
        position: 1,
        permissionSetNames: ['AllProductsFullAccess'],
        partly: true,
        unmappedProjects: [
          { id: await projectId(source, 'staging'), name: 'staging' },
          { id: await projectId(source, 'data-lake'), name: 'data-lake' },
        ],
      }),
    ])
    expect((await d.call<{ total: number }>('browse.list', { kind: 'policies', organizationIds: [target], offset: 0, limit: 1 })).total).toBe(before)
  })

  it('into another organization with consent: the projects that map, the organization-wide rules scoped to the target, the principal chosen there', async () => {
    const terraform = await find('policies', source, 'Terraform')
    const sourceRules = await rulesOf(source, terraform.id)
    const admins = (await d.call<{ rows: Row[] }>('browse.list', { kind: 'groups', organizationIds: [target], offset: 0, limit: 1 })).rows[0]!
    const copy = await d.call<{ id: string; name: string; organization_id: string; group_id?: string; description: string }>('policies.clone', {
      organizationId: source,
      id: terraform.id,
      targetOrganizationId: target,
      name: 'Terraform from Northwind',
      principal: { type: 'group', id: admins.id },
      withoutUnclonableRules: true,
    })
    expect(copy).toMatchObject({ name: 'Terraform from Northwind', organization_id: target, group_id: admins.id, description: terraform.item.description })
    const rules = await rulesOf(target, copy.id)
    expect(rules).toEqual([
      expect.objectContaining({ project_ids: [await projectId(target, 'production')], permission_set_names: ['AllProductsFullAccess'] }),
      expect.objectContaining({ organization_id: target, permission_set_names: ['IAMManager'], condition: sourceRules[1]!.condition }),
    ])
    const journal = await d.call<Array<{ operation: string; plan: Record<string, unknown> }>>('writes.journal', { organizationId: target, limit: 1 })
    expect(journal[0]).toMatchObject({
      operation: 'policies.clone',
      plan: { sourceOrganizationId: source, leftOut: [], projectsLeftOut: [{ position: 1, projectIds: [await projectId(source, 'staging'), await projectId(source, 'data-lake')] }], rules: 2 },
    })
  })

  it('checks the name and principal before sending anything', async () => {
    const terraform = await find('policies', source, 'Terraform')
    const requests = emu.admin.requestCount()
    const err = await d.fail('policies.clone', { organizationId: source, id: terraform.id, name: '  bad  name', principal: { type: 'user', id: 'not-a-uuid' } })
    expect(err.code).toBe('BAD_REQUEST')
    expect((err.details?.fields as Array<{ argument_name: string }>).map((f) => f.argument_name)).toEqual(['name', 'user_id'])
    expect(emu.admin.requestCount()).toBe(requests)
  })
})

// Account API v3 projects (GET /account/v3/projects, wire shape of @scaleway/sdk-account):
// paging with total_count, the name / project_ids / order_by filters, and 403 for a
// credential that may not read projects (emulator/README.md, "Projects").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as S from '../../domain/schemas'
import type { RunningEmulator } from '../../emulator/index'
import { type Client, emulator, raw, valid } from './helpers'

let emu: RunningEmulator
let owner: Client
let other: Client
beforeAll(async () => {
  ;({ emu, owner, other } = await emulator({ demo: true }))
})
afterAll(() => emu.close())

const projects = async (c: Client, query = '') =>
  raw(`${c.url}/account/v3/projects${query}`, { headers: { 'X-Auth-Token': c.token } })
const names = (r: { json: { projects: Array<{ name: string }> } }) => r.json.projects.map((p) => p.name)

/** An application of `c`'s organization holding `sets` on the organization, and a client with its key. */
async function application(sets: string[]): Promise<Client> {
  const app = (await owner.post('/applications', { name: `app-${sets.join('-') || 'none'}`, organization_id: owner.orgId })).json
  const rules = sets.length ? [{ permission_set_names: sets, organization_id: owner.orgId }] : []
  expect((await owner.post('/policies', { name: `p-${app.id}`, organization_id: owner.orgId, application_id: app.id, rules })).status).toBe(200)
  const key = (await owner.post('/api-keys', { application_id: app.id, description: 'projects test' })).json
  return { ...owner, token: key.secret_key }
}

describe('GET /account/v3/projects', () => {
  it("lists the caller's projects in the SDK's shape, the default project (id = organization id) first", async () => {
    const r = await projects(owner, `?organization_id=${owner.orgId}`)
    expect(r.status).toBe(200)
    const page = valid(S.ListProjects, r.json)
    expect(page.total_count).toBe(4)
    expect(page.projects[0]).toMatchObject({ id: owner.orgId, name: 'default', organization_id: owner.orgId, status: 'active' })
    expect(names(r)).toEqual(['default', 'production', 'staging', 'data-lake'])
    // Same project names in another organization, other ids.
    const theirs = valid(S.ListProjects, (await projects(other)).json).projects
    const production = (list: S.Project[]) => list.find((p) => p.name === 'production')?.id
    expect(production(theirs)).toBeDefined()
    expect(production(theirs)).not.toBe(production(page.projects))
  })

  it('pages with page and page_size and reports total_count of all matches', async () => {
    const p1 = await projects(owner, '?page_size=3')
    const p2 = await projects(owner, '?page_size=3&page=2')
    const p3 = await projects(owner, '?page_size=3&page=3')
    expect([p1.json.total_count, p2.json.total_count, p3.json.total_count]).toEqual([4, 4, 4])
    expect([...names(p1), ...names(p2)]).toEqual(['default', 'production', 'staging', 'data-lake'])
    expect(p3.json.projects).toEqual([])
    for (const q of ['page_size=101', 'page=0']) {
      const bad = await projects(owner, `?${q}`)
      expect(bad.status).toBe(400)
      expect(bad.json.details[0].argument_name).toBe(q.split('=')[0])
    }
  })

  it('filters by exact name and by repeated project_ids, and sorts by every order_by', async () => {
    const prod = await projects(owner, '?name=production')
    expect(names(prod)).toEqual(['production'])
    expect((await projects(owner, '?name=prod')).json.total_count).toBe(0)
    const all = valid(S.ListProjects, (await projects(owner)).json).projects
    const two = await projects(owner, `?project_ids=${all[1]!.id}&project_ids=${all[3]!.id}`)
    expect(names(two)).toEqual(['production', 'data-lake'])
    expect(names(await projects(owner, '?order_by=name_asc'))).toEqual(['data-lake', 'default', 'production', 'staging'])
    expect(names(await projects(owner, '?order_by=name_desc'))).toEqual(['staging', 'production', 'default', 'data-lake'])
    expect((await projects(owner, '?order_by=sideways')).status).toBe(400)
    expect((await projects(owner, '?project_ids=nope')).status).toBe(400)
  })

  it("answers 403 for another organization's projects and for a credential without a project permission", async () => {
    const foreign = await projects(owner, `?organization_id=${other.orgId}`)
    expect(foreign.status).toBe(403)
    expect(foreign.json).toEqual({ details: [{ action: 'read', resource: 'project' }], message: 'insufficient permissions', type: 'permissions_denied' })
    // IAM sets are not project sets: an IAM manager application still reads IAM, not projects.
    const iamOnly = await application(['IAMManager'])
    expect((await iamOnly.get('/users')).status).toBe(200)
    const denied = await projects(iamOnly)
    expect(denied.status).toBe(403)
    expect(denied.json.details).toEqual([{ action: 'read', resource: 'project' }])
    const reader = await application(['ProjectReadOnly'])
    expect((await projects(reader)).json.total_count).toBe(4)
  })

  it('gets one project by id: 404 for an unknown one, 403 for another organization\'s', async () => {
    const ok = await raw(`${owner.url}/account/v3/projects/${owner.orgId}`, { headers: { 'X-Auth-Token': owner.token } })
    expect(valid(S.Project, ok.json).name).toBe('default')
    const foreign = await raw(`${owner.url}/account/v3/projects/${other.orgId}`, { headers: { 'X-Auth-Token': owner.token } })
    expect(foreign.status).toBe(403)
    const unknown = await raw(`${owner.url}/account/v3/projects/11111111-1111-4111-8111-111111111111`, { headers: { 'X-Auth-Token': owner.token } })
    expect(unknown.status).toBe(404)
  })
})

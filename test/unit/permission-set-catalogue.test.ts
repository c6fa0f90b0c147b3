// The permission-set catalogue is the same in every organization: the list shows each set once
// with where it differs, and a set's detail lists the rules granting it across organizations.
import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { BrowseQueries } from '../../src-main/core/features/browse/browse.query'
import { ORG_A, ORG_B, permissionSet, uuid, world, type World } from './cache-fixtures'

const ORG_C = uuid()
const NOW = new Date('2025-06-01T00:00:00Z')
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }
let cache: Cache

function commit(org: string, w: World): void {
  cache.snapshots.commit(
    org,
    { users: w.users, applications: w.applications, groups: w.groups, policies: w.policies, rules: w.rules, api_keys: w.apiKeys, permission_sets: w.permissionSets, jwts: w.jwts, grace_periods: [] },
    run,
  )
}

beforeEach(() => {
  cache = openCache({ file: ':memory:', now: () => NOW })
  const add = (id: string, name: string) => cache.organizations.add({ id, name, accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
  add(ORG_A, 'Acme')
  add(ORG_B, 'Beta')
  add(ORG_C, 'Gamma') // never synced: no catalogue, so not counted as lacking every set
  commit(ORG_A, world(ORG_A))
  // Beta's catalogue lacks IAMManager and describes IAMReadOnly differently.
  const b = world(ORG_B)
  b.permissionSets = [permissionSet({ name: 'IAMReadOnly', description: 'Read IAM (legacy)' }), permissionSet({ name: 'AllProductsFullAccess', description: 'Everything', scope_type: 'projects' })]
  commit(ORG_B, b)
})

describe('permission sets listed once', () => {
  it('lists each set once across organizations, flagging the one missing and the one differing', () => {
    const page = cache.browse({ kind: 'permission_sets', offset: 0, limit: 50 })
    expect(page.total).toBe(3)
    const spread = Object.fromEntries(page.rows.map((r) => [r.item.name, r.spread]))
    expect(spread).toEqual({
      AllProductsFullAccess: { present: 2, of: 2, missingFrom: [], differsIn: [] },
      IAMManager: { present: 1, of: 2, missingFrom: ['Beta'], differsIn: [] },
      IAMReadOnly: { present: 2, of: 2, missingFrom: [], differsIn: [expect.any(String)] },
    })
    // The row shown is one organization's copy; the other is named as differing.
    const ro = page.rows.find((r) => r.item.name === 'IAMReadOnly')!
    expect(ro.spread!.differsIn).toEqual([ro.organizationName === 'Acme' ? 'Beta' : 'Acme'])
  })

  it('counts, searches, exports and scopes distinct sets', () => {
    expect(cache.browse({ kind: 'permission_sets', offset: 0, limit: 1 }).total).toBe(3)
    expect(cache.browse({ kind: 'permission_sets', search: 'everything', offset: 0, limit: 1 }).total).toBe(1)
    const browse = new BrowseQueries(cache.db, () => NOW)
    const refs = browse.refs({ kind: 'permission_sets' })
    expect(refs).toHaveLength(3)
    // An export's rows say where each set is found, as the list's do.
    expect(browse.rowsOf('permission_sets', refs).map((r) => r.spread?.present)).toEqual([2, 1, 2])
    const beta = cache.browse({ kind: 'permission_sets', organizationIds: [ORG_B], offset: 0, limit: 50 })
    expect(beta.rows.map((r) => [r.item.name, r.organizationName, r.spread])).toEqual([
      ['AllProductsFullAccess', 'Beta', { present: 1, of: 1, missingFrom: [], differsIn: [] }],
      ['IAMReadOnly', 'Beta', { present: 1, of: 1, missingFrom: [], differsIn: [] }],
    ])
  })

  it("a set's detail lists the rules granting it in each organization in scope", () => {
    const all = cache.details.permissionSetRelations('IAMManager', undefined)
    expect(all.organizations.map((o) => [o.organizationName, o.description])).toEqual([
      ['Acme', 'Manage IAM'],
      ['Beta', null],
    ])
    // Both worlds give IAMManager to their Admins group in a project.
    expect(all.grants.map((g) => [g.policy.name, g.organizationName, g.principal.kind, g.principal.name, g.scope.type])).toEqual([
      ['admins-full', 'Acme', 'group', 'Admins', 'projects'],
      ['admins-full', 'Beta', 'group', 'Admins', 'projects'],
    ])
    const onlyA = cache.details.permissionSetRelations('IAMReadOnly', [ORG_A])
    expect(onlyA.organizations.map((o) => o.organizationName)).toEqual(['Acme'])
    expect(onlyA.grants).toEqual([expect.objectContaining({ organizationName: 'Acme', scope: { type: 'organization', organizationId: ORG_A, name: 'Acme', allProjects: false } })])
  })
})

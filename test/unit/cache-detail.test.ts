import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { ORG_A, ORG_B, group, policy, rule, uuid, world, type World } from './cache-fixtures'

let cache: Cache
let w: World
const NOW = new Date('2025-06-01T00:00:00Z')
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }

beforeEach(() => {
  cache = openCache({ file: ':memory:', now: () => NOW })
  cache.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain', defaultProjectId: null })
  cache.organizations.add({ id: ORG_B, name: 'Beta', accessKey: 'SCWBBBBBBBBBBBBBBBBB', apiUrl: 'https://x', secretStorage: 'keychain' })
  w = world(ORG_A)
  const ghost = uuid()
  w.groups.push(group(ORG_A, { name: 'Ghosts', user_ids: [ghost] }))
  cache.snapshots.commit(
    ORG_A,
    {
      users: w.users,
      applications: w.applications,
      groups: w.groups,
      policies: w.policies,
      rules: w.rules,
      api_keys: w.apiKeys,
      permission_sets: w.permissionSets,
      jwts: w.jwts,
      grace_periods: [{ type: 'set_mfa', created_at: null, expires_at: null, user_id: w.users[0]!.id }],
    },
    run,
  )
})

describe('detail queries', () => {
  it('a user with groups, direct and group policies, keys, sessions and grace periods', () => {
    const [alice] = w.users
    const d = cache.details.userDetail(ORG_A, alice!.id)!
    expect(d.organizationName).toBe('Acme')
    expect(d.user.email).toBe('alice@example.com')
    expect(d.groups.map((g) => g.name)).toEqual(['Admins'])
    expect(d.policies.map((p) => [p.policy.name, p.via])).toEqual([
      ['alice-direct', { kind: 'direct' }],
      ['admins-full', { kind: 'group', groupId: w.groups[0]!.id, groupName: 'Admins' }],
    ])
    expect(d.apiKeys.map((k) => k.access_key)).toEqual([w.apiKeys[0]!.access_key])
    expect(d.jwts).toHaveLength(1)
    expect(d.gracePeriods.map((g) => g.type)).toEqual(['set_mfa'])
    expect(cache.details.userDetail(ORG_B, alice!.id)).toBeUndefined()
  })

  it('an application with its keys, groups and policies', () => {
    const d = cache.details.applicationDetail(ORG_A, w.applications[0]!.id)!
    expect(d.apiKeys.map((k) => k.access_key)).toEqual([w.apiKeys[1]!.access_key])
    expect(d.groups.map((g) => g.name)).toEqual(['Admins'])
    expect(d.policies.map((p) => p.policy.name)).toEqual(['admins-full'])
  })

  it('a group with members resolved by name (unknown ones kept) and its policies; memberships both ways', () => {
    const d = cache.details.groupDetail(ORG_A, w.groups[0]!.id)!
    expect(d.members).toEqual([
      { type: 'user', id: w.users[0]!.id, name: 'Alice Doe', email: 'alice@example.com' },
      { type: 'application', id: w.applications[0]!.id, name: 'ci-deployer', email: null },
    ])
    expect(d.policies.map((p) => p.name)).toEqual(['admins-full'])
    const ghosts = cache.details.groupDetail(ORG_A, w.groups[1]!.id)!
    expect(ghosts.members).toEqual([{ type: 'user', id: w.groups[1]!.user_ids[0], name: null, email: null }])
  })

  it('a policy with its principal, rules, permission-set descriptions and scopes by name', () => {
    const direct = cache.details.policyDetail(ORG_A, w.policies[0]!.id)!
    expect(direct.principal).toEqual({ kind: 'user', id: w.users[0]!.id, name: 'Alice Doe', email: 'alice@example.com' })
    expect(direct.rules).toHaveLength(1)
    expect(direct.rules[0]!.permissionSets).toEqual([{ name: 'IAMReadOnly', description: 'Read IAM', scopeType: 'organization' }])
    expect(direct.rules[0]!.scope).toEqual({ type: 'organization', organizationId: ORG_A, name: 'Acme', allProjects: false })

    const viaGroup = cache.details.policyDetail(ORG_A, w.policies[1]!.id)!
    expect(viaGroup.principal).toMatchObject({ kind: 'group', name: 'Admins' })
    expect(viaGroup.rules[0]!.permissionSets.map((p) => p.description)).toEqual(['Everything', 'Manage IAM'])
    expect(viaGroup.rules[0]!.scope).toMatchObject({ type: 'projects', projects: [{ name: null, isDefault: false }] })

    expect(cache.details.policyDetail(ORG_A, w.policies[2]!.id)!.principal).toEqual({ kind: 'none', id: null, name: null, email: null })
  })

  it('a projects-scoped permission set given to the whole organization reads as all its projects (§10.5)', () => {
    const everywhere = policy(ORG_A, { name: 'read-everything' })
    const sets = rule({ organization_id: ORG_A, permission_set_names: ['AllProductsFullAccess'], permission_sets_scope_type: 'projects' })
    // A set the catalogue does not know: the rule's own scope type decides.
    const unknown = rule({ organization_id: ORG_A, permission_set_names: ['NotInTheCatalogue'], permission_sets_scope_type: 'projects' })
    const rules = new Map(w.rules).set(everywhere.id, [sets, unknown])
    cache.snapshots.commit(
      ORG_A,
      { users: w.users, applications: w.applications, groups: w.groups, policies: [...w.policies, everywhere], rules, api_keys: w.apiKeys, permission_sets: w.permissionSets, jwts: w.jwts, grace_periods: [] },
      run,
    )
    const d = cache.details.policyDetail(ORG_A, everywhere.id)!
    expect(d.rules.map((r) => r.scope)).toEqual([
      { type: 'organization', organizationId: ORG_A, name: 'Acme', allProjects: true },
      { type: 'organization', organizationId: ORG_A, name: 'Acme', allProjects: true },
    ])
  })

  it('an API key with its bearer resolved and its expiry judged against now', () => {
    const userKey = cache.details.apiKeyDetail(ORG_A, w.apiKeys[0]!.access_key)!
    expect(userKey.bearer).toMatchObject({ kind: 'user', name: 'Alice Doe' })
    expect(userKey.expired).toBe(false)
    const appKey = cache.details.apiKeyDetail(ORG_A, w.apiKeys[1]!.access_key)!
    expect(appKey.bearer).toMatchObject({ kind: 'application', name: 'ci-deployer' })
    expect(appKey.expired).toBe(true) // expired 2025-02-01, now is 2025-06-01
  })
})

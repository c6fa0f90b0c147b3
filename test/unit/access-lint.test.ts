// Effective access, who can and lint on a hand-built organization: every path and every lint
// rule with a case that fires and one that does not.
import { describe, expect, it } from 'vitest'
import { grantsOfRules } from '../../domain/grants'
import type { ApiKey, Application, Group, PermissionSet, Policy, Rule, User } from '../../domain/schemas'
import { effectiveAccess, whoCan } from '../../src-main/core/features/access/access'
import { isUnsatisfiable, lint, type LintRule } from '../../src-main/core/features/access/lint'
import type { OrgModel } from '../../src-main/core/features/access/org-model'

const ORG = '11111111-1111-4111-8111-111111111111'
let n = 0
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
const PROJ_WEB = '22222222-2222-4222-8222-222222222222'

const user = (email: string, extra: Partial<User> = {}): User => ({
  id: uuid(), email, username: email.split('@')[0]!, first_name: '', last_name: '', phone_number: '', locale: 'en_US',
  created_at: null, updated_at: null, organization_id: ORG, deletable: true, last_login_at: null, type: 'member',
  mfa: true, account_root_user_id: '', tags: [], locked: false, ...extra,
})
const app = (name: string): Application => ({ id: uuid(), name, description: '', created_at: null, updated_at: null, organization_id: ORG, editable: true, nb_api_keys: 0, tags: [] })
const group = (name: string, members: { users?: User[]; apps?: Application[] } = {}): Group => ({
  id: uuid(), created_at: null, updated_at: null, organization_id: ORG, name, description: '',
  user_ids: (members.users ?? []).map((u) => u.id), application_ids: (members.apps ?? []).map((a) => a.id), tags: [], editable: true,
})
const rule = (sets: string[], scope: { org?: true; projects?: string[] }, condition = ''): Rule => ({
  id: uuid(), permission_set_names: sets, permission_sets_scope_type: 'projects', condition,
  ...(scope.org ? { organization_id: ORG } : { project_ids: scope.projects ?? [] }),
})
const pset = (name: string, scope_type: PermissionSet['scope_type']): PermissionSet => ({ id: uuid(), name, scope_type, description: '', categories: null })
const CATALOGUE = new Map(
  [pset('IAMManager', 'organization'), pset('OrganizationManager', 'organization'), pset('AllProductsFullAccess', 'projects'), pset('InstancesFullAccess', 'projects'),
    pset('InstancesReadOnly', 'projects'), pset('SecretManagerSecretAccess', 'projects'), pset('AllProductsReadOnly', 'projects')].map((p) => [p.name, p]),
)

function model(parts: { users?: User[]; applications?: Application[]; groups?: Group[]; policies?: Array<[Partial<Policy> & { name: string }, Rule[]]>; apiKeys?: ApiKey[] }): OrgModel {
  return {
    organizationId: ORG,
    organizationName: 'Acme',
    users: parts.users ?? [],
    applications: parts.applications ?? [],
    groups: parts.groups ?? [],
    policies: (parts.policies ?? []).map(([p, rules]) => {
      const policy: Policy = { id: uuid(), description: '', organization_id: ORG, created_at: null, updated_at: null, editable: true, nb_rules: rules.length, nb_scopes: 0, nb_permission_sets: 0, tags: [], ...p }
      return { policy, rules, grants: grantsOfRules(rules, { organizationId: ORG, scopeTypeOf: (s) => CATALOGUE.get(s)?.scope_type, projectName: (id) => (id === PROJ_WEB ? 'web' : undefined) }) }
    }),
    apiKeys: parts.apiKeys ?? [],
    catalogue: CATALOGUE,
  }
}

const ada = user('ada@acme.example')
const bob = user('bob@acme.example', { mfa: false })
const owner = user('owner@acme.example', { type: 'owner' })
const ci = app('ci-deployer')
const devs = group('Developers', { users: [ada, bob] })
const admins = group('Admins', { users: [ada] })
const empty = group('Auditors')

const world = model({
  users: [ada, bob, owner],
  applications: [ci],
  groups: [devs, admins, empty],
  policies: [
    [{ name: 'Developers', group_id: devs.id }, [rule(['InstancesFullAccess'], { projects: [PROJ_WEB] }), rule(['InstancesReadOnly'], { org: true }, 'request.ip == "10.0.0.1"')]],
    [{ name: 'Admins', group_id: admins.id }, [rule(['IAMManager'], { org: true })]],
    [{ name: 'Ada direct', user_id: ada.id }, [rule(['InstancesFullAccess'], { projects: [PROJ_WEB] })]],
    [{ name: 'CI', application_id: ci.id }, [rule(['OrganizationManager'], { org: true }), rule(['SecretManagerSecretAccess'], { projects: [PROJ_WEB] })]],
    [{ name: 'Auditors', group_id: empty.id }, [rule(['AllProductsReadOnly'], { org: true })]],
    [{ name: 'Leftover', no_principal: true }, [rule(['InstancesReadOnly'], { org: true })]],
  ],
})

describe('effective access', () => {
  it('lists every grant with its path — directly or through each group — conditional ones marked by their condition', () => {
    const a = effectiveAccess(world, { type: 'user', id: ada.id })
    expect(a.owner).toBe(false)
    const lines = a.holdings.map((h) => `${h.grant.permissionSet}|${h.grant.condition}|${h.path.policyName}|${h.path.via.type === 'group' ? h.path.via.groupName : 'direct'}`)
    expect(lines.sort()).toEqual(
      [
        'IAMManager||Admins|Admins',
        'InstancesFullAccess||Ada direct|direct',
        'InstancesFullAccess||Developers|Developers',
        'InstancesReadOnly|request.ip == "10.0.0.1"|Developers|Developers',
      ].sort(),
    )
    expect(effectiveAccess(world, { type: 'user', id: owner.id })).toEqual({ owner: true, holdings: [] })
    expect(effectiveAccess(world, { type: 'application', id: ci.id }).holdings.map((h) => h.grant.permissionSet).sort()).toEqual(['OrganizationManager', 'SecretManagerSecretAccess'])
  })
})

describe('who can', () => {
  it('manage IAM: IAMManager, OrganizationManager, AllProductsFullAccess at organization scope, and the owners', () => {
    const r = whoCan(world, { preset: 'manage-iam' })
    expect(r.owners).toEqual([owner.id])
    expect(r.holdings.map((h) => `${h.holder.id}:${h.grant.permissionSet}`).sort()).toEqual([`${ada.id}:IAMManager`, `${ci.id}:OrganizationManager`].sort())
  })
  it('a permission set on a project: project grants by id or name, organization grants of a projects-scoped set ("all projects")', () => {
    const byName = whoCan(world, { permissionSets: ['InstancesFullAccess'], project: { name: 'web' } })
    expect(new Set(byName.holdings.map((h) => h.holder.id))).toEqual(new Set([ada.id, bob.id]))
    expect(whoCan(world, { permissionSets: ['InstancesFullAccess'], project: { name: 'other' } }).holdings).toEqual([])
    // AllProductsReadOnly (organization scope, projects-scoped set) answers a ReadOnly question on any project.
    expect(whoCan(world, { permissionSets: ['InstancesReadOnly'], project: { id: PROJ_WEB } }).holdings.map((h) => h.grant.permissionSet).sort()).toEqual(['InstancesReadOnly', 'InstancesReadOnly'])
  })
  it('read secrets: SecretManager sets that open secrets', () => {
    expect(whoCan(world, { preset: 'read-secrets' }).holdings.map((h) => h.holder.id)).toEqual([ci.id])
  })
})

const fired = (m: OrgModel) => new Set(lint(m, new Date('2026-11-30T00:00:00Z')).map((f) => f.rule))
const only = (rules: LintRule[]) => rules

describe('lint', () => {
  it('finds each kind in the world above', () => {
    const f = fired(world)
    for (const r of only(['policy-without-principal', 'iam-management-to-application', 'duplicate-grant', 'user-without-mfa', 'empty-group-referenced'])) expect(f).toContain(r)
    for (const r of only(['mixed-scope-types', 'unknown-permission-set', 'unsatisfiable-condition', 'condition-on-resource-name', 'resource-condition-breaks-lists', 'application-several-active-keys'])) expect(f).not.toContain(r)
  })

  const single = (rules: Rule[]) => fired(model({ users: [ada], groups: [], policies: [[{ name: 'P', user_id: ada.id }, rules]] }))

  it('mixed scope types, unknown permission sets', () => {
    expect(single([rule(['IAMManager', 'InstancesFullAccess'], { org: true })])).toContain('mixed-scope-types')
    expect(single([rule(['InstancesReadOnly', 'InstancesFullAccess'], { org: true })])).not.toContain('mixed-scope-types')
    expect(single([rule(['RetiredSetFullAccess'], { org: true })])).toContain('unknown-permission-set')
  })

  it('conditions: never true, on resource.name, resource conditions breaking lists', () => {
    expect(isUnsatisfiable('request.ip == "a" && request.ip == "b"')).toBe(true)
    expect(isUnsatisfiable('request.ip == "a" && request.ip == "a"')).toBe(false)
    expect(isUnsatisfiable('request.ip == "a" || request.ip == "b"')).toBe(false)
    expect(isUnsatisfiable('(x == "a" || y == "b") && x == "c"')).toBe(false)
    expect(single([rule(['InstancesReadOnly'], { org: true }, 'resource.name == "web" || !has(resource.id)')])).toEqual(new Set(['condition-on-resource-name']))
    expect(single([rule(['InstancesReadOnly'], { org: true }, 'resource.tags.exists(t, t == "team:web")')])).toContain('resource-condition-breaks-lists')
    expect(single([rule(['InstancesReadOnly'], { org: true }, 'resource.tags.exists(t, t == "team:web") || !has(resource.id)')])).toEqual(new Set())
    expect(single([rule(['InstancesReadOnly'], { org: true }, 'request.ip == "1" && request.ip == "2"')])).toContain('unsatisfiable-condition')
  })

  it('applications with several active keys (expired ones do not count)', () => {
    const key = (expires: string | null): ApiKey => ({ access_key: `SCW${String(++n).padStart(17, '0')}`, application_id: ci.id, description: '', created_at: null, updated_at: null, expires_at: expires, default_project_id: PROJ_WEB, editable: true, creation_ip: '' })
    expect(fired(model({ applications: [ci], apiKeys: [key(null), key('2027-01-01T00:00:00Z')] }))).toContain('application-several-active-keys')
    expect(fired(model({ applications: [ci], apiKeys: [key(null), key('2026-01-01T00:00:00Z')] }))).not.toContain('application-several-active-keys')
  })
})

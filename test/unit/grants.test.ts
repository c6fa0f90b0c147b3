// The grant model and the comparison semantics (docs/policy-analysis.md): normalisation of rules
// into grants, the diff, and the no-new-access truth table.
import { describe, expect, it } from 'vitest'
import { grantKey, grantLabel, grantsOfRules, normaliseCondition, type Grant, type GrantContext } from '../../domain/grants'
import { checkNoNewAccess, diffGrants } from '../../domain/policy-diff'
import type { Rule } from '../../domain/schemas'

const ORG = '11111111-1111-4111-8111-111111111111'
const ORG2 = '11111111-1111-4111-8111-222222222222'
const P1 = '22222222-2222-4222-8222-000000000001'
const P2 = '22222222-2222-4222-8222-000000000002'
const P3 = '22222222-2222-4222-8222-000000000003'
const Q1 = '22222222-2222-4222-8222-100000000001' // ORG2's "web-prod"
let n = 0
const rule = (sets: string[], scope: { org?: string; projects?: string[] }, condition = ''): Rule => ({
  id: `33333333-3333-4333-8333-${String(++n).padStart(12, '0')}`,
  permission_set_names: sets,
  permission_sets_scope_type: sets.some((s) => s.startsWith('IAM')) ? 'organization' : 'projects',
  condition,
  ...(scope.org !== undefined ? { organization_id: scope.org } : {}),
  ...(scope.projects !== undefined ? { project_ids: scope.projects } : {}),
})
const CATALOGUE: Record<string, 'projects' | 'organization'> = { IAMManager: 'organization', InstancesFullAccess: 'projects', InstancesReadOnly: 'projects', ObjectStorageReadOnly: 'projects' }
const NAMES: Record<string, string> = { [P1]: 'web-prod', [P2]: 'web-staging', [P3]: 'data', [Q1]: 'web-prod' }
const ctx: GrantContext = { organizationId: ORG, scopeTypeOf: (s) => CATALOGUE[s], projectName: (p) => NAMES[p] }
const ctx2: GrantContext = { ...ctx, organizationId: ORG2 }
const keys = (gs: readonly Grant[]): string[] => gs.map(grantLabel)

describe('normaliseCondition', () => {
  it('gives conditions differing only in whitespace one form, keeps string literals byte for byte', () => {
    const a = normaliseCondition('request.ip=="1.2.3.4"&&resource.project_id  in ["a",  "b"]')
    const b = normaliseCondition('  request.ip == "1.2.3.4"\n  && resource.project_id in [ "a", "b" ] ')
    expect(a).toBe('request.ip == "1.2.3.4" && resource.project_id in ["a", "b"]')
    expect(b).toBe(a)
    expect(normaliseCondition('x == "a  b"')).toBe('x == "a  b"')
    expect(normaliseCondition("x == 'a  b'")).not.toBe(normaliseCondition('x == "a  b"'))
  })

  it('keeps signs and negation tight, spaces subtraction, and leaves the empty condition empty', () => {
    expect(normaliseCondition('a-1>-2 && !b')).toBe('a - 1 > -2 && !b')
    expect(normaliseCondition('f( a ,b ).c')).toBe('f(a, b).c')
    expect(normaliseCondition('   ')).toBe('')
    expect(normaliseCondition(undefined)).toBe('')
    expect(normaliseCondition('x == "unterminated   ')).toBe('x == "unterminated')
  })
})

describe('grantsOfRules', () => {
  it('makes one grant per permission set and project, and rule order and grouping never show', () => {
    const one = grantsOfRules([rule(['InstancesReadOnly', 'ObjectStorageReadOnly'], { projects: [P1, P2, P3] })], ctx)
    expect(one).toHaveLength(6)
    const split = grantsOfRules(
      [rule(['ObjectStorageReadOnly'], { projects: [P3, P2] }), rule(['InstancesReadOnly'], { projects: [P2, P1, P3] }), rule(['ObjectStorageReadOnly'], { projects: [P1] })],
      ctx,
    )
    expect(split).toEqual(one)
    expect(diffGrants(one, split, 'id')).toMatchObject({ added: [], removed: [], changed: [] })
  })

  it('merges duplicates, carries the catalogue scope type and the project name, drops empty rules', () => {
    const rules = [rule(['IAMManager'], { org: ORG }), rule(['IAMManager'], { org: ORG }, '  '), rule([], { org: ORG }), rule(['InstancesReadOnly'], { projects: [] })]
    const grants = grantsOfRules(rules, ctx)
    expect(grants).toEqual([{ permissionSet: 'IAMManager', scopeType: 'organization', scope: { type: 'organization', organizationId: ORG }, condition: '' }])
    const [p] = grantsOfRules([rule(['InstancesReadOnly'], { projects: [P1] })], ctx)
    expect(p?.scope).toEqual({ type: 'project', projectId: P1, projectName: 'web-prod' })
    const [unknown] = grantsOfRules([{ ...rule(['NotInCatalogue'], { org: ORG }), permission_sets_scope_type: 'projects' }], ctx)
    expect(unknown?.scopeType).toBe('projects')
  })

  it('gives every grant a stable key that does not depend on the rule it came from', () => {
    const a = grantsOfRules([rule(['InstancesReadOnly'], { projects: [P1] }, 'x==1')], ctx)
    const b = grantsOfRules([rule(['InstancesReadOnly'], { projects: [P1, P2] }, 'x == 1')], ctx)
    expect(a.map(grantKey)).toEqual([b.map(grantKey)[0]])
  })
})

describe('diffGrants', () => {
  it('finds added, removed and changed-condition grants; whitespace-only condition changes are no change', () => {
    const a = grantsOfRules([rule(['InstancesFullAccess'], { projects: [P1, P2] }, 'request.ip=="1"'), rule(['IAMManager'], { org: ORG })], ctx)
    const b = grantsOfRules(
      [rule(['InstancesFullAccess'], { projects: [P1] }, 'request.ip == "1"'), rule(['InstancesFullAccess'], { projects: [P3] }), rule(['IAMManager'], { org: ORG }, 'x')],
      ctx,
    )
    const d = diffGrants(a, b, 'id')
    expect(keys(d.unchanged.map((p) => p.after))).toEqual(['InstancesFullAccess on project web-prod, when request.ip == "1"'])
    expect(keys(d.added)).toEqual(['InstancesFullAccess on project data'])
    expect(keys(d.removed)).toEqual(['InstancesFullAccess on project web-staging, when request.ip == "1"'])
    expect(d.changed.map((c) => [c.before.condition, c.after.condition])).toEqual([['', 'x']])
  })

  it('shows a scope type change (organization-wide → projects) as removed and added grants', () => {
    const a = grantsOfRules([rule(['InstancesReadOnly'], { org: ORG })], ctx)
    const b = grantsOfRules([rule(['InstancesReadOnly'], { projects: [P1] })], ctx)
    const d = diffGrants(a, b, 'id')
    expect(keys(d.removed)).toEqual(['InstancesReadOnly on all projects'])
    expect(keys(d.added)).toEqual(['InstancesReadOnly on project web-prod'])
  })

  it('matches projects by name across organizations and by id within one', () => {
    const a = grantsOfRules([rule(['InstancesReadOnly'], { projects: [P1] }), rule(['IAMManager'], { org: ORG })], ctx)
    const b = grantsOfRules([rule(['InstancesReadOnly'], { projects: [Q1] }), rule(['IAMManager'], { org: ORG2 })], ctx2)
    expect(diffGrants(a, b, 'name')).toMatchObject({ added: [], removed: [], changed: [] })
    const byId = diffGrants(a, b, 'id')
    expect(byId.added).toHaveLength(2)
    // a project whose name is unknown never matches another organization's project
    const nameless = grantsOfRules([rule(['InstancesReadOnly'], { projects: [Q1] })], { organizationId: ORG2 })
    expect(diffGrants(a, nameless, 'name').added).toHaveLength(1)
  })
})

describe('checkNoNewAccess — truth table', () => {
  const g = (sets: string[], scope: { org?: string; projects?: string[] }, condition = '') => grantsOfRules([rule(sets, scope, condition)], ctx)
  const cases: Array<[string, Grant[], Grant[], 'no_new_access' | 'review' | 'new_access']> = [
    ['identical', g(['InstancesReadOnly'], { projects: [P1] }), g(['InstancesReadOnly'], { projects: [P1] }), 'no_new_access'],
    ['B empty', g(['InstancesReadOnly'], { projects: [P1] }), [], 'no_new_access'],
    ['both empty', [], [], 'no_new_access'],
    ['B a subset (fewer projects)', g(['InstancesReadOnly'], { projects: [P1, P2] }), g(['InstancesReadOnly'], { projects: [P2] }), 'no_new_access'],
    ['A organization-wide, B one project', g(['InstancesReadOnly'], { org: ORG }), g(['InstancesReadOnly'], { projects: [P3] }), 'no_new_access'],
    ['A one project, B organization-wide', g(['InstancesReadOnly'], { projects: [P1] }), g(['InstancesReadOnly'], { org: ORG }), 'new_access'],
    ['B another project', g(['InstancesReadOnly'], { projects: [P1] }), g(['InstancesReadOnly'], { projects: [P2] }), 'new_access'],
    ['B another permission set', g(['InstancesReadOnly'], { projects: [P1] }), g(['InstancesFullAccess'], { projects: [P1] }), 'new_access'],
    ['whitespace-only condition difference', g(['InstancesReadOnly'], { projects: [P1] }, 'a==1'), g(['InstancesReadOnly'], { projects: [P1] }, ' a == 1 '), 'no_new_access'],
    ['B adds a condition (looks narrower)', g(['InstancesReadOnly'], { projects: [P1] }), g(['InstancesReadOnly'], { projects: [P1] }, 'a == 1'), 'review'],
    ['B drops the condition', g(['InstancesReadOnly'], { projects: [P1] }, 'a == 1'), g(['InstancesReadOnly'], { projects: [P1] }), 'review'],
    ['A organization-wide conditional, B project', g(['InstancesReadOnly'], { org: ORG }, 'a == 1'), g(['InstancesReadOnly'], { projects: [P1] }), 'review'],
    ['a condition change and a new grant', g(['InstancesReadOnly'], { projects: [P1] }), [...g(['InstancesReadOnly'], { projects: [P1] }, 'b'), ...g(['IAMManager'], { org: ORG })], 'new_access'],
  ]
  it.each(cases)('%s', (_name, a, b, verdict) => {
    expect(checkNoNewAccess(a, b, 'id').verdict).toBe(verdict)
  })

  it('lists the grants only B has and the conditional ones to review, with what A holds instead', () => {
    const a = g(['InstancesReadOnly'], { projects: [P1] })
    const b = [...g(['InstancesReadOnly'], { projects: [P1] }, 'b'), ...g(['IAMManager'], { org: ORG })]
    const r = checkNoNewAccess(a, b, 'id')
    expect(keys(r.newGrants)).toEqual(['IAMManager on the organization'])
    expect(r.review.map((x) => [grantLabel(x.grant), keys(x.against)])).toEqual([['InstancesReadOnly on project web-prod, when b', ['InstancesReadOnly on project web-prod']]])
    // A against itself is always no new access
    expect(checkNoNewAccess(b, b, 'id').verdict).toBe('no_new_access')
  })
})

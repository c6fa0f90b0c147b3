// The policy analysis's place in the address (lib/analysis-target.ts, route.ts `v=`): every
// target survives a round trip through the hash, nonsense falls back to an empty comparison,
// and another comparison is a new back/forward step.
import { describe, expect, it } from 'vitest'
import { EMPTY_TARGET, formatTarget, parseTarget, type AnalysisTarget } from '../../src-renderer/src/lib/analysis-target'
import { formatRoute, isNewPlace, parseRoute, type Route } from '../../src-renderer/src/state/route'

const ORG = '11111111-1111-4111-8111-111111111111'
const P1 = '22222222-2222-4222-8222-222222222222'
const P2 = '33333333-3333-4333-8333-333333333333'

describe('analysis target', () => {
  const targets: AnalysisTarget[] = [
    { mode: 'compare', a: null, b: null },
    { mode: 'compare', a: { organizationId: ORG, policyId: P1, syncRunId: '12' }, b: { organizationId: ORG, policyId: P2 } },
    { mode: 'across', policy: { organizationId: ORG, policyId: P1 }, by: 'name' },
    { mode: 'across', policy: { organizationId: ORG, policyId: P1 }, by: 'tag', tag: 'managed-by=terraform; a/b@c', reference: { organizationId: ORG, policyId: P2 } },
    { mode: 'timeline', policy: { organizationId: ORG, policyId: P1 }, from: '3', to: 'now' },
  ]
  it.each(targets.map((t) => [formatTarget(t), t] as const))('round-trips %s, also through the address', (_text, t) => {
    expect(parseTarget(formatTarget(t))).toEqual(t)
    const route: Route = { section: 'analysis', organizationIds: [], search: '', filterValues: {}, detail: null, view: formatTarget(t) }
    expect(parseRoute(formatRoute(route), ['analysis'])).toEqual(route)
  })

  it('drops what makes no sense', () => {
    expect(parseTarget('')).toEqual(EMPTY_TARGET)
    expect(parseTarget('nonsense;a=x')).toEqual(EMPTY_TARGET)
    expect(parseTarget(`compare;a=${ORG};b=${ORG}/${P1}@x`)).toEqual({ mode: 'compare', a: null, b: null })
    expect(parseTarget(`timeline;p=${ORG}/${P1};from=yesterday;to=%E0`)).toEqual({ mode: 'timeline', policy: { organizationId: ORG, policyId: P1 } })
  })

  it('makes another comparison a new back/forward step; no view leaves the address as it was', () => {
    const base: Route = { section: 'analysis', organizationIds: [], search: '', filterValues: {}, detail: null }
    expect(formatRoute(base)).toBe('#/analysis')
    expect(isNewPlace(base, { ...base, view: 'compare' })).toBe(true)
    expect(isNewPlace({ ...base, view: 'compare' }, { ...base, view: 'compare' })).toBe(false)
  })
})

// The window's address (src-renderer/src/state/route.ts): what it holds survives a round trip,
// it is canonical, nonsense is dropped rather than guessed, and only another section, scope or
// detail makes a new back/forward step.
import { describe, expect, it } from 'vitest'
import { formatRoute, isNewPlace, parseRoute, type Route } from '../../src-renderer/src/state/route'

const SECTIONS = ['people', 'users', 'policies', 'changes'] as const
const ORG = '11111111-1111-4111-8111-111111111111'
const ORG2 = '22222222-2222-4222-8222-222222222222'
const base: Route = { section: 'users', organizationIds: [], search: '', filterValues: {}, detail: null }

describe('route', () => {
  it('round-trips section, scope, search, filters and detail', () => {
    const r: Route = {
      section: 'policies',
      organizationIds: [ORG, ORG2],
      search: 'dev & ops / 100% “été”',
      filterValues: { principal: '2', tag: 'a:b=c' },
      detail: { kind: 'policies', organizationId: ORG, id: 'SCW0/x y' },
    }
    const hash = formatRoute(r)
    expect(hash).toMatch(/^#\/policies\?org=/)
    expect(parseRoute(hash, SECTIONS)).toEqual(r)
  })

  it('keeps the set a multi-value filter holds (its chosen options) through the address', () => {
    const r: Route = { ...base, section: 'users', filterValues: { type: '1,3' } }
    const hash = formatRoute(r)
    expect(parseRoute(hash, SECTIONS)).toEqual(r)
    // A single choice keeps its old address, so existing links land where they did.
    expect(formatRoute({ ...base, filterValues: { type: '2' } })).toBe('#/users?f=type:2')
  })

  it('is canonical: filters sorted, empty values and an empty query left out', () => {
    expect(formatRoute(base)).toBe('#/users')
    expect(formatRoute({ ...base, filterValues: { z: '1', a: '', m: '0' } })).toBe('#/users?f=m:0&f=z:1')
  })

  it('names no route for an unknown section or no hash; drops a broken detail or value', () => {
    expect(parseRoute('', SECTIONS)).toBeNull()
    expect(parseRoute('#/nowhere', SECTIONS)).toBeNull()
    expect(parseRoute(`#/users?detail=quota/${ORG}/x`, SECTIONS)?.detail).toBeNull()
    expect(parseRoute(`#/users?detail=users/${ORG}`, SECTIONS)?.detail).toBeNull()
    expect(parseRoute('#/users?q=%E0%A4%A&f=mfa', SECTIONS)).toEqual(base)
  })

  it('makes a new step for another section, scope or detail, not for search or filters', () => {
    expect(isNewPlace(base, { ...base, search: 'x', filterValues: { mfa: '1' } })).toBe(false)
    expect(isNewPlace(base, { ...base, section: 'policies' })).toBe(true)
    expect(isNewPlace(base, { ...base, organizationIds: [ORG] })).toBe(true)
    expect(isNewPlace(base, { ...base, detail: { kind: 'users', organizationId: ORG, id: 'u' } })).toBe(true)
  })
})

// The renderer's list definitions must only ask the core for sort fields and filters the kind
// registry (domain/kinds.ts) accepts — the same registry the contract validates with.
import { describe, expect, it } from 'vitest'
import { KINDS } from '../../domain/kinds'
import { KIND_VIEWS, chosenOptions, selectFilters } from '../../src-renderer/src/lib/kinds'
import { apiKeys } from '../../src-renderer/src/lib/kinds/api-keys'
import { users } from '../../src-renderer/src/lib/kinds/users'
import type { ApiKey, User } from '../../domain/schemas'

const NOW = Date.parse('2024-05-10T12:00:00Z')
const DAY = 86_400_000

const key = (over: Partial<ApiKey>): ApiKey => ({
  access_key: 'SCW1234567890ABCDEFG',
  user_id: '11111111-1111-4111-8111-111111111111',
  description: 'laptop',
  created_at: new Date(NOW - 3 * DAY).toISOString(),
  updated_at: null,
  expires_at: null,
  default_project_id: '22222222-2222-4222-8222-222222222222',
  editable: true,
  creation_ip: '10.0.0.1',
  ...over,
})

const cellOf = (id: string, k: ApiKey) => apiKeys.columns.find((c) => c.id === id)!.cell(k, { now: NOW })

describe('kind views against the core', () => {
  for (const [kind, view] of Object.entries(KIND_VIEWS)) {
    it(`${kind}: every sortable column and the default sort are accepted by the core`, () => {
      const accepted: readonly string[] = KINDS[kind as keyof typeof KINDS].sortFields
      for (const c of view.columns) if (c.sortField) expect(accepted).toContain(c.sortField)
      expect(accepted).toContain(KINDS[kind as keyof typeof KINDS].defaultSort.field)
      expect(accepted).toContain('organization')
    })
    it(`${kind}: every filter choice passes the core's filter schema`, () => {
      const schema = KINDS[kind as keyof typeof KINDS].filters
      for (const f of view.filters) {
        if (f.type === 'select') {
          for (const o of f.options) expect(schema.safeParse(o.filters).success, `${f.id}: ${o.label}`).toBe(true)
          // A multi-value filter's every choice at once passes too (each option names its value).
          if (f.multiple) {
            const all = selectFilters(f, f.options.map((_, i) => i).join(','))
            expect(Object.keys(all), f.id).toEqual([f.multiple.key])
            expect(schema.safeParse(all).success, `${f.id}: all`).toBe(true)
          }
        } else expect(schema.safeParse({ [f.key]: f.type === 'date' ? '2024-05-01T00:00:00.000Z' : 'x' }).success, f.id).toBe(true)
      }
    })
  }
})

describe('API keys columns: the credential overview', () => {
  it('shows age and time to expiry in words', () => {
    expect(cellOf('created', key({})).text).toBe('3 days ago')
    expect(cellOf('expires', key({ expires_at: new Date(NOW + 40 * DAY).toISOString() })).text).toBe('in 1 month')
  })
  it('flags expired keys that are still listed', () => {
    const c = cellOf('expires', key({ expires_at: new Date(NOW - 2 * DAY).toISOString() }))
    expect(c.text).toBe('2 days ago')
    expect(c.badges).toEqual([{ label: 'EXPIRED', tone: 'danger' }])
  })
  it('flags keys expiring within 7 days, and not later ones', () => {
    expect(cellOf('expires', key({ expires_at: new Date(NOW + 5 * DAY).toISOString() })).badges).toEqual([{ label: 'EXPIRING SOON', tone: 'warning' }])
    expect(cellOf('expires', key({ expires_at: new Date(NOW + 8 * DAY).toISOString() })).badges).toEqual([])
  })
  it('flags keys without expiry', () => {
    const c = cellOf('expires', key({ expires_at: null }))
    expect(c.text).toBe('never')
    expect(c.badges).toEqual([{ label: 'NO EXPIRY', tone: 'warning' }])
  })
  it('names the bearer type and shows the access key in monospace', () => {
    expect(cellOf('bearer', key({ user_id: undefined, application_id: '33333333-3333-4333-8333-333333333333' })).text).toBe('application')
    expect(cellOf('access_key', key({})).mono).toBe(true)
  })
})

describe('users columns', () => {
  it('uses the full name, falls back to the username, and says "never" for no login', () => {
    const u = { first_name: '', last_name: '', username: 'jdoe', email: 'j@x.io', last_login_at: null, mfa: false, locked: true } as unknown as User
    const cell = (id: string) => users.columns.find((c) => c.id === id)!.cell(u, { now: NOW })
    expect(cell('name').text).toBe('jdoe')
    expect(cell('last_login').text).toBe('never')
    expect(cell('mfa').badges?.[0]?.label).toBe('NO MFA')
    expect(cell('locked').badges?.[0]?.label).toBe('LOCKED')
  })
})

describe('multi-value select filters', () => {
  const expiry = apiKeys.filters.find((f) => f.id === 'expiry')
  it('send one choice exactly as a single select did, several as one ORed list', () => {
    if (expiry?.type !== 'select') throw new Error('no expiry select')
    expect(selectFilters(expiry, '1')).toEqual({ expired: true })
    expect(selectFilters(expiry, '0')).toEqual({})
    expect(selectFilters(expiry, '5,1')).toEqual({ expiry: ['expired', 'never'] })
    // Nonsense from an address is dropped, not guessed.
    expect(chosenOptions(expiry, '1,x,99,1,-2')).toEqual([1])
  })
})

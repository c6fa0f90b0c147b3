// Hardening finding 8: unknown browse filter keys were dropped silently, so a filter could fail
// open (a misspelt `lockd: true` listed every user). Each kind's filters are strict in the kind
// registry, and the contract refuses anything else with BAD_REQUEST.
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { KINDS, RESOURCE_KINDS } from '../../domain/kinds'

describe('browse filters', () => {
  it('refuses an unknown browse filter key instead of ignoring it (the filter cannot fail open)', async () => {
    const app = await createApp({ mode: 'browser', version: 't', keychain: new MemorySecretStore(), probeKeychain: async () => ({ available: true }) })
    for (const kind of RESOURCE_KINDS) {
      const r = await app.router.dispatch('browse.list', { kind, filters: { lockd: true }, offset: 0, limit: 10 })
      expect(r.ok, kind).toBe(false)
      if (!r.ok) expect(r.error.code, kind).toBe('BAD_REQUEST')
    }
    // A filter of another kind is unknown here too.
    const wrongKind = await app.router.dispatch('browse.list', { kind: 'groups', filters: { locked: true }, offset: 0, limit: 10 })
    expect(wrongKind.ok).toBe(false)
    // A known one passes.
    const ok = await app.router.dispatch('browse.list', { kind: 'users', filters: { locked: true }, offset: 0, limit: 10 })
    expect(ok.ok).toBe(true)
    await app.close()
  })

  it('takes one value or a list for an enumerated filter, and still refuses an unknown value', async () => {
    const app = await createApp({ mode: 'browser', version: 't', keychain: new MemorySecretStore(), probeKeychain: async () => ({ available: true }) })
    const list = (kind: string, filters: object) => app.router.dispatch('browse.list', { kind, filters, offset: 0, limit: 10 })
    for (const [kind, filters] of [
      ['api_keys', { expiry: ['expired', 'never'] }],
      ['api_keys', { expiry: 'never' }],
      ['users', { type: ['owner', 'guest'] }],
      ['policies', { principalKind: ['user', 'none'] }],
      ['permission_sets', { scopeType: ['projects', 'organization'] }],
    ] as const) expect((await list(kind, filters)).ok, JSON.stringify(filters)).toBe(true)
    for (const [kind, filters] of [
      ['api_keys', { expiry: ['expired', 'someday'] }],
      ['api_keys', { expiry: [] }],
      ['users', { type: ['owner', 'admin'] }],
      ['users', { locked: [true, false] }],
      ['policies', { principalKind: 'robot' }],
    ] as const) {
      const r = await list(kind, filters)
      expect(r.ok, JSON.stringify(filters)).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('BAD_REQUEST')
    }
    await app.close()
  })

  it('refuses a sort field the kind does not have', async () => {
    const app = await createApp({ mode: 'browser', version: 't', keychain: new MemorySecretStore(), probeKeychain: async () => ({ available: true }) })
    const r = await app.router.dispatch('browse.list', { kind: 'quota', sort: { field: 'email', dir: 'asc' }, offset: 0, limit: 10 })
    expect(r.ok).toBe(false)
    expect(KINDS.quota.sortFields).not.toContain('email')
    await app.close()
  })
})

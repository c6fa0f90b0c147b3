// The API's limits are declared once (domain/limits.ts): the contract and the writes' own field
// checks refuse the same inputs, with the same words, next to the same field.
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src-main/core/app'
import { FieldErrors } from '../../src-main/core/features/writes/validate'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { LIMITS } from '../../domain/limits'

const ORG = '11111111-1111-4111-8111-111111111111'

describe('API limits', () => {
  it('a group name one character over the limit is refused at the door with the field check’s own words', async () => {
    const app = await createApp({ mode: 'browser', version: 't', keychain: new MemorySecretStore(), probeKeychain: async () => ({ available: true }) })
    const long = 'a'.repeat(LIMITS.name + 1)
    const r = await app.router.dispatch('groups.create', { organizationId: ORG, name: long })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('BAD_REQUEST')
    const checks = new FieldErrors()
    checks.name('name', long)
    expect(r.error.details?.fields).toEqual([{ argument_name: 'name', reason: 'constraint', help_message: checks.list[0]!.help_message }])
    // At the limit, the contract lets it through (to the organization lookup, which fails here).
    const atLimit = await app.router.dispatch('groups.create', { organizationId: ORG, name: 'a'.repeat(LIMITS.name) })
    expect(atLimit.ok || atLimit.error.code).not.toBe('BAD_REQUEST')
    await app.close()
  })

  it('descriptions: the contract and the field check agree on the number', async () => {
    const app = await createApp({ mode: 'browser', version: 't', keychain: new MemorySecretStore(), probeKeychain: async () => ({ available: true }) })
    const r = await app.router.dispatch('applications.create', { organizationId: ORG, name: 'ok', description: 'd'.repeat(LIMITS.description + 1) })
    expect(!r.ok && r.error.details?.fields).toEqual([{ argument_name: 'description', reason: 'constraint', help_message: `must be at most ${LIMITS.description} characters long` }])
    await app.close()
  })
})

import { describe, expect, it } from 'vitest'
import { inspect } from 'node:util'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { KeytarSecretStore } from '../../src-main/core/platform/secrets/keytar-secret-store'
import { KeychainUnavailableError } from '../../src-main/core/platform/secrets/keychain-error'
import type { KeytarLike } from '../../src-main/core/platform/secrets/keytar-loader'
import type { SecretStore } from '../../src-main/core/platform/secrets/secret-store'

const CANARY = 'c4n4ry00-5ec2-4e7a-9b1d-000000000001'

/** An in-memory keytar, recording what it was asked. */
function fakeKeytar(): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  const key = (s: string, a: string) => `${s}\u0000${a}`
  return {
    entries,
    async getPassword(s, a) {
      return entries.get(key(s, a)) ?? null
    },
    async setPassword(s, a, p) {
      entries.set(key(s, a), p)
    },
    async deletePassword(s, a) {
      return entries.delete(key(s, a))
    },
  }
}

/** A keytar whose every call fails the way libsecret does, echoing what it was given. */
function failingKeytar(message: string): KeytarLike {
  const fail = async (...args: string[]): Promise<never> => {
    // A hostile implementation that puts its arguments in the message: the store must redact.
    throw new Error(`${message} [${args.join(',')}]`)
  }
  return { getPassword: fail, setPassword: fail, deletePassword: fail }
}

const stores: [string, () => SecretStore][] = [
  ['MemorySecretStore', () => new MemorySecretStore()],
  ['KeytarSecretStore (fake keytar)', () => new KeytarSecretStore({ loadKeytar: async () => fakeKeytar() })],
]

describe.each(stores)('%s', (_name, make) => {
  it('stores, reads, overwrites and deletes a secret per profile', async () => {
    const store = make()
    expect(await store.get('p1')).toBeNull()
    await store.set('p1', new Secret('first'))
    await store.set('p2', new Secret('other'))
    expect((await store.get('p1'))?.reveal()).toBe('first')
    await store.set('p1', new Secret('second'))
    expect((await store.get('p1'))?.reveal()).toBe('second')
    expect(await store.delete('p1')).toBe(true)
    expect(await store.get('p1')).toBeNull()
    expect(await store.delete('p1')).toBe(false)
    expect((await store.get('p2'))?.reveal()).toBe('other')
  })

  it('hands back a Secret that does not print its value', async () => {
    const store = make()
    await store.set('p', new Secret(CANARY))
    const got = await store.get('p')
    expect(got).toBeInstanceOf(Secret)
    expect(JSON.stringify({ got })).not.toContain(CANARY)
    expect(`${got}`).not.toContain(CANARY)
    expect(inspect(got)).not.toContain(CANARY)
  })
})

describe('KeytarSecretStore', () => {
  it('says which kind it is, and the memory store is session-only', () => {
    expect(new KeytarSecretStore({ loadKeytar: async () => fakeKeytar() }).kind).toBe('keychain')
    expect(new MemorySecretStore().kind).toBe('session')
  })

  it('uses service iam-desk and the profile id as account', async () => {
    const keytar = fakeKeytar()
    const store = new KeytarSecretStore({ loadKeytar: async () => keytar })
    await store.set('4b1c0c0e-profile', new Secret(CANARY))
    expect([...keytar.entries.keys()]).toEqual(['iam-desk\u00004b1c0c0e-profile'])
  })

  it('turns a keychain failure into KEYCHAIN_UNAVAILABLE with a reason, help, and no secret', async () => {
    const store = new KeytarSecretStore({ loadKeytar: async () => failingKeytar('Cannot create an item in a locked collection') })
    const err = await store.set('p', new Secret(CANARY)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KeychainUnavailableError)
    const e = err as KeychainUnavailableError
    expect(e.kind).toBe('keychain_unavailable')
    expect(e.reason).toBe('locked')
    expect(e.help).toMatch(/unlock/i)
    expect(e.message).toContain(e.help)
    const everything = `${e.message} ${e.stack} ${JSON.stringify(e.details)} ${inspect(e)} ${e.libraryMessage}`
    expect(everything).not.toContain(CANARY)
    // The library's words are kept for the log (redacted), never in what crosses the router.
    expect(e.libraryMessage).toContain('[REDACTED]')
    expect(e.details).toEqual({ reason: 'locked', help: e.help })
  })

  it('reports a keytar that cannot be loaded, and loads again on the next call', async () => {
    let attempts = 0
    const keytar = fakeKeytar()
    const store = new KeytarSecretStore({
      loadKeytar: async () => {
        attempts += 1
        if (attempts === 1) throw new KeychainUnavailableError('module_missing', 'libsecret-1.so.0: cannot open shared object file')
        return keytar
      },
    })
    await expect(store.get('p')).rejects.toMatchObject({ kind: 'keychain_unavailable', reason: 'module_missing' })
    expect(await store.get('p')).toBeNull()
    expect(attempts).toBe(2)
  })

  it('gives up on a keychain that never answers instead of hanging', async () => {
    const never = new Promise<never>(() => {})
    const hung: KeytarLike = { getPassword: () => never, setPassword: () => never, deletePassword: () => never }
    const store = new KeytarSecretStore({ loadKeytar: async () => hung, timeoutMs: 20 })
    await expect(store.get('p')).rejects.toMatchObject({ kind: 'keychain_unavailable', reason: 'locked' })
  })
})

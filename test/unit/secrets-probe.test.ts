import { describe, expect, it } from 'vitest'
import { probeKeychain, PROBE_ACCOUNT } from '../../src-main/core/platform/secrets/probe-keychain'
import { classifyKeychainFailure, KeychainUnavailableError } from '../../src-main/core/platform/secrets/keychain-error'
import { loadKeytar, type KeytarLike } from '../../src-main/core/platform/secrets/keytar-loader'

function memoryKeytar(): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    entries,
    getPassword: async (s, a) => entries.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void entries.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => entries.delete(`${s}/${a}`),
  }
}

function failing(message: string): KeytarLike {
  const fail = async (): Promise<never> => {
    throw new Error(message)
  }
  return { getPassword: fail, setPassword: fail, deletePassword: fail }
}

describe('probeKeychain', () => {
  it('answers available after a round trip that leaves nothing behind', async () => {
    const keytar = memoryKeytar()
    let sawProbe = false
    const spying: KeytarLike = {
      ...keytar,
      setPassword: async (s, a, p) => {
        sawProbe = s === 'iam-desk' && a === PROBE_ACCOUNT
        await keytar.setPassword(s, a, p)
      },
    }
    expect(await probeKeychain({ loadKeytar: async () => spying })).toEqual({ available: true })
    expect(sawProbe).toBe(true)
    expect(keytar.entries.size).toBe(0)
  })

  // Messages as libsecret / GLib / gnome-keyring produce them.
  const cases: [string, string][] = [
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'dbus_unavailable'],
    ['Could not connect: No such file or directory', 'dbus_unavailable'],
    ['Could not connect: Connection refused', 'dbus_unavailable'],
    ['The name org.freedesktop.secrets was not provided by any .service files', 'no_secret_service'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'locked'],
    ['Something nobody has seen before', 'unknown'],
  ]
  it.each(cases)('maps "%s" to %s, with help in plain words', async (message, reason) => {
    const result = await probeKeychain({ loadKeytar: async () => failing(message) })
    expect(result).toMatchObject({ available: false, reason, detail: message })
    if (result.available) throw new Error('expected unavailable')
    expect(result.help).toMatch(/session-only secrets/)
  })

  it('tells what to install when there is no Secret Service', async () => {
    const result = await probeKeychain({ loadKeytar: async () => failing('The name org.freedesktop.secrets was not provided by any .service files') })
    expect(result).toMatchObject({ available: false, help: expect.stringContaining('apt install gnome-keyring') })
    expect(result).toMatchObject({ help: expect.stringContaining('KWallet') })
  })

  it('reports a keytar module that cannot be loaded as module_missing', async () => {
    const result = await probeKeychain({
      loadKeytar: async () => {
        throw new KeychainUnavailableError('module_missing', "Cannot find module 'keytar'")
      },
    })
    expect(result).toMatchObject({ available: false, reason: 'module_missing', help: expect.stringContaining('libsecret') })
  })

  it('answers locked, without hanging, when the keychain never replies', async () => {
    const never = new Promise<never>(() => {})
    const hung: KeytarLike = { getPassword: () => never, setPassword: () => never, deletePassword: () => never }
    expect(await probeKeychain({ loadKeytar: async () => hung, timeoutMs: 20 })).toMatchObject({ available: false, reason: 'locked' })
  })

  it('answers unknown when the keychain reads back something else', async () => {
    const liar: KeytarLike = { ...memoryKeytar(), getPassword: async () => 'not what was stored' }
    expect(await probeKeychain({ loadKeytar: async () => liar })).toMatchObject({ available: false, reason: 'unknown' })
  })
})

describe('classifyKeychainFailure', () => {
  it.each([
    ["Cannot find module 'keytar'", 'module_missing'],
    ['libsecret-1.so.0: cannot open shared object file: No such file or directory', 'module_missing'],
    ['The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115', 'module_missing'],
  ])('maps "%s" to %s', (message, reason) => {
    expect(classifyKeychainFailure(message)).toBe(reason)
  })
})

describe('loadKeytar', () => {
  it('loads the installed keytar lazily and exposes its functions', async () => {
    const k = await loadKeytar()
    expect(typeof k.getPassword).toBe('function')
    expect(typeof k.setPassword).toBe('function')
    expect(typeof k.deletePassword).toBe('function')
  })
})

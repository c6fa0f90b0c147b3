// Keychain failures through the whole app: keytar's and libsecret's own messages can name
// files (the keytar.node being loaded, the libsecret .so). No file path may cross the router:
// the answer carries the plain reason and help, and the library's words go to the log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { createApp, type App } from '../../src-main/core/app'
import { KeytarSecretStore } from '../../src-main/core/platform/secrets/keytar-secret-store'
import { KeychainUnavailableError, isModuleLoadFailure } from '../../src-main/core/platform/secrets/keychain-error'
import { probeKeychain, type KeychainProbeResult } from '../../src-main/core/platform/secrets/probe-keychain'
import type { KeytarLoader } from '../../src-main/core/platform/secrets/keytar-loader'

const KEYTAR_PATH = '/home/x/node_modules/keytar/build/Release/keytar.node'
const LOAD_MESSAGE = `${KEYTAR_PATH}: invalid ELF header`

/** What loadKeytar throws when `import('keytar')` fails with that message. */
const failingLoad: KeytarLoader = async () => {
  throw new KeychainUnavailableError(isModuleLoadFailure(LOAD_MESSAGE) ? 'module_missing' : 'unknown', LOAD_MESSAGE)
}

let emulator: RunningEmulator
let dir: string
let app: App | undefined
let logs: string[]
let replies: string[]

async function newApp(probe: () => Promise<KeychainProbeResult>): Promise<App> {
  logs = []
  replies = []
  const a = await createApp({
    mode: 'browser',
    version: 'test',
    dataDir: dir,
    keychain: new KeytarSecretStore({ loadKeytar: failingLoad }),
    probeKeychain: probe,
    env: {},
    homeDir: dir,
    log: (m) => logs.push(m),
  })
  const dispatch = a.router.dispatch.bind(a.router)
  a.router.dispatch = async (name, input) => {
    const r = await dispatch(name, input)
    replies.push(JSON.stringify(r))
    return r
  }
  return a
}

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, orgs: 1, seed: 3 })
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-keychain-errors-'))
})
afterEach(async () => {
  await app?.close()
  app = undefined
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('keychain errors across the router', () => {
  it("never lets a keytar load failure's file path reach the router's answer (found by the probe)", async () => {
    app = await newApp(() => probeKeychain({ loadKeytar: failingLoad }))
    const info = await app.router.dispatch('app.info', {})
    expect(info).toMatchObject({ ok: true, value: { keychain: { available: false, reason: 'module_missing', help: expect.stringContaining('libsecret') } } })
    const owner = emulator.organizations[0]!
    const add = await app.router.dispatch('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(add).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', details: { reason: 'module_missing' } } })

    for (const reply of replies) {
      expect(reply).not.toContain('/home/x')
      expect(reply).not.toContain('keytar.node')
    }
    // The library's own words are not lost: they are in the log.
    expect(logs.join('\n')).toContain(`keychain: unavailable (module_missing): ${LOAD_MESSAGE}`)
  })

  it("never lets a keytar load failure's file path reach the router's answer (when storing a secret)", async () => {
    // The probe said yes, then loading keytar to store the secret fails.
    app = await newApp(async () => ({ available: true }))
    const owner = emulator.organizations[0]!
    const add = await app.router.dispatch('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(add).toEqual({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringMatching(/^The OS keychain is unavailable\./), details: { reason: 'module_missing', help: expect.any(String) } },
    })
    expect(replies.join('\n')).not.toContain('/home/x')
    expect(replies.join('\n')).not.toContain('keytar.node')
    expect(logs.join('\n')).toContain(`keychain: storing a secret key failed (module_missing): ${LOAD_MESSAGE}`)
    // Nor does the secret key reach the log.
    expect(logs.join('\n')).not.toContain(owner.secret_key)
  })
})

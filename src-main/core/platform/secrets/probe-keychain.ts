// Find out, before the user types a secret, whether the OS keychain works: a harmless round
// trip (set, get, delete) of a probe entry, bounded by a timeout so a locked keyring that
// prompts forever cannot hang the app.
import { randomUUID } from 'node:crypto'
import { KeychainUnavailableError, type KeychainUnavailableReason } from './keychain-error'
import { loadKeytar, type KeytarLoader } from './keytar-loader'
import { withKeychainTimeout } from './keytar-secret-store'
import { KEYCHAIN_SERVICE } from './secret-store'

export type KeychainProbeResult =
  | { available: true }
  /** `detail`: the library's own words, for the log only (app.info sends reason and help). */
  | { available: false; reason: KeychainUnavailableReason; help: string; detail?: string }

export interface ProbeKeychainOptions {
  loadKeytar?: KeytarLoader
  service?: string
  /** For the whole round trip. */
  timeoutMs?: number
  /** The throwaway value written and read back. */
  randomValue?: () => string
}

/** An account name no profile id can take (profile ids are UUIDs). */
export const PROBE_ACCOUNT = 'iam-desk-keychain-probe'

export async function probeKeychain(options: ProbeKeychainOptions = {}): Promise<KeychainProbeResult> {
  const service = options.service ?? KEYCHAIN_SERVICE
  const value = (options.randomValue ?? randomUUID)()
  try {
    const keytar = await (options.loadKeytar ?? loadKeytar)()
    const roundTrip = (async () => {
      await keytar.setPassword(service, PROBE_ACCOUNT, value)
      const readBack = await keytar.getPassword(service, PROBE_ACCOUNT)
      await keytar.deletePassword(service, PROBE_ACCOUNT)
      if (readBack !== value) {
        throw new KeychainUnavailableError('unknown', 'the keychain returned a different value than was stored')
      }
    })()
    await withKeychainTimeout(roundTrip, options.timeoutMs ?? 10_000)
    return { available: true }
  } catch (err) {
    const e = err instanceof KeychainUnavailableError ? err : new KeychainUnavailableError('unknown', String(err))
    const detail = e.libraryMessage
    return {
      available: false,
      reason: e.reason,
      help: e.help,
      ...(typeof detail === 'string' ? { detail } : {}),
    }
  }
}

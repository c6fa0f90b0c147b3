// Chooses where each organization's secret goes: the OS keychain when it works, session
// memory only when the user asked for it (or for demo organizations). Keeps one answer to
// "is the keychain usable?" for the whole app, probed once at start. The keychain library's own
// words (which may name files) go to the log here; callers get the plain reason and help.
import type { Secret } from '../scaleway/secret'
import type { KeychainProbeResult } from './probe-keychain'
import { KeychainUnavailableError } from './keychain-error'
import type { SecretStore, SecretStoreKind } from './secret-store'
import { MemorySecretStore } from './memory-secret-store'

export interface SecretVaultOptions {
  keychain: SecretStore
  probe: () => Promise<KeychainProbeResult>
  log?: (message: string) => void
}

export class SecretVault {
  readonly #keychain: SecretStore
  readonly #session = new MemorySecretStore()
  readonly #probe: () => Promise<KeychainProbeResult>
  readonly #log: (message: string) => void
  #status: Promise<KeychainProbeResult> | undefined
  /** The user accepted session-only secrets because the keychain is unusable. */
  sessionByChoice = false

  constructor(options: SecretVaultOptions) {
    this.#keychain = options.keychain
    this.#probe = options.probe
    this.#log = options.log ?? (() => {})
  }

  status(): Promise<KeychainProbeResult> {
    this.#status ??= this.#probe().then((s) => {
      if (!s.available) this.#log(`keychain: unavailable (${s.reason})${s.detail === undefined ? '' : `: ${s.detail}`}`)
      return s
    })
    return this.#status
  }

  /** Runs a keychain call; a KeychainUnavailableError's library message is logged, not passed on. */
  async #logged<T>(kind: SecretStoreKind, what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (err) {
      if (kind === 'keychain' && err instanceof KeychainUnavailableError) {
        this.#log(`keychain: ${what} failed (${err.reason})${err.libraryMessage === undefined ? '' : `: ${err.libraryMessage}`}`)
      }
      throw err
    }
  }

  /** Where a new secret goes; throws KEYCHAIN_UNAVAILABLE unless the user chose session-only. */
  async storageFor(requested?: SecretStoreKind): Promise<SecretStoreKind> {
    if (requested === 'session') return 'session'
    const status = await this.status()
    if (status.available) return 'keychain'
    if (this.sessionByChoice) return 'session'
    throw new KeychainUnavailableError(status.reason)
  }

  #store(kind: SecretStoreKind): SecretStore {
    return kind === 'keychain' ? this.#keychain : this.#session
  }

  set(profileId: string, secret: Secret, kind: SecretStoreKind): Promise<void> {
    return this.#logged(kind, 'storing a secret key', () => this.#store(kind).set(profileId, secret))
  }

  async get(profileId: string, kind: SecretStoreKind): Promise<Secret | null> {
    if (kind === 'keychain' && !(await this.status()).available) return null
    return this.#logged(kind, 'reading a secret key', () => this.#store(kind).get(profileId))
  }

  async delete(profileId: string, kind: SecretStoreKind): Promise<void> {
    if (kind === 'keychain' && !(await this.status()).available) return
    await this.#logged(kind, 'deleting a secret key', () => this.#store(kind).delete(profileId))
  }
}

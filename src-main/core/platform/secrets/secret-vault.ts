// Chooses where each organization's secret goes: the OS keychain when it works, session
// memory only when the user asked for it (or for demo organizations). Keeps one answer to
// "is the keychain usable?" for the whole app, probed once at start.
import type { Secret } from '../scaleway/secret'
import type { KeychainProbeResult } from './probe-keychain'
import { KeychainUnavailableError } from './keychain-error'
import type { SecretStore, SecretStoreKind } from './secret-store'
import { MemorySecretStore } from './memory-secret-store'

export interface SecretVaultOptions {
  keychain: SecretStore
  probe: () => Promise<KeychainProbeResult>
}

export class SecretVault {
  readonly #keychain: SecretStore
  readonly #session = new MemorySecretStore()
  readonly #probe: () => Promise<KeychainProbeResult>
  #status: Promise<KeychainProbeResult> | undefined
  /** The user accepted session-only secrets because the keychain is unusable. */
  sessionByChoice = false

  constructor(options: SecretVaultOptions) {
    this.#keychain = options.keychain
    this.#probe = options.probe
  }

  status(): Promise<KeychainProbeResult> {
    this.#status ??= this.#probe()
    return this.#status
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
    return this.#store(kind).set(profileId, secret)
  }

  async get(profileId: string, kind: SecretStoreKind): Promise<Secret | null> {
    if (kind === 'keychain' && !(await this.status()).available) return null
    return this.#store(kind).get(profileId)
  }

  async delete(profileId: string, kind: SecretStoreKind): Promise<void> {
    if (kind === 'keychain' && !(await this.status()).available) return
    await this.#store(kind).delete(profileId)
  }
}

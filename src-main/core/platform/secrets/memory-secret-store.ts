// Session-only secrets: held in this process's memory and gone when the app quits. Used when
// the OS keychain is unavailable and the user chose to continue without it.
import type { Secret } from '../scaleway/secret'
import type { SecretStore } from './secret-store'

export class MemorySecretStore implements SecretStore {
  readonly kind = 'session' as const
  readonly #secrets = new Map<string, Secret>()

  async get(profileId: string): Promise<Secret | null> {
    return this.#secrets.get(profileId) ?? null
  }

  async set(profileId: string, secret: Secret): Promise<void> {
    this.#secrets.set(profileId, secret)
  }

  async delete(profileId: string): Promise<boolean> {
    return this.#secrets.delete(profileId)
  }
}

// Secrets in the OS keychain through keytar (libsecret / Secret Service on Linux, Keychain on
// macOS, Credential Vault on Windows): service `iam-desk`, account = profile id.
// Every failure becomes a KeychainUnavailableError; the secret never enters a message.
import { Secret, redact } from '../scaleway/secret'
import { KeychainUnavailableError, classifyKeychainFailure } from './keychain-error'
import { loadKeytar, type KeytarLike, type KeytarLoader } from './keytar-loader'
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store'

export interface KeytarSecretStoreOptions {
  /** Defaults to the real keytar, loaded on first use. Tests inject a fake. */
  loadKeytar?: KeytarLoader
  service?: string
  /**
   * A locked collection makes libsecret show an unlock prompt; without a display it may
   * never return. Long by default because on a desktop a person may be typing a password.
   */
  timeoutMs?: number
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain' as const
  readonly #load: KeytarLoader
  readonly #service: string
  readonly #timeoutMs: number
  #keytar: Promise<KeytarLike> | undefined

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.#load = options.loadKeytar ?? loadKeytar
    this.#service = options.service ?? KEYCHAIN_SERVICE
    this.#timeoutMs = options.timeoutMs ?? 60_000
  }

  async get(profileId: string): Promise<Secret | null> {
    const value = await this.#call((k) => k.getPassword(this.#service, profileId))
    return value === null ? null : new Secret(value)
  }

  async set(profileId: string, secret: Secret): Promise<void> {
    await this.#call((k) => k.setPassword(this.#service, profileId, secret.reveal()), secret)
  }

  async delete(profileId: string): Promise<boolean> {
    return this.#call((k) => k.deletePassword(this.#service, profileId))
  }

  async #keytarModule(): Promise<KeytarLike> {
    // A failed load is not cached: the user may install libsecret and retry without restarting.
    this.#keytar ??= this.#load().catch((err: unknown) => {
      this.#keytar = undefined
      throw err
    })
    return this.#keytar
  }

  async #call<T>(op: (k: KeytarLike) => Promise<T>, secret?: Secret): Promise<T> {
    const keytar = await this.#keytarModule()
    return withKeychainTimeout(op(keytar), this.#timeoutMs, secret)
  }
}

/**
 * Race a keytar call against a timeout and turn its failures into KeychainUnavailableError.
 * The native call cannot be cancelled; on timeout it is left to finish (or not) on its own.
 */
export async function withKeychainTimeout<T>(call: Promise<T>, timeoutMs: number, secret?: Secret): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new KeychainUnavailableError('locked', `the keychain did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
    // A hung keychain must not keep the process alive on its own.
    timer.unref()
  })
  try {
    return await Promise.race([call, timeout])
  } catch (err) {
    if (err instanceof KeychainUnavailableError) throw err
    // libsecret messages do not carry the password, but redact anyway: defence in depth.
    const raw = err instanceof Error ? err.message : String(err)
    const detail = redact(raw, [secret])
    throw new KeychainUnavailableError(classifyKeychainFailure(detail), detail)
  } finally {
    clearTimeout(timer)
    // A call abandoned by the timeout may still reject later; that must not crash the process.
    call.catch(() => undefined)
  }
}

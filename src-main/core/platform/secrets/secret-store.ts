// Where an organization profile's secret key lives. The keychain store is the normal case;
// the session store is the plainly-announced fallback when no keychain is usable, and keeps
// secrets in memory only, so a secret is never written to disk in plain text.
import type { Secret } from '../scaleway/secret'

export type SecretStoreKind = 'keychain' | 'session'

export interface SecretStore {
  readonly kind: SecretStoreKind
  /** The profile's secret, or null when none is stored. */
  get(profileId: string): Promise<Secret | null>
  /** Store (or overwrite) the profile's secret. */
  set(profileId: string, secret: Secret): Promise<void>
  /** Remove the profile's secret; true when there was one. */
  delete(profileId: string): Promise<boolean>
}

/** The keychain service name: one entry per profile, account = profile id. */
export const KEYCHAIN_SERVICE = 'iam-desk'

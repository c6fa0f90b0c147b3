// keytar is a native module: it may be absent, built for another ABI, or unable to find
// libsecret. Loading it lazily with a dynamic import turns each of those into a
// KEYCHAIN_UNAVAILABLE answer instead of a crash when the app starts.
import { KeychainUnavailableError, isModuleLoadFailure } from './keychain-error'

/** The part of keytar IAM Desk uses. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export type KeytarLoader = () => Promise<KeytarLike>

export const loadKeytar: KeytarLoader = async () => {
  let mod: unknown
  try {
    mod = await import('keytar')
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw new KeychainUnavailableError(isModuleLoadFailure(message) ? 'module_missing' : 'unknown', message)
  }
  // keytar is CommonJS: under ESM its functions sit on `default`.
  const candidate = (mod as { default?: unknown }).default ?? mod
  if (!isKeytarLike(candidate)) {
    throw new KeychainUnavailableError('module_missing', 'keytar loaded without its functions')
  }
  return candidate
}

function isKeytarLike(x: unknown): x is KeytarLike {
  if (typeof x !== 'object' || x === null) return false
  const k = x as Record<string, unknown>
  return typeof k.getPassword === 'function' && typeof k.setPassword === 'function' && typeof k.deletePassword === 'function'
}

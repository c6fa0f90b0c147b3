// Why the OS keychain cannot be used, in words a user can act on. keytar (libsecret on Linux)
// only gives free-text messages, so the reason is recognised from them; anything not
// recognised is 'unknown' and still says what to try.
import { unreachable } from '../../errors/app-error'

export type KeychainUnavailableReason =
  | 'no_secret_service'
  | 'dbus_unavailable'
  | 'locked'
  | 'module_missing'
  | 'unknown'

const SESSION_ONLY = 'or continue with session-only secrets (kept in memory until IAM Desk quits).'

export function keychainHelp(reason: KeychainUnavailableReason): string {
  switch (reason) {
    case 'no_secret_service':
      return (
        'No keychain (Secret Service) is running. Install and unlock a Secret Service provider ' +
        'such as GNOME Keyring (apt install gnome-keyring) or KWallet, then restart IAM Desk, ' +
        SESSION_ONLY
      )
    case 'dbus_unavailable':
      return (
        'The desktop session bus (D-Bus) is not reachable, so the keychain cannot be used. ' +
        'Start IAM Desk from a desktop session with D-Bus and a Secret Service provider such as ' +
        'GNOME Keyring (apt install gnome-keyring) or KWallet, ' +
        SESSION_ONLY
      )
    case 'locked':
      return (
        'The keychain is locked, has no default keyring yet, or is waiting for a password prompt. ' +
        'Create or unlock your login keyring (for example with Passwords and Keys / Seahorse, ' +
        'or by logging in to the desktop), ' +
        SESSION_ONLY
      )
    case 'module_missing':
      return (
        'The keychain module (keytar) or the libsecret library it needs could not be loaded. ' +
        'Install libsecret (apt install libsecret-1-0) or reinstall IAM Desk, ' +
        SESSION_ONLY
      )
    case 'unknown':
      return (
        'The keychain refused the request. Check that a Secret Service provider such as ' +
        'GNOME Keyring or KWallet is installed and unlocked, ' +
        SESSION_ONLY
      )
    default:
      throw unreachable(reason)
  }
}

/**
 * One of the CoreError classes (errors/core-error.ts): the keychain cannot be used, and why.
 * What crosses the router is the reason and the help in plain words (`details`). The library's
 * own message can hold absolute paths (of keytar.node, of libsecret) and is for the log only
 * (SecretVault logs it): it is kept out of `details`, and off the enumerable properties.
 */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError'
  readonly kind = 'keychain_unavailable' as const
  readonly reason: KeychainUnavailableReason
  readonly help: string
  readonly details: { reason: KeychainUnavailableReason; help: string }
  readonly #libraryMessage: string | undefined

  /** `libraryMessage`: keytar's or libsecret's words, already free of any secret. */
  constructor(reason: KeychainUnavailableReason, libraryMessage?: string) {
    const help = keychainHelp(reason)
    super(`The OS keychain is unavailable. ${help}`)
    this.reason = reason
    this.help = help
    this.details = { reason, help }
    this.#libraryMessage = libraryMessage
  }

  /** For the log only: never put it in an answer. */
  get libraryMessage(): string | undefined {
    return this.#libraryMessage
  }
}

/** Recognise a failure to load keytar itself (module absent, wrong ABI, libsecret missing). */
export function isModuleLoadFailure(message: string): boolean {
  return /cannot find (module|package)|err_module_not_found|module_not_found|node_module_version|was compiled against a different node\.js version|invalid elf header|cannot open shared object file|libsecret|dlopen|wrong elf class/i.test(
    message,
  )
}

/** Map a keytar/libsecret error message to a reason. */
export function classifyKeychainFailure(message: string): KeychainUnavailableReason {
  // Order matters: "The name org.freedesktop.secrets was not provided by any .service files"
  // mentions D-Bus vocabulary but means the bus works and no keyring is installed.
  if (/org\.freedesktop\.secrets|not provided by any \.service files|serviceunknown|no such (interface|object)|secret service/i.test(message)) {
    return 'no_secret_service'
  }
  // Before the D-Bus test: a missing libsecret also says "No such file or directory".
  if (isModuleLoadFailure(message)) return 'module_missing'
  // gnome-keyring without a login keyring answers "Object does not exist at path
  // …/collection/login" once its (display-less) prompt to create one fails.
  if (/locked|prompt|dismissed|unlock|collection\/login|does not exist at path/i.test(message)) return 'locked'
  if (/d-?bus|autolaunch|could not connect|\$display|connection refused|session bus|failed to execute child process|no such file or directory/i.test(message)) {
    return 'dbus_unavailable'
  }
  return 'unknown'
}

import type { AppInfo } from '../../../../src-preload/contract'
import type { Handlers } from '../../router'
import type { ConnectivityTracker } from '../../connectivity'
import type { SecretVault } from '../../platform/secrets/secret-vault'

export function appHandlers(d: { info: Omit<AppInfo, 'keychain'>; vault: SecretVault; connectivity: ConnectivityTracker }): Pick<Handlers, 'app.info' | 'app.connectivity'> {
  return {
    'app.info': async () => {
      const k = await d.vault.status()
      return { ...d.info, keychain: k.available ? { available: true } : { available: false, reason: k.reason, help: k.help } }
    },
    'app.connectivity': () => d.connectivity.state,
  }
}

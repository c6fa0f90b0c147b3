// The organizations' calls. Every change to the list of organizations is announced here with
// `orgs.changed`, so the sidebar follows without polling.
import type { Handlers } from '../../router'
import type { EventHub } from '../../event-hub'
import type { ConnectivityTracker } from '../../connectivity'
import type { SecretVault } from '../../platform/secrets/secret-vault'
import { isUnreachable, toContractError } from '../../errors/contract-error'
import type { OrgsService } from './orgs.service'

type OrgsCalls = 'orgs.list' | 'orgs.add' | 'orgs.importPreview' | 'orgs.import' | 'orgs.remove' | 'orgs.rename' | 'orgs.arrange' | 'orgs.useSessionStorage'

export function orgsHandlers(d: { orgs: OrgsService; vault: SecretVault; hub: EventHub; connectivity: ConnectivityTracker }): Pick<Handlers, OrgsCalls> {
  const { orgs, vault, hub, connectivity } = d
  /** Runs a change, then tells the renderer the organizations changed. */
  const changing = async <T>(change: () => Promise<T>): Promise<T> => {
    const result = await change()
    hub.emit('orgs.changed', { organizations: await orgs.list() })
    return result
  }
  return {
    'orgs.list': () => orgs.list(),
    // Adding asks Scaleway who the key is: its outcome tells whether Scaleway is reachable
    // (the one connectivity rule, errors/contract-error.ts).
    'orgs.add': (input) =>
      changing(async () => {
        try {
          const org = await orgs.add(input)
          connectivity.reachable()
          return org
        } catch (err) {
          if (isUnreachable(err)) connectivity.unreachable(toContractError(err).message)
          throw err
        }
      }),
    'orgs.importPreview': async () => {
      const { configPath, problem, candidates } = await orgs.importPreview()
      return { configPath, problem, candidates }
    },
    'orgs.import': (input) => changing(() => orgs.import(input.keys, input.storage)),
    'orgs.remove': ({ id }) => changing(async () => ({ removed: await orgs.remove(id) })),
    'orgs.rename': ({ id, name }) => changing(() => orgs.rename(id, name)),
    'orgs.arrange': ({ id, ...change }) => changing(() => orgs.arrange(id, change)),
    'orgs.useSessionStorage': async () => {
      vault.sessionByChoice = true
      const k = await vault.status()
      return k.available ? { available: true } : { available: false, reason: k.reason, help: k.help }
    },
  }
}

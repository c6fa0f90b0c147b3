import type { Handlers } from '../../router'
import type { SyncRunner } from './sync.service'

export function syncHandlers(runner: SyncRunner): Pick<Handlers, 'sync.start' | 'sync.cancel' | 'sync.status'> {
  return {
    'sync.start': ({ organizationIds, full }) => runner.start(organizationIds, { full }),
    'sync.cancel': () => ({ cancelled: runner.cancel() }),
    'sync.status': () => runner.status(),
  }
}

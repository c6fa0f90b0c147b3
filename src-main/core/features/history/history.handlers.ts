import type { Handlers } from '../../router'
import type { HistoryService } from './history.service'

export function historyHandlers(history: HistoryService): Pick<Handlers, 'history.changes' | 'history.syncRuns'> {
  return {
    'history.changes': (input) => history.changes(input),
    'history.syncRuns': ({ organizationId, limit }) => history.syncRuns(organizationId, limit),
  }
}

import type { Handlers } from '../../router'
import type { BrowseService } from './browse.service'

export function browseHandlers(browse: BrowseService): Pick<Handlers, 'browse.list' | 'browse.counts' | 'browse.detail' | 'browse.quickFind'> {
  return {
    'browse.list': (input) => browse.list(input),
    'browse.counts': ({ organizationIds }) => browse.counts(organizationIds),
    'browse.detail': ({ kind, organizationId, id, organizationIds }) => browse.detail(kind, organizationId, id, organizationIds),
    'browse.quickFind': ({ query, limit }) => browse.quickFind(query, limit),
  }
}

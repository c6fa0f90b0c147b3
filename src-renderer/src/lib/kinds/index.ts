import { KINDS, type ResourceKind } from '../../../../domain/kinds'
import { apiKeys } from './api-keys'
import { applications } from './applications'
import { groups } from './groups'
import { jwts } from './jwts'
import { logs } from './logs'
import { permissionSets } from './permission-sets'
import { policies } from './policies'
import { quota } from './quota'
import { sshKeys } from './ssh-keys'
import type { KindView, ListView } from './types'
import { users } from './users'

export type { Badge, Cell, Column, FilterDef, Filters, KindView, ListView, Tone } from './types'
export { chosenOptions, chosenValue, selectFilters } from './types'
export type { SelectFilter } from './types'

/** The list view of every kind (TypeScript requires one per kind of the registry). */
export const KIND_VIEWS: { readonly [K in ResourceKind]: KindView<K> } = {
  users,
  applications,
  groups,
  policies,
  api_keys: apiKeys,
  ssh_keys: sshKeys,
  permission_sets: permissionSets,
  quota,
  jwts,
  logs,
}

const LIST_VIEWS = new Map<ResourceKind, ListView>()

/** The list view of one kind: its columns and filters, with the registry's words and sorts. */
export function kindView(kind: ResourceKind): ListView {
  let view = LIST_VIEWS.get(kind)
  if (!view) {
    const entry = KINDS[kind]
    // The one widening of a typed view: the list asks only for `kind`, so its rows are that kind.
    view = {
      ...(KIND_VIEWS[kind] as unknown as Pick<ListView, 'kind' | 'searchHint' | 'columns' | 'filters'>),
      title: entry.words.title,
      singular: entry.words.one,
      plural: entry.words.many,
      defaultSort: entry.defaultSort,
      hasDetail: entry.detail,
    }
    LIST_VIEWS.set(kind, view)
  }
  return view
}

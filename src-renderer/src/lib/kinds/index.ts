import type { ResourceKind } from '../../../../src-preload/contract'
import { apiKeys } from './api-keys'
import { applications } from './applications'
import { groups } from './groups'
import { jwts } from './jwts'
import { logs } from './logs'
import { permissionSets } from './permission-sets'
import { policies } from './policies'
import { quota } from './quota'
import { sshKeys } from './ssh-keys'
import { asRowView, type KindView } from './types'
import { users } from './users'

export type { Badge, Cell, Column, FilterDef, Filters, KindView, Tone } from './types'

/** The list view of every kind, widened to the wire's row type. */
export const KIND_VIEWS: { readonly [K in ResourceKind]: KindView } = {
  users: asRowView(users),
  applications: asRowView(applications),
  groups: asRowView(groups),
  policies: asRowView(policies),
  api_keys: asRowView(apiKeys),
  ssh_keys: asRowView(sshKeys),
  permission_sets: asRowView(permissionSets),
  quota: asRowView(quota),
  jwts: asRowView(jwts),
  logs: asRowView(logs),
}

/** The list view of one kind. */
export function kindView(kind: ResourceKind): KindView {
  return KIND_VIEWS[kind]
}

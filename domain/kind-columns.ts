// The kind registry's export columns: what a CSV export of each kind's list holds, in order,
// after `organization_id` and `organization_name`. Part of the registry (domain/kinds.ts) and
// kept beside it in its own module so the registry's entries stay one screen each; TypeScript
// requires one column list per kind, and each field column to name a real field of the kind's
// API object. Column names are the API's own field names, so a script can read a CSV and the
// JSON export the same way. Runtime-neutral: imports only the registry's types.
import type { KindObject, ResourceKind } from './kinds'

/** What a cell can hold before it is written: the CSV writer turns lists, dates and booleans into text. */
export type ColumnValue = string | number | boolean | null | undefined | readonly string[]

export interface ExportColumn<T> {
  name: string
  value(item: T): ColumnValue
  /** An ISO 8601 timestamp: written in UTC. */
  date?: boolean
}

/** A column that is one field of the API object, under the field's own name. */
const field = <T, F extends keyof T & string>(name: F, opts: { date?: boolean } = {}): ExportColumn<T> => ({
  name,
  value: (item) => item[name] as ColumnValue,
  ...(opts.date ? { date: true } : {}),
})
const date = <T, F extends keyof T & string>(name: F) => field<T, F>(name, { date: true })

type Columns<K extends ResourceKind> = ReadonlyArray<ExportColumn<KindObject<K>>>

/** Every kind's export columns (the list views show a subset; an export holds the whole object's flat fields). */
export const KIND_COLUMNS: { readonly [K in ResourceKind]: Columns<K> } = {
  users: [
    field('id'),
    field('email'),
    field('username'),
    field('first_name'),
    field('last_name'),
    field('type'),
    field('status'),
    field('mfa'),
    field('two_factor_enabled'),
    field('locked'),
    field('deletable'),
    field('phone_number'),
    field('locale'),
    field('account_root_user_id'),
    field('tags'),
    date('created_at'),
    date('updated_at'),
    date('last_login_at'),
  ],
  applications: [
    field('id'),
    field('name'),
    field('description'),
    field('nb_api_keys'),
    field('editable'),
    field('deletable'),
    field('managed'),
    field('tags'),
    date('created_at'),
    date('updated_at'),
  ],
  groups: [
    field('id'),
    field('name'),
    field('description'),
    { name: 'member_count', value: (g) => g.user_ids.length + g.application_ids.length },
    field('user_ids'),
    field('application_ids'),
    field('editable'),
    field('deletable'),
    field('managed'),
    field('tags'),
    date('created_at'),
    date('updated_at'),
  ],
  policies: [
    field('id'),
    field('name'),
    field('description'),
    {
      name: 'principal_type',
      value: (p) => (p.user_id ? 'user' : p.group_id ? 'group' : p.application_id ? 'application' : 'none'),
    },
    { name: 'principal_id', value: (p) => p.user_id ?? p.group_id ?? p.application_id ?? '' },
    field('nb_rules'),
    field('nb_scopes'),
    field('nb_permission_sets'),
    field('editable'),
    field('deletable'),
    field('managed'),
    field('tags'),
    date('created_at'),
    date('updated_at'),
  ],
  api_keys: [
    field('access_key'),
    field('description'),
    { name: 'bearer_type', value: (k) => (k.user_id ? 'user' : k.application_id ? 'application' : 'unknown') },
    { name: 'bearer_id', value: (k) => k.user_id ?? k.application_id ?? '' },
    field('default_project_id'),
    field('creation_ip'),
    field('editable'),
    field('deletable'),
    field('managed'),
    date('created_at'),
    date('updated_at'),
    date('expires_at'),
  ],
  ssh_keys: [
    field('id'),
    field('name'),
    field('fingerprint'),
    field('public_key'),
    field('project_id'),
    field('disabled'),
    date('created_at'),
    date('updated_at'),
  ],
  permission_sets: [field('id'), field('name'), field('scope_type'), field('description'), { name: 'categories', value: (p) => p.categories ?? [] }],
  quota: [
    field('name'),
    field('pretty_name'),
    { name: 'limit', value: (q) => (q.unlimited ? 'unlimited' : q.limit) },
    field('unit'),
    field('locality_type'),
    field('description'),
  ],
  jwts: [field('jti'), field('issuer_id'), field('audience_id'), field('ip'), field('user_agent'), date('created_at'), date('updated_at'), date('expires_at')],
  logs: [field('id'), date('created_at'), field('action'), field('resource_type'), field('resource_id'), field('bearer_id'), field('ip'), field('user_agent')],
}

/** The columns of a kind, widened for code that handles every kind alike. */
export function kindColumns<K extends ResourceKind>(kind: K): ReadonlyArray<ExportColumn<KindObject<K>>> {
  return KIND_COLUMNS[kind] as ReadonlyArray<ExportColumn<KindObject<K>>>
}

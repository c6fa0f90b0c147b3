import { z } from 'zod'
import {
  ApiKey,
  Application,
  StoredGracePeriod,
  Group,
  Jwt,
  Log,
  PermissionSet,
  Policy,
  Project,
  Quotum,
  SshKey,
  User,
  type ApiKey as ApiKeyT,
  type Policy as PolicyT,
  type User as UserT,
} from '../../../../domain/schemas'

import { RESOURCE_KINDS as REGISTRY_KINDS, type KindObject, type ResourceKind as RegistryKind } from '../../../../domain/kinds'

export { StoredGracePeriod }

/**
 * What the cache stores per kind: every kind of the registry (domain/kinds.ts) with its API
 * object, plus users' grace periods, which the sync keeps beside them (rules are stored per
 * policy, see snapshot), and the organization's projects.
 *
 * Projects are not a registry kind on purpose: they come from another API (Account v3, not
 * IAM), a credential may not be allowed to list them (the sync then skips them and the app
 * shows ids), and IAM Desk does not browse or change them — they only give the project ids
 * of rules, API keys and SSH keys a name (features/projects/).
 */
export type KindItems = { [K in RegistryKind]: KindObject<K> } & { grace_periods: StoredGracePeriod; projects: Project }
export type ResourceKind = keyof KindItems
export const RESOURCE_KINDS = [...REGISTRY_KINDS, 'grace_periods', 'projects'] as const satisfies readonly ResourceKind[]

export type SqlValue = string | number | null

export interface KindDef<K extends ResourceKind> {
  readonly kind: K
  /** The table has the same name as the kind: never built from user input. */
  readonly table: K
  readonly schema: z.ZodType<KindItems[K]>
  idOf(item: KindItems[K]): string
  /** Column values beside organization_id, id, json and search, in `columns` order. */
  readonly columns: readonly string[]
  values(item: KindItems[K]): SqlValue[]
  /** Texts the instant search matches (lower-cased and joined by the repository). */
  searchText(item: KindItems[K]): Array<string | undefined | null>
}

export function epochMs(ts: string | null | undefined): number | null {
  if (!ts) return null
  const ms = Date.parse(ts)
  return Number.isNaN(ms) ? null : ms
}
const bool = (b: boolean | undefined): number => (b ? 1 : 0)
/** Tags joined by a newline: a substring filter then matches inside one tag, as the API's `tag`. */
const tagText = (tags: readonly string[]): string => tags.map((t) => t.toLowerCase()).join('\n')

export type PrincipalKind = 'user' | 'group' | 'application' | 'none'
export function policyPrincipal(p: PolicyT): { kind: PrincipalKind; id: string | null } {
  if (p.user_id) return { kind: 'user', id: p.user_id }
  if (p.group_id) return { kind: 'group', id: p.group_id }
  if (p.application_id) return { kind: 'application', id: p.application_id }
  return { kind: 'none', id: null }
}

export function apiKeyBearer(k: ApiKeyT): { type: 'user' | 'application' | 'unknown_bearer_type'; id: string | null } {
  if (k.user_id) return { type: 'user', id: k.user_id }
  if (k.application_id) return { type: 'application', id: k.application_id }
  return { type: 'unknown_bearer_type', id: null }
}

export function displayName(u: UserT): string {
  const full = `${u.first_name} ${u.last_name}`.trim()
  return full || u.username || u.email
}

export const KINDS: { readonly [K in ResourceKind]: KindDef<K> } = {
  users: {
    kind: 'users',
    table: 'users',
    schema: User,
    idOf: (u) => u.id,
    columns: ['email', 'username', 'display_name', 'type', 'status', 'locked', 'mfa', 'tags', 'created_at_ms', 'last_login_at_ms'],
    values: (u) => [
      u.email,
      u.username,
      displayName(u),
      u.type,
      u.status ?? null,
      bool(u.locked),
      bool(u.mfa),
      tagText(u.tags),
      epochMs(u.created_at),
      epochMs(u.last_login_at),
    ],
    searchText: (u) => [u.id, u.email, u.username, u.first_name, u.last_name, ...u.tags],
  },
  applications: {
    kind: 'applications',
    table: 'applications',
    schema: Application,
    idOf: (a) => a.id,
    columns: ['name', 'nb_api_keys', 'editable', 'tags', 'created_at_ms', 'updated_at_ms'],
    values: (a) => [a.name, a.nb_api_keys, bool(a.editable), tagText(a.tags), epochMs(a.created_at), epochMs(a.updated_at)],
    searchText: (a) => [a.id, a.name, a.description, ...a.tags],
  },
  groups: {
    kind: 'groups',
    table: 'groups',
    schema: Group,
    idOf: (g) => g.id,
    columns: ['name', 'member_count', 'tags', 'created_at_ms', 'updated_at_ms'],
    values: (g) => [
      g.name,
      g.user_ids.length + g.application_ids.length,
      tagText(g.tags),
      epochMs(g.created_at),
      epochMs(g.updated_at),
    ],
    searchText: (g) => [g.id, g.name, g.description, ...g.tags],
  },
  policies: {
    kind: 'policies',
    table: 'policies',
    schema: Policy,
    idOf: (p) => p.id,
    columns: ['name', 'principal_kind', 'principal_id', 'nb_rules', 'editable', 'tags', 'created_at_ms', 'updated_at_ms'],
    values: (p) => {
      const principal = policyPrincipal(p)
      return [
        p.name,
        principal.kind,
        principal.id,
        p.nb_rules,
        bool(p.editable),
        tagText(p.tags),
        epochMs(p.created_at),
        epochMs(p.updated_at),
      ]
    },
    searchText: (p) => [p.id, p.name, p.description, ...p.tags],
  },
  api_keys: {
    kind: 'api_keys',
    table: 'api_keys',
    schema: ApiKey,
    idOf: (k) => k.access_key,
    columns: ['bearer_type', 'bearer_id', 'description', 'default_project_id', 'editable', 'created_at_ms', 'expires_at_ms'],
    values: (k) => {
      const bearer = apiKeyBearer(k)
      return [bearer.type, bearer.id, k.description, k.default_project_id, bool(k.editable), epochMs(k.created_at), epochMs(k.expires_at)]
    },
    searchText: (k) => [k.access_key, k.description, k.user_id, k.application_id],
  },
  ssh_keys: {
    kind: 'ssh_keys',
    table: 'ssh_keys',
    schema: SshKey,
    idOf: (k) => k.id,
    columns: ['name', 'fingerprint', 'project_id', 'disabled', 'created_at_ms'],
    values: (k) => [k.name, k.fingerprint, k.project_id, bool(k.disabled), epochMs(k.created_at)],
    searchText: (k) => [k.id, k.name, k.fingerprint, k.project_id],
  },
  permission_sets: {
    kind: 'permission_sets',
    table: 'permission_sets',
    schema: PermissionSet,
    idOf: (p) => p.id,
    columns: ['name', 'scope_type'],
    values: (p) => [p.name, p.scope_type],
    searchText: (p) => [p.id, p.name, p.description, ...(p.categories ?? [])],
  },
  quota: {
    kind: 'quota',
    table: 'quota',
    schema: Quotum,
    idOf: (q) => q.name,
    columns: ['name', 'pretty_name'],
    values: (q) => [q.name, q.pretty_name],
    searchText: (q) => [q.name, q.pretty_name, q.description],
  },
  jwts: {
    kind: 'jwts',
    table: 'jwts',
    schema: Jwt,
    idOf: (j) => j.jti,
    columns: ['audience_id', 'issuer_id', 'created_at_ms', 'expires_at_ms'],
    values: (j) => [j.audience_id, j.issuer_id, epochMs(j.created_at), epochMs(j.expires_at)],
    searchText: (j) => [j.jti, j.audience_id, j.issuer_id, j.ip, j.user_agent],
  },
  logs: {
    kind: 'logs',
    table: 'logs',
    schema: Log,
    idOf: (l) => l.id,
    columns: ['action', 'resource_type', 'resource_id', 'bearer_id', 'created_at_ms'],
    values: (l) => [l.action, l.resource_type, l.resource_id, l.bearer_id, epochMs(l.created_at)],
    searchText: (l) => [l.id, l.resource_id, l.bearer_id, l.ip, l.user_agent],
  },
  grace_periods: {
    kind: 'grace_periods',
    table: 'grace_periods',
    schema: StoredGracePeriod,
    idOf: (g) => `${g.user_id}:${g.type}`,
    columns: ['user_id', 'type', 'expires_at_ms'],
    values: (g) => [g.user_id, g.type, epochMs(g.expires_at)],
    searchText: (g) => [g.user_id, g.type],
  },
  projects: {
    kind: 'projects',
    table: 'projects',
    schema: Project,
    idOf: (p) => p.id,
    columns: ['name', 'created_at_ms'],
    values: (p) => [p.name, epochMs(p.created_at)],
    searchText: (p) => [p.id, p.name, p.description],
  },
}

export function searchTextOf(parts: Array<string | undefined | null>): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join('\n')
    .toLowerCase()
}

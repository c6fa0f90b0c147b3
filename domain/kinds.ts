// THE kind registry: the one place that knows each resource kind IAM Desk mirrors — its words,
// its API list, its schema, how it can be sorted and filtered, whether it has a detail pane and
// whether the quick switcher finds it. The contract (browse inputs and outputs, details), the
// cache's tables, the client's raw-page paths, the sync plan and the renderer's sections are all
// derived from it. Adding a kind is one entry here, its cache columns and its views.
// Runtime-neutral: imports only zod (main, preload, renderer and emulator may import it).
import { z } from 'zod'
import {
  ApiKey,
  Application,
  Group,
  Jwt,
  Log,
  LogAction,
  LogResourceType,
  PermissionSet,
  PermissionSetScopeType,
  Policy,
  Quotum,
  SshKey,
  User,
  UserStatus,
  UserType,
} from './schemas'

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'a date and time')
const Tag = z.string().max(200)
/**
 * An enumerated filter takes one value or several (ORed: "expired or never"); an unknown value
 * is still refused. At most as many as the enum has, so the SQL's variants stay few.
 */
const oneOrMany = <T extends z.ZodEnum>(e: T) => z.union([e, z.array(e).min(1).max(e.options.length)])
/** An API key's expiry as a person asks for it; `expiring_7d` = expires within 7 days, not yet expired. */
export const API_KEY_EXPIRY = ['expired', 'expiring_7d', 'expiring_30d', 'expiring_90d', 'never', 'not_expired'] as const

export interface KindEntry<S extends z.ZodType, F extends z.ZodType, Sort extends string, D extends boolean = boolean, Q extends boolean = boolean> {
  /** "API key" / "API keys", in the user's words; `title` heads the section ("API keys"). */
  words: { one: string; many: string; title: string }
  /** The list endpoint under /iam/v1alpha1 and the field of its answer holding the objects. */
  list: { path: string; field: string }
  /** The object's own id field (API keys are known by their access key, sessions by jti). */
  idField: string
  /** The API object as the client validates it, the cache keeps it and the renderer reads it. */
  schema: S
  /** The filters a list of this kind accepts (strict: an unknown key is refused, never ignored). */
  filters: F
  /** The fields a list can be sorted by; `organization` sorts by the organization's name. */
  sortFields: readonly [Sort, ...Sort[]]
  defaultSort: { field: NoInfer<Sort>; dir: 'asc' | 'desc' }
  /** Has a detail pane (quotas have none). */
  detail: D
  /** Found by the quick switcher (Ctrl/Cmd+K). */
  quickFind: Q
  /** How a person recognises one object: a label and a second line. */
  label(item: z.infer<S>): { label: string; sublabel: string }
}

const kind = <S extends z.ZodType, F extends z.ZodType, Sort extends string, D extends boolean, Q extends boolean>(e: KindEntry<S, F, Sort, D, Q>) => e

const userName = (u: User): string => `${u.first_name} ${u.last_name}`.trim() || u.username || u.email
/** "1 rule", "3 rules": second lines for objects without a description (never a bare id). */
const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
const principalWords = (p: Policy): string =>
  p.user_id ? 'for a user' : p.group_id ? 'for a group' : p.application_id ? 'for an application' : 'no principal'

export const KINDS = {
  users: kind({
    words: { one: 'user', many: 'users', title: 'Users' },
    list: { path: '/users', field: 'users' },
    idField: 'id',
    schema: User,
    filters: z.object({ type: oneOrMany(UserType).optional(), status: oneOrMany(UserStatus).optional(), locked: z.boolean().optional(), mfa: z.boolean().optional(), tag: Tag.optional() }).strict(),
    sortFields: ['email', 'username', 'name', 'type', 'status', 'locked', 'mfa', 'created_at', 'last_login_at', 'organization'],
    defaultSort: { field: 'email', dir: 'asc' },
    detail: true,
    quickFind: true,
    label: (u) => ({ label: userName(u), sublabel: u.email }),
  }),
  applications: kind({
    words: { one: 'application', many: 'applications', title: 'Applications' },
    list: { path: '/applications', field: 'applications' },
    idField: 'id',
    schema: Application,
    filters: z.object({ tag: Tag.optional(), editable: z.boolean().optional() }).strict(),
    sortFields: ['name', 'nb_api_keys', 'created_at', 'updated_at', 'organization'],
    defaultSort: { field: 'name', dir: 'asc' },
    detail: true,
    quickFind: true,
    label: (a) => ({ label: a.name || a.id, sublabel: a.description || count(a.nb_api_keys, 'API key') }),
  }),
  groups: kind({
    words: { one: 'group', many: 'groups', title: 'Groups' },
    list: { path: '/groups', field: 'groups' },
    idField: 'id',
    schema: Group,
    filters: z.object({ tag: Tag.optional() }).strict(),
    sortFields: ['name', 'member_count', 'created_at', 'updated_at', 'organization'],
    defaultSort: { field: 'name', dir: 'asc' },
    detail: true,
    quickFind: true,
    label: (g) => ({ label: g.name || g.id, sublabel: g.description || count(g.user_ids.length + g.application_ids.length, 'member') }),
  }),
  policies: kind({
    words: { one: 'policy', many: 'policies', title: 'Policies' },
    list: { path: '/policies', field: 'policies' },
    idField: 'id',
    schema: Policy,
    filters: z
      .object({
        principalKind: oneOrMany(z.enum(['user', 'group', 'application', 'none'])).optional(),
        principalId: z.string().max(200).optional(),
        permissionSetName: z.string().max(200).optional(),
        tag: Tag.optional(),
        editable: z.boolean().optional(),
      })
      .strict(),
    sortFields: ['name', 'principal_kind', 'nb_rules', 'created_at', 'updated_at', 'organization'],
    defaultSort: { field: 'name', dir: 'asc' },
    detail: true,
    quickFind: true,
    label: (p) => ({ label: p.name || p.id, sublabel: p.description || `${count(p.nb_rules, 'rule')}, ${principalWords(p)}` }),
  }),
  api_keys: kind({
    words: { one: 'API key', many: 'API keys', title: 'API keys' },
    list: { path: '/api-keys', field: 'api_keys' },
    idField: 'access_key',
    schema: ApiKey,
    filters: z
      .object({
        bearerType: z.enum(['user', 'application']).optional(),
        bearerId: z.string().max(200).optional(),
        /** Relative to the cache's clock at query time. */
        expired: z.boolean().optional(),
        expiringWithinDays: z.number().nonnegative().optional(),
        noExpiry: z.boolean().optional(),
        /** Several expiry states ORed, e.g. ['expired', 'never']; ANDed with the keys above. */
        expiry: oneOrMany(z.enum(API_KEY_EXPIRY)).optional(),
      })
      .strict(),
    sortFields: ['created_at', 'access_key', 'description', 'bearer_type', 'expires_at', 'organization'],
    defaultSort: { field: 'created_at', dir: 'desc' },
    detail: true,
    quickFind: true,
    label: (k) => ({ label: k.access_key, sublabel: k.description || (k.application_id ? "an application's key" : "a user's key") }),
  }),
  ssh_keys: kind({
    words: { one: 'SSH key', many: 'SSH keys', title: 'SSH keys' },
    list: { path: '/ssh-keys', field: 'ssh_keys' },
    idField: 'id',
    schema: SshKey,
    filters: z
      .object({
        disabled: z.boolean().optional(),
        projectId: z.string().max(200).optional(),
        /** Keys whose public key (fingerprint) another key of the organizations listed also has. */
        duplicate: z.boolean().optional(),
      })
      .strict(),
    sortFields: ['name', 'fingerprint', 'disabled', 'created_at', 'organization'],
    defaultSort: { field: 'name', dir: 'asc' },
    detail: true,
    quickFind: true,
    label: (k) => ({ label: k.name || k.id, sublabel: k.fingerprint }),
  }),
  permission_sets: kind({
    words: { one: 'permission set', many: 'permission sets', title: 'Permission sets' },
    list: { path: '/permission-sets', field: 'permission_sets' },
    idField: 'id',
    schema: PermissionSet,
    filters: z.object({ scopeType: oneOrMany(PermissionSetScopeType).optional() }).strict(),
    sortFields: ['name', 'scope_type', 'organization'],
    defaultSort: { field: 'name', dir: 'asc' },
    detail: true,
    quickFind: true,
    label: (p) => ({ label: p.name || p.id, sublabel: p.description || `${p.scope_type.replace(/_/g, ' ')} permission set` }),
  }),
  quota: kind({
    words: { one: 'quota', many: 'quotas', title: 'Quotas' },
    list: { path: '/quota', field: 'quota' },
    idField: 'name',
    schema: Quotum,
    filters: z.object({}).strict(),
    sortFields: ['pretty_name', 'name', 'organization'],
    defaultSort: { field: 'pretty_name', dir: 'asc' },
    detail: false,
    quickFind: false,
    label: (q) => ({ label: q.pretty_name || q.name, sublabel: q.description }),
  }),
  jwts: kind({
    words: { one: 'session', many: 'sessions', title: 'Sessions' },
    list: { path: '/jwts', field: 'jwts' },
    idField: 'jti',
    schema: Jwt,
    filters: z.object({ audienceId: z.string().max(200).optional(), expired: z.boolean().optional() }).strict(),
    sortFields: ['created_at', 'expires_at', 'audience_id', 'organization'],
    defaultSort: { field: 'created_at', dir: 'desc' },
    detail: true,
    quickFind: false,
    label: (j) => ({ label: j.jti, sublabel: j.user_agent }),
  }),
  logs: kind({
    words: { one: 'log entry', many: 'log entries', title: 'Logs' },
    list: { path: '/logs', field: 'logs' },
    idField: 'id',
    schema: Log,
    filters: z
      .object({
        action: LogAction.optional(),
        resourceType: LogResourceType.optional(),
        resourceId: z.string().max(200).optional(),
        bearerId: z.string().max(200).optional(),
        createdAfter: IsoTime.optional(),
        createdBefore: IsoTime.optional(),
      })
      .strict(),
    sortFields: ['created_at', 'action', 'resource_type', 'organization'],
    defaultSort: { field: 'created_at', dir: 'desc' },
    detail: true,
    quickFind: false,
    label: (l) => ({ label: `${l.action} ${l.resource_type}`, sublabel: l.resource_id }),
  }),
} as const

export type Kinds = typeof KINDS
export type ResourceKind = keyof Kinds
/** Every resource kind, in the order the sidebar lists them. */
export const RESOURCE_KINDS = Object.keys(KINDS) as [ResourceKind, ...ResourceKind[]]
export const ResourceKindSchema = z.enum(RESOURCE_KINDS)

/** The API object of a kind. */
export type KindObject<K extends ResourceKind> = z.infer<Kinds[K]['schema']>
/** The filters a list of a kind accepts. */
export type KindFilters<K extends ResourceKind> = z.infer<Kinds[K]['filters']>
/** The fields a list of a kind can be sorted by. */
export type SortField<K extends ResourceKind> = Kinds[K]['sortFields'][number]

/** Kinds with a detail pane. */
export type DetailKind = { [K in ResourceKind]: Kinds[K]['detail'] extends true ? K : never }[ResourceKind]
export const DETAIL_KINDS = RESOURCE_KINDS.filter((k) => KINDS[k].detail) as [DetailKind, ...DetailKind[]]

/** Kinds the quick switcher finds. */
export type QuickFindKind = { [K in ResourceKind]: Kinds[K]['quickFind'] extends true ? K : never }[ResourceKind]
export const QUICK_FIND_KINDS = RESOURCE_KINDS.filter((k) => KINDS[k].quickFind) as [QuickFindKind, ...QuickFindKind[]]

/** "1 API key", "3 API keys". Unknown kinds (e.g. history's `rules`) read as their name. */
export function kindWord(kind: string, count = 2): string {
  const entry = (KINDS as Record<string, KindEntry<z.ZodType, z.ZodType, string>>)[kind]
  const words = entry?.words ?? EXTRA_WORDS[kind]
  if (!words) return kind.replace(/_/g, ' ')
  return count === 1 ? words.one : words.many
}

/** Words for things that are not resource kinds but are counted beside them. */
const EXTRA_WORDS: Record<string, { one: string; many: string }> = {
  rules: { one: 'policy rule set', many: 'policy rule sets' },
  organization: { one: 'organization', many: 'organizations' },
  projects: { one: 'project', many: 'projects' },
}

/** How a person recognises an object of a kind (quick switcher, history). */
export function labelOf<K extends ResourceKind>(kind: K, item: KindObject<K>): { label: string; sublabel: string } {
  return (KINDS[kind].label as (i: KindObject<K>) => { label: string; sublabel: string })(item)
}

// zod schemas for every Scaleway IAM v1alpha1 object and list wrapper.
// Field-level source: docs/scaleway-iam-api.md §5 (resource objects) and §6 (endpoints).
// Objects use zod's default "strip" mode, never .strict(): newer servers add fields (e.g. Group
// all_users in sdk-iam 2.12) and an unknown field must not fail a sync.
import { z } from 'zod'

/** RFC 3339 with any fractional precision; the server sends µs, clients send ms. */
export const Timestamp = z.string().datetime({ offset: true })
/** Always present, may be null (the API sends `null`, never omits these). */
export const NullableTimestamp = Timestamp.nullable()
export const Uuid = z.string().uuid()
export const AccessKey = z.string().regex(/^SCW[A-Z0-9]{17}$/i, 'an access key is SCW followed by 17 letters or digits')
export const SecretKeyFormat = Uuid

export const BearerType = z.enum(['unknown_bearer_type', 'user', 'application'])
export const UserType = z.enum(['unknown_type', 'owner', 'member', 'guest'])
export const UserStatus = z.enum(['unknown_status', 'invitation_pending', 'activated'])
export const LogAction = z.enum(['unknown_action', 'created', 'updated', 'deleted'])
export const LogResourceType = z.enum(['unknown_resource_type', 'api_key', 'user', 'application', 'group', 'policy'])
export const PermissionSetScopeType = z.enum(['unknown_scope_type', 'projects', 'organization', 'account_root_user'])
export const GracePeriodType = z.enum(['unknown_grace_period_type', 'update_password', 'set_mfa'])
export const LocalityType = z.enum(['global', 'region', 'zone'])

export const SshKey = z.object({
  id: Uuid,
  name: z.string(),
  public_key: z.string(),
  fingerprint: z.string(),
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  organization_id: Uuid,
  project_id: Uuid,
  disabled: z.boolean(),
})
export type SshKey = z.infer<typeof SshKey>

export const Group = z.object({
  id: Uuid,
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  organization_id: Uuid,
  name: z.string(),
  description: z.string(),
  user_ids: z.array(Uuid),
  application_ids: z.array(Uuid),
  tags: z.array(z.string()),
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  all_users: z.boolean().optional(),
  all_applications: z.boolean().optional(),
})
export type Group = z.infer<typeof Group>

export const ApiKey = z.object({
  access_key: AccessKey,
  /** Only non-null in the POST /api-keys response. Never stored, never logged. */
  secret_key: SecretKeyFormat.nullable().optional(),
  application_id: Uuid.optional(),
  user_id: Uuid.optional(),
  description: z.string(),
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  expires_at: NullableTimestamp,
  default_project_id: z.string(),
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  creation_ip: z.string(),
})
export type ApiKey = z.infer<typeof ApiKey>

export const User = z.object({
  id: Uuid,
  email: z.string(),
  username: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  phone_number: z.string(),
  locale: z.string(),
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  organization_id: Uuid,
  deletable: z.boolean(),
  last_login_at: NullableTimestamp,
  type: UserType,
  two_factor_enabled: z.boolean().optional(),
  status: UserStatus.optional(),
  mfa: z.boolean(),
  account_root_user_id: z.string(),
  tags: z.array(z.string()),
  locked: z.boolean(),
})
export type User = z.infer<typeof User>

export const Application = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  organization_id: Uuid,
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  nb_api_keys: z.number().int().nonnegative(),
  tags: z.array(z.string()),
})
export type Application = z.infer<typeof Application>

export const Policy = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  organization_id: Uuid,
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  editable: z.boolean(),
  deletable: z.boolean().optional(),
  managed: z.boolean().optional(),
  nb_rules: z.number().int().nonnegative(),
  nb_scopes: z.number().int().nonnegative(),
  nb_permission_sets: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  // one-of principal: only the set member is present on the wire
  user_id: Uuid.optional(),
  group_id: Uuid.optional(),
  application_id: Uuid.optional(),
  no_principal: z.boolean().optional(),
})
export type Policy = z.infer<typeof Policy>

export const Rule = z.object({
  id: Uuid,
  permission_set_names: z.array(z.string()).nullable(),
  permission_sets_scope_type: PermissionSetScopeType,
  condition: z.string(),
  // one-of scope
  project_ids: z.array(Uuid).optional(),
  organization_id: Uuid.optional(),
  account_root_user_id: z.string().optional(),
})
export type Rule = z.infer<typeof Rule>

/** Request body of one rule (create policy `rules[]`, PUT /rules). Exactly one scope. */
export const RuleSpecs = z
  .object({
    permission_set_names: z.array(z.string().min(1)).min(1),
    condition: z.string().max(2048).default(''),
    project_ids: z.array(Uuid).min(1).optional(),
    organization_id: Uuid.optional(),
  })
  .refine((r) => (r.project_ids === undefined) !== (r.organization_id === undefined), {
    message: 'a rule needs exactly one scope: project_ids or organization_id',
  })
export type RuleSpecs = z.infer<typeof RuleSpecs>

export const PermissionSet = z.object({
  id: Uuid,
  name: z.string(),
  scope_type: PermissionSetScopeType,
  description: z.string(),
  categories: z.array(z.string()).nullable(),
})
export type PermissionSet = z.infer<typeof PermissionSet>

export const QuotumLimit = z.object({
  global: z.boolean().optional(),
  region: z.string().optional(),
  zone: z.string().optional(),
  limit: z.number().int().nonnegative().optional(),
  unlimited: z.boolean().optional(),
})
export const Quotum = z.object({
  name: z.string(),
  limit: z.number().int().nonnegative().optional(),
  unlimited: z.boolean().optional(),
  pretty_name: z.string(),
  unit: z.string(),
  description: z.string(),
  locality_type: LocalityType.optional(),
  limits: z.array(QuotumLimit).optional(),
})
export type Quotum = z.infer<typeof Quotum>

export const Jwt = z.object({
  jti: z.string(),
  issuer_id: z.string(),
  audience_id: z.string(),
  created_at: NullableTimestamp,
  updated_at: NullableTimestamp,
  expires_at: NullableTimestamp,
  ip: z.string(),
  user_agent: z.string(),
})
export type Jwt = z.infer<typeof Jwt>

export const Log = z.object({
  id: Uuid,
  created_at: NullableTimestamp,
  ip: z.string(),
  user_agent: z.string(),
  action: LogAction,
  bearer_id: z.string(),
  organization_id: Uuid,
  resource_type: LogResourceType,
  resource_id: z.string(),
})
export type Log = z.infer<typeof Log>

export const GracePeriod = z.object({
  type: GracePeriodType,
  created_at: NullableTimestamp,
  expires_at: NullableTimestamp,
})
export type GracePeriod = z.infer<typeof GracePeriod>

/**
 * An Account API v3 project (`GET /account/v3/projects`), as `@scaleway/sdk-account`'s
 * `Project`: IAM rules, API keys and SSH keys name projects by id, this gives them a name.
 * `status`, `srn` and `qualification` are newer fields (optional: older servers omit them).
 * The default project's id equals the organization's id.
 */
export const Project = z.object({
  id: Uuid,
  name: z.string(),
  organization_id: Uuid,
  created_at: NullableTimestamp.optional(),
  updated_at: NullableTimestamp.optional(),
  description: z.string(),
  /** `active` or `deleting` today; any text is accepted so a new status never fails a sync. */
  status: z.string().optional(),
  srn: z.string().optional(),
})
export type Project = z.infer<typeof Project>

const page = <K extends string, T extends z.ZodTypeAny>(key: K, item: T) =>
  z.object({ [key]: z.array(item), total_count: z.number().int().nonnegative() } as { [P in K]: z.ZodArray<T> } & {
    total_count: z.ZodNumber
  })

/** List wrappers: `{ <plural>: [...], total_count }` (§1.4). */
export const ListSshKeys = page('ssh_keys', SshKey)
export const ListGroups = page('groups', Group)
export const ListApiKeys = page('api_keys', ApiKey)
export const ListUsers = page('users', User)
export const ListApplications = page('applications', Application)
export const ListPolicies = page('policies', Policy)
export const ListRules = page('rules', Rule)
export const ListPermissionSets = page('permission_sets', PermissionSet)
export const ListQuota = page('quota', Quotum)
export const ListJwts = page('jwts', Jwt)
export const ListLogs = page('logs', Log)
/** Account API v3. */
export const ListProjects = page('projects', Project)
/** PUT /rules answers without total_count. */
export const SetRulesResponse = z.object({ rules: z.array(Rule) })
/** GET /grace-periods: no paging, no total_count. */
export const ListGracePeriods = z.object({ grace_periods: z.array(GracePeriod) })

/** Scaleway error bodies (§2.1). `type` + type-specific fields; kept loose on purpose. */
export const ScalewayErrorBody = z
  .object({
    type: z.string(),
    message: z.string().optional(),
    details: z.array(z.record(z.string(), z.unknown())).optional(),
    resource: z.string().optional(),
    resource_id: z.string().optional(),
    current_state: z.string().optional(),
    method: z.string().optional(),
    reason: z.string().optional(),
    help_message: z.string().optional(),
  })
  .passthrough()
export type ScalewayErrorBody = z.infer<typeof ScalewayErrorBody>

/**
 * A grace period as IAM Desk keeps it: the API object does not say whose it is, so the sync
 * adds the user it asked about.
 */
export const StoredGracePeriod = GracePeriod.extend({ user_id: z.string() })
export type StoredGracePeriod = z.infer<typeof StoredGracePeriod>

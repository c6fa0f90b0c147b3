// Wire-shaped (snake_case) inputs of the Scaleway IAM endpoints, as in
// docs/scaleway-iam-api.md §6. Paging (`page`, `page_size`) is the client's business and is
// not part of the list filters.
import type { RuleSpecs } from '../../../../domain/schemas'

type Bool = boolean

export interface ListSshKeysQuery {
  order_by?: 'created_at_asc' | 'created_at_desc' | 'updated_at_asc' | 'updated_at_desc' | 'name_asc' | 'name_desc'
  organization_id?: string
  name?: string
  project_id?: string
  disabled?: Bool
}
export interface CreateSshKeyBody {
  name?: string
  public_key: string
  project_id: string
}
export interface UpdateSshKeyBody {
  name?: string
  disabled?: Bool
}

/** Account API v3 `GET /projects` (`@scaleway/sdk-account` ProjectApiListProjectsRequest). */
export interface ListProjectsQuery {
  order_by?: 'created_at_asc' | 'created_at_desc' | 'name_asc' | 'name_desc'
  organization_id?: string
  name?: string
  project_ids?: string[]
}

export interface ListGroupsQuery {
  order_by?: ListSshKeysQuery['order_by']
  organization_id?: string
  name?: string
  application_ids?: string[]
  user_ids?: string[]
  group_ids?: string[]
  tag?: string
}
export interface CreateGroupBody {
  organization_id: string
  name: string
  description: string
  tags?: string[]
}
export interface UpdateGroupBody {
  name?: string
  description?: string
  tags?: string[]
}
/** Exactly one of the two. */
export type GroupMemberBody = { user_id: string; application_id?: never } | { application_id: string; user_id?: never }
export interface GroupMembersBody {
  user_ids?: string[]
  application_ids?: string[]
}
export interface SetGroupMembersBody {
  user_ids: string[]
  application_ids: string[]
}

export interface ListApiKeysQuery {
  order_by?:
    | 'created_at_asc'
    | 'created_at_desc'
    | 'updated_at_asc'
    | 'updated_at_desc'
    | 'expires_at_asc'
    | 'expires_at_desc'
    | 'access_key_asc'
    | 'access_key_desc'
  organization_id?: string
  editable?: Bool
  expired?: Bool
  description?: string
  bearer_id?: string
  bearer_type?: 'unknown_bearer_type' | 'user' | 'application'
  access_keys?: string[]
}
/** Exactly one bearer. */
export type CreateApiKeyBody = (
  | { application_id: string; user_id?: never }
  | { user_id: string; application_id?: never }
) & {
  expires_at?: string | null
  default_project_id?: string | null
  description: string
}
export interface UpdateApiKeyBody {
  default_project_id?: string
  description?: string
  expires_at?: string | null
}

export interface ListGracePeriodsQuery {
  user_id?: string
}

export interface ListUsersQuery {
  order_by?:
    | 'created_at_asc'
    | 'created_at_desc'
    | 'updated_at_asc'
    | 'updated_at_desc'
    | 'email_asc'
    | 'email_desc'
    | 'last_login_asc'
    | 'last_login_desc'
    | 'username_asc'
    | 'username_desc'
  organization_id?: string
  user_ids?: string[]
  mfa?: Bool
  tag?: string
  type?: 'unknown_type' | 'owner' | 'member'
}
export interface CreateUserMember {
  email: string
  send_password_email?: Bool
  send_welcome_email?: Bool
  username: string
  /** Sent in the body; kept out of errors. Empty = let Scaleway e-mail a password link. */
  password?: string
  first_name?: string
  last_name?: string
  phone_number?: string
  locale?: string
}
/** One of `email` (legacy guest invitation) or `member`. */
export type CreateUserBody = { organization_id: string; tags?: string[] } & (
  | { member: CreateUserMember; email?: never }
  | { email: string; member?: never }
)
export interface UpdateUserBody {
  tags?: string[]
  email?: string
  first_name?: string
  last_name?: string
  phone_number?: string
  locale?: string
}

export interface ListApplicationsQuery {
  order_by?: ListSshKeysQuery['order_by']
  organization_id?: string
  name?: string
  editable?: Bool
  application_ids?: string[]
  tag?: string
}
export interface CreateApplicationBody {
  name: string
  organization_id: string
  description: string
  tags?: string[]
}
export interface UpdateApplicationBody {
  name?: string
  description?: string
  tags?: string[]
}

export interface ListPoliciesQuery {
  order_by?: 'policy_name_asc' | 'policy_name_desc' | 'created_at_asc' | 'created_at_desc'
  organization_id?: string
  editable?: Bool
  user_ids?: string[]
  group_ids?: string[]
  application_ids?: string[]
  no_principal?: Bool
  policy_name?: string
  tag?: string
  policy_ids?: string[]
}
type Principal =
  | { user_id: string; group_id?: never; application_id?: never; no_principal?: never }
  | { group_id: string; user_id?: never; application_id?: never; no_principal?: never }
  | { application_id: string; user_id?: never; group_id?: never; no_principal?: never }
  | { no_principal: true; user_id?: never; group_id?: never; application_id?: never }
export type CreatePolicyBody = {
  name: string
  description: string
  organization_id: string
  rules?: RuleSpecs[]
  tags?: string[]
} & Principal
export type UpdatePolicyBody = {
  name?: string
  description?: string
  tags?: string[]
} & (Principal | { user_id?: never; group_id?: never; application_id?: never; no_principal?: never })

export interface ListRulesQuery {
  policy_id: string
}
export interface ListPermissionSetsQuery {
  order_by?: 'name_asc' | 'name_desc' | 'created_at_asc' | 'created_at_desc'
  organization_id: string
}
export interface ListQuotaQuery {
  order_by?: 'name_asc' | 'name_desc'
  organization_id: string
  quotum_names?: string[]
}
export interface ListJwtsQuery {
  order_by?: 'created_at_asc' | 'created_at_desc' | 'updated_at_asc' | 'updated_at_desc'
  audience_id: string
  expired?: Bool
}
export interface ListLogsQuery {
  order_by?: 'created_at_asc' | 'created_at_desc'
  organization_id?: string
  created_after?: string
  created_before?: string
  action?: 'unknown_action' | 'created' | 'updated' | 'deleted'
  resource_type?: 'unknown_resource_type' | 'api_key' | 'user' | 'application' | 'group' | 'policy'
  search?: string
}

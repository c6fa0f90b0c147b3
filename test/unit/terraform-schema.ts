// The Scaleway Terraform provider's schema for the resources IAM Desk writes, transcribed from
// the provider's documentation (github.com/scaleway/terraform-provider-scaleway, docs/resources/
// iam_application.md, iam_group.md, iam_group_membership.md, iam_policy.md, iam_ssh_key.md,
// iam_user.md, iam_api_key.md, read at the snapshot of 2026-08-21, and checked against
// internal/services/iam/*.go of the same snapshot for Required / ExactlyOneOf). Only arguments
// (what a configuration may set), not computed attributes.

export interface BlockSchema {
  arguments: readonly string[]
  required?: readonly string[]
  /** Exactly one of each group must be set. */
  exactlyOne?: ReadonlyArray<readonly string[]>
  /** Nested blocks by type; `min` = how many at least. */
  blocks?: Readonly<Record<string, BlockSchema & { min?: number }>>
}

export const PROVIDER_SCHEMA: Readonly<Record<string, BlockSchema>> = {
  // docs/resources/iam_application.md — import id: {id}
  scaleway_iam_application: { arguments: ['name', 'description', 'tags', 'organization_id'] },
  // docs/resources/iam_group.md — import id: {id}
  scaleway_iam_group: { arguments: ['name', 'description', 'tags', 'application_ids', 'user_ids', 'external_membership', 'organization_id'] },
  // docs/resources/iam_group_membership.md — import id: {group_id}/user/{user_id} or {group_id}/app/{application_id}
  scaleway_iam_group_membership: { arguments: ['group_id', 'application_id', 'user_id'], required: ['group_id'], exactlyOne: [['application_id', 'user_id']] },
  // docs/resources/iam_policy.md — import id: {id}; "Only one of user_id, group_id,
  // application_id and no_principal may be set"; per rule "One organization_id or project_ids
  // must be set"; rule is Required (policy.go).
  scaleway_iam_policy: {
    arguments: ['name', 'description', 'tags', 'organization_id', 'user_id', 'group_id', 'application_id', 'no_principal'],
    exactlyOne: [['user_id', 'group_id', 'application_id', 'no_principal']],
    blocks: {
      rule: {
        arguments: ['organization_id', 'project_ids', 'permission_set_names', 'condition'],
        required: ['permission_set_names'],
        exactlyOne: [['organization_id', 'project_ids']],
        min: 1,
      },
    },
  },
  // docs/resources/iam_ssh_key.md — import id: {id}
  scaleway_iam_ssh_key: { arguments: ['name', 'public_key', 'project_id', 'disabled'], required: ['name', 'public_key'] },
  // docs/resources/iam_user.md — import id: {id}
  scaleway_iam_user: {
    arguments: [
      'organization_id', 'email', 'tags', 'username', 'password', 'password_wo', 'password_wo_version',
      'send_password_email', 'send_welcome_email', 'first_name', 'last_name', 'phone_number', 'locale',
    ],
    required: ['email', 'username'],
  },
  // docs/resources/iam_api_key.md — import id: {id} (the access key); "You must specify at least
  // one: application_id and/or user_id" (api_key.go: ConflictsWith each other, so exactly one).
  scaleway_iam_api_key: {
    arguments: ['description', 'application_id', 'user_id', 'expires_at', 'default_project_id'],
    exactlyOne: [['application_id', 'user_id']],
  },
}

/** The documented import id form per resource type. */
export const IMPORT_ID: Readonly<Record<string, RegExp>> = {
  scaleway_iam_application: /^[0-9a-f-]{36}$/,
  scaleway_iam_group: /^[0-9a-f-]{36}$/,
  scaleway_iam_group_membership: /^[0-9a-f-]{36}\/(user|app)\/[0-9a-f-]{36}$/,
  scaleway_iam_policy: /^[0-9a-f-]{36}$/,
  scaleway_iam_ssh_key: /^[0-9a-f-]{36}$/,
  scaleway_iam_user: /^[0-9a-f-]{36}$/,
  scaleway_iam_api_key: /^SCW[A-Z0-9]{17}$/,
}

/** The arguments that are secrets: never in an export. */
export const SECRET_ARGUMENTS = ['password', 'password_wo', 'secret_key']

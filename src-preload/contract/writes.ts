// Writes: every write endpoint of the IAM API.
import { z } from 'zod'
import { Id, Timestamp } from './common'
import { LIMITS, atMost, betweenLength } from '../../domain/limits'
import { ApiKey, Application, Group, Policy, Rule, SshKey, User } from '../../domain/schemas'

// Every write endpoint of the IAM API. Inputs use the contract's camelCase for IAM Desk's own
// notions (organizationId, override) and Scaleway's own field names inside rules. Outputs are
// API objects as they crossed the wire. `override: true` bypasses the self-lockout guard only.
// A created API key's secret crosses IPC exactly once, in `apiKeys.create`'s answer.

const WOrg = { organizationId: Id }
const Override = z.boolean().optional()
const Tags = z.array(z.string().max(LIMITS.tag, atMost(LIMITS.tag))).max(LIMITS.tags, `at most ${LIMITS.tags} tags`)
const Name = z.string().max(LIMITS.name, betweenLength(1, LIMITS.name))
const Description = z.string().max(LIMITS.description, atMost(LIMITS.description))
const PersonName = z.string().max(LIMITS.personName, atMost(LIMITS.personName))
const Password = z.string().max(LIMITS.passwordBytes, `must be at most ${LIMITS.passwordBytes} bytes (UTF-8)`)
const Deleted = z.object({ deleted: z.string() })

export const WriteMemberRef = z.object({ type: z.enum(['user', 'application']), id: Id }).strict()
export const WritePrincipal = z.union([
  z.object({ type: z.enum(['user', 'group', 'application']), id: Id }).strict(),
  z.object({ type: z.literal('none') }).strict(),
])
export type WritePrincipal = z.infer<typeof WritePrincipal>

/** One rule as the editor sends it (Scaleway's RuleSpecs): exactly one scope, checked by main. */
export const RuleSpecInput = z
  .object({
    permission_set_names: z.array(z.string().max(200)).max(500),
    condition: z.string().max(10_000).optional(),
    organization_id: Id.optional(),
    project_ids: z.array(Id).max(500).optional(),
  })
  .strict()
export type RuleSpecInput = z.infer<typeof RuleSpecInput>

/**
 * A rule for a diff: a RuleSpecs or an API Rule (its id and derived fields are ignored). Bounded
 * like RuleSpecInput, since the diff answers with these rules: a rule it could not carry back is
 * refused here (BAD_REQUEST), not found out of contract on the way out (INTERNAL).
 */
const RuleLike = z.object({
  permission_set_names: z.array(z.string().max(200)).max(500).nullable().optional(),
  condition: z.string().max(10_000).optional(),
  organization_id: Id.optional(),
  project_ids: z.array(Id).max(500).optional(),
})
export const RulesDiff = z.object({
  added: z.array(RuleSpecInput),
  removed: z.array(RuleSpecInput),
  changed: z.array(z.object({ before: RuleSpecInput, after: RuleSpecInput, permissionSetsAdded: z.array(z.string()), permissionSetsRemoved: z.array(z.string()), conditionChanged: z.boolean() })),
  unchanged: z.number().int().nonnegative(),
  /** The rules that stay as they are (the review lists them, collapsed). */
  kept: z.array(RuleSpecInput),
  identical: z.boolean(),
})
export type RulesDiff = z.infer<typeof RulesDiff>

/** Why a change would lock IAM Desk out, for previews (null = it would not). */
const SelfLockout = z.object({ explanation: z.string() }).nullable()

export const JournalEntryView = z.object({
  id: z.string(),
  organizationId: z.string().nullable(),
  operation: z.string(),
  plan: z.unknown(),
  steps: z.array(z.unknown()),
  state: z.enum(['planned', 'running', 'succeeded', 'failed', 'cancelled', 'partial']),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
})
export type JournalEntryView = z.infer<typeof JournalEntryView>

const ExpiresAt = z.string().datetime({ offset: true }).nullable()
const Text = (max: number) => z.string().max(max)

export const writeCalls = {
  'sshKeys.preview': {
    input: z.object({ publicKey: Text(65_000) }).strict(),
    output: z.object({ type: z.string(), bits: z.number().int(), fingerprint: z.string(), comment: z.string() }),
  },
  'sshKeys.create': { input: z.object({ ...WOrg, name: Text(LIMITS.sshKeyName), publicKey: Text(65_000), projectId: Id.optional() }).strict(), output: SshKey },
  'sshKeys.update': { input: z.object({ ...WOrg, id: Id, name: Text(LIMITS.sshKeyName).optional(), disabled: z.boolean().optional() }).strict(), output: SshKey },
  'sshKeys.delete': { input: z.object({ ...WOrg, id: Id }).strict(), output: Deleted },

  'applications.create': { input: z.object({ ...WOrg, name: Name, description: Description.optional(), tags: Tags.optional() }).strict(), output: Application },
  'applications.update': { input: z.object({ ...WOrg, id: Id, name: Name.optional(), description: Description.optional(), tags: Tags.optional() }).strict(), output: Application },
  'applications.deletePreview': {
    input: z.object({ ...WOrg, id: Id }).strict(),
    output: z.object({ application: Application, apiKeys: z.array(ApiKey), groups: z.array(Group), policies: z.array(Policy), selfLockout: SelfLockout }),
  },
  'applications.delete': {
    input: z.object({ ...WOrg, id: Id, override: Override }).strict(),
    output: z.object({ deleted: z.string(), removedApiKeys: z.array(z.string()), orphanedPolicies: z.array(z.string()) }),
  },

  'apiKeys.create': {
    input: z
      .object({
        ...WOrg,
        bearer: z.union([z.literal('self'), z.object({ type: z.enum(['user', 'application']), id: Id }).strict()]),
        description: Description,
        expiresAt: ExpiresAt.optional(),
        defaultProjectId: Id.optional(),
      })
      .strict(),
    /** The secret key, shown once: never stored, never logged, never returned again. */
    output: z.object({ apiKey: ApiKey.omit({ secret_key: true }), secretKey: z.string() }),
  },
  'apiKeys.update': {
    // Scaleway reads a null expires_at in a PATCH as "unchanged": an expiry can be moved, not removed.
    // Setting IAM Desk's own key to expire is refused by the self-lockout guard unless `override`.
    input: z.object({ ...WOrg, accessKey: Id, description: Description.optional(), expiresAt: z.string().datetime({ offset: true }).optional(), defaultProjectId: Id.optional(), override: Override }).strict(),
    output: ApiKey,
  },
  'apiKeys.delete': { input: z.object({ ...WOrg, accessKey: Id, override: Override }).strict(), output: Deleted },

  'groups.create': { input: z.object({ ...WOrg, name: Name, description: Description.optional(), tags: Tags.optional() }).strict(), output: Group },
  'groups.update': { input: z.object({ ...WOrg, id: Id, name: Name.optional(), description: Description.optional(), tags: Tags.optional() }).strict(), output: Group },
  'groups.deletePreview': {
    input: z.object({ ...WOrg, id: Id }).strict(),
    output: z.object({ group: Group, policies: z.array(Policy), selfLockout: SelfLockout }),
  },
  'groups.delete': { input: z.object({ ...WOrg, id: Id, override: Override }).strict(), output: z.object({ deleted: z.string(), orphanedPolicies: z.array(z.string()) }) },
  'groups.addMembers': {
    input: z.object({ ...WOrg, id: Id, userIds: z.array(Id).max(1000).default([]), applicationIds: z.array(Id).max(1000).default([]) }).strict(),
    output: Group,
  },
  'groups.removeMember': { input: z.object({ ...WOrg, id: Id, member: WriteMemberRef, override: Override }).strict(), output: Group },
  'groups.setMembers': {
    input: z.object({ ...WOrg, id: Id, userIds: z.array(Id).max(1000), applicationIds: z.array(Id).max(1000), override: Override }).strict(),
    output: Group,
  },

  'users.create': {
    input: z
      .object({
        ...WOrg,
        email: Text(LIMITS.email),
        username: Name,
        firstName: PersonName.optional(),
        lastName: PersonName.optional(),
        phoneNumber: Text(50).optional(),
        locale: Text(20).optional(),
        tags: Tags.optional(),
        sendWelcomeEmail: z.boolean().optional(),
        /** 'email': Scaleway e-mails a link to choose a password; 'set': the password given here. */
        password: z.union([z.object({ mode: z.literal('email') }).strict(), z.object({ mode: z.literal('set'), password: Password }).strict()]),
      })
      .strict(),
    output: User,
  },
  'users.update': {
    input: z
      .object({ ...WOrg, id: Id, email: Text(LIMITS.email).optional(), firstName: PersonName.optional(), lastName: PersonName.optional(), phoneNumber: Text(50).optional(), locale: Text(20).optional(), tags: Tags.optional() })
      .strict(),
    output: User,
  },
  'users.lock': { input: z.object({ ...WOrg, id: Id, override: Override }).strict(), output: User },
  'users.unlock': { input: z.object({ ...WOrg, id: Id }).strict(), output: User },
  'users.setPassword': { input: z.object({ ...WOrg, id: Id, password: Password }).strict(), output: User },
  'users.delete': {
    input: z.object({ ...WOrg, id: Id, override: Override }).strict(),
    output: z.object({ deleted: z.string(), removedApiKeys: z.array(z.string()), orphanedPolicies: z.array(z.string()) }),
  },

  'policies.create': {
    input: z.object({ ...WOrg, name: Name, description: Description.optional(), tags: Tags.optional(), principal: WritePrincipal, rules: z.array(RuleSpecInput).max(100) }).strict(),
    output: Policy,
  },
  'policies.update': {
    input: z.object({ ...WOrg, id: Id, name: Name.optional(), description: Description.optional(), tags: Tags.optional(), principal: WritePrincipal.optional(), override: Override }).strict(),
    output: Policy,
  },
  'policies.rulesForEdit': {
    input: z.object({ ...WOrg, policyId: Id }).strict(),
    /** `source: 'cache'` when Scaleway could not be reached: editable, but saving will need the network. */
    output: z.object({ policy: Policy, rules: z.array(Rule), rulesVersion: z.string(), source: z.enum(['server', 'cache']) }),
  },
  'policies.rulesDiff': { input: z.object({ current: z.array(RuleLike).max(500), proposed: z.array(RuleSpecInput).max(500) }).strict(), output: RulesDiff },
  'policies.setRules': {
    input: z.object({ ...WOrg, policyId: Id, rules: z.array(RuleSpecInput).max(100), expectedRulesVersion: z.string().min(1).max(200), override: Override }).strict(),
    output: z.object({ policy: Policy, rules: z.array(Rule), rulesVersion: z.string(), diff: RulesDiff }),
  },
  /**
   * Copies a policy, in its organization (Scaleway's clone, then the name and principal chosen)
   * or into another one (a new policy with the same description and the rules that can go
   * there: organization-scoped rules are scoped to the target; projects are mapped to the
   * target's projects of the same name; projects without one, and rules scoped to the account
   * root user, are left out only when `withoutUnclonableRules` says so, else refused — a rule
   * with no project left goes out whole). Defaults: the same organization, "Copy of <name>", no principal.
   */
  'policies.clone': {
    input: z
      .object({ ...WOrg, id: Id, targetOrganizationId: Id.optional(), name: Name.optional(), principal: WritePrincipal.optional(), withoutUnclonableRules: z.boolean().optional() })
      .strict(),
    output: Policy,
  },
  'policies.delete': { input: z.object({ ...WOrg, id: Id, override: Override }).strict(), output: Deleted },

  'jwts.revoke': { input: z.object({ ...WOrg, jti: Id }).strict(), output: z.object({ revoked: z.string() }) },

  'writes.journal': { input: z.object({ organizationId: Id.optional(), limit: z.number().int().positive().max(1000).optional() }).strict(), output: z.array(JournalEntryView) },
} as const
export type WriteCallName = keyof typeof writeCalls

export const writeEvents = {
  /** A write succeeded and the cache already reflects it: lists of these kinds should reload. */
  'writes.applied': z.object({ organizationId: z.string(), operation: z.string(), kinds: z.array(z.string()), objectId: z.string().nullable() }),
} as const

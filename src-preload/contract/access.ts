// Effective access, who can, lint (docs/policy-analysis.md): questions about what principals
// hold, answered from the cache on the grant model. Nothing here is a secret.
import { z } from 'zod'
import { Id } from './common'
import { Grant } from '../../domain/grants'

export const AccessPrincipal = z.object({
  type: z.enum(['user', 'application']),
  id: z.string(),
  /** The user's e-mail or the application's name (the id if the cache lost it). */
  label: z.string(),
})
export type AccessPrincipal = z.infer<typeof AccessPrincipal>

/** How a principal holds a grant: the policy, directly or through one group. */
export const GrantPath = z.object({
  policyId: z.string(),
  policyName: z.string(),
  via: z.discriminatedUnion('type', [
    z.object({ type: z.literal('direct') }),
    z.object({ type: z.literal('group'), groupId: z.string(), groupName: z.string() }),
  ]),
})
export type GrantPath = z.infer<typeof GrantPath>

export const HeldGrant = z.object({
  grant: Grant,
  /** "InstancesFullAccess on project web, when …" */
  label: z.string(),
  /** The grant applies only when its condition holds. */
  conditional: z.boolean(),
  path: GrantPath,
})
export type HeldGrant = z.infer<typeof HeldGrant>

export const EffectiveAccess = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  principal: AccessPrincipal,
  /** Owners hold every permission, whatever the policies say. */
  owner: z.boolean(),
  grants: z.array(HeldGrant),
})
export type EffectiveAccess = z.infer<typeof EffectiveAccess>

export const WhoCanPreset = z.enum(['manage-iam', 'read-secrets', 'full-access'])
export type WhoCanPreset = z.infer<typeof WhoCanPreset>

export const WhoCanInput = z
  .object({
    preset: WhoCanPreset.optional(),
    permissionSets: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    /** Only grants reaching this project: by name across organizations. */
    projectName: z.string().trim().min(1).max(200).optional(),
    /** Every organization in IAM Desk by default. */
    organizationIds: z.array(Id).max(500).optional(),
  })
  .strict()
  .refine((q) => (q.preset !== undefined) !== ((q.permissionSets?.length ?? 0) > 0), {
    message: 'Choose a question (e.g. who can manage IAM) or name at least one permission set — not both.',
  })
export type WhoCanInput = z.infer<typeof WhoCanInput>

export const WhoCanRow = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  principal: AccessPrincipal,
  /** An owner holds everything: no grant and no path. */
  owner: z.boolean(),
  held: HeldGrant.nullable(),
})
export type WhoCanRow = z.infer<typeof WhoCanRow>

export const LintRuleId = z.enum([
  'mixed-scope-types',
  'unknown-permission-set',
  'unsatisfiable-condition',
  'condition-on-resource-name',
  'resource-condition-breaks-lists',
  'policy-without-principal',
  'iam-management-to-application',
  'duplicate-grant',
  'user-without-mfa',
  'application-several-active-keys',
  'empty-group-referenced',
])
export type LintRuleId = z.infer<typeof LintRuleId>

export const LintFinding = z.object({
  rule: LintRuleId,
  organizationId: z.string(),
  organizationName: z.string(),
  object: z.object({ kind: z.enum(['policy', 'user', 'application', 'group']), id: z.string(), label: z.string() }),
  detail: z.string(),
})
export type LintFinding = z.infer<typeof LintFinding>

export const LintReport = z.object({
  /** Every rule with its words and how many findings it has (0 included). */
  rules: z.array(z.object({ id: LintRuleId, title: z.string(), why: z.string(), fix: z.string(), count: z.number() })),
  findings: z.array(LintFinding),
})
export type LintReport = z.infer<typeof LintReport>

const Orgs = z.object({ organizationIds: z.array(Id).max(500).optional() }).strict()

export const accessCalls = {
  /** Everything one user or application holds in its organization, with the path of each grant. */
  'access.effective': {
    input: z.object({ organizationId: Id, type: z.enum(['user', 'application']), id: Id }).strict(),
    output: EffectiveAccess,
  },
  /** Every principal of the organizations holding a permission set (or a preset's), with the path; owners included. */
  'access.whoCan': { input: WhoCanInput, output: z.array(WhoCanRow) },
  /** Lint findings of the organizations, with counts per rule. */
  'access.lint': { input: Orgs, output: LintReport },
} as const

// Policy analysis (docs/policy-analysis.md): compare two policies (from any organizations, or two
// versions of one policy from the sync history), one policy across organizations, one policy
// over time. Everything is answered from the cache, on grants (domain/grants.ts).
import { z } from 'zod'
import { Id, Timestamp } from './common'
import { Grant } from '../../domain/grants'
import { GrantsDiff, NoNewAccess } from '../../domain/policy-diff'

export { Grant, GrantsDiff, NoNewAccess }

const SyncRunId = z.string().regex(/^\d{1,15}$/, 'a sync run number')

/** A policy as it is now in the cache, or (with `syncRunId`) its rules as that sync found them. */
export const PolicyRef = z
  .object({ organizationId: Id, policyId: Id, syncRunId: SyncRunId.optional() })
  .strict()
export type PolicyRef = z.infer<typeof PolicyRef>

export const PrincipalRef = z.object({
  type: z.enum(['user', 'group', 'application', 'none']),
  id: z.string().nullable(),
  /** The user's e-mail, the group's or application's name; the id when the cache lost it; "no principal". */
  label: z.string(),
})
export type PrincipalRef = z.infer<typeof PrincipalRef>

export const PolicySide = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  policyId: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  principal: PrincipalRef,
  grants: z.array(Grant),
  /** Set when the side is a version from the sync history; null for the policy as it is now. */
  version: z.object({ syncRunId: z.string(), at: Timestamp }).nullable(),
  /** Whether IAM Desk knows this organization's project names (else projects are matched by id). */
  projectNamesKnown: z.boolean(),
})
export type PolicySide = z.infer<typeof PolicySide>

const FieldChange = z.object({ before: z.string(), after: z.string() })

export const PolicyComparison = z.object({
  a: PolicySide,
  b: PolicySide,
  /** `id` when both are in one organization, `name` across organizations. */
  projectMatch: z.enum(['id', 'name']),
  /** Why project grants may not match across organizations (names not known), or null. */
  projectNote: z.string().nullable(),
  grants: GrantsDiff,
  /** Does B grant anything A does not? */
  noNewAccess: NoNewAccess,
  name: FieldChange.nullable(),
  description: FieldChange.nullable(),
  tagsAdded: z.array(z.string()),
  tagsRemoved: z.array(z.string()),
  principal: z.object({ before: PrincipalRef, after: PrincipalRef }).nullable(),
})
export type PolicyComparison = z.infer<typeof PolicyComparison>

export const AcrossInput = z
  .object({
    /** The policy the question starts from: its name (or `tag`) is what is matched. */
    organizationId: Id,
    policyId: Id,
    by: z.enum(['name', 'tag']),
    /** With `by: 'tag'`, the tag to match (one of the policy's tags). */
    tag: z.string().min(1).max(200).optional(),
    /** The reference column; the starting policy by default. */
    reference: z.object({ organizationId: Id, policyId: Id }).strict().optional(),
    /** Only these organizations; every organization in IAM Desk by default. */
    organizationIds: z.array(Id).max(500).optional(),
  })
  .strict()
export type AcrossInput = z.infer<typeof AcrossInput>

/** One policy's column in the matrix. */
export const AcrossColumn = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  policyId: z.string(),
  name: z.string(),
  principal: PrincipalRef,
  grants: z.number().int(),
  isReference: z.boolean(),
  /** Against the reference: does this policy grant anything the reference does not? */
  verdict: NoNewAccess.shape.verdict,
  /** Rows where this column differs from the reference. */
  differences: z.number().int(),
  projectNamesKnown: z.boolean(),
})
export type AcrossColumn = z.infer<typeof AcrossColumn>

/** How one policy holds one permission set on one scope, against the reference column. */
export const AcrossCell = z.object({
  /** The normalised conditions it is held under ('' = unconditionally); empty = not held. */
  conditions: z.array(z.string()),
  /**
   * Against the reference: `same`; `missing` (only the reference); `extra` (only this one);
   * `within` (only this one on this project, but inside the reference's organization-wide grant
   * of the same permission set under the same condition: no new access); `condition` (both,
   * under different conditions).
   */
  state: z.enum(['same', 'missing', 'extra', 'within', 'condition']),
})
export type AcrossCell = z.infer<typeof AcrossCell>

export const AcrossRow = z.object({
  key: z.string(),
  permissionSet: z.string(),
  /** "All projects", "Project web-prod", "The organization". */
  scope: z.string(),
  differs: z.boolean(),
  /** In the order of `columns`. */
  cells: z.array(AcrossCell),
})
export type AcrossRow = z.infer<typeof AcrossRow>

export const AcrossMatrix = z.object({
  by: z.enum(['name', 'tag']),
  /** The name or tag matched. */
  value: z.string(),
  columns: z.array(AcrossColumn),
  rows: z.array(AcrossRow),
  /** Organizations searched that have no matching policy. */
  missingIn: z.array(z.object({ organizationId: z.string(), organizationName: z.string() })),
  projectNote: z.string().nullable(),
})
export type AcrossMatrix = z.infer<typeof AcrossMatrix>

export const TimelineVersion = z.object({
  /** The sync that found this version; null for the policy as it is now when no sync recorded it. */
  syncRunId: z.string().nullable(),
  at: Timestamp.nullable(),
  /** "First sync", "Changed", "Rules removed", "Now (changed in IAM Desk since the last sync)". */
  label: z.string(),
  grants: z.number().int(),
  /** Against the version before it. */
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  current: z.boolean(),
})
export type TimelineVersion = z.infer<typeof TimelineVersion>

export const PolicyTimeline = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  policyId: z.string(),
  name: z.string(),
  /** Oldest first. */
  versions: z.array(TimelineVersion),
})
export type PolicyTimeline = z.infer<typeof PolicyTimeline>

export const policyAnalysisCalls = {
  'analysis.compare': { input: z.object({ a: PolicyRef, b: PolicyRef }).strict(), output: PolicyComparison },
  'analysis.across': { input: AcrossInput, output: AcrossMatrix },
  'analysis.timeline': { input: z.object({ organizationId: Id, policyId: Id }).strict(), output: PolicyTimeline },
} as const

// Jobs: every multi-step change across organizations (bulk group membership, offboarding, and
// the undo of either) runs as a job: planned and shown first, applied step by step with
// progress, journaled in the cache so a crash leaves it resumable, reported per item, and
// undoable where the API allows. See docs/jobs.md.
import { z } from 'zod'
import { Id, Timestamp } from './common'

export const JobKind = z.enum(['membership', 'offboarding', 'undo'])
export type JobKind = z.infer<typeof JobKind>

/** Planned: shown, nothing sent. Interrupted: the app stopped while it ran (resume or abandon). */
export const JobState = z.enum(['planned', 'running', 'interrupted', 'finished', 'cancelled', 'abandoned'])
export type JobState = z.infer<typeof JobState>

/** What one step does, in the API's terms. */
export const StepAction = z.enum([
  'group.addMembers',
  'group.removeMembers',
  'group.setMembers',
  'user.invite',
  'user.lock',
  'user.unlock',
  'user.delete',
  'jwt.revoke',
  'apiKey.delete',
  'apiKey.expire',
])
export type StepAction = z.infer<typeof StepAction>

/**
 * pending: to run. running: sent, outcome not known yet (after a crash it is reconciled by
 * reading before anything is sent again). done / already (nothing to do) / skipped (with the
 * reason, e.g. person not found, would lock IAM Desk out) / failed (with the error).
 */
export const StepState = z.enum(['pending', 'running', 'done', 'already', 'skipped', 'failed'])
export type StepState = z.infer<typeof StepState>

/** A member: a user or application id — or `email:<address>` for someone this job invites. */
export const MemberRef = z.object({ type: z.enum(['user', 'application']), id: z.string().min(1).max(400), label: z.string() })
export type MemberRef = z.infer<typeof MemberRef>

/** Parameters of a step, per action (no secret is ever part of one). */
export const StepParams = z.object({
  /** Group steps: members to add / remove, or the exact members to set. */
  add: z.array(MemberRef).optional(),
  remove: z.array(MemberRef).optional(),
  /** user.invite: the e-mail to invite. */
  email: z.string().optional(),
  /** apiKey.expire: the new expiry. */
  expiresAt: Timestamp.optional(),
})
export type StepParams = z.infer<typeof StepParams>

export const JobStep = z.object({
  id: z.string(),
  position: z.number().int(),
  organizationId: z.string(),
  organizationName: z.string(),
  /** The item this step serves, in the user's words ("alice@corp.com", "Developers"). */
  item: z.string(),
  target: z.object({ kind: z.enum(['group', 'user', 'application', 'jwt', 'api_key']), id: z.string(), name: z.string() }),
  action: StepAction,
  params: StepParams,
  /** What the plan read (e.g. the group's members), shown beside the change. */
  expected: z.array(MemberRef).nullable(),
  /** What the step found right before it changed anything (kept for undo). */
  before: z.unknown().nullable(),
  state: StepState,
  /** Why it was skipped, or the error it failed with, in plain words. */
  message: z.string().nullable(),
  /** True when this step cannot be undone (deletions). */
  irreversible: z.boolean(),
  attempts: z.number().int(),
  finishedAt: Timestamp.nullable(),
})
export type JobStep = z.infer<typeof JobStep>

export const JobCounts = z.object({
  organizations: z.number().int(),
  steps: z.number().int(),
  pending: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  already: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
})
export type JobCounts = z.infer<typeof JobCounts>

export const JobSummary = z.object({
  id: z.string(),
  kind: JobKind,
  title: z.string(),
  /** The plan in one line: "12 organizations, 9 additions, 3 already members, 1 person not found". */
  planText: z.string(),
  state: JobState,
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  counts: JobCounts,
  /** The job this one undoes, and the job that undid this one. */
  undoOf: z.string().nullable(),
  undoneBy: z.string().nullable(),
  /** Something this job changed can be put back (membership, lock). */
  undoable: z.boolean(),
})
export type JobSummary = z.infer<typeof JobSummary>

export const Job = JobSummary.extend({ steps: z.array(JobStep) })
export type Job = z.infer<typeof Job>

const JobId = z.object({ id: Id }).strict()

/** Who to change: people by e-mail, applications by name (matched in every chosen organization). */
export const Principals = z
  .object({
    emails: z.array(z.string().trim().min(3).max(320)).max(1000).default([]),
    applicationNames: z.array(z.string().trim().min(1).max(200)).max(1000).default([]),
  })
  .strict()

export const MembershipPlanInput = z
  .object({
    operation: z.enum(['add', 'remove', 'exactly']),
    principals: Principals,
    /** Target groups by name in each of these organizations (every organization when empty)... */
    groupName: z.string().trim().min(1).max(200).optional(),
    organizationIds: z.array(Id).max(500).optional(),
    /** ...or picked one by one. */
    groups: z.array(z.object({ organizationId: Id, groupId: Id }).strict()).max(5000).optional(),
    /** Invite people missing from a target organization (POST /users) as steps of the same job. */
    inviteMissing: z.boolean().optional(),
    /** Plan steps the self-lockout guard refuses anyway. */
    override: z.boolean().optional(),
  })
  .strict()
export type MembershipPlanInput = z.input<typeof MembershipPlanInput>

export const OffboardingPlanInput = z
  .object({
    email: z.string().trim().min(3).max(320),
    organizationIds: z.array(Id).max(500).optional(),
    /** Lock the user (reversible) or delete it (irreversible; deletes its API keys too). */
    user: z.enum(['lock', 'delete']),
    /** Their API keys: keep, delete now, or expire at `expiresAt`. */
    apiKeys: z.enum(['keep', 'delete', 'expire']),
    expiresAt: z.string().datetime({ offset: true }).optional(),
    override: z.boolean().optional(),
  })
  .strict()
export type OffboardingPlanInput = z.input<typeof OffboardingPlanInput>

export const jobsCalls = {
  'jobs.planMembership': { input: MembershipPlanInput, output: Job },
  'jobs.planOffboarding': { input: OffboardingPlanInput, output: Job },
  /** A planned job that puts back what `id` changed; refuses groups changed since unless `force`. */
  'jobs.planUndo': { input: z.object({ id: Id, force: z.boolean().optional() }).strict(), output: Job },
  /** Runs a planned or interrupted job (resuming never repeats a completed step). */
  'jobs.apply': { input: JobId, output: JobSummary },
  'jobs.cancel': { input: JobId, output: JobSummary },
  /** Gives up an interrupted or planned job: nothing more is sent. */
  'jobs.abandon': { input: JobId, output: JobSummary },
  'jobs.list': { input: z.object({ limit: z.number().int().positive().max(500).optional() }).strict(), output: z.array(JobSummary) },
  'jobs.get': { input: JobId, output: Job },
  /** The job's report as CSV (RFC 4180): one line per step. */
  'jobs.reportCsv': { input: JobId, output: z.object({ fileName: z.string(), csv: z.string() }) },
} as const

export const jobsEvents = {
  /** A step changed state (and the job's counts with it). */
  'jobs.progress': z.object({ job: JobSummary, step: JobStep.nullable() }),
} as const

// Jobs: every multi-step change across organizations (bulk group membership, offboarding, the
// undo of either, API-key rotation with its finish and rollback) runs as a job: planned and shown first, applied step by step with
// progress, journaled in the cache so a crash leaves it resumable, reported per item, and
// undoable where the API allows. See docs/jobs.md.
import { z } from 'zod'
import { LIMITS } from '../../domain/limits'
import { Id, Timestamp } from './common'

/**
 * rotation: API keys replaced by new ones (docs/rotation.md); rotationFinish: the old keys
 * deleted once their grace period is over; rotationRollback: back to the old keys.
 */
export const JobKind = z.enum(['membership', 'offboarding', 'undo', 'rotation', 'rotationFinish', 'rotationRollback', 'sshUpload', 'sshEnable', 'sshRemove'])
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
  // Key rotation (docs/rotation.md), per key in this order, IAM Desk's own key last in its
  // organization: create the new key (its secret goes straight to the keychain, under a pending
  // name) → verify it authenticates → deliver its secret → start the old key's grace period.
  'apiKey.rotateCreate',
  'apiKey.rotateVerify',
  'apiKey.rotateDeliver',
  'apiKey.rotateGrace',
  /** rotationFinish: deletes the old key once its grace period is over. */
  'apiKey.rotateFinish',
  /** rotationRollback: the old key's expiry and credentials back, the new key deleted. */
  'apiKey.rotateRollback',
  // SSH keys from this computer (docs/ssh-keys.md): upload (never twice: the organization's keys
  // are read again first), enable a disabled one, delete one.
  'sshKey.create',
  'sshKey.enable',
  'sshKey.delete',
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

/**
 * Where a rotated key's new secret goes. keychain: IAM Desk's own key — the organization's
 * keychain entry, replaced only once the new key authenticates. scwConfig: the profile(s) of the
 * local Scaleway CLI config that use the old key (matched by access key), rewritten in place.
 * reveal: shown once (`jobs.rotationReveal`), then forgotten.
 */
export const RotationDelivery = z.enum(['keychain', 'scwConfig', 'reveal'])
export type RotationDelivery = z.infer<typeof RotationDelivery>

/** The new key's expiry: its own lifetime counted from its creation, none, or a fixed date. */
export const RotationExpiry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lifetime'), seconds: z.number().int().positive() }),
  z.object({ kind: z.literal('never') }),
  z.object({ kind: z.literal('at'), at: Timestamp }),
])
export type RotationExpiry = z.infer<typeof RotationExpiry>

/** One key's rotation, as planned (every rotation step carries it; no secret in it). */
export const RotationParams = z.object({
  oldAccessKey: z.string(),
  /** The old key's description and expiry when planned. */
  oldDescription: z.string(),
  oldExpiresAt: Timestamp.nullable(),
  /** The new key: its bearer (the old key's), description, default project, expiry. */
  bearer: z.object({ type: z.enum(['user', 'application']), id: z.string(), label: z.string() }),
  /** Ends with "(rotation of SCW…)": how a create whose answer was lost is found again. */
  description: z.string(),
  defaultProjectId: z.string().nullable(),
  expiry: RotationExpiry,
  /** The old key expires this long after its new key is delivered (1 hour to 30 days). */
  graceSeconds: z.number().int().positive(),
  delivery: RotationDelivery,
  /** The Scaleway CLI config and the profiles in it that use the old key ("default" = its top level). */
  scwConfigPath: z.string().nullable(),
  scwProfiles: z.array(z.string()),
  /** Rewrite those profiles with the new key (for IAM Desk's own key too, beside the keychain). */
  updateScwConfig: z.boolean(),
  /** The old key is the one IAM Desk itself uses for this organization. */
  self: z.boolean(),
  /** Finish and rollback steps: the rotation job and the new key they close. */
  rotationJobId: z.string().optional(),
  newAccessKey: z.string().nullable().optional(),
})
export type RotationParams = z.infer<typeof RotationParams>

/** Parameters of a step, per action (no secret is ever part of one). */
export const StepParams = z.object({
  /** Group steps: members to add / remove, or the exact members to set. */
  add: z.array(MemberRef).optional(),
  remove: z.array(MemberRef).optional(),
  /** user.invite: the e-mail to invite. */
  email: z.string().optional(),
  /** apiKey.expire: the new expiry. */
  expiresAt: Timestamp.optional(),
  /** apiKey.rotate*: the key's rotation. */
  rotation: RotationParams.optional(),
  /** sshKey.create: the public key (never a private one), its name and project. */
  sshKey: z.object({ publicKey: z.string(), name: z.string(), projectId: z.string() }).optional(),
})
export type StepParams = z.infer<typeof StepParams>

export const JobStep = z.object({
  id: z.string(),
  position: z.number().int(),
  organizationId: z.string(),
  organizationName: z.string(),
  /** The item this step serves, in the user's words ("alice@corp.com", "Developers"). */
  item: z.string(),
  target: z.object({ kind: z.enum(['group', 'user', 'application', 'jwt', 'api_key', 'ssh_key']), id: z.string(), name: z.string() }),
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

/** A key to rotate and the choices for it (the defaults are the old key's). */
export const RotationKeyInput = z
  .object({
    organizationId: Id,
    accessKey: Id,
    /**
     * Where the new secret goes when the key is not IAM Desk's own: the scw config profile(s)
     * that use it (the default when one does) or a one-time reveal. IAM Desk's own key always
     * goes to the keychain (and to the scw config too when a profile uses it, unless 'reveal').
     */
    delivery: z.enum(['scwConfig', 'reveal']).optional(),
    /** The new key's description (the old key's by default); the rotation marker is added. */
    description: z.string().max(LIMITS.description).optional(),
    /** The new key's expiry: the old key's lifetime by default (none if it never expires). */
    expiry: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('sameLifetime') }).strict(),
        z.object({ kind: z.literal('never') }).strict(),
        z.object({ kind: z.literal('at'), at: z.string().datetime({ offset: true }) }).strict(),
      ])
      .optional(),
  })
  .strict()
export type RotationKeyInput = z.input<typeof RotationKeyInput>

export const RotationPlanInput = z
  .object({
    keys: z.array(RotationKeyInput).min(1).max(5000),
    /** How long the old keys keep working once their new key is delivered: 1 hour to 30 days (24 by default). */
    graceHours: z.number().int().min(1).max(720).optional(),
  })
  .strict()
export type RotationPlanInput = z.input<typeof RotationPlanInput>

/** One key's rotation, as the journal tells it. */
export const RotationState = z.enum([
  /** Planned or under way: not every step has run yet. */
  'in_progress',
  /** A step failed or was skipped before the grace period began: roll back (or leave it). */
  'failed',
  /** The old key still works until graceEndsAt; the new key is delivered. */
  'in_grace',
  /** The grace period is over: the finish (deleting the old key) can run. */
  'due',
  'finished',
  'rolled_back',
])
export type RotationState = z.infer<typeof RotationState>

export const RotationRef = z.object({ jobId: Id, oldAccessKey: Id }).strict()
export type RotationRef = z.infer<typeof RotationRef>

export const RotationStatus = z.object({
  jobId: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  oldAccessKey: z.string(),
  /** Null until created (or when the create's outcome is not known yet). */
  newAccessKey: z.string().nullable(),
  bearerLabel: z.string(),
  delivery: RotationDelivery,
  self: z.boolean(),
  state: RotationState,
  /** When the old key stops working (its expiry), once the grace period has begun. */
  graceEndsAt: Timestamp.nullable(),
  /** The new secret waits in the keychain for `jobs.rotationReveal`. */
  awaitingReveal: z.boolean(),
  /** Rollback can run: the rotation is neither finished nor rolled back, and something was sent. */
  canRollBack: z.boolean(),
  /** The latest step's message (why it failed, when it expires). */
  message: z.string().nullable(),
})
export type RotationStatus = z.infer<typeof RotationStatus>

/** A new key's secret, in the one answer that ever carries it. */
export const RevealedKey = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  oldAccessKey: z.string(),
  accessKey: z.string(),
  secretKey: z.string(),
  description: z.string(),
  bearerLabel: z.string(),
})
export type RevealedKey = z.infer<typeof RevealedKey>

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

  /**
   * Plans rotating API keys (docs/rotation.md): per key its new key's bearer, description,
   * project and expiry, the grace period, where the secret goes, the organization's API-key
   * quota. Keys that cannot be rotated (another user's, managed, expired, over the quota,
   * already being rotated) are planned as skipped with the reason. Nothing is sent.
   */
  'jobs.planRotation': { input: RotationPlanInput, output: Job },
  /**
   * The new secrets of a rotation job that wait to be revealed, in this one answer; they are
   * deleted from the keychain as it is made, so a second call returns none of them again.
   * `waiting`: the job's keys to be revealed whose new key is not delivered yet.
   */
  'jobs.rotationReveal': {
    input: z
      .object({
        id: Id,
        /**
         * Also write them, in the same call, to a new file the user chose (absolute path; never
         * overwritten): `env` (SCW_ACCESS_KEY / SCW_SECRET_KEY … per key) or `json`, mode 0600.
         */
        exportTo: z.object({ path: z.string().min(1).max(4096), format: z.enum(['env', 'json']) }).strict().optional(),
      })
      .strict(),
    output: z.object({ keys: z.array(RevealedKey), waiting: z.number().int(), exported: z.boolean() }),
  },
  /** Every key rotation in the journal and where it stands (due finishes, keys in grace, to reveal). */
  'jobs.rotations': {
    input: z.object({ organizationId: Id.optional(), states: z.array(RotationState).max(6).optional() }).strict(),
    output: z.array(RotationStatus),
  },
  /** Plans deleting the old keys whose grace period is over (every due one when `rotations` is left out). */
  'jobs.planRotationFinish': { input: z.object({ rotations: z.array(RotationRef).max(5000).optional(), override: z.boolean().optional() }).strict(), output: Job },
  /** Plans rolling rotations back (until their finish): old key's expiry and credentials restored, new key deleted. */
  'jobs.planRotationRollback': { input: z.object({ rotations: z.array(RotationRef).min(1).max(5000) }).strict(), output: Job },
} as const

/** Ends the plan line of a finish job started by the setting "Finish due rotations automatically". */
export const AUTO_FINISH_NOTE = 'started automatically: setting "Finish due rotations automatically"'

export const jobsEvents = {
  /** A step changed state (and the job's counts with it). */
  'jobs.progress': z.object({ job: JobSummary, step: JobStep.nullable() }),
  /**
   * The setting "Finish due rotations automatically" started a finish job (sent as `planned`, just before it runs) or
   * that job ended: the window says so (its steps arrive as jobs.progress like any job's).
   */
  'jobs.autoFinish': z.object({ job: JobSummary }),
} as const

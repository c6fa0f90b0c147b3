// Jobs: plans stored before anything is sent (shown to the user), applied by the engine,
// reported, undone. The self-lockout guard looks at every step that could cut IAM Desk off from
// an organization (a group membership removed or replaced, IAM Desk's own user locked or
// deleted, its own key deleted): such a step is planned as skipped with the guard's explanation,
// unless the user overrides.
import { randomUUID } from 'node:crypto'
import type { Job, JobSummary, RevealedKey, RotationRef, RotationState, RotationStatus } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { WriteKit } from '../writes/services'
import type { ProposedChange } from '../writes/self-lockout'
import { JobEngine } from './job-engine'
import { planMembership, type MembershipRequest } from './membership.plan'
import { planOffboarding, type OffboardingRequest } from './offboarding.plan'
import type { PlannedJob, PlannedStep } from './plan'
import { jobReportCsv } from './report'
import { planUndo } from './undo.plan'
import type { RotationPlanRequest } from './rotation.plan'
import { Rotations } from './rotation.service'
import type { GraceKey } from '../credentials/credentials.service'
import type { RotationDeps } from './rotation.steps'

export class JobsService {
  readonly #cache: Cache
  readonly #kit: WriteKit
  readonly #engine: JobEngine
  readonly #newId: () => string
  readonly #rotations: Rotations | undefined

  constructor(deps: { cache: Cache; kit: WriteKit; engine: JobEngine; newId?: () => string; rotation?: RotationDeps }) {
    this.#cache = deps.cache
    this.#kit = deps.kit
    this.#engine = deps.engine
    this.#newId = deps.newId ?? randomUUID
    this.#rotations = deps.rotation ? new Rotations(deps.cache, deps.kit, deps.rotation) : undefined
    // Jobs that were running when the app stopped: shown as interrupted, to resume or abandon.
    this.#cache.jobs.markInterrupted()
  }

  async planMembership(req: MembershipRequest & { override?: boolean | undefined }): Promise<Job> {
    if (!req.emails.length && !req.applicationNames.length) throw new AppError('invalid_input', 'Choose at least one person or application.')
    if (!req.groupName && !req.groups?.length) throw new AppError('invalid_input', 'Choose the target groups: a group name, or groups one by one.')
    return this.#store(await this.#guarded(planMembership(this.#cache, this.#kit, req), req.override ?? false))
  }

  async planOffboarding(req: OffboardingRequest & { override?: boolean | undefined }): Promise<Job> {
    if (req.apiKeys === 'expire' && !req.expiresAt) throw new AppError('invalid_input', 'Choose when the API keys expire.')
    return this.#store(await this.#guarded(planOffboarding(this.#cache, req), req.override ?? false))
  }

  async planUndo(id: string, force: boolean): Promise<Job> {
    const job = this.#cache.jobs.summary(id)
    // Undoing a key rotation is its rollback (the old keys back, the new ones deleted).
    if (job?.kind === 'rotation') {
      const refs = (await this.#rotation().status()).filter((r) => r.jobId === id && r.canRollBack).map((r) => ({ jobId: id, oldAccessKey: r.oldAccessKey }))
      if (refs.length === 0) throw new AppError('state_conflict', 'Nothing of this rotation can be rolled back (finished, rolled back, or nothing was sent).')
      return this.#store(await this.#rotation().planRollback(refs))
    }
    return this.#store(await planUndo(this.#cache, this.#kit, id, force))
  }

  // ------------------------------------------------------------------ key rotation (docs/rotation.md)

  #rotation(): Rotations {
    if (!this.#rotations) throw new AppError('invalid_input', 'Key rotation is not available in this build of IAM Desk.')
    return this.#rotations
  }

  async planRotation(req: RotationPlanRequest): Promise<Job> {
    return this.#store(await this.#rotation().plan(req))
  }

  rotationReveal(id: string, exportTo?: { path: string; format: 'env' | 'json' }): Promise<{ keys: RevealedKey[]; waiting: number; exported: boolean }> {
    return this.#rotation().reveal(id, exportTo)
  }

  rotations(filter: { organizationId?: string | undefined; states?: readonly RotationState[] | undefined }): Promise<RotationStatus[]> {
    return this.#rotation().status(filter)
  }

  /** The old keys waiting in their grace period (the credential report shows them). */
  rotationsInGrace(): GraceKey[] {
    return this.#rotations?.waitingInGrace() ?? []
  }

  /** The keychain entries an organization's rotations may hold (deleted with the organization). */
  rotationSecretNames(organizationId: string): string[] {
    return this.#rotations?.secretNames(organizationId) ?? []
  }

  /** `note`: said after the plan's line (e.g. that the setting started it). */
  async planRotationFinish(refs: readonly RotationRef[] | undefined, override: boolean, note?: string): Promise<Job> {
    const plan = await this.#guarded(await this.#rotation().planFinish(refs), override)
    return this.#store(note ? { ...plan, planText: `${plan.planText} (${note})` } : plan)
  }

  async planRotationRollback(refs: readonly RotationRef[]): Promise<Job> {
    return this.#store(await this.#rotation().planRollback(refs))
  }

  async apply(id: string): Promise<JobSummary> {
    const summary = await this.#engine.apply(id)
    if (summary.undoOf && summary.state === 'finished') this.#cache.jobs.linkUndo(summary.undoOf, summary.id)
    return this.#cache.jobs.summary(id)!
  }

  cancel(id: string): JobSummary {
    this.#engine.cancel(id)
    return this.#summary(id)
  }

  abandon(id: string): JobSummary {
    const job = this.#summary(id)
    if (this.#engine.isRunning(id)) throw new AppError('state_conflict', 'This job is running: cancel it first.')
    if (!['planned', 'interrupted', 'cancelled'].includes(job.state)) throw new AppError('state_conflict', `This job is ${job.state}.`)
    this.#cache.jobs.setState(id, 'abandoned')
    return this.#summary(id)
  }

  list(limit = 100): JobSummary[] {
    return this.#cache.jobs.list(limit)
  }

  get(id: string): Job {
    const job = this.#cache.jobs.get(id)
    if (!job) throw new AppError('not_in_desk', 'This job is not in IAM Desk.')
    return job
  }

  reportCsv(id: string): { fileName: string; csv: string } {
    const job = this.get(id)
    const day = job.createdAt.slice(0, 10)
    return { fileName: `iam-desk-${job.kind}-${day}-${job.id.slice(0, 8)}.csv`, csv: jobReportCsv(job) }
  }

  #summary(id: string): JobSummary {
    const s = this.#cache.jobs.summary(id)
    if (!s) throw new AppError('not_in_desk', 'This job is not in IAM Desk.')
    return s
  }

  /** Stores a plan made elsewhere (SSH keys from this computer) that the guard has nothing to judge in. */
  storePlanned(plan: PlannedJob): Job {
    return this.#store(plan)
  }

  #store(plan: PlannedJob): Job {
    const id = this.#newId()
    this.#cache.jobs.create(
      { id, kind: plan.kind, title: plan.title, planText: plan.planText, undoOf: plan.undoOf ?? null },
      plan.steps.map((s, position) => ({ ...s, id: String(position + 1).padStart(4, '0'), position })),
    )
    return this.get(id)
  }

  /** Marks the steps that would lock IAM Desk out of an organization as skipped, unless overridden. */
  async #guarded(plan: PlannedJob, override: boolean): Promise<PlannedJob> {
    if (override) return plan
    const steps: PlannedStep[] = []
    for (const s of plan.steps) {
      const change = s.state === 'pending' ? proposedChange(s) : []
      let explanation: string | null = null
      for (const c of change) {
        const target = await this.#kit.w.target(s.organizationId)
        const verdict = await this.#kit.guard.verdict(target.profile, target.client, c)
        if (verdict.lockout) {
          explanation = verdict.explanation
          break
        }
      }
      steps.push(explanation ? { ...s, state: 'skipped', message: `Skipped so IAM Desk keeps its access: ${explanation}` } : s)
    }
    return { ...plan, steps }
  }
}

/** The changes of a step the self-lockout guard must judge (none for additions and invitations). */
function proposedChange(s: PlannedStep): ProposedChange[] {
  switch (s.action) {
    case 'group.removeMembers':
      return (s.params.remove ?? []).map((m) => ({ kind: 'removeGroupMember', groupId: s.target.id, member: { type: m.type, id: m.id } }))
    case 'group.setMembers': {
      const add = s.params.add ?? []
      return [{ kind: 'setGroupMembers', groupId: s.target.id, userIds: add.filter((m) => m.type === 'user').map((m) => m.id), applicationIds: add.filter((m) => m.type === 'application').map((m) => m.id) }]
    }
    case 'user.lock':
      return [{ kind: 'lockUser', id: s.target.id }]
    case 'user.delete':
      return [{ kind: 'deleteUser', id: s.target.id }]
    case 'apiKey.delete':
    case 'apiKey.rotateFinish':
      return [{ kind: 'deleteApiKey', accessKey: s.target.id }]
    case 'apiKey.expire':
      return [{ kind: 'expireApiKey', accessKey: s.target.id, expiresAt: s.params.expiresAt ?? '' }]
    // A rotation's grace step never lets IAM Desk's own key expire while IAM Desk uses it: that
    // is checked when it runs (rotation.steps.ts), after the new key has replaced it.
    default:
      return []
  }
}

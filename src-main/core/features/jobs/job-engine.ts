// Applies a planned job (docs/jobs.md). Organizations run side by side (a few at a time, within
// the client's per-host limits); inside one organization steps run one after another, in plan
// order, so writes to one group are never concurrent — Scaleway answers concurrent group writes
// with 409 transient_state (terraform-provider-scaleway #3122 serialises for the same reason).
// A 409 transient_state is retried with jittered backoff; any other failure fails that step
// only. Each step is journaled before it is sent (running) and after (its outcome), so a crash
// leaves the job resumable; cancel stops between steps.
import type { JobStep, JobSummary } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import { kindOf } from '../../errors/core-error'
import { toContractError } from '../../errors/contract-error'
import type { EventHub } from '../../event-hub'
import type { ScalewayClient } from '../../platform/scaleway/client'
import type { WriteKit } from '../writes/services'
import type { RotationDeps } from './rotation.steps'
import { runStep } from './steps'

export interface JobEngineDeps {
  kit: WriteKit
  hub: EventHub
  /** Organizations applied at once. */
  organizationConcurrency?: number
  /** Attempts of a step answered 409 transient_state before it fails. */
  conflictAttempts?: number
  /** Backoff before retry n (1-based), before jitter. */
  backoffMs?: (attempt: number) => number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Keychain, clock and scw config for key rotation steps (docs/rotation.md). */
  rotation?: RotationDeps
}

/** Lists a step's change shows in (for `writes.applied`, which makes them re-read the cache). */
const KINDS_OF: Record<JobStep['action'], string[]> = {
  'group.addMembers': ['groups'],
  'group.removeMembers': ['groups'],
  'group.setMembers': ['groups'],
  'user.invite': ['users'],
  'user.lock': ['users'],
  'user.unlock': ['users'],
  'user.delete': ['users', 'api_keys', 'groups', 'policies', 'jwts'],
  'jwt.revoke': ['jwts'],
  'apiKey.delete': ['api_keys', 'applications'],
  'apiKey.expire': ['api_keys'],
  'apiKey.rotateCreate': ['api_keys', 'applications'],
  'apiKey.rotateVerify': ['api_keys'],
  'apiKey.rotateDeliver': ['api_keys'],
  'apiKey.rotateGrace': ['api_keys'],
  'apiKey.rotateFinish': ['api_keys', 'applications'],
  'apiKey.rotateRollback': ['api_keys', 'applications'],
  'sshKey.create': ['ssh_keys'],
  'sshKey.enable': ['ssh_keys'],
  'sshKey.delete': ['ssh_keys'],
}

export class JobEngine {
  readonly #d: JobEngineDeps
  readonly #running = new Map<string, { cancelled: boolean }>()

  constructor(deps: JobEngineDeps) {
    this.#d = deps
  }

  get #jobs() {
    return this.#d.kit.cache.jobs
  }

  isRunning(id: string): boolean {
    return this.#running.has(id)
  }

  /** Runs (or resumes) a job to its end; returns its final summary. */
  async apply(id: string): Promise<JobSummary> {
    const job = this.#jobs.summary(id)
    if (!job) throw new AppError('not_in_desk', 'This job is not in IAM Desk.')
    if (this.#running.has(id)) throw new AppError('state_conflict', 'This job is already running.')
    if (!['planned', 'interrupted', 'cancelled'].includes(job.state)) throw new AppError('state_conflict', `This job is ${job.state}: it cannot run again.`)
    const run = { cancelled: false }
    this.#running.set(id, run)
    this.#jobs.setState(id, 'running')
    this.#progress(id, null)
    try {
      const byOrg = new Map<string, JobStep[]>()
      // pending: never sent; running: sent before a crash, outcome unknown — run again, the
      // step reads first (steps.ts), so a change that happened is found, not repeated.
      for (const s of this.#jobs.steps(id)) {
        if (s.state !== 'pending' && s.state !== 'running') continue
        byOrg.set(s.organizationId, [...(byOrg.get(s.organizationId) ?? []), s])
      }
      const queue = [...byOrg.entries()]
      const workers = Array.from({ length: Math.min(this.#d.organizationConcurrency ?? 4, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await this.#runOrganization(id, next[0], next[1], run)
      })
      await Promise.all(workers)
      this.#jobs.setState(id, run.cancelled ? 'cancelled' : 'finished')
    } catch (err) {
      // Only a failure of the engine itself (e.g. the cache) lands here; steps fail one by one.
      this.#jobs.setState(id, 'interrupted')
      throw err
    } finally {
      this.#running.delete(id)
      this.#progress(id, null)
    }
    return this.#jobs.summary(id)!
  }

  /** Stops a running job between steps. */
  cancel(id: string): boolean {
    const run = this.#running.get(id)
    if (!run) return false
    run.cancelled = true
    return true
  }

  async #runOrganization(jobId: string, organizationId: string, steps: JobStep[], run: { cancelled: boolean }): Promise<void> {
    let target
    try {
      target = await this.#d.kit.w.target(organizationId)
    } catch (err) {
      // No secret or no organization: every step of it fails with the reason, the others go on.
      for (const s of steps) this.#finish(jobId, s, 'failed', toContractError(err).message)
      return
    }
    for (const step of steps) {
      if (run.cancelled) return
      await this.#runStep(jobId, step, target.client, organizationId)
    }
  }

  async #runStep(jobId: string, step: JobStep, client: ScalewayClient, organizationId: string): Promise<void> {
    const jobs = this.#jobs
    const maxAttempts = this.#d.conflictAttempts ?? 6
    let recorded = step.before !== null
    for (let attempt = 1; ; attempt++) {
      jobs.stepStarted(jobId, step.id)
      const current = jobs.step(jobId, step.id)!
      this.#progress(jobId, current)
      try {
        const outcome = await this.#d.kit.w.read(() =>
          runStep(current, {
            kit: this.#d.kit,
            client,
            organizationId,
            jobId,
            rotation: this.#d.rotation,
            recordBefore: (before) => {
              if (recorded) return
              recorded = true
              jobs.stepBefore(jobId, step.id, before)
            },
          }),
        )
        this.#finish(jobId, step, outcome.state, outcome.message)
        if (outcome.state === 'done') this.#d.hub.emit('writes.applied', { organizationId, operation: `jobs.${step.action}`, kinds: KINDS_OF[step.action], objectId: step.target.id })
        return
      } catch (err) {
        if (kindOf(err) === 'transient_state' && attempt < maxAttempts) {
          await this.#sleep(this.#backoff(attempt))
          continue
        }
        this.#finish(jobId, step, 'failed', toContractError(err).message)
        return
      }
    }
  }

  #finish(jobId: string, step: JobStep, state: 'done' | 'already' | 'skipped' | 'failed', message: string | null): void {
    this.#jobs.stepFinished(jobId, step.id, state, message)
    this.#progress(jobId, this.#jobs.step(jobId, step.id) ?? null)
  }

  #backoff(attempt: number): number {
    const base = this.#d.backoffMs?.(attempt) ?? Math.min(4_000, 150 * 2 ** (attempt - 1))
    // Jitter (50–150 %) spreads the retries of organizations that collided on the same group.
    return base * (0.5 + (this.#d.random ?? Math.random)())
  }

  #sleep(ms: number): Promise<void> {
    return this.#d.sleep ? this.#d.sleep(ms) : new Promise((r) => setTimeout(r, ms))
  }

  #progress(jobId: string, step: JobStep | null): void {
    const job = this.#jobs.summary(jobId)
    if (job) this.#d.hub.emit('jobs.progress', { job, step })
  }
}

// "Finish due rotations automatically" (setting `finishDueRotations`, off by default): the old
// keys whose grace period is over are deleted without waiting for "Finish now" — at start, when
// the setting is switched on, and while IAM Desk runs, checked once a minute. It is the same
// finish job the user would plan (jobs.planRotationFinish): planned with the self-lockout guard
// on, stored, applied with progress (jobs.progress) and reported in "Bulk changes"; its start and
// end are also pushed as `jobs.autoFinish` so the window can say what happened.
//
// What it never does: finish a rotation whose new secret still waits to be revealed (deleting
// the old key would leave nobody holding a working key), retry a rotation whose finish failed
// within the hour (an offline IAM Desk would otherwise make a failed job every minute), or run two
// automatic finishes at once.
import { AUTO_FINISH_NOTE, type JobSummary, type RotationRef } from '../../../../src-preload/contract'
import type { EventHub } from '../../event-hub'
import type { SettingsService } from '../settings/settings.service'
import type { JobsService } from './jobs.service'

/** How often a running IAM Desk looks for rotations that became due. */
export const AUTO_FINISH_INTERVAL_MS = 60_000
/** A rotation whose automatic finish did not go through is tried again after this long. */
export const AUTO_FINISH_RETRY_MS = 3_600_000

export interface AutoFinishDeps {
  jobs: JobsService
  settings: SettingsService
  hub: EventHub
  now: () => Date
  log: (message: string) => void
  /** Tests drive the checks themselves (no timer). */
  every?: (ms: number, run: () => void) => () => void
}

const refKey = (r: RotationRef) => `${r.jobId}:${r.oldAccessKey}`

export class RotationAutoFinish {
  readonly #d: AutoFinishDeps
  /** When each rotation's automatic finish was last tried without going through. */
  readonly #tried = new Map<string, number>()
  #running: Promise<JobSummary | null> | null = null
  #stop: (() => void) | null = null
  #unsubscribe: (() => void) | null = null

  constructor(deps: AutoFinishDeps) {
    this.#d = deps
  }

  /** Checks now, then once a minute, and at once whenever the setting is switched on. */
  start(): void {
    const every =
      this.#d.every ??
      ((ms, run) => {
        const t = setInterval(run, ms)
        t.unref()
        return () => clearInterval(t)
      })
    this.#stop = every(AUTO_FINISH_INTERVAL_MS, () => void this.check())
    this.#unsubscribe = this.#d.hub.subscribe((name, payload) => {
      if (name === 'settings.changed' && (payload as { finishDueRotations?: boolean }).finishDueRotations) void this.check()
    })
    void this.check()
  }

  /** No more checks; waits for a finish under way (the app closes its cache after this). */
  async stop(): Promise<void> {
    this.#stop?.()
    this.#unsubscribe?.()
    this.#stop = this.#unsubscribe = null
    await this.#running
  }

  /**
   * Finishes the due rotations when the setting is on: the finish job's summary once it ended,
   * or null when there was nothing to do (or one is already running: that run is awaited).
   */
  check(): Promise<JobSummary | null> {
    if (this.#running) return this.#running
    this.#running = this.#run()
      .catch((err: unknown) => {
        // Never an unhandled rejection from a timer; the job (if any) holds the details.
        this.#d.log(`rotation auto-finish: ${err instanceof Error ? err.name : typeof err}`)
        return null
      })
      .finally(() => (this.#running = null))
    return this.#running
  }

  async #run(): Promise<JobSummary | null> {
    if (!this.#d.settings.get().finishDueRotations) return null
    const now = this.#d.now().getTime()
    const due = (await this.#d.jobs.rotations({ states: ['due'] }))
      .filter((r) => !r.awaitingReveal)
      .map((r) => ({ jobId: r.jobId, oldAccessKey: r.oldAccessKey }))
      .filter((r) => now - (this.#tried.get(refKey(r)) ?? -Infinity) >= AUTO_FINISH_RETRY_MS)
    if (due.length === 0) return null
    const plan = await this.#d.jobs.planRotationFinish(due, false, AUTO_FINISH_NOTE)
    const pending = plan.steps.filter((s) => s.state === 'pending')
    if (pending.length === 0) {
      // Nothing left to delete (the guard kept IAM Desk's own key, say): no empty job in the list.
      for (const r of due) this.#tried.set(refKey(r), now)
      this.#d.jobs.abandon(plan.id)
      return null
    }
    const { steps: _steps, ...planned } = plan
    this.#d.hub.emit('jobs.autoFinish', { job: planned })
    const summary = await this.#d.jobs.apply(plan.id)
    const finished = this.#d.jobs.get(plan.id)
    for (const s of finished.steps) {
      const r = s.params.rotation
      if (r?.rotationJobId && s.state !== 'done' && s.state !== 'already') this.#tried.set(refKey({ jobId: r.rotationJobId, oldAccessKey: r.oldAccessKey }), now)
    }
    this.#d.hub.emit('jobs.autoFinish', { job: summary })
    return summary
  }
}

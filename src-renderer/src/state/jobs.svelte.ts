// Jobs (bulk changes across organizations, docs/jobs.md): the list, the jobs read in full (a plan
// shown, a job's detail), kept current by `jobs.progress` for the app's whole life, and which job
// dialog is open. `jobs.apply` answers only when the job ends: meanwhile its steps arrive as
// `jobs.progress` pushes, so any view showing a job follows it live.
//
// For other views (People): `openMembershipDialog({ emails, applicationNames })` and
// `openOffboardDialog(email)` open the dialogs prefilled; `show(id)` opens a job in "Bulk changes".
// The job shown there is in the address (nav.view), so a toast, a notice or back/forward opens it.
//
// When a job ends (done, done in part, stopped, failed — here or in another window: every window
// hears `jobs.progress`), a toast says what it did in the user's words (lib/job-words.ts
// jobOutcome) and links to its report: a user who closed the dialog or left still learns it.
import { AUTO_FINISH_NOTE } from '../../../src-preload/contract'
import type {
  AppErrorShape,
  CallInput,
  IamBridge,
  Job,
  JobStep,
  JobSummary,
  MembershipPlanInput,
  OffboardingPlanInput,
  Result,
  RevealedKey,
  RotationPlanInput,
  RotationRef,
  RotationStatus,
} from '../../../src-preload/contract'
import { jobOutcome } from '../lib/job-words'
import type { AppState } from './app.svelte'
import type { Section } from './nav.svelte'
import type { ToastsState } from './toasts.svelte'

export type JobDialog =
  | { type: 'membership'; emails: string[]; applicationNames: string[] }
  | { type: 'offboard'; email: string }

/** What the jobs need of the navigation: to show their section, on one job (its `view`). */
type Navigation = { section: Section; view: string; show(section: Section): void; showView(section: Section, view: string): void }

/** A job in one of these states has stopped running: its end is told once. */
const ENDED: ReadonlySet<JobSummary['state']> = new Set(['finished', 'cancelled', 'interrupted'])

/** A finish started by the setting "Finish due rotations automatically": told by a notice of its own. */
const autoFinish = (j: Pick<JobSummary, 'kind' | 'planText'>): boolean => j.kind === 'rotationFinish' && j.planText.endsWith(`(${AUTO_FINISH_NOTE})`)

/** A step no longer waits or runs. */
export const stepFinished = (s: Pick<JobStep, 'state'>): boolean => s.state !== 'pending' && s.state !== 'running'

const newestFirst = (a: JobSummary, b: JobSummary) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)

export class JobsState {
  /** Newest first, as `jobs.list` answers, kept current by `jobs.progress`. */
  items = $state.raw<JobSummary[]>([])
  loaded = $state(false)
  error = $state.raw<AppErrorShape | null>(null)
  /** Jobs read in full (steps included), by id, kept current by `jobs.progress`. */
  full = $state.raw<Record<string, Job>>({})
  dialog = $state.raw<JobDialog | null>(null)
  /** Jobs this window asked to apply whose call has not answered yet. */
  applying = $state.raw<readonly string[]>([])
  /** Said to assistive tech when a job ends. */
  lastMessage = $state('')

  readonly #iam: IamBridge
  readonly #app: AppState
  readonly #nav: Navigation
  readonly #toasts: Pick<ToastsState, 'push'>

  constructor(iam: IamBridge, app: AppState, nav: Navigation, toasts: Pick<ToastsState, 'push'>) {
    this.#iam = iam
    this.#app = app
    this.#nav = nav
    this.#toasts = toasts
  }

  /** The job shown in "Bulk changes" (null: the newest). */
  get selectedId(): string | null {
    return this.#nav.section === 'jobs' && this.#nav.view ? this.#nav.view : null
  }

  set selectedId(id: string | null) {
    this.#nav.view = id ?? ''
  }

  /** Subscribes to `jobs.progress` (for the app's whole life); returns the unsubscribe function. */
  listen(): () => void {
    const offs = [this.#iam.onJobsProgress((p) => this.#record(p.job, p.step)), this.#iam.onJobsAutoFinish((p) => this.#autoFinished(p.job))]
    return () => offs.forEach((off) => off())
  }

  /** Automatic finishes already told (a job is told at its start and at its end, once each). */
  readonly #told: Record<string, true> = {}

  /** The setting "Finish due rotations automatically" started a finish job, or it ended: say so. */
  #autoFinished(job: JobSummary): void {
    this.#upsert(job)
    const moment = `${job.id}:${job.state === 'planned' || job.state === 'running' ? 'start' : 'end'}`
    if (this.#told[moment]) return
    this.#told[moment] = true
    const show = { label: 'Show it', run: () => this.show(job.id) }
    const c = job.counts
    if (job.state === 'planned' || job.state === 'running') {
      this.#app.notify('info', `Finishing ${c.pending === 1 ? '1 due key rotation' : `${c.pending} due key rotations`} automatically: deleting the old ${c.pending === 1 ? 'key' : 'keys'}…`, show)
      return
    }
    const deleted = c.done + c.already
    const problems = c.failed + c.skipped
    const text = `Finished automatically: ${deleted === 1 ? '1 old key' : `${deleted} old keys`} deleted${problems ? `, ${problems} not (see the job)` : ''}.`
    this.#app.notify(problems ? 'warning' : 'info', text, show)
  }

  /**
   * Reads the list; at start, a job the app stopped in the middle of (interrupted) gets a notice
   * linking to it.
   */
  async start(): Promise<void> {
    await this.refresh()
    // Main finishes due rotations at its own start, before a window listens: say what it did.
    const recent = Date.now() - 15 * 60_000
    for (const j of this.items) if (autoFinish(j) && Date.parse(j.createdAt) > recent) this.#autoFinished(j)
    void this.#noticeDueRotations()
    const stopped = this.items.filter((j) => j.state === 'interrupted')
    const first = stopped[0]
    if (!first) return
    const more = stopped.length > 1 ? ` (and ${stopped.length - 1} more)` : ''
    this.#app.notify('warning', `IAM Desk stopped while the bulk change "${first.title}" ran${more}: resume or abandon it.`, {
      label: 'Show it',
      run: () => this.show(first.id),
    })
  }

  async refresh(): Promise<void> {
    const r = await this.#iam.jobsList({ limit: 200 })
    this.loaded = true
    if (!r.ok) {
      this.error = r.error
      return
    }
    this.error = null
    // A push heard while the list was on its way is newer than the list.
    const known = Object.fromEntries(this.items.map((j) => [j.id, j]))
    this.items = r.value.map((j) => (known[j.id]?.state === 'running' && j.state === 'running' ? known[j.id]! : j))
  }

  summary(id: string): JobSummary | undefined {
    return this.items.find((j) => j.id === id) ?? this.full[id]
  }

  /** Reads a job in full (its steps); the error to show, or null. */
  async load(id: string): Promise<AppErrorShape | null> {
    const r = await this.#iam.jobsGet({ id })
    if (!r.ok) return r.error
    this.#store(r.value)
    return null
  }

  /** Opens "Bulk changes" on a job. */
  show(id: string | null): void {
    if (id) this.#nav.showView('jobs', id)
    else this.#nav.show('jobs')
  }

  /** Opens the bulk membership dialog, prefilled with a selection (People view). */
  openMembershipDialog(selection: { emails?: readonly string[]; applicationNames?: readonly string[] } = {}): void {
    this.dialog = { type: 'membership', emails: [...(selection.emails ?? [])], applicationNames: [...(selection.applicationNames ?? [])] }
  }

  /** Opens the offboarding dialog for one person (People view). */
  openOffboardDialog(email = ''): void {
    this.dialog = { type: 'offboard', email }
  }

  closeDialog(): void {
    this.dialog = null
  }

  planMembership(input: MembershipPlanInput): Promise<Result<Job>> {
    return this.#planned(this.#iam.jobsPlanMembership(input))
  }

  planOffboarding(input: OffboardingPlanInput): Promise<Result<Job>> {
    return this.#planned(this.#iam.jobsPlanOffboarding(input))
  }

  /** Plans putting back what job `id` changed (a new planned job). */
  planUndo(id: string, force = false): Promise<Result<Job>> {
    return this.#planned(this.#iam.jobsPlanUndo(force ? { id, force } : { id }))
  }

  /** Plans rotating API keys (docs/rotation.md): a new planned job, nothing sent. */
  planRotation(input: RotationPlanInput): Promise<Result<Job>> {
    return this.#planned(this.#iam.jobsPlanRotation(input))
  }

  /** Plans deleting the old keys whose grace period is over (every due one when left out). */
  planRotationFinish(rotations?: RotationRef[]): Promise<Result<Job>> {
    return this.#planned(this.#iam.jobsPlanRotationFinish(rotations ? { rotations } : {}))
  }

  /** Plans rolling rotations back (old key's expiry and credentials back, new key deleted). */
  planRotationRollback(rotations: RotationRef[]): Promise<Result<Job>> {
    return this.#planned(this.#iam.jobsPlanRotationRollback({ rotations }))
  }

  /** SSH keys from this computer (docs/ssh-keys.md): upload, enable, remove — planned, nothing sent. */
  planSshUpload(input: CallInput<'sshLocal.planUpload'>): Promise<Result<Job>> {
    return this.#planned(this.#iam.sshLocalPlanUpload(input))
  }

  planSshEnable(input: CallInput<'sshLocal.planEnable'>): Promise<Result<Job>> {
    return this.#planned(this.#iam.sshLocalPlanEnable(input))
  }

  planSshRemove(input: CallInput<'sshLocal.planRemove'>): Promise<Result<Job>> {
    return this.#planned(this.#iam.sshLocalPlanRemove(input))
  }

  /** The rotations of one job (or of every job), where each stands. */
  async rotationsOf(jobId?: string): Promise<Result<RotationStatus[]>> {
    const r = await this.#iam.jobsRotations({})
    return r.ok && jobId ? { ok: true, value: r.value.filter((x) => x.jobId === jobId) } : r
  }

  /**
   * The job's new secrets, in the one answer that ever carries them (a second call returns none
   * of them); with `exportTo`, also written to that new file by main in the same call.
   */
  async rotationReveal(
    id: string,
    exportTo?: { path: string; format: 'env' | 'json' },
  ): Promise<Result<{ keys: RevealedKey[]; waiting: number; exported: boolean }>> {
    return this.#iam.jobsRotationReveal(exportTo ? { id, exportTo } : { id })
  }

  /**
   * At start: a notice when old keys are past their grace period, offering to plan the finish —
   * unless the setting finishes them on its own (main does it at start), in which case only
   * those it leaves (their new secret not revealed yet) are mentioned.
   */
  async #noticeDueRotations(): Promise<void> {
    const [r, settings] = await Promise.all([this.#iam.jobsRotations({ states: ['due'] }), this.#iam.settingsGet({})])
    if (!r.ok) return
    if (settings.ok && settings.value.finishDueRotations) {
      const waiting = r.value.filter((x) => x.awaitingReveal)
      const first = waiting[0]
      if (!first) return
      const n = waiting.length
      this.#app.notify('warning', `${n === 1 ? '1 old key is' : `${n} old keys are`} past the grace period but not finished: reveal the new ${n === 1 ? 'secret' : 'secrets'} first.`, {
        label: 'Show it',
        run: () => this.show(first.jobId),
      })
      return
    }
    if (r.value.length === 0) return
    const n = r.value.length
    const text = n === 1 ? '1 old key is past its grace period — finish its rotation to delete it.' : `${n} old keys are past their grace period — finish their rotations to delete them.`
    this.#app.notify('warning', text, {
      label: 'Finish…',
      run: () => void this.#planFinishAndShow(),
    })
  }

  async #planFinishAndShow(): Promise<void> {
    const r = await this.planRotationFinish()
    if (r.ok) this.show(r.value.id)
    else this.#app.notify('error', `The finish could not be planned: ${r.error.message}`)
  }

  /** Runs (or resumes) a job to its end; the error to show, or null. */
  async apply(id: string): Promise<AppErrorShape | null> {
    if (this.applying.includes(id)) return null
    this.applying = [...this.applying, id]
    try {
      const r = await this.#iam.jobsApply({ id })
      if (!r.ok) {
        // The job may have moved on anyway (e.g. it was already running): read where it is.
        await this.load(id)
        return r.error
      }
      this.#upsert(r.value)
      // The end push may be missed (or come later): told here too, once.
      if (ENDED.has(r.value.state)) await this.#ended(r.value)
      else await this.load(id)
      const c = r.value.counts
      this.lastMessage = `${r.value.title}: ${r.value.state}. ${c.done} done, ${c.already} already so, ${c.skipped} skipped, ${c.failed} failed.`
      return null
    } finally {
      this.applying = this.applying.filter((x) => x !== id)
    }
  }

  /** Stops a running job between steps. */
  async cancel(id: string): Promise<AppErrorShape | null> {
    return this.#settle(await this.#iam.jobsCancel({ id }))
  }

  /** Gives up a planned or interrupted job: nothing more is sent. */
  async abandon(id: string): Promise<AppErrorShape | null> {
    return this.#settle(await this.#iam.jobsAbandon({ id }))
  }

  async #planned(pending: Promise<Result<Job>>): Promise<Result<Job>> {
    const r = await pending
    if (r.ok) this.#store(r.value)
    return r
  }

  #settle(r: Result<JobSummary>): AppErrorShape | null {
    if (!r.ok) return r.error
    this.#upsert(r.value)
    return null
  }

  #store(job: Job): void {
    this.full = { ...this.full, [job.id]: job }
    const { steps: _steps, ...summary } = job
    this.#upsert(summary)
  }

  /** Puts a summary in the list (new jobs first) and in the full job, if read. */
  #upsert(summary: JobSummary): void {
    const i = this.items.findIndex((j) => j.id === summary.id)
    this.items = i < 0 ? [summary, ...this.items].sort(newestFirst) : this.items.with(i, summary)
    const job = this.full[summary.id]
    if (job) this.full = { ...this.full, [summary.id]: { ...job, ...summary } }
  }

  /** Ends already told, by job and end time (a resumed job that ends again is told again). */
  readonly #endsTold: Record<string, true> = {}

  /** A job ended: reads it whole (its report) and says in a toast what it did, once per end. */
  async #ended(summary: JobSummary): Promise<void> {
    const key = `${summary.id}@${summary.finishedAt ?? ''}`
    if (this.#endsTold[key]) return
    this.#endsTold[key] = true
    const failed = await this.load(summary.id)
    if (autoFinish(summary)) return
    const job = this.full[summary.id]
    const said = job && !failed ? jobOutcome({ ...job, ...summary }) : { text: `${summary.title}: ${summary.state}`, tone: 'warning' as const }
    this.#toasts.push({ tone: said.tone, message: said.text, link: { label: 'Show the report', section: 'jobs', view: summary.id } })
  }

  #record(summary: JobSummary, step: JobStep | null): void {
    this.#upsert(summary)
    if (!step && ENDED.has(summary.state)) {
      void this.#ended(summary)
      return
    }
    const job = this.full[summary.id]
    if (!job) return
    if (step) {
      const steps = job.steps.map((s) => (s.id === step.id ? step : s))
      this.full = { ...this.full, [summary.id]: { ...job, steps } }
    } else if (summary.state !== 'running') {
      // The job ended (or stopped): read it whole, in case a push was missed on the way.
      void this.load(summary.id)
    }
  }
}

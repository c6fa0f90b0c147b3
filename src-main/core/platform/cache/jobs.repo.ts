// The jobs journal: jobs and their steps (migration 0003). The engine writes a step's state
// before it sends anything (running) and after (done, already, skipped, failed), each write its
// own transaction, so a killed process leaves exactly what ran and what did not.
import type { Database, Statement } from 'better-sqlite3'
import { z } from 'zod'
import { Job, JobStep, JobSummary, MemberRef, StepParams, type JobCounts, type JobKind, type JobState, type StepState } from '../../../../src-preload/contract/jobs'
import { parseStored, storedJson } from './stored-json'

interface JobRow {
  id: string
  kind: string
  title: string
  plan_text: string
  state: string
  created_at: string
  started_at: string | null
  finished_at: string | null
  undo_of: string | null
  undone_by: string | null
}
interface StepRow {
  id: string
  position: number
  organization_id: string
  organization_name: string
  item: string
  target_kind: string
  target_id: string
  target_name: string
  action: string
  params_json: string
  expected_json: string | null
  before_json: string | null
  state: string
  message: string | null
  irreversible: number
  attempts: number
  finished_at: string | null
}

/** A step as the planner makes it (its state may already be final: already, skipped). */
export type NewStep = Omit<JobStep, 'attempts' | 'finishedAt' | 'before'>

const Members = z.array(MemberRef)

const stepOf = (r: StepRow): JobStep =>
  JobStep.parse({
    id: r.id,
    position: r.position,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    item: r.item,
    target: { kind: r.target_kind, id: r.target_id, name: r.target_name },
    action: r.action,
    params: StepParams.parse(parseStored(r.params_json)),
    expected: r.expected_json === null ? null : Members.parse(parseStored(r.expected_json)),
    before: r.before_json === null ? null : parseStored(r.before_json),
    state: r.state,
    message: r.message,
    irreversible: r.irreversible === 1,
    attempts: r.attempts,
    finishedAt: r.finished_at,
  })

/** Undo can put back group memberships and locks; deletions and expiries it cannot. */
const UNDOABLE = new Set(['group.addMembers', 'group.removeMembers', 'group.setMembers', 'user.lock'])

export class JobsRepo {
  readonly #insertJob: Statement
  readonly #insertStep: Statement
  readonly #getJob: Statement<[string], JobRow>
  readonly #listJobs: Statement<[number], JobRow>
  readonly #steps: Statement<[string], StepRow>
  readonly #counts: Statement<[string], { state: string; n: number; orgs: number }>
  readonly #orgCount: Statement<[string], { n: number }>
  readonly #undoable: Statement<[string], { n: number }>

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {
    this.#insertJob = db.prepare(
      `INSERT INTO jobs (id, kind, title, plan_text, state, created_at, undo_of) VALUES (?, ?, ?, ?, 'planned', ?, ?)`,
    )
    this.#insertStep = db.prepare(
      `INSERT INTO job_steps (job_id, id, position, organization_id, organization_name, item, target_kind, target_id, target_name,
                              action, params_json, expected_json, state, message, irreversible)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#getJob = db.prepare('SELECT * FROM jobs WHERE id = ?')
    this.#listJobs = db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?')
    this.#steps = db.prepare('SELECT * FROM job_steps WHERE job_id = ? ORDER BY position')
    this.#counts = db.prepare('SELECT state, count(*) AS n, 0 AS orgs FROM job_steps WHERE job_id = ? GROUP BY state')
    this.#orgCount = db.prepare('SELECT count(DISTINCT organization_id) AS n FROM job_steps WHERE job_id = ?')
    this.#undoable = db.prepare(
      `SELECT count(*) AS n FROM job_steps WHERE job_id = ? AND state = 'done'
         AND action IN (${[...UNDOABLE].map((a) => `'${a}'`).join(', ')})`,
    )
  }

  /** Stores a plan: the job and all its steps, in one transaction. */
  create(job: { id: string; kind: JobKind; title: string; planText: string; undoOf?: string | null }, steps: readonly NewStep[]): void {
    this.db.transaction(() => {
      this.#insertJob.run(job.id, job.kind, job.title, job.planText, this.now().toISOString(), job.undoOf ?? null)
      for (const s of steps) {
        this.#insertStep.run(
          job.id,
          s.id,
          s.position,
          s.organizationId,
          s.organizationName,
          s.item,
          s.target.kind,
          s.target.id,
          s.target.name,
          s.action,
          storedJson(s.params),
          s.expected === null ? null : storedJson(s.expected),
          s.state,
          s.message,
          s.irreversible ? 1 : 0,
        )
      }
    })()
  }

  setState(id: string, state: JobState): void {
    const at = this.now().toISOString()
    if (state === 'running') this.db.prepare('UPDATE jobs SET state = ?, started_at = coalesce(started_at, ?), finished_at = NULL WHERE id = ?').run(state, at, id)
    else if (state === 'planned' || state === 'interrupted') this.db.prepare('UPDATE jobs SET state = ? WHERE id = ?').run(state, id)
    else this.db.prepare('UPDATE jobs SET state = ?, finished_at = ? WHERE id = ?').run(state, at, id)
  }

  linkUndo(jobId: string, undoneBy: string): void {
    this.db.prepare('UPDATE jobs SET undone_by = ? WHERE id = ?').run(undoneBy, jobId)
  }

  /** Before a step is sent: running, one more attempt. */
  stepStarted(jobId: string, stepId: string): void {
    this.db.prepare(`UPDATE job_steps SET state = 'running', attempts = attempts + 1 WHERE job_id = ? AND id = ?`).run(jobId, stepId)
  }

  /** What the step found right before it changed anything (for undo). */
  stepBefore(jobId: string, stepId: string, before: unknown): void {
    this.db.prepare('UPDATE job_steps SET before_json = ? WHERE job_id = ? AND id = ?').run(storedJson(before), jobId, stepId)
  }

  stepFinished(jobId: string, stepId: string, state: Exclude<StepState, 'pending' | 'running'>, message: string | null): void {
    this.db.prepare('UPDATE job_steps SET state = ?, message = ?, finished_at = ? WHERE job_id = ? AND id = ?').run(state, message, this.now().toISOString(), jobId, stepId)
  }

  /** A step not run (cancelled, abandoned) goes back to pending; nothing was sent for it. */
  stepPending(jobId: string, stepId: string): void {
    this.db.prepare(`UPDATE job_steps SET state = 'pending' WHERE job_id = ? AND id = ?`).run(jobId, stepId)
  }

  /** At start: jobs that were running when the app stopped are interrupted (resume or abandon). */
  markInterrupted(): string[] {
    const ids = (this.db.prepare(`SELECT id FROM jobs WHERE state = 'running'`).all() as Array<{ id: string }>).map((r) => r.id)
    this.db.prepare(`UPDATE jobs SET state = 'interrupted' WHERE state = 'running'`).run()
    return ids
  }

  summary(id: string): JobSummary | undefined {
    const r = this.#getJob.get(id)
    return r ? this.#summaryOf(r) : undefined
  }

  get(id: string): Job | undefined {
    const r = this.#getJob.get(id)
    if (!r) return undefined
    return Job.parse({ ...this.#summaryOf(r), steps: this.steps(id) })
  }

  steps(id: string): JobStep[] {
    return this.#steps.all(id).map(stepOf)
  }

  step(jobId: string, stepId: string): JobStep | undefined {
    const r = this.db.prepare('SELECT * FROM job_steps WHERE job_id = ? AND id = ?').get(jobId, stepId) as StepRow | undefined
    return r ? stepOf(r) : undefined
  }

  list(limit: number): JobSummary[] {
    return this.#listJobs.all(limit).map((r) => this.#summaryOf(r))
  }

  #summaryOf(r: JobRow): JobSummary {
    const counts: JobCounts = { organizations: this.#orgCount.get(r.id)?.n ?? 0, steps: 0, pending: 0, running: 0, done: 0, already: 0, skipped: 0, failed: 0 }
    for (const c of this.#counts.all(r.id)) {
      counts.steps += c.n
      counts[c.state as StepState] += c.n
    }
    return JobSummary.parse({
      id: r.id,
      kind: r.kind,
      title: r.title,
      planText: r.plan_text,
      state: r.state,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      counts,
      undoOf: r.undo_of,
      undoneBy: r.undone_by,
      undoable: r.undone_by === null && (this.#undoable.get(r.id)?.n ?? 0) > 0,
    })
  }
}

import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import { parseStored, storedJson } from './stored-json'

export const JournalState = z.enum(['planned', 'running', 'succeeded', 'failed', 'cancelled', 'partial'])
export type JournalState = z.infer<typeof JournalState>

/**
 * One write operation (create, delete, rotate, bulk membership, upload): its plan, each
 * step's outcome, its final state, so a crash mid-way can be seen and resumed. Plans and
 * steps are stored through `storedJson`, which drops any field naming a secret.
 */
export interface JournalEntry {
  id: string
  organizationId: string | null
  operation: string
  plan: unknown
  steps: unknown[]
  state: JournalState
  startedAt: string
  finishedAt: string | null
}

interface Row {
  id: string
  organization_id: string | null
  operation: string
  plan_json: string
  steps_json: string
  state: string
  started_at: string
  finished_at: string | null
}

const fromRow = (r: Row): JournalEntry => ({
  id: r.id,
  organizationId: r.organization_id,
  operation: r.operation,
  plan: parseStored(r.plan_json),
  steps: z.array(z.unknown()).parse(parseStored(r.steps_json)),
  state: JournalState.parse(r.state),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
})

const FINAL: ReadonlySet<JournalState> = new Set(['succeeded', 'failed', 'cancelled', 'partial'])

export class JournalRepo {
  readonly #insert
  readonly #get
  readonly #update
  readonly #unfinished
  readonly #list

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.#insert = db.prepare(
      `INSERT INTO journal (id, organization_id, operation, plan_json, steps_json, state, started_at, finished_at)
       VALUES (@id, @organization_id, @operation, @plan_json, '[]', @state, @started_at, NULL)`,
    )
    this.#get = db.prepare<[string], Row>('SELECT * FROM journal WHERE id = ?')
    this.#update = db.prepare(
      'UPDATE journal SET steps_json = @steps_json, state = @state, finished_at = @finished_at WHERE id = @id',
    )
    this.#unfinished = db.prepare<[], Row>(
      `SELECT * FROM journal WHERE state IN ('planned', 'running') ORDER BY started_at, id`,
    )
    this.#list = db.prepare<[number], Row>('SELECT * FROM journal ORDER BY started_at DESC, id DESC LIMIT ?')
  }

  begin(e: { id: string; organizationId: string | null; operation: string; plan: unknown; state?: JournalState }): JournalEntry {
    this.#insert.run({
      id: e.id,
      organization_id: e.organizationId,
      operation: e.operation,
      plan_json: storedJson(e.plan),
      state: e.state ?? 'running',
      started_at: this.now().toISOString(),
    })
    return this.require(e.id)
  }

  /** Appends one step's outcome, optionally moving the entry to a new state. */
  appendStep(id: string, step: unknown, state?: JournalState): JournalEntry {
    const cur = this.require(id)
    const steps = [...cur.steps, parseStored(storedJson(step))]
    return this.#write(cur, steps, state ?? cur.state)
  }

  finish(id: string, state: JournalState): JournalEntry {
    const cur = this.require(id)
    return this.#write(cur, cur.steps, state)
  }

  #write(cur: JournalEntry, steps: unknown[], state: JournalState): JournalEntry {
    this.#update.run({
      id: cur.id,
      steps_json: storedJson(steps),
      state,
      finished_at: FINAL.has(state) ? (cur.finishedAt ?? this.now().toISOString()) : null,
    })
    return this.require(cur.id)
  }

  get(id: string): JournalEntry | undefined {
    const row = this.#get.get(id)
    return row ? fromRow(row) : undefined
  }

  require(id: string): JournalEntry {
    const e = this.get(id)
    if (!e) throw new Error(`unknown journal entry ${id}`)
    return e
  }

  /** Operations a crash interrupted: shown to the user to resume or dismiss. */
  unfinished(): JournalEntry[] {
    return this.#unfinished.all().map(fromRow)
  }

  recent(limit = 100): JournalEntry[] {
    return this.#list.all(limit).map(fromRow)
  }
}

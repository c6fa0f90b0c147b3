import type { Database } from 'better-sqlite3'
import { z } from 'zod'
import { Rule, type Rule as RuleT } from '../../../../domain/schemas'
import { KINDS, type KindItems, type ResourceKind } from './kinds'
import { parseStored } from './stored-json'

/** Kinds a change can be about: every resource kind, and `rules` = a policy's whole rule list. */
export type ChangeKind = ResourceKind | 'rules'
export type ChangeType = 'added' | 'removed' | 'modified'
export type ChangedObject = KindItems[ResourceKind] | RuleT[]

export interface ChangeRecord {
  id: number
  syncRunId: number
  organizationId: string
  kind: ChangeKind
  /** The object's id; for `rules`, the policy id. */
  objectId: string
  change: ChangeType
  before: ChangedObject | null
  after: ChangedObject | null
  at: string
}

export interface PolicyRulesVersion {
  syncRunId: number
  at: string
  change: ChangeType
  before: RuleT[] | null
  after: RuleT[] | null
}

export interface NewChange {
  syncRunId: number
  organizationId: string
  kind: ChangeKind
  objectId: string
  change: ChangeType
  /** Stored JSON texts (already stripped of secrets). */
  beforeJson: string | null
  afterJson: string | null
  at: string
}

interface Row {
  id: number
  sync_run_id: number
  organization_id: string
  kind: string
  object_id: string
  change: string
  before_json: string | null
  after_json: string | null
  at: string
}

const RulesList = z.array(Rule)
const ChangeTypeSchema = z.enum(['added', 'removed', 'modified'])

function isResourceKind(kind: string): kind is ResourceKind {
  return Object.hasOwn(KINDS, kind)
}

function parseObject(kind: string, json: string | null): ChangedObject | null {
  if (json === null) return null
  const value = parseStored(json)
  if (kind === 'rules') return RulesList.parse(value)
  if (isResourceKind(kind)) return KINDS[kind].schema.parse(value) as ChangedObject
  throw new Error(`unknown change kind ${kind}`)
}

const fromRow = (r: Row): ChangeRecord => {
  if (r.kind !== 'rules' && !isResourceKind(r.kind)) throw new Error(`unknown change kind ${r.kind}`)
  return {
    id: r.id,
    syncRunId: r.sync_run_id,
    organizationId: r.organization_id,
    kind: r.kind,
    objectId: r.object_id,
    change: ChangeTypeSchema.parse(r.change),
    before: parseObject(r.kind, r.before_json),
    after: parseObject(r.kind, r.after_json),
    at: r.at,
  }
}

export interface ChangesQuery {
  kinds?: ChangeKind[]
  offset?: number
  limit?: number
}

export class HistoryRepo {
  readonly #insert
  readonly #since
  readonly #lastRun
  readonly #ofObject

  constructor(db: Database) {
    this.#insert = db.prepare(
      `INSERT INTO changes (sync_run_id, organization_id, kind, object_id, change, before_json, after_json, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#since = db.prepare<[{ org: string; after: number; all: number; kinds: string; limit: number; offset: number }], Row>(
      `SELECT * FROM changes
       WHERE organization_id = @org AND sync_run_id > @after
         AND (@all = 1 OR kind IN (SELECT value FROM json_each(@kinds)))
       ORDER BY id LIMIT @limit OFFSET @offset`,
    )
    this.#lastRun = db.prepare<[string], { id: number }>(
      `SELECT id FROM sync_runs WHERE organization_id = ? AND status = 'ok' ORDER BY id DESC LIMIT 1`,
    )
    this.#ofObject = db.prepare<[string, string, string], Row>(
      'SELECT * FROM changes WHERE organization_id = ? AND kind = ? AND object_id = ? ORDER BY id',
    )
  }

  record(c: NewChange): void {
    this.#insert.run(c.syncRunId, c.organizationId, c.kind, c.objectId, c.change, c.beforeJson, c.afterJson, c.at)
  }

  /**
   * What changed after sync run `afterSyncRunId` (exclusive); without it, what the latest
   * successful sync of the organization changed.
   */
  changesSince(organizationId: string, afterSyncRunId?: number, q: ChangesQuery = {}): ChangeRecord[] {
    let after = afterSyncRunId
    if (after === undefined) {
      const last = this.#lastRun.get(organizationId)
      if (!last) return []
      after = last.id - 1
    }
    const some = q.kinds !== undefined && q.kinds.length > 0
    return this.#since
      .all({
        org: organizationId,
        after,
        all: some ? 0 : 1,
        kinds: JSON.stringify(q.kinds ?? []),
        limit: q.limit ?? -1,
        offset: q.offset ?? 0,
      })
      .map(fromRow)
  }

  /** Every recorded change of an object, oldest first. */
  historyOf(organizationId: string, kind: ChangeKind, objectId: string): ChangeRecord[] {
    return this.#ofObject.all(organizationId, kind, objectId).map(fromRow)
  }

  /** A policy's rules over time, oldest first: each sync that changed them, before and after. */
  policyRulesHistory(organizationId: string, policyId: string): PolicyRulesVersion[] {
    return this.#ofObject.all(organizationId, 'rules', policyId).map((r) => ({
      syncRunId: r.sync_run_id,
      at: r.at,
      change: ChangeTypeSchema.parse(r.change),
      before: r.before_json === null ? null : RulesList.parse(parseStored(r.before_json)),
      after: r.after_json === null ? null : RulesList.parse(parseStored(r.after_json)),
    }))
  }
}

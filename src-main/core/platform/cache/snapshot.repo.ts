import type { Database } from 'better-sqlite3'
import type { Rule } from '../../../../domain/schemas'
import { CacheError } from './cache-error'
import type { HistoryRepo } from './history.repo'
import { RESOURCE_KINDS, type KindItems, type ResourceKind } from './kinds'
import type { OrganizationsRepo } from './organizations.repo'
import { rowOf, type ResourcesRepo, type StoredRow } from './resources.repo'
import { storedJson } from './stored-json'
import type { ChangeCounts, SyncRunCounts, SyncRunsRepo } from './sync-runs.repo'

/**
 * Everything one sync learned about one organization. A kind left undefined was not fetched
 * (skipped for lack of permission): its cached rows are kept as they were.
 */
export type OrganizationSnapshot = { [K in ResourceKind]?: ReadonlyArray<KindItems[K]> } & {
  /** Rules per policy id; required for every policy when `policies` is given. */
  rules?: ReadonlyMap<string, readonly Rule[]>
  /**
   * Kinds given only as their objects created since the last sync (audit logs, which never
   * change): the cached objects missing from them stay, where a whole kind would remove them.
   */
  onlyNew?: readonly ResourceKind[]
}

/** A kind's objects by id, each with its table row computed (JSON text, search text, columns). */
export type PreparedRows<K extends ResourceKind> = Map<string, StoredRow<K>>

/**
 * A snapshot whose objects already carry their stored JSON: the costly part of a commit that
 * needs no database, done as soon as a kind is complete (see OffThreadCommitter.stage).
 */
export type PreparedSnapshot = { [K in ResourceKind]?: PreparedRows<K> } & Pick<OrganizationSnapshot, 'rules' | 'onlyNew'>

export function prepareRows<K extends ResourceKind>(kind: K, items: ReadonlyArray<KindItems[K]>): PreparedRows<K> {
  const rows: PreparedRows<K> = new Map()
  // Pages fetched concurrently can overlap if the data moves during the sync: last wins.
  for (const item of items) {
    const row = rowOf(kind, item, storedJson(item))
    rows.set(row.id, row)
  }
  return rows
}

/** Prepares every kind of `snapshot`, on top of kinds prepared earlier (`staged`). */
export function prepareSnapshot(snapshot: OrganizationSnapshot, staged: PreparedSnapshot = {}): PreparedSnapshot {
  const prepared: PreparedSnapshot = { ...staged }
  const put = <K extends ResourceKind>(kind: K, items: ReadonlyArray<KindItems[K]> | undefined): void => {
    if (items) (prepared as Record<K, PreparedRows<K>>)[kind] = prepareRows(kind, items)
  }
  for (const kind of RESOURCE_KINDS) put(kind, snapshot[kind] as ReadonlyArray<KindItems[typeof kind]> | undefined)
  if (snapshot.rules) prepared.rules = snapshot.rules
  if (snapshot.onlyNew) prepared.onlyNew = snapshot.onlyNew
  return prepared
}

export interface SnapshotRunInfo {
  startedAt: string
  finishedAt: string
  durationMs: number
  requests: number
  skipped: SyncRunCounts['skipped']
  /** Whether every policy's rules were re-read (recorded so "once a day" can be kept). */
  full?: boolean
  /** 429 answers met during the sync (SyncRunCounts.rateLimited). */
  rateLimited?: number
}

export interface CommitResult {
  syncRunId: number
  counts: SyncRunCounts
}

export interface FailedRunInfo extends SnapshotRunInfo {
  status: 'failed' | 'cancelled'
  errorCode: string
  errorMessage: string
  /** Rows fetched before the failure, for the run record only. */
  rows?: Record<string, number>
}

const zero = (): ChangeCounts => ({ added: 0, removed: 0, modified: 0 })

/** A rule list without ids: `PUT /rules` gives every rule a fresh id even when unchanged. */
const rulesContent = (rules: readonly Rule[]): string => storedJson(rules.map(({ id: _id, ...rest }) => rest))

export class SnapshotRepo {
  constructor(
    private readonly db: Database,
    private readonly organizations: OrganizationsRepo,
    private readonly resources: ResourcesRepo,
    private readonly history: HistoryRepo,
    private readonly syncRuns: SyncRunsRepo,
  ) {}

  /**
   * Replaces an organization's cached state with `snapshot` in ONE transaction: rows are
   * added, updated or removed by comparing stored JSON, each difference is recorded in
   * `changes` with its before/after, and the sync run is written. If anything throws (or
   * the process dies) before COMMIT, the previous state is left exactly as it was.
   */
  commit(organizationId: string, snapshot: OrganizationSnapshot, run: SnapshotRunInfo): CommitResult {
    return this.commitPrepared(organizationId, prepareSnapshot(snapshot), run)
  }

  /** `commit` for a snapshot whose rows were prepared beforehand. */
  commitPrepared(organizationId: string, snapshot: PreparedSnapshot, run: SnapshotRunInfo): CommitResult {
    return this.db
      .transaction((): CommitResult => {
        if (!this.organizations.get(organizationId)) {
          throw new CacheError('organization_removed', `The organization ${organizationId} was removed while it was being synced.`)
        }
        const counts: SyncRunCounts = { rows: {}, skipped: run.skipped, changes: {}, full: run.full, ...(run.rateLimited ? { rateLimited: run.rateLimited } : {}) }
        // The first successful sync is the baseline: it is counted ("+2,000 users") but its
        // objects are not copied into the history one by one — that would double the
        // first commit's work and say nothing a person asks ("what changed since last sync").
        // Rules are the exception: one row per policy, and a policy's rules over time start here.
        const baseline = this.syncRuns.lastSuccessful(organizationId) === undefined
        const syncRunId = this.syncRuns.insert({
          organizationId,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          durationMs: run.durationMs,
          status: 'ok',
          requests: run.requests,
          errorCode: null,
          errorMessage: null,
          counts,
        })
        const record = (kind: ResourceKind | 'rules', objectId: string, change: keyof ChangeCounts, before: string | null, after: string | null) => {
          const c = (counts.changes[kind] ??= zero())
          c[change] += 1
          if (baseline && kind !== 'rules') return
          this.history.record({ syncRunId, organizationId, kind, objectId, change, beforeJson: before, afterJson: after, at: run.finishedAt })
        }

        // Read the previous rules before policies are touched: removing a policy cascades.
        const previousRules = snapshot.policies ? this.resources.rulesJsonByPolicy(organizationId) : undefined

        for (const kind of RESOURCE_KINDS) {
          const rows = snapshot[kind] as PreparedRows<typeof kind> | undefined
          if (!rows) continue
          this.#replaceKind(organizationId, kind, rows, record, snapshot.onlyNew?.includes(kind) === true)
        }

        if (snapshot.policies && previousRules) {
          const rules = snapshot.rules
          if (!rules) throw new Error('a snapshot with policies must carry their rules')
          const seen = new Set<string>()
          for (const policyId of snapshot.policies.keys()) {
            seen.add(policyId)
            const next = rules.get(policyId) ?? []
            const nextJson = storedJson(next)
            const prevJson = previousRules.get(policyId)
            if (prevJson !== nextJson) this.resources.replaceRules(organizationId, policyId, next)
            const prev = prevJson === undefined ? [] : (JSON.parse(prevJson) as Rule[])
            if (rulesContent(prev) !== rulesContent(next)) {
              const change = prev.length === 0 ? 'added' : next.length === 0 ? 'removed' : 'modified'
              record('rules', policyId, change, prev.length === 0 ? null : (prevJson ?? null), next.length === 0 ? null : nextJson)
            }
          }
          for (const [policyId, prevJson] of previousRules) {
            if (!seen.has(policyId) && prevJson !== '[]') record('rules', policyId, 'removed', prevJson, null)
          }
        }

        for (const kind of RESOURCE_KINDS) {
          if (snapshot[kind]) counts.rows[kind] = this.resources.count(organizationId, kind)
        }
        if (snapshot.policies) counts.rows.rules = [...(snapshot.rules?.values() ?? [])].reduce((n, r) => n + r.length, 0)
        this.syncRuns.updateCounts(syncRunId, counts)
        // Last statement of the transaction on purpose: the organization's age moves only
        // together with its data.
        this.organizations.recordSyncResult(organizationId, 'ok', run.finishedAt)
        return { syncRunId, counts }
      })
      .immediate()
  }

  #replaceKind<K extends ResourceKind>(
    organizationId: string,
    kind: K,
    next: PreparedRows<K>,
    record: (kind: K, id: string, change: keyof ChangeCounts, before: string | null, after: string | null) => void,
    onlyNew: boolean,
  ): void {
    const previous = this.resources.jsonById(organizationId, kind)
    const added: Array<StoredRow<K>> = []
    for (const [id, row] of next) {
      const before = previous.get(id)
      if (before === undefined) {
        added.push(row)
        record(kind, id, 'added', null, row.json)
      } else if (before !== row.json) {
        this.resources.writeRow(organizationId, kind, row, 'update')
        record(kind, id, 'modified', before, row.json)
      }
    }
    this.resources.insertRows(organizationId, kind, added)
    if (onlyNew) return
    for (const [id, before] of previous) {
      if (next.has(id)) continue
      this.resources.remove(organizationId, kind, id)
      record(kind, id, 'removed', before, null)
    }
  }

  /** A failed or cancelled sync: only its run record is written, the cached data is untouched. */
  recordFailure(organizationId: string, run: FailedRunInfo): number | undefined {
    return this.db
      .transaction(() => {
        if (!this.organizations.get(organizationId)) return undefined
        const id = this.syncRuns.insert({
          organizationId,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          durationMs: run.durationMs,
          status: run.status,
          requests: run.requests,
          errorCode: run.errorCode,
          errorMessage: run.errorMessage,
          counts: { rows: run.rows ?? {}, skipped: run.skipped, changes: {}, ...(run.rateLimited ? { rateLimited: run.rateLimited } : {}) },
        })
        this.organizations.recordSyncResult(organizationId, run.status, run.finishedAt)
        return id
      })
      .immediate()
  }
}

import { setMaxListeners } from 'node:events'
import { DEFAULT_FULL_SYNC_POLICY, isFullSyncDue, type FullSyncPolicy } from './full-sync'
import type { Cache } from '../../platform/cache/cache'
import type { KindItems, ResourceKind, StoredGracePeriod } from '../../platform/cache/kinds'
import type { OrganizationProfile } from '../../platform/cache/organizations.repo'
import type { CommitResult, OrganizationSnapshot, SnapshotRunInfo } from '../../platform/cache/snapshot.repo'
import type { ChangeCounts, SyncRunCounts } from '../../platform/cache/sync-runs.repo'
import type { RawListKind } from '../../platform/scaleway/client'
import type { Rule } from '../../../../domain/schemas'
import { AppError } from '../../errors/app-error'
import { kindOf } from '../../errors/core-error'
import { toContractError } from '../../errors/contract-error'
import type { IamReader, ListOptions, LogsQuery } from './iam-reader'

/** What a progress event is about: a resource kind, or `rules` (one call per policy). */
export type SyncKind = ResourceKind | 'rules'
export type SyncKindState = 'running' | 'done' | 'failed' | 'skipped'

export interface SyncProgress {
  organizationId: string
  kind: SyncKind
  pagesDone: number
  pagesTotal: number
  state: SyncKindState
  /** Why a kind was skipped or failed (an API message, never a secret). */
  reason?: string
}

export interface SyncRunSummary {
  organizationId: string
  /** Null when nothing was recorded (unknown organization, or removed during the sync). */
  syncRunId: number | null
  status: 'ok' | 'failed' | 'cancelled'
  startedAt: string
  finishedAt: string
  durationMs: number
  /** HTTP requests made, counted from the pages each list reported. */
  requests: number
  /** 429 answers (too many requests) met and ridden out: the client's count for this sync. */
  rateLimited: number
  /** Rows per kind in the cache after the sync (kinds fetched only). */
  counts: Record<string, number>
  skipped: SyncRunCounts['skipped']
  /** e.g. { users: { added: 3, removed: 0, modified: 0 }, api_keys: { added: 0, removed: 1, modified: 0 } } */
  changes: Record<string, ChangeCounts>
  /** Whether this sync re-read every policy's rules (false: incremental); absent when it failed early. */
  full?: boolean
  error?: {
    /** The CoreError kind (errors/core-error.ts), 'unknown' for an unknown exception: what the database records. */
    code: string
    /** The contract's message for the error (errors/contract-error.ts): what the database records and the UI shows. */
    message: string
    /** The kind being fetched when it failed, if one was. */
    kind?: SyncKind
    /** The error itself, for the one conversion to the contract and the one connectivity rule. */
    cause: unknown
  }
}

export interface SyncOptions {
  signal?: AbortSignal
  onProgress?: (e: SyncProgress) => void
  /**
   * Re-read every policy's rules even when its `updated_at` equals the cached one. Without it a
   * sync is incremental when the organization has a previous successful sync, unless the full-sync
   * policy says one is due (full-sync.ts).
   */
  full?: boolean
}


/** An incremental sync re-reads the audit logs of this last stretch before the newest cached one. */
export const LATE_LOGS_MS = 60 * 60 * 1000

/** Organizations synced at once by default (SyncEngineOptions.concurrency). */
export const ORGANIZATIONS_AT_ONCE = 3

export interface SyncEngineOptions {
  cache: Cache
  clientFor: (org: OrganizationProfile) => IamReader | Promise<IamReader>
  /** When a sync is full on its own (the user's settings; read at each organization's sync). */
  fullSyncPolicy?: () => FullSyncPolicy
  /** Organizations synced at once (each one's requests are bounded by the client's host limiter). */
  concurrency?: number
  now?: () => Date
  /**
   * Grace periods are only listed per user (`GET /grace-periods?user_id=`): one request per
   * user. 'off' skips them, e.g. for very large organizations.
   */
  gracePeriods?: 'per-user' | 'off'
  /**
   * Where snapshots are committed. Default: in this thread. The app passes an
   * OffThreadCommitter for file databases so a long commit does not stall other syncs.
   */
  commit?: (organizationId: string, snapshot: OrganizationSnapshot, run: SnapshotRunInfo) => CommitResult | Promise<CommitResult>
  /**
   * Optional, with `commit`: receives each kind as soon as it is complete, so the committer can
   * prepare it while the rest is fetched (OffThreadCommitter). A staged kind is left out of the
   * snapshot given to `commit`, which must include it; `discard` drops what was staged for a
   * sync that will not commit.
   */
  staging?: {
    stage: <K extends ResourceKind>(organizationId: string, kind: K, items: ReadonlyArray<KindItems[K]>) => void
    /**
     * Optional: takes a kind as the raw pages the API sent (the reader's `listPagesRaw`), and
     * parses and validates them itself — the off-thread committer does, so this thread, which
     * every request of the sync waits on, never parses the kinds it does not read.
     */
    stagePages?: (organizationId: string, kind: RawListKind, pages: readonly string[], path: string) => void
    discard: (organizationId: string) => void
  }
}

export interface OrganizationSyncStatus {
  organizationId: string
  name: string
  running: boolean
  lastSyncAt: string | null
  lastSyncStatus: 'ok' | 'failed' | 'cancelled' | null
  /** Age of the cached data in ms, null if never synced. */
  ageMs: number | null
}

/**
 * Kinds whose lack of permission skips the kind instead of failing the organization's sync.
 * Projects among them: many IAM credentials hold IAM sets only, which do not cover the Account
 * API; the app then shows project ids and says why (features/projects/).
 */
const OPTIONAL_KINDS: ReadonlySet<SyncKind> = new Set(['grace_periods', 'jwts', 'quota', 'logs', 'projects'])

/** Error messages go to the database and the UI: the contract's words for the error, bounded. */
const errorMessage = (err: unknown): string => {
  const m = toContractError(err).message
  return m.length > 500 ? `${m.slice(0, 497)}...` : m
}

/** A sync's error as the summary and the database keep it (see SyncRunSummary.error). */
function failure(cause: unknown): NonNullable<SyncRunSummary['error']> {
  return { code: kindOf(cause) ?? 'unknown', message: errorMessage(cause), cause }
}

class KindFailure extends Error {
  constructor(
    readonly syncKind: SyncKind,
    readonly original: unknown,
  ) {
    super(errorMessage(original))
  }
}

class Cancelled extends AppError {
  constructor() {
    super('cancelled', 'The sync was cancelled.')
  }
}

/**
 * Mirrors organizations' IAM state into the cache. Per organization every kind is fetched
 * concurrently; the whole snapshot is then committed in one transaction, so a sync that
 * fails, is cancelled or is killed leaves the previous state intact.
 */
export class SyncEngine {
  readonly #cache: Cache
  readonly #clientFor: SyncEngineOptions['clientFor']
  readonly #concurrency: number
  readonly #now: () => Date
  readonly #fullSyncPolicy: () => FullSyncPolicy
  readonly #gracePeriods: 'per-user' | 'off'
  readonly #commit: NonNullable<SyncEngineOptions['commit']>
  readonly #staging: SyncEngineOptions['staging']
  readonly #running = new Map<string, { promise: Promise<SyncRunSummary>; controller: AbortController }>()
  readonly #listeners = new Set<(e: SyncProgress) => void>()

  constructor(options: SyncEngineOptions) {
    this.#cache = options.cache
    this.#clientFor = options.clientFor
    this.#concurrency = Math.max(1, options.concurrency ?? ORGANIZATIONS_AT_ONCE)
    this.#now = options.now ?? (() => new Date())
    this.#fullSyncPolicy = options.fullSyncPolicy ?? (() => DEFAULT_FULL_SYNC_POLICY)
    this.#gracePeriods = options.gracePeriods ?? 'per-user'
    this.#commit = options.commit ?? ((id, snapshot, run) => this.#cache.snapshots.commit(id, snapshot, run))
    this.#staging = options.commit ? options.staging : undefined
  }

  /** Progress of every sync, whoever started it (the UI subscribes once). */
  subscribe(listener: (e: SyncProgress) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Cancels the running syncs of these organizations (all running ones by default). */
  cancel(organizationIds?: readonly string[]): void {
    for (const [id, run] of this.#running) {
      if (!organizationIds || organizationIds.includes(id)) run.controller.abort()
    }
  }

  status(): OrganizationSyncStatus[] {
    const nowMs = this.#now().getTime()
    return this.#cache.organizations.list().map((o) => ({
      organizationId: o.id,
      name: o.name,
      running: this.#running.has(o.id),
      lastSyncAt: o.lastSyncAt,
      lastSyncStatus: o.lastSyncStatus,
      ageMs: o.lastSyncAt === null ? null : Math.max(0, nowMs - Date.parse(o.lastSyncAt)),
    }))
  }

  /**
   * Syncs the given organizations (or all), at most `concurrency` at once. Resolves with
   * one summary per organization, in the order asked; never rejects for an organization's
   * failure (the summary says what failed). An organization already being synced is not
   * synced twice: its running sync's summary is returned.
   */
  async sync(organizationIds: readonly string[] | 'all', options: SyncOptions = {}): Promise<SyncRunSummary[]> {
    const ids = [...new Set(organizationIds === 'all' ? this.#cache.organizations.list().map((o) => o.id) : organizationIds)]
    const results = new Map<string, Promise<SyncRunSummary>>()
    const queue = [...ids]
    const throttled = new Set<string>()
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const existing = this.#running.get(id)
        if (existing) {
          results.set(id, existing.promise)
          await existing.promise
          continue
        }
        const controller = new AbortController()
        const promise = this.#syncOrganization(id, controller, options, () => {
          // See below: a throttled organization lets one more start.
          if (throttled.has(id)) return
          throttled.add(id)
          if (queue.length > 0) workers.push(worker())
        })
        this.#running.set(id, { promise, controller })
        results.set(id, promise)
        try {
          await promise
        } finally {
          this.#running.delete(id)
        }
      }
    }
    // `concurrency` organizations at once; and each one the API rate-limits (its first 429 in
    // this sync) lets one more start. A throttled organization waits out its own limit (the
    // limiter's window per organization) and uses little of the host's capacity, so under
    // per-organization limits a fleet syncs side by side — near the limit's own bound — rather
    // than three at a time at twenty requests a second each; without 429s nothing changes.
    const workers = Array.from({ length: Math.min(this.#concurrency, ids.length) }, worker)
    for (let waited = 0; waited < workers.length; ) {
      const batch = workers.slice(waited)
      waited = workers.length
      await Promise.all(batch)
    }
    return Promise.all(ids.map((id) => results.get(id) as Promise<SyncRunSummary>))
  }

  async #syncOrganization(organizationId: string, controller: AbortController, options: SyncOptions, onRateLimited: () => void): Promise<SyncRunSummary> {
    const started = this.#now()
    const requests = { n: 0 }
    const skipped: SyncRunCounts['skipped'] = []
    const rowsFetched: Record<string, number> = {}
    const emit = (e: Omit<SyncProgress, 'organizationId'>) => {
      const event: SyncProgress = { organizationId, ...e }
      options.onProgress?.(event)
      for (const l of this.#listeners) l(event)
    }
    const outer = options.signal
    const onOuterAbort = () => controller.abort()
    if (outer?.aborted) controller.abort()
    outer?.addEventListener('abort', onOuterAbort)
    const signal = controller.signal
    const finish = (): Pick<SyncRunSummary, 'startedAt' | 'finishedAt' | 'durationMs'> => {
      const finished = this.#now()
      return { startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: Math.max(0, finished.getTime() - started.getTime()) }
    }

    const org = this.#cache.organizations.get(organizationId)
    if (!org) {
      outer?.removeEventListener('abort', onOuterAbort)
      return {
        organizationId,
        syncRunId: null,
        status: 'failed',
        ...finish(),
        requests: 0,
        rateLimited: 0,
        counts: {},
        skipped: [],
        changes: {},
        error: failure(new AppError('not_in_desk', 'This organization is not in IAM Desk (it may have been removed).')),
      }
    }

    let reader: IamReader | undefined
    let rateLimitedBefore = 0
    const rateLimited = (): number => Math.max(0, (reader?.rateLimitedCount ?? 0) - rateLimitedBefore)
    try {
      if (signal.aborted) throw new Cancelled()
      reader = await this.#clientFor(org)
      rateLimitedBefore = reader.rateLimitedCount ?? 0
      const full = isFullSyncDue(
        {
          requested: options.full === true,
          successfulSyncs: this.#cache.syncRuns.successfulCount(organizationId),
          lastFullAt: this.#cache.syncRuns.lastFullAt(organizationId),
          now: this.#now(),
        },
        this.#fullSyncPolicy(),
      )
      const afterCall = (): void => {
        if (rateLimited() > 0) onRateLimited()
      }
      const snapshot = await this.#fetchAll(organizationId, reader, signal, { emit, requests, skipped, rowsFetched, full, afterCall })
      if (signal.aborted) throw new Cancelled()
      const times = finish()
      const { syncRunId, counts } = await this.#commit(organizationId, snapshot, {
        ...times,
        requests: requests.n,
        rateLimited: rateLimited(),
        skipped,
        full,
      })
      return { organizationId, syncRunId, status: 'ok', ...times, requests: requests.n, rateLimited: rateLimited(), counts: counts.rows, skipped, changes: counts.changes, full }
    } catch (err) {
      this.#staging?.discard(organizationId)
      const cancelled = signal.aborted || err instanceof Cancelled
      const kindFailure = err instanceof KindFailure ? err : undefined
      const cause = cancelled ? new Cancelled() : (kindFailure?.original ?? err)
      const error = failure(cause)
      const times = finish()
      let syncRunId: number | null = null
      try {
        syncRunId =
          this.#cache.snapshots.recordFailure(organizationId, {
            ...times,
            status: cancelled ? 'cancelled' : 'failed',
            requests: requests.n,
            rateLimited: rateLimited(),
            skipped,
            errorCode: error.code,
            errorMessage: error.message,
            rows: rowsFetched,
          }) ?? null
      } catch {
        // The cache itself is failing (disk full, closed): the summary still tells the caller.
      }
      return {
        organizationId,
        syncRunId,
        status: cancelled ? 'cancelled' : 'failed',
        ...times,
        requests: requests.n,
        rateLimited: rateLimited(),
        counts: {},
        skipped,
        changes: {},
        error: { ...error, ...(kindFailure ? { kind: kindFailure.syncKind } : {}) },
      }
    } finally {
      outer?.removeEventListener('abort', onOuterAbort)
    }
  }

  /** Fetches every kind concurrently; the first required kind to fail stops the others. */
  async #fetchAll(
    organizationId: string,
    reader: IamReader,
    outerSignal: AbortSignal,
    ctx: {
      emit: (e: Omit<SyncProgress, 'organizationId'>) => void
      requests: { n: number }
      skipped: SyncRunCounts['skipped']
      rowsFetched: Record<string, number>
      /** false: a policy whose `updated_at` equals the cached one keeps its cached rules. */
      full: boolean
      /** After each list call: lets the caller see the reader's 429 count move. */
      afterCall: () => void
    },
  ): Promise<OrganizationSnapshot> {
    const stop = new AbortController()
    // Every in-flight request of the organization listens to this signal (hundreds during
    // the per-policy rules fan-out): that is by design, not a leak.
    setMaxListeners(0, stop.signal)
    const onOuter = () => stop.abort()
    outerSignal.addEventListener('abort', onOuter)
    const signal = stop.signal
    const q = { organization_id: organizationId }
    let firstFailure: unknown

    /** One list call: counts its pages as requests and reports them under `kind`. */
    const call = async <T>(fn: (o: ListOptions) => Promise<T>, onPage?: (done: number, total: number) => void): Promise<T> => {
      let pages = 0
      try {
        return await fn({
          signal,
          onPage: (done, total) => {
            pages = Math.max(pages, done)
            onPage?.(done, total)
          },
        })
      } finally {
        ctx.requests.n += Math.max(1, pages)
        ctx.afterCall()
      }
    }

    /** Runs one kind: progress events, optional-kind skipping, fail-fast for the others. */
    const kindTask = async <T>(kind: SyncKind, work: (progress: (done: number, total: number) => void) => Promise<T>): Promise<T | undefined> => {
      ctx.emit({ kind, pagesDone: 0, pagesTotal: 0, state: 'running' })
      let last = { done: 0, total: 0 }
      const progress = (done: number, total: number) => {
        last = { done, total }
        ctx.emit({ kind, pagesDone: done, pagesTotal: total, state: 'running' })
      }
      try {
        const result = await work(progress)
        if (Array.isArray(result)) ctx.rowsFetched[kind] = result.length
        ctx.emit({ kind, pagesDone: Math.max(last.done, last.total), pagesTotal: last.total, state: 'done' })
        return result
      } catch (err) {
        if (!signal.aborted && OPTIONAL_KINDS.has(kind) && kindOf(err) === 'permissions_denied') {
          const message = errorMessage(err)
          ctx.skipped.push({ kind, code: 'permissions_denied', message })
          ctx.emit({ kind, pagesDone: last.done, pagesTotal: last.total, state: 'skipped', reason: message })
          return undefined
        }
        // A kind stopped because another one failed says so, rather than "aborted".
        const reason =
          signal.aborted && firstFailure instanceof KindFailure && firstFailure.syncKind !== kind
            ? `Stopped because ${firstFailure.syncKind} failed.`
            : errorMessage(err)
        ctx.emit({ kind, pagesDone: last.done, pagesTotal: last.total, state: 'failed', reason })
        const failure = err instanceof KindFailure ? err : new KindFailure(kind, err)
        firstFailure ??= failure
        stop.abort()
        throw failure
      }
    }

    /** Calls `fn` for each item, concurrently, reporting items done out of total. */
    const fanOut = async <I, T>(items: readonly I[], progress: (d: number, t: number) => void, fn: (item: I) => Promise<T>): Promise<T[]> => {
      let done = 0
      progress(0, items.length)
      return Promise.all(
        items.map(async (item) => {
          const r = await fn(item)
          progress(++done, items.length)
          return r
        }),
      )
    }

    const staged = new Set<ResourceKind>()
    /** Hands a complete kind to the committer early (see SyncEngineOptions.staging). */
    const stage = <K extends ResourceKind>(kind: K) => (items: ReadonlyArray<KindItems[K]> | undefined) => {
      if (items && this.#staging && !signal.aborted) {
        this.#staging.stage(organizationId, kind, items)
        staged.add(kind)
      }
      return items
    }

    /**
     * A kind this thread never reads, handed to the committer as raw pages when it can take
     * them (see SyncEngineOptions.staging.stagePages); otherwise fetched and staged as objects.
     */
    const stagePages = this.#staging?.stagePages?.bind(this.#staging)
    const listPagesRaw = reader.listPagesRaw?.bind(reader)
    const handOver = <K extends RawListKind>(kind: K, list: (o: ListOptions) => Promise<ReadonlyArray<KindItems[K]>>, query: LogsQuery = q) => {
      if (!stagePages || !listPagesRaw) return kindTask(kind, (p) => call(list, p)).then(stage(kind))
      return kindTask(kind, async (p) => {
        const { pages, total, path } = await call((o) => listPagesRaw(kind, query, o), p)
        ctx.rowsFetched[kind] = total
        if (!signal.aborted) {
          stagePages(organizationId, kind, pages, path)
          staged.add(kind)
        }
        return undefined
      })
    }

    // Audit logs never change once written: an incremental sync asks only for those created since
    // the newest cached one (less an hour, for entries that arrive late), and the cached ones
    // stay. A full sync reads them all, which also drops those Scaleway no longer keeps.
    const newestLog = ctx.full ? undefined : this.#cache.resources.newestCreatedAt(organizationId, 'logs')
    const logsQuery: LogsQuery = newestLog === undefined ? q : { ...q, created_after: new Date(newestLog - LATE_LOGS_MS).toISOString() }

    const users = kindTask('users', (p) => call((o) => reader.listUsers(q, o), p)).then(stage('users'))
    const policies = kindTask('policies', (p) => call((o) => reader.listPolicies(q, o), p))
    // One task per kind of the registry (and the rules): a new kind fails to compile until it is synced.
    const tasks = {
      users,
      applications: handOver('applications', (o) => reader.listApplications(q, o)),
      groups: handOver('groups', (o) => reader.listGroups(q, o)),
      policies,
      rules: (async () => {
        const list = await policies
        if (!list) return undefined
        return kindTask('rules', async (p) => {
          const byPolicy = new Map<string, Rule[]>()
          const gone = new Set<string>()
          // Incremental: the API moves a policy's updated_at whenever its rules are replaced
          // (test/fixtures/live-api/tf__policy-change-permissions.json shows it), so an unchanged policy keeps
          // the rules the cache has, and the commit finds them identical.
          const cachedAt = new Map<string, string>()
          if (!ctx.full) for (const c of this.#cache.resources.list(organizationId, 'policies')) if (c.updated_at) cachedAt.set(c.id, c.updated_at)
          await fanOut(list, p, async (policy) => {
            if (policy.updated_at && cachedAt.get(policy.id) === policy.updated_at) {
              byPolicy.set(policy.id, this.#cache.resources.rulesOf(organizationId, policy.id))
              return
            }
            try {
              byPolicy.set(policy.id, await call((o) => reader.listRules({ policy_id: policy.id }, o)))
            } catch (err) {
              // A policy deleted between the two lists: it is simply not part of this snapshot.
              if (kindOf(err) === 'not_found') gone.add(policy.id)
              else throw err
            }
          })
          return { byPolicy, gone }
        })
      })(),
      api_keys: handOver('api_keys', (o) => reader.listApiKeys(q, o)),
      ssh_keys: handOver('ssh_keys', (o) => reader.listSshKeys(q, o)),
      permission_sets: handOver('permission_sets', (o) => reader.listPermissionSets(q, o)),
      quota: handOver('quota', (o) => reader.listQuota(q, o)),
      logs: handOver('logs', (o) => reader.listLogs(logsQuery, o), logsQuery),
      projects: kindTask('projects', (p) => call((o) => reader.listProjects(q, o), p)),
      jwts: kindTask('jwts', async (p) => {
        try {
          return await call((o) => reader.listJwts({}, o), p)
        } catch (err) {
          // Some API versions require audience_id: then list each user's sessions.
          if (kindOf(err) !== 'invalid_arguments') throw err
          const list = (await users) ?? []
          const perUser = await fanOut(list, p, (u) => call((o) => reader.listJwts({ audience_id: u.id }, o)))
          return perUser.flat()
        }
      }),
      grace_periods:
        this.#gracePeriods === 'off'
          ? Promise.resolve(undefined)
          : kindTask('grace_periods', async (p) => {
              const list = (await users) ?? []
              const perUser = await fanOut(list, p, async (u) =>
                (await call((o) => reader.listGracePeriods({ user_id: u.id }, o))).map((g): StoredGracePeriod => ({ ...g, user_id: u.id })),
              )
              return perUser.flat()
            }),
    } satisfies { [K in ResourceKind | 'rules']: Promise<unknown> }
    // Every task settles before we return, so no request outlives its sync.
    const settled = await Promise.allSettled(Object.values(tasks))
    outerSignal.removeEventListener('abort', onOuter)
    if (outerSignal.aborted) throw new Cancelled()
    if (firstFailure !== undefined) throw firstFailure
    const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (rejected) throw rejected.reason

    /** A kind's items, or undefined when the committer already has them (staged). */
    const value = async <K extends ResourceKind>(kind: K, p: Promise<ReadonlyArray<KindItems[K]> | undefined>) => (staged.has(kind) ? undefined : p)
    const rules = await tasks.rules
    const policyList = await tasks.policies
    const snapshot: OrganizationSnapshot = {
      users: await value('users', tasks.users),
      applications: await value('applications', tasks.applications),
      groups: await value('groups', tasks.groups),
      policies: policyList && rules ? policyList.filter((p) => !rules.gone.has(p.id)) : undefined,
      rules: rules?.byPolicy,
      api_keys: await value('api_keys', tasks.api_keys),
      ssh_keys: await value('ssh_keys', tasks.ssh_keys),
      permission_sets: await value('permission_sets', tasks.permission_sets),
      quota: await value('quota', tasks.quota),
      jwts: await value('jwts', tasks.jwts),
      logs: await value('logs', tasks.logs),
      grace_periods: await value('grace_periods', tasks.grace_periods),
      projects: await value('projects', tasks.projects),
      ...(newestLog !== undefined && ctx.skipped.every((k) => k.kind !== 'logs') ? { onlyNew: ['logs'] } : {}),
    }
    return snapshot
  }
}

// The app's side of a sync: starts the engine for the chosen organizations, forwards progress
// to the renderer, keeps the latest progress for `sync.status`, learns connectivity from the
// outcome, and turns engine summaries into the contract's shape. A failed organization's error
// goes through the same conversion and the same connectivity rule as a write's
// (errors/contract-error.ts): one API error, one code, wherever it happened.
import type { SyncProgress as ContractProgress, SyncStatus, SyncSummary } from '../../../../src-preload/contract'
import { isUnreachable, toContractError } from '../../errors/contract-error'
import type { Cache } from '../../platform/cache/cache'
import type { EventHub } from '../../event-hub'
import type { SyncEngine, SyncRunSummary } from './sync-engine'
import type { ConnectivityTracker } from '../../connectivity'
import type { OrgsService } from '../orgs/orgs.service'

export class SyncRunner {
  readonly #progress = new Map<string, ContractProgress>()
  #lastSummaries: SyncSummary[] = []
  #running = new Set<string>()

  constructor(
    private readonly engine: SyncEngine,
    private readonly cache: Cache,
    private readonly hub: EventHub,
    private readonly connectivity: ConnectivityTracker,
    private readonly orgs: OrgsService,
  ) {
    engine.subscribe((e) => {
      const p: ContractProgress = { organizationId: e.organizationId, kind: e.kind, pagesDone: e.pagesDone, pagesTotal: e.pagesTotal, state: e.state }
      this.#progress.set(`${e.organizationId}/${e.kind}`, p)
      this.hub.emit('sync.progress', p)
    })
  }

  /** `full`: re-read every policy's rules (SyncOptions.full); otherwise incremental when possible. */
  async start(organizationIds?: string[], options: { full?: boolean } = {}): Promise<SyncSummary[]> {
    const ids = organizationIds?.length ? organizationIds : this.cache.organizations.list().map((o) => o.id)
    for (const id of ids) {
      this.#running.add(id)
      for (const key of [...this.#progress.keys()]) if (key.startsWith(`${id}/`)) this.#progress.delete(key)
    }
    try {
      const results = await this.engine.sync(ids, options.full ? { full: true } : {})
      this.#learnConnectivity(results)
      const summaries = results.map((s) => this.#toContract(s))
      this.#lastSummaries = summaries
      this.hub.emit('sync.finished', { summaries })
      this.hub.emit('orgs.changed', { organizations: await this.orgs.list() })
      return summaries
    } finally {
      for (const id of ids) this.#running.delete(id)
    }
  }

  cancel(): boolean {
    if (this.#running.size === 0) return false
    this.engine.cancel()
    return true
  }

  status(): SyncStatus {
    return {
      running: this.#running.size > 0,
      organizationIds: [...this.#running],
      progress: [...this.#progress.values()],
      lastSummaries: this.#lastSummaries,
    }
  }

  #learnConnectivity(results: SyncRunSummary[]): void {
    const unreachable = results.find((s) => s.error && isUnreachable(s.error.cause))
    if (unreachable) this.connectivity.unreachable(unreachable.error!.message)
    else if (results.some((s) => s.status === 'ok')) this.connectivity.reachable()
  }

  #toContract(s: SyncRunSummary): SyncSummary {
    const org = this.cache.organizations.get(s.organizationId)
    return {
      organizationId: s.organizationId,
      organizationName: org?.name ?? s.organizationId,
      status: s.status,
      durationMs: s.durationMs,
      requests: s.requests,
      full: s.full ?? false,
      rateLimited: s.rateLimited,
      changes: s.changes,
      skipped: s.skipped.map((k) => ({ kind: k.kind, reason: k.message })),
      error: s.error ? this.#error(s.error) : null,
    }
  }

  /** Exactly what the router would answer for the same error, plus which kind was being read. */
  #error(e: NonNullable<SyncRunSummary['error']>): SyncSummary['error'] {
    const shape = toContractError(e.cause)
    return e.kind ? { ...shape, details: { ...shape.details, during: e.kind } } : shape
  }
}

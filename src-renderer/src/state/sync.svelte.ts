// One sync at a time (main enforces it too): which organizations, how far each kind got, and
// the summaries of the last run. Progress arrives as `sync.progress` pushes while `sync.start`
// is pending; the call resolves with the summaries when the run ends.
import type { AppErrorShape, IamBridge, SyncProgress, SyncSummary } from '../../../src-preload/contract'
import type { OrgsState } from './orgs.svelte'

/** organizationId → kind → latest progress. */
export type ProgressTable = Record<string, Record<string, SyncProgress>>

export class SyncState {
  running = $state(false)
  cancelling = $state(false)
  organizationIds = $state.raw<string[]>([])
  progress = $state.raw<ProgressTable>({})
  summaries = $state.raw<SyncSummary[]>([])
  error = $state.raw<AppErrorShape | null>(null)
  /**
   * Counts finished runs, once per run however this window learnt of it (the push, the call's
   * answer, or polling after a missed push; often two of them): lists read the cache again when
   * it changes.
   */
  finishedRuns = $state(0)
  /** Whether the progress/result panel is shown. */
  panelOpen = $state(false)

  /** 0..1 across every organization and kind seen so far. */
  fraction = $derived.by(() => {
    let done = 0
    let total = 0
    for (const kinds of Object.values(this.progress)) {
      for (const p of Object.values(kinds)) {
        const finished = p.state !== 'running'
        total += Math.max(p.pagesTotal, 1)
        done += finished ? Math.max(p.pagesTotal, 1) : Math.min(p.pagesDone, p.pagesTotal)
      }
    }
    return total === 0 ? 0 : done / total
  })

  readonly #iam: IamBridge
  readonly #orgs: OrgsState
  /** The summaries of the last run taken, to know its second telling. */
  #counted = ''

  constructor(iam: IamBridge, orgs: OrgsState) {
    this.#iam = iam
    this.#orgs = orgs
  }

  listen(): () => void {
    const offs = [
      this.#iam.onSyncProgress((p) => this.#record(p)),
      this.#iam.onSyncFinished((e) => this.#finish(e.summaries)),
    ]
    return () => offs.forEach((off) => off())
  }

  /** Picks up a sync already running (e.g. after a reload). */
  async restore(): Promise<void> {
    const r = await this.#iam.syncStatus({})
    if (!r.ok) return
    if (r.value.running && !this.running) {
      this.running = true
      this.panelOpen = true
      this.progress = {}
      this.summaries = []
      this.organizationIds = r.value.organizationIds
      for (const p of r.value.progress) this.#record(p)
      void this.#watchUntilDone()
    } else if (!r.value.running && !this.running && this.summaries.length === 0) {
      this.summaries = r.value.lastSummaries
    }
  }

  /**
   * A run this window did not start ends with a `sync.finished` push, which can be missed
   * (e.g. it fired while the event stream was still connecting). Ask main until it is over.
   */
  async #watchUntilDone(): Promise<void> {
    while (this.running) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      if (!this.running) return
      const r = await this.#iam.syncStatus({})
      if (r.ok && !r.value.running) {
        this.#finish(r.value.lastSummaries)
        await this.#orgs.refresh()
        return
      }
    }
  }

  /**
   * Syncs the given organizations (all when omitted); resolves when the run ends. `full` re-reads
   * every policy's rules instead of trusting unchanged `updated_at`s.
   */
  async start(organizationIds?: string[], options: { full?: boolean } = {}): Promise<void> {
    if (this.running) return
    this.running = true
    this.cancelling = false
    this.error = null
    this.progress = {}
    this.summaries = []
    this.organizationIds = organizationIds ?? this.#orgs.items.map((o) => o.id)
    this.panelOpen = true
    const r = await this.#iam.syncStart({ ...(organizationIds ? { organizationIds } : {}), ...(options.full ? { full: true } : {}) })
    if (r.ok) this.#finish(r.value)
    else {
      this.error = r.error
      this.running = false
      this.cancelling = false
    }
    await this.#orgs.refresh()
  }

  async cancel(): Promise<void> {
    if (!this.running) return
    this.cancelling = true
    const r = await this.#iam.syncCancel({})
    if (!r.ok) this.error = r.error
  }

  isSyncing(organizationId: string): boolean {
    return this.running && this.organizationIds.includes(organizationId)
  }

  /** In the running sync but not started yet (organizations are synced a few at a time). */
  isWaiting(organizationId: string): boolean {
    return this.isSyncing(organizationId) && !this.progress[organizationId] && !this.summaries.some((s) => s.organizationId === organizationId)
  }

  #record(p: SyncProgress): void {
    if (!this.running) {
      // Either a late push from the run that just ended (pushes and the call's answer travel
      // separately) or a sync started elsewhere: ask main which it is.
      if (p.state === 'running') void this.restore()
      return
    }
    if (!this.organizationIds.includes(p.organizationId)) this.organizationIds = [...this.organizationIds, p.organizationId]
    const kinds = { ...(this.progress[p.organizationId] ?? {}), [p.kind]: p }
    this.progress = { ...this.progress, [p.organizationId]: kinds }
  }

  /**
   * The end of a run, told by the push, the call's answer or polling, in any order. Taken (and
   * counted) when it ends a run this window watched, or when it tells of a run not taken yet
   * (one started elsewhere); the same summaries told again are the same run: nothing new.
   */
  #finish(summaries: SyncSummary[]): void {
    const told = JSON.stringify(summaries)
    const again = !this.running && told === this.#counted
    this.running = false
    this.cancelling = false
    if (again) return
    this.#counted = told
    this.summaries = summaries
    this.finishedRuns++
  }
}

// Commits sync snapshots in a worker thread (see commit-worker.ts), one at a time, so the main
// thread keeps serving requests and the UI while SQLite writes. Same transaction, same result
// as `cache.snapshots.commit`; only where it runs differs. In-memory databases cannot be shared
// with a worker: callers use the in-thread commit for those.
//
// A sync may `stage` each kind as soon as it is complete: the worker prepares those rows (their
// stored JSON) while the other kinds are still being fetched, so the final commit — the only
// part the user waits for once the last page has arrived — has less left to do. Kinds the sync
// never reads itself come as raw pages (`stagePages`): parsing and validating them here keeps
// the main thread, which every request of the sync waits on, free for the network.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { RawListKind } from '../scaleway/client'
import { ScalewayApiError } from '../scaleway/errors'
import { CacheError, isCacheErrorKind } from './cache-error'
import type { KindItems, ResourceKind } from './kinds'
import type { CommitResult, OrganizationSnapshot, SnapshotRunInfo } from './snapshot.repo'

export interface CommitRequest {
  type: 'commit'
  id: number
  organizationId: string
  /** The kinds not staged; staged kinds join them in the worker. */
  snapshot: OrganizationSnapshot
  run: SnapshotRunInfo
}
export interface StageRequest {
  type: 'stage'
  organizationId: string
  kind: ResourceKind
  items: ReadonlyArray<KindItems[ResourceKind]>
}
/** Raw list pages (ScalewayClient.listPagesRaw): the worker parses and validates them. */
export interface StagePagesRequest {
  type: 'stage-pages'
  organizationId: string
  kind: RawListKind
  pages: readonly string[]
  path: string
}
export interface DiscardRequest {
  type: 'discard'
  organizationId: string
}
export type WorkerRequest = CommitRequest | StageRequest | StagePagesRequest | DiscardRequest
export type CommitReply = { id: number; ok: true; result: CommitResult } | { id: number; ok: false; error: WireError }

/**
 * A CoreError crossing the thread boundary (structured clone drops its class): the kinds the
 * worker throws for a known reason, anything else a failed commit with IAM Desk's own words.
 */
export type WireError = { kind: 'bad_response'; message: string; path: string } | { kind: CacheError['kind']; message: string }

const COMMIT_FAILED = 'IAM Desk could not save this sync in its local cache; the data of the previous sync is kept.'

export function errorToWire(err: unknown): WireError {
  if (err instanceof ScalewayApiError && err.kind === 'bad_response') return { kind: 'bad_response', message: err.message, path: err.path }
  if (err instanceof CacheError) return { kind: err.kind, message: err.message }
  // An unknown failure's own message may name the cache file: it stays in this thread.
  return { kind: 'cache_commit_failed', message: COMMIT_FAILED }
}

export function errorFromWire(e: WireError): ScalewayApiError | CacheError {
  if (e.kind === 'bad_response') return new ScalewayApiError({ kind: 'bad_response', method: 'GET', path: e.path, message: e.message })
  return new CacheError(isCacheErrorKind(e.kind) ? e.kind : 'cache_commit_failed', e.message)
}
/** The worker's first message: its connection is open (or failed to open; commits then say why). */
export interface WorkerReady {
  ready: true
}

/**
 * The worker's file: the TypeScript source beside this module (tsx), or the bundled
 * `commit-worker.js` beside the built main entry (electron-vite builds it as its own entry).
 * Null when neither exists: the caller then commits in-thread.
 */
export function findCommitWorker(dir: string = import.meta.dirname): URL | null {
  for (const name of ['commit-worker.ts', 'commit-worker.js']) {
    const file = path.join(dir, name)
    if (existsSync(file)) return pathToFileURL(file)
  }
  return null
}

export class OffThreadCommitter {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (r: CommitResult) => void; reject: (e: Error) => void }>()
  #nextId = 1
  readonly #ready: Promise<void>

  constructor(file: string, workerUrl: URL) {
    // From TypeScript sources (tsx: dev, tests, browser mode) the worker registers tsx's loader
    // first (workers do not inherit it); the built app runs the bundled .js worker as is.
    this.#worker = workerUrl.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}) })`, { eval: true, workerData: { file } })
      : new Worker(workerUrl, { workerData: { file } })
    this.#worker.unref()
    let markReady = (): void => {}
    this.#ready = new Promise<void>((resolve) => (markReady = resolve))
    this.#worker.on('message', (reply: CommitReply | WorkerReady) => {
      if ('ready' in reply) return markReady()
      const p = this.#pending.get(reply.id)
      if (!p) return
      this.#pending.delete(reply.id)
      if (reply.ok) p.resolve(reply.result)
      else p.reject(errorFromWire(reply.error))
    })
    this.#worker.on('error', () => {
      markReady()
      this.#failAll()
    })
    this.#worker.on('exit', () => {
      markReady()
      this.#failAll()
    })
  }

  /** Resolves once the worker has loaded and opened the cache (or has stopped). */
  ready(): Promise<void> {
    return this.#ready
  }

  /** Hands over one complete kind of an organization's coming commit (see the top of this file). */
  stage<K extends ResourceKind>(organizationId: string, kind: K, items: ReadonlyArray<KindItems[K]>): void {
    this.#worker.postMessage({ type: 'stage', organizationId, kind, items } satisfies StageRequest)
  }

  /**
   * Hands over one complete kind as the raw pages the API sent: parsing and validating them is
   * the worker's job too. A page that fails validation fails this organization's next commit
   * with `bad_response`.
   */
  stagePages(organizationId: string, kind: RawListKind, pages: readonly string[], path: string): void {
    this.#worker.postMessage({ type: 'stage-pages', organizationId, kind, pages, path } satisfies StagePagesRequest)
  }

  /** Drops what was staged for an organization whose sync will not commit (failed, cancelled). */
  discard(organizationId: string): void {
    this.#worker.postMessage({ type: 'discard', organizationId } satisfies DiscardRequest)
  }

  /** Commits `snapshot` together with the kinds staged for this organization since its last commit. */
  commit(organizationId: string, snapshot: OrganizationSnapshot, run: SnapshotRunInfo): Promise<CommitResult> {
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#worker.postMessage({ type: 'commit', id, organizationId, snapshot, run } satisfies CommitRequest)
    })
  }

  async close(): Promise<void> {
    await this.#worker.terminate()
  }

  #failAll(): void {
    for (const p of this.#pending.values()) p.reject(new CacheError('cache_commit_failed', COMMIT_FAILED))
    this.#pending.clear()
  }
}

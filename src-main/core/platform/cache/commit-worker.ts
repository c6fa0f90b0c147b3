// Worker thread that commits sync snapshots with its own connection to the cache file.
// A first commit of a large organization takes a second or more of synchronous SQLite work;
// run in the main thread, it would stall every request of the organizations still syncing.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { openCache, type Cache } from './cache'
import type { CommitReply, CommitRequest, WorkerReady, WorkerRequest } from './off-thread-commit'
import { itemsOfRawPages } from './raw-pages'
import { prepareRows, prepareSnapshot, type PreparedRows } from './snapshot.repo'
import { StagedRows } from './staged-rows'
import type { ResourceKind } from './kinds'
import { errorToWire, type WireError } from './off-thread-commit'

const { file } = workerData as { file: string }

/** Opened at start (the app starts this worker at launch), so a sync's first commit does not pay for it. */
function open(): Cache | Error {
  try {
    const cache = openCache({ file, second: true })
    // This connection writes the big transactions: it checkpoints the WAL itself, right after
    // answering, so a commit's answer never waits for the copy of its pages into the main file.
    cache.db.pragma('wal_autocheckpoint = 0')
    return cache
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err))
  }
}
let cache = open()
lowerThisThreadsPriority()
parentPort!.postMessage({ ready: true } satisfies WorkerReady)

/** Rows prepared per organization for its coming commit (staged-rows.ts), or why they could not be. */
let staged: StagedRows | undefined
const failures = new Map<string, WireError>()

function stage(organizationId: string, kind: ResourceKind, prepare: () => PreparedRows<ResourceKind>): void {
  if (failures.has(organizationId)) return
  try {
    if (cache instanceof Error) throw cache
    staged ??= new StagedRows(cache.db)
    staged.keep(organizationId, kind, prepare())
  } catch (err) {
    failures.set(organizationId, errorToWire(err))
  }
}

function forget(organizationId: string): void {
  failures.delete(organizationId)
  staged?.drop(organizationId)
}

parentPort!.on('message', (req: WorkerRequest) => {
  if (req.type === 'stage') {
    stage(req.organizationId, req.kind, () => prepareRows(req.kind, req.items))
  } else if (req.type === 'stage-pages') {
    stage(req.organizationId, req.kind, () => prepareRows(req.kind, itemsOfRawPages(req.kind, req.pages, req.path)))
  } else if (req.type === 'discard') {
    forget(req.organizationId)
  } else {
    commit(req)
  }
})

function commit(req: CommitRequest): void {
  const failure = failures.get(req.organizationId)
  let reply: CommitReply
  try {
    if (failure) {
      reply = { id: req.id, ok: false, error: failure }
    } else {
      if (cache instanceof Error) cache = open()
      if (cache instanceof Error) throw cache
      const earlier = staged?.take(req.organizationId)
      const result = cache.snapshots.commitPrepared(req.organizationId, prepareSnapshot(req.snapshot, earlier), req.run)
      reply = { id: req.id, ok: true, result }
    }
  } catch (err) {
    reply = { id: req.id, ok: false, error: errorToWire(err) }
  } finally {
    forget(req.organizationId)
  }
  parentPort!.postMessage(reply)
  setImmediate(checkpoint)
}

function checkpoint(): void {
  if (cache instanceof Error) return
  try {
    // PASSIVE: copies what no reader still needs and never waits for one.
    cache.db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // A busy or failing checkpoint is retried after the next commit; the data is safe in the WAL.
  }
}

/**
 * Commits are background work: while one runs, the other organizations are still being fetched
 * and the window must stay responsive, so this thread yields the CPU to them. Linux lets one
 * thread be reniced (by its id, read from /proc); elsewhere this does nothing.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10)
  } catch {
    // Not Linux, or not allowed: the commit simply runs at normal priority.
  }
}

// Worker thread that commits sync snapshots with its own connection to the cache file.
// A first commit of a large organization takes a second or more of synchronous SQLite work;
// run in the main thread, it would stall every request of the organizations still syncing.
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { openCache, type Cache } from './cache'
import type { CommitReply, CommitRequest, WorkerReady, WorkerRequest } from './off-thread-commit'
import { itemsOfRawPages } from './raw-pages'
import { prepareRows, prepareSnapshot, type PreparedSnapshot } from './snapshot.repo'
import { errorToWire, type WireError } from './off-thread-commit'

const { file } = workerData as { file: string }

/** Opened at start (the app starts this worker at launch), so a sync's first commit does not pay for it. */
function open(): Cache | Error {
  try {
    const cache = openCache({ file })
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

/** Rows prepared per organization for its coming commit, or why they could not be. */
const staged = new Map<string, { rows: PreparedSnapshot; failure?: WireError }>()

function stage(organizationId: string, prepare: () => PreparedSnapshot): void {
  const entry = staged.get(organizationId) ?? { rows: {} }
  staged.set(organizationId, entry)
  if (entry.failure) return
  try {
    Object.assign(entry.rows, prepare())
  } catch (err) {
    entry.failure = errorToWire(err)
  }
}

parentPort!.on('message', (req: WorkerRequest) => {
  if (req.type === 'stage') {
    stage(req.organizationId, () => ({ [req.kind]: prepareRows(req.kind, req.items) }))
  } else if (req.type === 'stage-pages') {
    stage(req.organizationId, () => ({ [req.kind]: prepareRows(req.kind, itemsOfRawPages(req.kind, req.pages, req.path)) }))
  } else if (req.type === 'discard') {
    staged.delete(req.organizationId)
  } else {
    commit(req)
  }
})

function commit(req: CommitRequest): void {
  const earlier = staged.get(req.organizationId)
  staged.delete(req.organizationId)
  let reply: CommitReply
  try {
    if (earlier?.failure) {
      reply = { id: req.id, ok: false, error: earlier.failure }
    } else {
      if (cache instanceof Error) cache = open()
      if (cache instanceof Error) throw cache
      const result = cache.snapshots.commitPrepared(req.organizationId, prepareSnapshot(req.snapshot, earlier?.rows), req.run)
      reply = { id: req.id, ok: true, result }
    }
  } catch (err) {
    reply = { id: req.id, ok: false, error: errorToWire(err) }
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

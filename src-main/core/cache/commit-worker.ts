// Worker thread that commits sync snapshots with its own connection to the cache file.
// A first commit of a large organization takes a second or more of synchronous SQLite work;
// run in the main thread, it would stall every request of the organizations still syncing.
import { parentPort, workerData } from 'node:worker_threads'
import { openCache, type Cache } from './cache'
import type { CommitRequest, CommitReply } from './off-thread-commit'

const { file } = workerData as { file: string }
let cache: Cache | undefined

parentPort!.on('message', (req: CommitRequest) => {
  let reply: CommitReply
  try {
    cache ??= openCache({ file })
    const result = cache.snapshots.commit(req.organizationId, req.snapshot, req.run)
    reply = { id: req.id, ok: true, result }
  } catch (err) {
    const e = err as { kind?: unknown; message?: unknown }
    reply = { id: req.id, ok: false, kind: typeof e.kind === 'string' ? e.kind : 'cache_commit_failed', message: String(e.message ?? 'commit failed') }
  }
  parentPort!.postMessage(reply)
})

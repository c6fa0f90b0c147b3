// Export benchmark (issue 19): 100,000 users in the cache (two organizations), exported as CSV
// and as JSON through the whole facility — the list's query, the kind registry's columns, the
// one CSV writer, the desktop delivery's file (a .partial renamed at the end), progress events.
// Measured in the same run against a baseline: reading the same rows the way the window reads a
// list (browse.list pages of 500). Also reported: the longest the event loop was held while the
// export ran (what another call — the window scrolling a list — would have waited at worst),
// against the time of one 100-row list page, and the live heap at its highest (a full GC before
// each sample) against the file's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { openCache } from '../../src-main/core/platform/cache/cache'
import { BrowseQueries } from '../../src-main/core/features/browse/browse.query'
import { EventHub } from '../../src-main/core/event-hub'
import { FileDelivery } from '../../src-main/core/platform/delivery'
import { ExportService } from '../../src-main/core/features/export/export.service'
import { exportSources } from '../../src-main/core/features/export/export.sources'
import type { ExportFormat } from '../../src-preload/contract'
import { ORG_A, ORG_B, user, uuid } from '../unit/cache-fixtures'

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000)
const NOW = new Date('2026-06-01T00:00:00Z')

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

export default async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-bench-export-'))
  const cache = openCache({ file: path.join(dir, 'cache.sqlite'), now: () => NOW })
  console.log(`Seeding ${ROWS.toLocaleString('en')} users in 2 organizations…`)
  for (const [id, name] of [[ORG_A, 'Acme'], [ORG_B, 'Beta, "the other one"']] as const) {
    cache.organizations.add({ id, name, accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
  }
  cache.db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const org = i % 2 ? ORG_B : ORG_A
      cache.resources.upsert(org, 'users', user(org, { id: uuid(0x100000 + i), email: `person${i}@example.com`, first_name: i % 7 ? 'Ada' : '=cmd', tags: ['team-a', 'on-call'] }))
    }
  })()
  const query = { kind: 'users' as const, sort: { field: 'email' as const, dir: 'asc' as const } }

  // Baseline: every row through browse.list pages, as a window reads a list.
  const browse = new BrowseQueries(cache.db, () => NOW)
  let t = performance.now()
  for (let offset = 0; offset < ROWS; offset += 500) browse.browse({ ...query, offset, limit: 500 })
  const pagesMs = performance.now() - t
  t = performance.now()
  browse.browse({ ...query, offset: ROWS / 2, limit: 100 })
  const onePageMs = performance.now() - t

  const results: string[] = []
  for (const format of ['csv', 'json'] as ExportFormat[]) {
    // Twice: timed (nothing else running), then with a full GC at each progress event for the
    // live heap (the collections would distort the times).
    const timed = await exportOnce(cache, format, path.join(dir, `users.${format}`), false)
    const measured = await exportOnce(cache, format, path.join(dir, `users-2.${format}`), true)
    const ms = timed.ms
    results.push(
      `| ${format.padEnd(4)} | ${ms.toFixed(0).padStart(7)} ms | ${Math.round(ROWS / (ms / 1000)).toLocaleString('en').padStart(9)} | ${(ms / pagesMs).toFixed(2).padStart(7)} | ${(timed.bytes / 1e6).toFixed(1).padStart(6)} MB | ${(measured.heapGrowth / 1e6).toFixed(1).padStart(7)} MB | ${timed.stallMax.toFixed(1).padStart(10)} ms | ${(timed.stallMax / onePageMs).toFixed(1).padStart(6)} | ${timed.stallAfterStart.toFixed(1).padStart(10)} ms | ${String(timed.progressEvents).padStart(8)} |`,
    )
  }
  cache.close()
  rmSync(dir, { recursive: true, force: true })

  console.log('')
  console.log(`Baseline: the same ${ROWS.toLocaleString('en')} rows read as browse.list pages of 500: ${pagesMs.toFixed(0)} ms; one 100-row page: ${onePageMs.toFixed(1)} ms.`)
  console.log('| file |       time |    rows/s | × pages |      size | live heap+ | longest stall | × page | then, per batch | progress |')
  console.log('|------|------------|-----------|---------|-----------|------------|---------------|--------|-----------------|----------|')
  for (const r of results) console.log(r)
}

interface Measured {
  ms: number
  bytes: number
  heapGrowth: number
  stallMax: number
  /** After the first batch: the start (reading and sorting the keys) is one stall of its own. */
  stallAfterStart: number
  progressEvents: number
}

async function exportOnce(cache: ReturnType<typeof openCache>, format: ExportFormat, target: string, measureHeap: boolean): Promise<Measured> {
  const hub = new EventHub()
  let progressEvents = 0
  gc()
  const heapBefore = process.memoryUsage().heapUsed
  let heapMax = heapBefore
  let afterStart = 0
  const finished = new Promise<void>((resolve) =>
    hub.subscribe((name) => {
      if (name === 'export.progress') {
        progressEvents++
        if (measureHeap) {
          gc()
          heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)
        }
      }
      if (name === 'export.finished') resolve()
    }),
  )
  const exports = new ExportService({
    hub,
    delivery: new FileDelivery({ saveDialog: async () => target }),
    sources: exportSources({ cache, credentials: null as never, jobs: null as never, analysis: null as never, access: null as never, now: () => NOW }),
  })
  // The event loop's longest stall while the export runs: a callback that re-arms itself.
  let last = performance.now()
  let stallMax = 0
  let sampling = true
  const tick = () => {
    const now = performance.now()
    stallMax = Math.max(stallMax, now - last)
    if (progressEvents > 0) afterStart = Math.max(afterStart, now - last)
    last = now
    if (sampling) setImmediate(tick)
  }
  const t = performance.now()
  setImmediate(tick)
  await exports.start({ view: { view: 'list', query: { kind: 'users', sort: { field: 'email', dir: 'asc' } } }, format })
  await finished
  const ms = performance.now() - t
  sampling = false
  return { ms, bytes: statSync(target).size, heapGrowth: heapMax - heapBefore, stallMax, stallAfterStart: afterStart, progressEvents }
}

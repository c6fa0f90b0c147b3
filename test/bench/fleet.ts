// Fleet benchmark (issue 18): 50 organizations of 800 users, 400 applications, 2,000 API keys,
// 120 groups, 200 policies with rules, 200 SSH keys and 2,000 logs each, the emulator in its own
// process with 20 ms latency per request. One run measures:
//   sync         first sync of all 50 into an empty cache;
//   resync       an incremental re-sync after 1 % of the writable objects changed;
//   ratelimited  a full sync under a rate limit of 20 requests/s per organization (burst 20);
//   rss          the peak RSS of the process running the three syncs (engine, cache, commit worker);
//   cache        the cache file's size;
//   search       keystroke → updated API keys list over all 50 organizations in Chromium (median);
//   first-rows   fresh page start → first rows, from that cache, in Chromium (median).
// The bounds the figures are compared with (README, "Fleet benchmark"):
//   bound      = the latency bound of the sync bench: requests ÷ the host's concurrency × latency
//                (every request waits the latency and at most DEFAULT_CONCURRENCY are in flight);
//   ratebound  = the time the rate limit alone imposes: requests ÷ rate per organization, the
//                organizations in parallel — the largest organization's requests ÷ 20 per s.
// Grace periods (one request per user) are off, as in the sync bench, so both read the same kinds.
// "objects" in the last line = the rows the first sync put in the cache (rules, permission sets
// and quotas included). Reports only; never asserts on time. The last line is read by other tools: keep its form.
import { statSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { openCache } from '../../src-main/core/platform/cache/cache'
import { OffThreadCommitter, findCommitWorker } from '../../src-main/core/platform/cache/off-thread-commit'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { DEFAULT_CONCURRENCY, HostLimiterRegistry } from '../../src-main/core/platform/scaleway/limiter'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { ORGANIZATIONS_AT_ONCE, SyncEngine, type SyncRunSummary } from '../../src-main/core/features/sync/sync-engine'
import { peakRss, startEmulatorProcess, warmUpEmulator, type EmulatorProcess } from './sync'
import { typeSearchRounds } from './ui'
import { median, startBenchApp } from './ui-app'

export const FLEET_ORGS = Number(process.env.BENCH_FLEET_ORGS ?? 50)
export const FLEET_SIZES = { users: 800, applications: 400, apiKeys: 2000, groups: 120, policies: 200, sshKeys: 200, logs: 2000, jwts: 0 }
const LATENCY_MS = 20
const RATE = 20
const ORG_CONCURRENCY = Number(process.env.BENCH_ORG_CONCURRENCY ?? ORGANIZATIONS_AT_ONCE)
const SEARCH_ROUNDS = 6
const CHARS_PER_ROUND = 3
const FRESH_STARTS = 5

type Org = EmulatorProcess['organizations'][number]

/** The writes that change 1 % of each writable kind of one organization (logs follow the writes). */
export const CHANGES: ReadonlyArray<{ list: string; field: string; idField: string; count: number; body: (i: number) => Record<string, unknown> }> = [
  { list: 'users', field: 'users', idField: 'id', count: FLEET_SIZES.users / 100, body: (i) => ({ tags: [`fleet-${i}`] }) },
  { list: 'applications', field: 'applications', idField: 'id', count: FLEET_SIZES.applications / 100, body: (i) => ({ description: `changed ${i}` }) },
  { list: 'api-keys', field: 'api_keys', idField: 'access_key', count: FLEET_SIZES.apiKeys / 100, body: (i) => ({ description: `changed ${i}` }) },
  { list: 'groups', field: 'groups', idField: 'id', count: Math.max(1, Math.floor(FLEET_SIZES.groups / 100)), body: (i) => ({ description: `changed ${i}` }) },
  { list: 'policies', field: 'policies', idField: 'id', count: FLEET_SIZES.policies / 100, body: (i) => ({ description: `changed ${i}` }) },
  { list: 'ssh-keys', field: 'ssh_keys', idField: 'id', count: FLEET_SIZES.sshKeys / 100, body: (i) => ({ name: `changed-${i}` }) },
]

/** Changes 1 % of the organization's writable objects through the API, as another admin would. */
export async function changeOnePercent(url: string, org: Org): Promise<number> {
  const call = async (method: string, p: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${url}/iam/v1alpha1${p}`, {
      method,
      headers: { 'x-auth-token': org.secret_key, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    if (!res.ok) throw new Error(`fleet: ${method} ${p} answered ${res.status}: ${await res.text()}`)
    return (await res.json()) as Record<string, unknown>
  }
  let n = 0
  for (const c of CHANGES) {
    const page = await call('GET', `/${c.list}?organization_id=${org.organization_id}&page_size=100&order_by=created_at_asc`)
    // The owner cannot be retagged away from anything that matters, but skip it: a person's own account.
    const items = (page[c.field] as Array<Record<string, unknown>>).filter((o) => o.type !== 'owner').slice(0, c.count)
    for (const [i, item] of items.entries()) {
      await call('PATCH', `/${c.list}/${String(item[c.idField])}`, c.body(i))
      n++
    }
  }
  return n
}

async function inParallel<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!)
  }))
}

const secondsOf = async (fn: () => Promise<SyncRunSummary[]>): Promise<{ seconds: number; summaries: SyncRunSummary[] }> => {
  const t0 = performance.now()
  const summaries = await fn()
  const seconds = (performance.now() - t0) / 1000
  const failed = summaries.filter((s) => s.status !== 'ok')
  if (failed.length) throw new Error(`fleet: ${failed.length} organizations failed: ${JSON.stringify(failed[0]!.error?.message)}`)
  return { seconds, summaries }
}

/** Keystroke → API keys list updated (the frame after), over every organization, as ui.ts measures it. */
async function searchLatencies(page: Page): Promise<number[]> {
  await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: 'API keys', exact: true }).click()
  await page.locator('[role="row"][data-index]').first().waitFor()
  const search = page.getByRole('searchbox', { name: 'Search API keys' })
  const typed = await typeSearchRounds(page, search, { rounds: SEARCH_ROUNDS, chars: CHARS_PER_ROUND, seed: 4242 })
  return typed.map((t) => t.shown.frame)
}

export default async function runFleetBench(): Promise<void> {
  console.log(`fleet: seeding the emulator with ${FLEET_ORGS} organizations × ${JSON.stringify(FLEET_SIZES)} …`)
  const seedStart = performance.now()
  const emulator = await startEmulatorProcess(FLEET_ORGS, FLEET_SIZES, LATENCY_MS)
  const orgs = emulator.organizations
  console.log(`fleet: seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; warming the emulator up…`)
  await warmUpEmulator(emulator.url, orgs.slice(0, 3))

  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-desk-fleet-'))
  const file = path.join(dataDir, 'cache.sqlite')
  const cache = openCache({ file })
  const committer = new OffThreadCommitter(file, findCommitWorker()!)
  await committer.ready()
  for (const o of orgs) cache.organizations.add({ id: o.organization_id, name: o.name, accessKey: o.access_key, apiUrl: emulator.url, secretStorage: 'session' })
  // As the app: one limiter per host, each organization's client its own rate key.
  const limiters = new HostLimiterRegistry()
  const secrets = new Map(orgs.map((o) => [o.organization_id, new Secret(o.secret_key)]))
  const engine = new SyncEngine({
    cache,
    concurrency: ORG_CONCURRENCY,
    gracePeriods: 'off',
    commit: (id, snapshot, run) => committer.commit(id, snapshot, run),
    staging: committer,
    clientFor: (org) => new ScalewayClient({ apiUrl: org.apiUrl, secretKey: secrets.get(org.id)!, limiters, rateKey: org.id }),
  })
  const rss = peakRss()
  const phasePeaks: string[] = []
  const phase = (name: string) => {
    const p = peakRss()
    return () => phasePeaks.push(`${name} ${Math.round(p.stop() / 1024 / 1024)} MB`)
  }
  const loads: string[] = []
  const load = () => loads.push(loadavg()[0]!.toFixed(2))

  // ---- first sync of the fleet
  await emulator.resetCounters()
  load()
  let endPhase = phase('first sync')
  const first = await secondsOf(() => engine.sync('all'))
  endPhase()
  const firstRequests = await emulator.requestCount()
  const bound = (firstRequests / DEFAULT_CONCURRENCY) * (LATENCY_MS / 1000)
  const rows = first.summaries.reduce((n, s) => n + Object.values(s.counts).reduce((a, b) => a + b, 0), 0)
  console.log(`fleet: first sync ${first.seconds.toFixed(2)} s, ${firstRequests} requests, ${rows} rows; bound ${bound.toFixed(2)} s (${(first.seconds / bound).toFixed(2)}×)`)

  // ---- 1 % changed, then an incremental re-sync
  let changed = 0
  await inParallel(orgs, 16, async (o) => {
    const n = await changeOnePercent(emulator.url, o)
    changed += n
  })
  await emulator.resetCounters()
  load()
  endPhase = phase('re-sync')
  const re = await secondsOf(() => engine.sync('all'))
  endPhase()
  const reRequests = await emulator.requestCount()
  const modified = re.summaries.reduce((n, s) => n + Object.values(s.changes).reduce((a, c) => a + c.added + c.removed + c.modified, 0), 0)
  console.log(`fleet: ${changed} objects changed through the API; re-sync ${re.seconds.toFixed(2)} s, ${reRequests} requests, ${modified} changes recorded (${(re.seconds / first.seconds).toFixed(2)}× the first sync)`)

  // ---- a full sync under 20 requests/s per organization
  await fetch(`${emulator.url}/__emulator/rate-limit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requests_per_second: RATE, burst: RATE }) })
  await emulator.resetCounters()
  load()
  endPhase = phase('rate-limited sync')
  const limited = await secondsOf(() => engine.sync('all', { full: true }))
  endPhase()
  const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { request_count: number; rate_limited_count: number }
  await fetch(`${emulator.url}/__emulator/rate-limit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requests_per_second: null }) })
  const ratebound = Math.max(...limited.summaries.map((s) => s.requests)) / RATE
  const reported429 = limited.summaries.reduce((n, s) => n + s.rateLimited, 0)
  console.log(
    `fleet: rate-limited sync ${limited.seconds.toFixed(2)} s, ${stats.request_count - stats.rate_limited_count} requests + ${stats.rate_limited_count} × 429 (reported ${reported429}); ratebound ${ratebound.toFixed(2)} s (${(limited.seconds / ratebound).toFixed(2)}×)`,
  )
  const peak = rss.stop()

  cache.db.pragma('wal_checkpoint(TRUNCATE)')
  cache.close()
  await committer.close()
  const cacheBytes = statSync(file).size
  emulator.close()
  console.log(`fleet: peak RSS of the syncing process ${Math.round(peak / 1024 / 1024)} MB (${phasePeaks.join(', ')}); cache file ${Math.round(cacheBytes / 1024 / 1024)} MB`)

  // ---- the UI on that cache, in Chromium
  const app = await startBenchApp(dataDir)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript({ content: 'globalThis.__name = (f) => f' })
    return context
  }
  let search: number
  let firstRows: number
  try {
    load()
    const starts: number[] = []
    for (let i = 0; i < FRESH_STARTS; i++) {
      const context = await newContext()
      const page = await context.newPage()
      await page.addInitScript(() => {
        const w = window as unknown as { __firstRows?: Promise<number> }
        w.__firstRows = new Promise((resolve) => {
          const obs = new MutationObserver(() => {
            if (document.querySelector('[role="row"][data-index]')) {
              obs.disconnect()
              resolve(performance.now())
            }
          })
          obs.observe(document, { childList: true, subtree: true })
        })
      })
      // The API keys list's address (the app opens on its home otherwise): the fleet's largest list.
      await page.goto(`${app.url}#/api_keys`)
      starts.push(await page.evaluate(() => (window as unknown as { __firstRows: Promise<number> }).__firstRows))
      await context.close()
    }
    firstRows = median(starts)
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(app.url)
    const frames = await searchLatencies(page)
    search = median(frames)
    await context.close()
    console.log(`fleet: search over ${FLEET_ORGS} organizations' API keys, keystroke → next frame: median ${search.toFixed(1)} ms of ${frames.length} (max ${Math.max(...frames).toFixed(1)}); fresh start → first rows: median ${firstRows.toFixed(1)} ms of ${starts.length}`)
  } finally {
    await browser.close()
    await app.stop()
  }

  const mb = (b: number) => Math.round(b / 1024 / 1024)
  console.log('')
  console.log(`Goals: sync ≤ 1.3× bound (${(first.seconds / bound).toFixed(2)}×), resync ≤ 0.3× sync (${(re.seconds / first.seconds).toFixed(2)}×), ratelimited ≤ 1.2× ratebound (${(limited.seconds / ratebound).toFixed(2)}×), rss ≤ 600 MB, search < 50 ms, first rows < 1000 ms.`)
  console.log(`Organizations synced ${ORG_CONCURRENCY} at once, ${DEFAULT_CONCURRENCY} requests in flight per host; cache file ${mb(cacheBytes)} MB; load average (1 min) at each phase: ${loads.join(', ')} on ${cpus().length} cores.`)
  console.log(
    `fleet: orgs ${FLEET_ORGS}, objects ${rows}, sync ${first.seconds.toFixed(2)} s, bound ${bound.toFixed(2)} s, resync ${re.seconds.toFixed(2)} s, ratelimited ${limited.seconds.toFixed(2)} s, ratebound ${ratebound.toFixed(2)} s, rss ${mb(peak)} MB, search ${search.toFixed(1)} ms, first-rows ${firstRows.toFixed(1)} ms`,
  )
}

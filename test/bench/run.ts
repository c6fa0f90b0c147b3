// `npm run bench -- <name>`: performance benchmarks, run on demand (never part of `npm test`).
// Each reports ratios against a baseline measured in the same run.
//   sync  multi-organization sync vs the official SDK's sequential pagination
//   ui    list search latency and first rows from the cache, in Chromium
//   export  a 100,000-row list exported as CSV and JSON vs reading it as list pages
//   fleet 50 organizations: first sync, incremental re-sync, sync under a rate limit, RSS,
//         cache size, search and first rows over all of them (several minutes)
const benchName = process.argv[2] ?? 'sync'

const benches: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  sync: () => import('./sync'),
  ui: () => import('./ui'),
  export: () => import('./export'),
  fleet: () => import('./fleet'),
}

const load = benches[benchName]
if (!load) {
  console.error(`Unknown benchmark "${benchName}". Available: ${Object.keys(benches).join(', ')}`)
  process.exit(2)
}
await (await load()).default()
process.exit(0)

export {}

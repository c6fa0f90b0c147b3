// `npm test`: everything that proves the project works, in order — lint, type checks (tsc and
// svelte-check), unit + integration tests (vitest, inside a throwaway unlocked keyring), the
// build, Electronegativity on the sources and the bundle, the Electron bundle check, end-to-end
// tests (Playwright: Chromium in browser mode, and the Electron window where the Electron binary
// is installed). Ends with the runners' summaries and one closing line
// `tests: N passed, N failed` (`, N skipped` when some were).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['svelte-check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.web.json', '--fail-on-warnings', '--output', 'human']],
  ['unit+integration', 'bash', ['scripts/with-keyring.sh', 'npx', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']],
  ['build', 'npx', ['electron-vite', 'build']],
  // Electron security misconfigurations in the sources and the bundle just built; any finding not
  // suppressed with its reason on the line fails the run (docs/security.md, "Proof that stays").
  ['electronegativity', 'node', ['scripts/electronegativity.mjs']],
  ['bundle-check', 'node', ['--check', 'out/main/index.js']],
  ['worker-bundle-check', 'node', ['--check', 'out/main/commit-worker.js']],
  ['e2e', 'npx', ['playwright', 'test', '--reporter=list,json']],
]

mkdirSync('test-results', { recursive: true })
rmSync('test-results/vitest.json', { force: true })
rmSync('test-results/playwright.json', { force: true })

const failedSteps = []
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`)
  const env = { ...process.env }
  if (name === 'e2e') env.PLAYWRIGHT_JSON_OUTPUT_NAME = 'test-results/playwright.json'
  const r = spawnSync(cmd, args, { stdio: 'inherit', env })
  if (r.status !== 0) failedSteps.push(name)
}

let passed = 0
let failed = 0
// Skipped: e.g. the Electron smoke test where the Electron binary is not installed.
let skipped = 0
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'))
  passed += v.numPassedTests ?? 0
  failed += v.numFailedTests ?? 0
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
}
if (existsSync('test-results/playwright.json')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'))
  passed += p.stats?.expected ?? 0
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0)
  skipped += p.stats?.skipped ?? 0
}
// A failed step that ran no counted test (lint, type checks, build) still fails the run.
const uncountedFailures = failedSteps.filter((s) => !['unit+integration', 'e2e'].includes(s)).length
console.log('')
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`)
// Skipped tests (e.g. the Electron smoke test where no binary exists) are said on their own line:
// other tools read the last line, whose form stays `tests: N passed, N failed`.
if (skipped) console.log(`skipped: ${skipped}`)
console.log(`tests: ${passed} passed, ${failed + uncountedFailures} failed`)
process.exit(failedSteps.length ? 1 : 0)

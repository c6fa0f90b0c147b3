// `npm test` step: Electronegativity (Doyensec's scanner for Electron security misconfigurations)
// on the sources (src-main + src-preload, scanned together so its global checks see the whole
// app: a navigation limit or permission handler set in main counts for the window) and on the
// built bundle (out/main + out/preload). Fails on any finding that is not suppressed, and on any
// file the scanner could not read (it would otherwise skip it silently).
//
// Suppressing: `// eng-disable CHECK_ID: why this is safe` on the line of the finding, as
// Electronegativity's README describes. The reason is required (a suppression without one fails
// the step). Comments do not survive the bundler, so a finding in the bundle counts as suppressed
// when the source module it was bundled from (the bundler's `// src-main/….ts` region line) holds
// at least as many suppressions of that check as the bundle has findings of it in that region.
//
// Kept offline and deterministic: Electronegativity downloads its translations and Electron's
// release list at each run (through `got`); both requests are answered "offline" here, and the
// check that needs the release list (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK, "is this the latest
// Electron") is excluded: its answer would change with each Electron release, not with this code.
//
// Usage: node scripts/electronegativity.mjs [sources|bundle]...   (default: both)
import { createRequire } from 'node:module'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)

export const SCANS = {
  sources: ['src-main', 'src-preload'],
  bundle: ['out/main', 'out/preload'],
}
const EXCLUDED = {
  AvailableSecurityFixesGlobalCheck: 'needs the network (Electron release feed); its answer changes with each Electron release, not with this code',
}
const SUPPRESSION = /(?:\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]+)(.*)$/

/** Electronegativity's runner, with its two downloads answered "offline" (see the header). */
function loadRunner() {
  const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'))
  const gotPath = require.resolve('got', { paths: [engDir] })
  const offline = () => Promise.reject(new Error('offline: IAM Desk runs Electronegativity without network access'))
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] }
  const silence = console.log
  return { run: require('@doyensec/electronegativity'), silence }
}

/**
 * Copies the scanned folders into a temporary folder the scanner can read: it skips `.cjs` and
 * `.mjs` files, and its JavaScript parser (esprima, then Babel in ESTree mode) cannot walk
 * ES2022 class private fields, so a bundle using them would be dropped as unparsable. JavaScript
 * files are therefore handed to its TypeScript parser (Babel), which reads them: `.js`, `.cjs`
 * and `.mjs` become `.ts`. Returns the folder and a map back to the real paths.
 */
function stage(folders, base) {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-eng-'))
  const realPath = new Map()
  for (const folder of folders) {
    const from = path.join(base, folder)
    if (!existsSync(from)) throw new Error(`${folder} does not exist${folder.startsWith('out/') ? ' (run `npm run build` first)' : ''}`)
    for (const file of walk(from)) {
      const rel = path.relative(base, file)
      const ext = path.extname(file)
      if (!['.ts', '.js', '.cjs', '.mjs', '.html'].includes(ext) || file.endsWith('.d.ts')) continue
      const stagedRel = ['.js', '.cjs', '.mjs'].includes(ext) ? rel.slice(0, -ext.length) + '.ts' : rel
      const to = path.join(dir, stagedRel)
      mkdirSync(path.dirname(to), { recursive: true })
      cpSync(file, to)
      realPath.set(stagedRel, rel)
    }
  }
  return { dir, realPath }
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name)
    if (statSync(p).isDirectory()) yield* walk(p)
    else yield p
  }
}

/** Every `eng-disable` comment in these files: which checks, and whether a reason follows. */
export function suppressionsIn(files, base = root) {
  const list = []
  for (const rel of files) {
    const lines = readFileSync(path.join(base, rel), 'utf8').split('\n')
    lines.forEach((line, i) => {
      const m = SUPPRESSION.exec(line)
      if (!m) return
      const checks = m[1].trim().split(/[ \t,]+/).filter(Boolean)
      const reason = m[2].replace(/\*\/.*$/, '').replace(/^[\s:—–-]+/, '').trim()
      list.push({ file: rel, line: i + 1, checks, reason })
    })
  }
  return list
}

/** The TypeScript files under these folders, relative to base (those that exist). */
export function sourceFilesIn(folders, base = root) {
  return folders
    .filter((f) => existsSync(path.join(base, f)))
    .flatMap((f) => [...walk(path.join(base, f))])
    .map((f) => path.relative(base, f))
    .filter((f) => f.endsWith('.ts'))
}

const matches = (directive, issue) => directive.toUpperCase() === issue.id.toUpperCase() || directive.toLowerCase() === String(issue.constructorName ?? '').toLowerCase()

/** For a bundle line: the source module the bundler put there (its `// path` region line). */
function sourceModuleAt(bundleFile, line, base) {
  const lines = readFileSync(path.join(base, bundleFile), 'utf8').split('\n')
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^\/\/(?:#region)? ((?:src-main|src-preload|domain)\/\S+\.ts)\s*$/.exec(lines[i])
    if (m) return m[1]
  }
  return null
}

/** Scans folders (relative to `base`); `bundle`: map findings back to source suppressions. */
export async function scanFolders(folders, { bundle = false, base = root, runner = loadRunner() } = {}) {
  const { run, silence } = runner
  const { dir, realPath } = stage(folders, base)
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
  let result
  try {
    // The runner prints progress through console.log even when used as a library.
    console.log = () => {}
    result = await run({
      input: dir,
      isRelative: true,
      electronVersionOverride: electronVersion,
      customScan: [],
      excludeFromScan: Object.keys(EXCLUDED).map((c) => c.toLowerCase()),
    }, false)
  } finally {
    console.log = silence
    rmSync(dir, { recursive: true, force: true })
  }
  const real = (f) => realPath.get(f) ?? f
  const problems = []
  for (const e of result.errors) {
    if (!e.tolerable) problems.push(`could not parse ${real(path.relative(dir, e.file))}: ${e.message}`)
  }
  const findings = result.issues.map((i) => ({ ...i, file: real(i.file) }))
  const suppressedInBundle = []
  let open = findings
  if (bundle) {
    // Group the bundle's findings by (source module, check) and compare with the sources' suppressions.
    const suppressions = suppressionsIn(sourceFilesIn(SCANS.sources, base), base)
    const groups = new Map()
    for (const f of findings) {
      const module = f.file === 'N/A' ? null : sourceModuleAt(f.file, f.location.line, base)
      const key = `${module}\0${f.id}`
      if (!groups.has(key)) groups.set(key, { module, findings: [] })
      groups.get(key).findings.push(f)
    }
    open = []
    for (const { module, findings: group } of groups.values()) {
      const allowed = module ? suppressions.filter((s) => s.file === module && s.reason && s.checks.some((c) => matches(c, group[0]))) : []
      if (allowed.length >= group.length) suppressedInBundle.push(...group.map((f) => ({ ...f, module, by: allowed })))
      else open.push(...group.map((f) => ({ ...f, module })))
    }
  }
  return { folders, findings: open, suppressedInBundle, problems, checks: result.globalChecks + result.atomicChecks }
}

function describe(f) {
  const where = f.file === 'N/A' ? '(whole app)' : `${f.file}:${f.location.line}:${f.location.column}`
  const from = f.module ? ` (from ${f.module})` : ''
  const sample = f.sample ? `\n      ${String(f.sample).trim().slice(0, 160)}` : ''
  return `  ${f.id} [${f.severity?.name ?? '?'}/${f.confidence?.name ?? '?'}] ${where}${from}\n      ${f.description}${sample}`
}

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SCANS)
  for (const n of names) if (!SCANS[n]) throw new Error(`unknown scan "${n}" (sources, bundle)`)
  const runner = loadRunner()
  let failed = false

  // Every suppression in the sources must say why.
  const all = suppressionsIn(sourceFilesIn(SCANS.sources))
  for (const s of all.filter((x) => !x.reason)) {
    console.log(`electronegativity: ${s.file}:${s.line}: eng-disable ${s.checks.join(' ')} without a reason (write "eng-disable CHECK_ID: why it is safe")`)
    failed = true
  }

  for (const n of names) {
    const r = await scanFolders(SCANS[n], { bundle: n === 'bundle', runner })
    console.log(`electronegativity ${n} (${r.folders.join(' + ')}): ${r.checks} checks, ${r.findings.length} finding(s) not suppressed, ${r.problems.length} unreadable file(s)`)
    for (const p of r.problems) console.log(`  ${p}`)
    for (const f of r.findings) console.log(describe(f))
    for (const f of r.suppressedInBundle) console.log(`  suppressed in ${f.module}: ${f.id} at ${f.file}:${f.location.line} (${f.by.map((s) => `line ${s.line}: ${s.reason}`).join('; ')})`)
    if (r.findings.length || r.problems.length) failed = true
  }
  for (const [check, why] of Object.entries(EXCLUDED)) console.log(`electronegativity: not run: ${check} (${why})`)
  if (all.length) console.log(`electronegativity: ${all.length} suppression(s) in the sources, each with its reason on the line`)
  console.log(failed ? 'electronegativity: FAILED' : 'electronegativity: no finding')
  process.exit(failed ? 1 : 0)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(`electronegativity: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  })
}

// The Electronegativity step of `npm test` (scripts/electronegativity.mjs) is not a gate that
// passes by seeing nothing: on small fixture apps it finds a bad window in a TypeScript source
// and in a `.cjs` bundle using class private fields (files the scanner alone would skip), keeps
// a suppressed finding suppressed in the bundle only through the source's reasoned comment, and
// reads reasonless suppressions.
import { afterEach, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

interface Finding {
  id: string
  file: string
  location: { line: number }
}
interface ScanResult {
  findings: Finding[]
  suppressedInBundle: Finding[]
  problems: string[]
}
interface Suppression {
  file: string
  line: number
  checks: string[]
  reason: string
}
interface EngScript {
  scanFolders(folders: string[], options: { bundle?: boolean; base: string }): Promise<ScanResult>
  suppressionsIn(files: string[], base: string): Suppression[]
}

const script = pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/electronegativity.mjs')).href
const eng = async () => (await import(/* @vite-ignore */ script)) as EngScript

let dir: string
function app(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-eng-fixture-'))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    writeFileSync(path.join(dir, rel), text)
  }
  return dir
}
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const BAD_WINDOW = `import { BrowserWindow } from 'electron'
export function open(): BrowserWindow {
  return new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } })
}
`
const ids = (r: ScanResult) => new Set(r.findings.map((f) => f.id))
/** A fixture is not a whole app: leave out the global checks (no CSP, no navigation limit anywhere). */
const inFiles = (r: ScanResult) => r.findings.filter((f) => f.file !== 'N/A')

describe('the Electronegativity step', () => {
  it('finds nodeIntegration, contextIsolation off and no sandbox in a TypeScript source', async () => {
    const base = app({ 'src-main/window.ts': BAD_WINDOW })
    const r = await (await eng()).scanFolders(['src-main'], { base })
    expect(r.problems).toEqual([])
    for (const id of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']) expect(ids(r).has(id), id).toBe(true)
  })

  it('reads a .cjs bundle with class private fields, which the scanner alone would skip or fail to parse', async () => {
    const base = app({
      'out/main/index.cjs': `const { BrowserWindow } = require('electron')\nclass Holder { #win = null; open() { this.#win = new BrowserWindow({ webPreferences: { nodeIntegration: true } }) } }\nmodule.exports = Holder\n`,
    })
    const r = await (await eng()).scanFolders(['out/main'], { bundle: true, base })
    expect(r.problems).toEqual([])
    expect(r.findings.find((f) => f.id === 'NODE_INTEGRATION_JS_CHECK')?.file).toBe('out/main/index.cjs')
  })

  it('counts a bundle finding as suppressed only when its source module suppresses that check with a reason', async () => {
    const bundle = `// src-main/links.ts\nfunction go(url) {\n\tshell.openExternal(url);\n}\n`
    const suppressed = await (await eng()).scanFolders(['out/main'], {
      bundle: true,
      base: app({ 'out/main/index.js': bundle, 'src-main/links.ts': 'shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK: only https URLs reach here\n' }),
    })
    expect(inFiles(suppressed)).toEqual([])
    expect(suppressed.suppressedInBundle.map((f) => f.id)).toEqual(['OPEN_EXTERNAL_JS_CHECK'])
    rmSync(dir, { recursive: true, force: true })

    const reasonless = await (await eng()).scanFolders(['out/main'], {
      bundle: true,
      base: app({ 'out/main/index.js': bundle, 'src-main/links.ts': 'shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK\n' }),
    })
    expect(inFiles(reasonless).map((f) => f.id)).toEqual(['OPEN_EXTERNAL_JS_CHECK'])
  })

  it('reads the checks and the reason of each eng-disable comment', async () => {
    const base = app({ 'src-main/a.ts': 'x() // eng-disable A_JS_CHECK B_JS_CHECK: because\ny() /* eng-disable C_JS_CHECK */\n' })
    expect((await eng()).suppressionsIn(['src-main/a.ts'], base)).toEqual([
      { file: 'src-main/a.ts', line: 1, checks: ['A_JS_CHECK', 'B_JS_CHECK'], reason: 'because' },
      { file: 'src-main/a.ts', line: 2, checks: ['C_JS_CHECK'], reason: '' },
    ])
  })
})

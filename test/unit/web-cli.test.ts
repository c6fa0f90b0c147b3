// Browser mode's launcher: how it hands the URL (and its token) to the system browser.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { EventEmitter } from 'node:events'
import { openBrowser, redirectPage } from '../../src-main/web/cli'

const root = path.resolve(import.meta.dirname, '../..')
const URL_LINE = /^IAM Desk is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=([a-f0-9]{48}))$/m
const mode = (p: string) => statSync(p).mode & 0o777

let cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.reverse()) c()
  cleanups = []
})

function fakeSpawn() {
  const calls: { command: string; args: string[] }[] = []
  const spawnFn = (command: string, args: string[]) => {
    calls.push({ command, args })
    const child = new EventEmitter() as ChildProcess
    child.unref = () => {}
    return child
  }
  return { calls, spawnFn }
}

describe('opening the browser', () => {
  const url = 'http://127.0.0.1:41234/?token=0123456789abcdef0123456789abcdef0123456789abcdef'

  it('does not put the token on the command line of the browser it opens', () => {
    const tmpRoot = mkdtempSync(path.join(tmpdir(), 'iam-desk-open-test-'))
    cleanups.push(() => rmSync(tmpRoot, { recursive: true, force: true }))
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const { calls, spawnFn } = fakeSpawn()
      const opened = openBrowser(url, { spawn: spawnFn, platform, tmpRoot })!
      expect(opened).toBeDefined()
      expect(calls).toHaveLength(1)
      const commandLine = [calls[0]!.command, ...calls[0]!.args].join(' ')
      expect(commandLine).not.toContain('token')
      expect(commandLine).not.toContain('0123456789abcdef')
      expect(calls[0]!.args).toEqual([opened.file])
      // The page that carries the token is private to us, and redirects to the URL.
      expect(mode(opened.dir)).toBe(0o700)
      expect(mode(opened.file)).toBe(0o600)
      const html = readFileSync(opened.file, 'utf8')
      expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`)
      expect(html).toContain(`window.location.replace(${JSON.stringify(url)})`)
      opened.remove()
      expect(existsSync(opened.dir)).toBe(false)
      opened.remove() // twice is fine
    }
  })

  it('escapes the URL in the redirect page', () => {
    const html = redirectPage('http://x/?a="><script>alert(1)</script>&b')
    expect(html).not.toContain('"><script>alert(1)')
    expect(html).not.toContain('</script>&b')
    expect(html).toContain('&quot;&gt;&lt;script&gt;')
  })
})

describe.skipIf(process.platform !== 'linux')('the launcher, as a user starts it', () => {
  it('does not put the token on the command line of the browser it opens, prints the exact URL line, and removes the page on exit', async () => {
    // A fake xdg-open first on PATH records the arguments it was started with.
    const bin = mkdtempSync(path.join(tmpdir(), 'iam-desk-fake-open-'))
    const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-desk-cli-test-'))
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const record = path.join(bin, 'argv.txt')
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > "${record}.tmp" && mv "${record}.tmp" "${record}"\n`)
    chmodSync(path.join(bin, 'xdg-open'), 0o755)

    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/cli.ts', '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, IAM_DESK_PREFACE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
    const deadline = Date.now() + 45_000
    while (!(URL_LINE.test(out) && existsSync(record))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no URL line or no browser start:\n${out}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const [, printedUrl, token] = out.match(URL_LINE)!

    const argv = readFileSync(record, 'utf8').trim().split('\n')
    expect(argv.join(' ')).not.toContain(token)
    expect(argv.join(' ')).not.toContain('token=')
    expect(argv).toHaveLength(2)
    const page = argv[1]!
    expect(path.isAbsolute(page)).toBe(true)
    expect(mode(page)).toBe(0o600)
    expect(mode(path.dirname(page))).toBe(0o700)
    expect(readFileSync(page, 'utf8')).toContain(printedUrl)

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(existsSync(page)).toBe(false)
    expect(existsSync(path.dirname(page))).toBe(false)
  }, 60_000)
})

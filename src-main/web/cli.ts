// `npm run web` / `npm run demo`: IAM Desk in browser mode.
//   --port N      listen on 127.0.0.1:N (default: a free port)
//   --no-open     do not open the system browser
//   --demo        start the built-in emulator with the demo organizations
//   --data-dir D  where the cache lives (default: the user's config folder)
//   --test-clock  with --demo, for end-to-end tests: IAM Desk and the demo API share a clock that
//                 `demo.advanceClock` moves forward (see launch-demo.ts)
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '../core/app'
import { APP_VERSION } from '../core/version'
import { startWebServer } from './server'
import { launchDemo, TestClock } from '../demo/launch-demo'

export interface WebCliOptions {
  port: number
  open: boolean
  demo: boolean
  dataDir: string | undefined
  /** Tests only (with `demo`): a clock shared with the demo API that can be moved forward. */
  testClock?: boolean
  /** Said before the URL line, e.g. why Electron did not start. */
  preface?: string
}

export function parseWebArgs(argv: string[]): WebCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'test-clock': { type: 'boolean', default: false },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`)
  if (values['test-clock'] && !values.demo) throw new Error('--test-clock only goes with --demo')
  return { port, open: !values['no-open'], demo: values.demo ?? false, dataDir: values['data-dir'], ...(values['test-clock'] ? { testClock: true } : {}) }
}

/** The user's data folder: $XDG_CONFIG_HOME/iam-desk or ~/.config/iam-desk (demo: a fresh temp folder). */
export function defaultDataDir(demo: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (env.IAM_DESK_DATA_DIR) return env.IAM_DESK_DATA_DIR
  // The demo never mixes its organizations into the user's own cache.
  if (demo) return mkdtempSync(path.join(tmpdir(), 'iam-desk-demo-'))
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'iam-desk')
}

export async function runWeb(options: WebCliOptions): Promise<void> {
  const dataDir = options.dataDir ?? defaultDataDir(options.demo)
  const clock = options.demo && options.testClock ? new TestClock() : undefined
  const app = await createApp({
    mode: 'browser',
    version: APP_VERSION,
    demo: options.demo,
    launchDemo: clock ? () => launchDemo(clock.now) : () => launchDemo(),
    dataDir,
    log: (m) => console.error(m),
    ...(clock ? { now: clock.now, testClock: clock } : {}),
  })
  if (options.demo) {
    const started = await app.router.dispatch('demo.start', {})
    if (!started.ok) throw new Error(started.error.message)
    // The first sync runs in the background: the window shows its progress.
    void app.router.dispatch('sync.start', {})
  }
  const rendererDir = path.resolve(import.meta.dirname, '../../out/renderer')
  const server = await startWebServer({ router: app.router, hub: app.hub, rendererDir, port: options.port, downloads: app.delivery })
  if (options.preface) console.log(options.preface)
  // Other tools read this exact line: keep its form.
  console.log(`IAM Desk is running at ${server.openUrl}`)
  // The browser gets a private file that redirects to the URL, never the URL itself: a
  // command line is readable by every local user (/proc/*/cmdline), the file only by us.
  const opened = options.open ? openBrowser(server.openUrl) : undefined
  if (opened) process.once('exit', opened.remove)

  const stop = async () => {
    opened?.remove()
    await server.close()
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

export interface OpenedPage {
  /** The redirect page handed to the browser (0600, in a 0700 folder of its own). */
  file: string
  dir: string
  /** Deletes the page and its folder; safe to call more than once. */
  remove(): void
}

export interface OpenBrowserDeps {
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess
  platform?: NodeJS.Platform
  tmpRoot?: string
}

/** A page that sends the browser on to `url` at once (as Jupyter does). */
export function redirectPage(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const js = JSON.stringify(url).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${attr}">
<title>Opening IAM Desk</title>
<script>window.location.replace(${js})</script>
</head>
<body><p>Opening IAM Desk… If nothing happens, <a href="${attr}">open IAM Desk</a>.</p></body>
</html>
`
}

/**
 * Opens `url` in the system browser through a temporary redirect page, so the token in the URL
 * never appears in a process's arguments. Returns the page, to be removed on exit.
 */
export function openBrowser(url: string, deps: OpenBrowserDeps = {}): OpenedPage | undefined {
  const platform = deps.platform ?? process.platform
  const spawn = deps.spawn ?? nodeSpawn
  const command = platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer' : 'xdg-open'
  let dir: string
  let file: string
  try {
    // mkdtemp creates the folder 0700; chmod again in case of an unusual umask or platform.
    dir = mkdtempSync(path.join(deps.tmpRoot ?? tmpdir(), 'iam-desk-open-'))
    chmodSync(dir, 0o700)
    file = path.join(dir, 'open.html')
    writeFileSync(file, redirectPage(url), { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
  } catch {
    console.log('Open the URL above in your browser.')
    return undefined
  }
  let removed = false
  const remove = () => {
    if (removed) return
    removed = true
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // Best effort: it sits in a private folder of the temp dir either way.
    }
  }
  try {
    const child = spawn(command, [file], { detached: true, stdio: 'ignore' })
    child.on('error', () => console.log('Open the URL above in your browser.'))
    child.unref()
  } catch {
    console.log('Open the URL above in your browser.')
  }
  return { file, dir, remove }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('web/cli.ts')) {
  let options: WebCliOptions
  try {
    options = parseWebArgs(process.argv.slice(2))
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
  if (process.env.IAM_DESK_PREFACE) options.preface = process.env.IAM_DESK_PREFACE
  runWeb(options).catch((err: unknown) => {
    console.error(`IAM Desk could not start: ${(err as Error).message}`)
    process.exit(1)
  })
}

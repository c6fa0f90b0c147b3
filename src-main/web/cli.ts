// `npm run web` / `npm run demo`: IAM Desk in browser mode.
//   --port N      listen on 127.0.0.1:N (default: a free port)
//   --no-open     do not open the system browser
//   --demo        start the built-in emulator with the demo organizations
//   --data-dir D  where the cache lives (default: the user's config folder)
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { createApp } from '../core/app'
import { APP_VERSION } from '../core/version'
import { startWebServer } from './server'
import { launchDemo } from '../demo/launch-demo'

export interface WebCliOptions {
  port: number
  open: boolean
  demo: boolean
  dataDir: string | undefined
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
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`)
  return { port, open: !values['no-open'], demo: values.demo ?? false, dataDir: values['data-dir'] }
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
  const app = await createApp({ mode: 'browser', version: APP_VERSION, demo: options.demo, launchDemo, dataDir, log: (m) => console.error(m) })
  if (options.demo) {
    const started = await app.router.dispatch('demo.start', {})
    if (!started.ok) throw new Error(started.error.message)
    // The first sync runs in the background: the window shows its progress.
    void app.router.dispatch('sync.start', {})
  }
  const rendererDir = path.resolve(import.meta.dirname, '../../out/renderer')
  const server = await startWebServer({ router: app.router, hub: app.hub, rendererDir, port: options.port })
  if (options.preface) console.log(options.preface)
  // Other tools read this exact line: keep its form.
  console.log(`IAM Desk is running at ${server.openUrl}`)
  if (options.open) openBrowser(server.openUrl)

  const stop = async () => {
    await server.close()
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' })
    child.on('error', () => console.log('Open the URL above in your browser.'))
    child.unref()
  } catch {
    console.log('Open the URL above in your browser.')
  }
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

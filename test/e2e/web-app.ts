// IAM Desk in browser mode, started exactly as a user starts it: its own process, a fresh data
// folder and a free port; the URL is read from the line other tools read. Shared by the
// end-to-end tests and the UI benchmark (no Playwright import here).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface RunningApp {
  url: string
  token: string
  dataDir: string
  output: () => string
}

/** `dataDir`: an existing data folder (the fleet bench's synced cache); it is removed on stop too. */
export async function startWebApp(args: string[] = [], env: NodeJS.ProcessEnv = {}, dataDir = mkdtempSync(path.join(tmpdir(), 'iam-desk-e2e-'))): Promise<RunningApp & { child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/cli.ts', '--no-open', '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IAM Desk did not start:\n${out}`)), 45_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = out.match(/IAM Desk is running at (\S+)/)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`IAM Desk exited with ${code}:\n${out}`))
    })
  })
  const u = new URL(line)
  return { child, url: line, token: u.searchParams.get('token') ?? '', dataDir, output: () => out }
}

export async function stopWebApp(app: RunningApp & { child: ChildProcess }): Promise<void> {
  if (app.child.exitCode === null) {
    const exited = new Promise((r) => app.child.once('exit', r))
    app.child.kill('SIGTERM')
    await exited
  }
  rmSync(app.dataDir, { recursive: true, force: true })
}

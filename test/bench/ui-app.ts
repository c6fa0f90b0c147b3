// The UI benchmark's IAM Desk: started in browser mode exactly as a user starts it (its own
// process and data folder), and driven over its HTTP API with the per-start token.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface BenchApp {
  url: string
  origin: string
  token: string
  rpc<T>(call: string, input: unknown): Promise<T>
  stop(): Promise<void>
}

export async function startBenchApp(): Promise<BenchApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-desk-bench-ui-'))
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/cli.ts', '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IAM Desk did not start:\n${out}`)), 60_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /IAM Desk is running at (\S+)/.exec(out)
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
  const u = new URL(url)
  const token = u.searchParams.get('token') ?? ''
  return {
    url,
    origin: u.origin,
    token,
    async rpc<T>(call: string, input: unknown): Promise<T> {
      const res = await fetch(`${u.origin}/rpc/${call}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      })
      const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
      if (!body.ok) throw new Error(`${call}: ${body.error.code} ${body.error.message}`)
      return body.value
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN
}

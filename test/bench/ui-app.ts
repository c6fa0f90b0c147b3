// The UI benchmark's IAM Desk: started in browser mode exactly as a user starts it (its own
// process and data folder), and driven over its HTTP API with the per-start token.
import { startWebApp, stopWebApp } from '../e2e/web-app'

export interface BenchApp {
  url: string
  origin: string
  token: string
  rpc<T>(call: string, input: unknown): Promise<T>
  stop(): Promise<void>
}

/** `dataDir`: start on an existing data folder (a cache filled beforehand). */
export async function startBenchApp(dataDir?: string): Promise<BenchApp & { pid: number }> {
  const app = await startWebApp([], {}, ...(dataDir ? [dataDir] : []))
  const u = new URL(app.url)
  return {
    pid: app.child.pid!,
    url: app.url,
    origin: u.origin,
    token: app.token,
    async rpc<T>(call: string, input: unknown): Promise<T> {
      const res = await fetch(`${u.origin}/rpc/${call}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
        body: JSON.stringify(input),
      })
      const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
      if (!body.ok) throw new Error(`${call}: ${body.error.code} ${body.error.message}`)
      return body.value
    },
    stop: () => stopWebApp(app),
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

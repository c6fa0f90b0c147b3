// A relay in front of the emulator for tests that must see or disturb the traffic: it records
// every request (method, path, body) and lets a test answer in Scaleway's place before a request
// goes through (`before`), or swallow Scaleway's answer after it was made (`after`) — a lost
// answer, as after a crash or a dropped connection.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Exchange {
  method: string
  path: string
  body: string
}

export interface RelayHooks {
  /** Return true after answering `res` yourself: the request never reaches the emulator. */
  before?(x: Exchange, res: http.ServerResponse): boolean
  /** Called with the emulator's status; return true after answering `res` yourself (the real answer is dropped). */
  after?(x: Exchange, status: number, res: http.ServerResponse): boolean
}

export async function relay(target: string, hooks: RelayHooks = {}): Promise<{ url: string; seen: Exchange[]; close(): Promise<void> }> {
  const seen: Exchange[] = []
  const upstream = new URL(target)
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const x: Exchange = { method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, body: body.toString() }
      seen.push(x)
      if (hooks.before?.(x, res)) return
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        if (hooks.after?.(x, up.statusCode ?? 0, res)) {
          up.resume()
          return
        }
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      })
      out.on('error', () => res.destroy())
      out.end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r())
        server.closeAllConnections()
      }),
  }
}

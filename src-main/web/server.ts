// Browser mode: the built renderer and the same router over HTTP on 127.0.0.1, guarded by a
// random token generated at each start (like Jupyter's). Calls are `POST /rpc/<call>` with a
// JSON body; events stream over Server-Sent Events at `GET /events`.
// - A missing or wrong token → 401. A foreign Origin → 403 (blocks other local web pages).
// - Static files need no token: they are the public build, and hold no data.
import http from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Router } from '../core/router'
import type { EventHub } from '../core/event-hub'

export interface WebServerOptions {
  router: Router
  hub: EventHub
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string
  port?: number
  token?: string
  /** Largest accepted request body; calls are small JSON documents. */
  maxBodyBytes?: number
}

export interface WebServer {
  url: string
  token: string
  /** The URL a person opens: `http://127.0.0.1:<port>/?token=<token>`. */
  openUrl: string
  close(): Promise<void>
}

const TOKEN_COOKIE = 'iam_desk_token'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** Same policy as the Electron window, plus connect-src 'self' for the HTTP bridge. */
export const BROWSER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const maxBody = options.maxBodyBytes ?? 1_000_000
  const rendererDir = path.resolve(options.rendererDir)
  const sseClients = new Set<http.ServerResponse>()

  const unsubscribe = options.hub.subscribe((name, payload) => {
    const frame = `event: message\ndata: ${JSON.stringify({ name, payload })}\n\n`
    for (const res of sseClients) res.write(frame)
  })

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Request failed.' } })
      else res.end()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const selfOrigin = `http://${req.headers.host ?? ''}`
    const origin = req.headers.origin
    if (origin !== undefined && origin !== selfOrigin) {
      sendJson(res, 403, { ok: false, error: { code: 'PERMISSION_DENIED', message: 'Requests from other origins are refused.' } })
      return
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'Use POST.' } })
      if (!hasValidToken(req, url, token)) return unauthorized(res)
      const body = await readBody(req, maxBody)
      if (body === undefined) {
        return sendJson(res, 413, { ok: false, error: { code: 'BAD_REQUEST', message: 'Request too large.' } })
      }
      let input: unknown
      try {
        input = body.length ? JSON.parse(body) : {}
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'The request body is not JSON.' } })
      }
      const name = decodeURIComponent(url.pathname.slice('/rpc/'.length))
      const result = await options.router.dispatch(name, input)
      return sendJson(res, 200, result)
    }

    if (url.pathname === '/events') {
      if (!hasValidToken(req, url, token)) return unauthorized(res)
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      })
      res.write(': connected\n\n')
      sseClients.add(res)
      req.on('close', () => sseClients.delete(res))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'Method not allowed.' } })

    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The page itself needs the token, so nobody can learn anything by guessing the port;
      // the token is then kept in an HttpOnly cookie for the event stream.
      if (!hasValidToken(req, url, token)) return unauthorizedPage(res)
      const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => null)
      if (html === null) return sendText(res, 503, 'The renderer is not built. Run `npm run build` first.')
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES['.html']!,
        'Content-Security-Policy': BROWSER_CSP,
        'Cache-Control': 'no-store',
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      })
      res.end(html)
      return
    }

    return serveStatic(url.pathname, res)
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    const file = path.resolve(rendererDir, '.' + decodeURIComponent(pathname))
    // Refuse anything that resolves outside the renderer folder (../ tricks).
    if (!file.startsWith(rendererDir + path.sep)) return sendText(res, 404, 'Not found')
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return sendText(res, 404, 'Not found')
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'
    res.writeHead(200, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' })
    res.end(await readFile(file))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    token,
    openUrl: `${url}/?token=${token}`,
    async close() {
      unsubscribe()
      for (const res of sseClients) res.end()
      sseClients.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function hasValidToken(req: http.IncomingMessage, url: URL, token: string): boolean {
  const candidates = [
    headerToken(req.headers.authorization),
    url.searchParams.get('token') ?? undefined,
    cookieToken(req.headers.cookie),
  ]
  return candidates.some((c) => c !== undefined && safeEqual(c, token))
}

function headerToken(value: string | undefined): string | undefined {
  const m = value?.match(/^Bearer (.+)$/)
  return m?.[1]
}

function cookieToken(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined
  for (const part of cookie.split(';')) {
    const [k, v] = part.trim().split('=')
    if (k === TOKEN_COOKIE && v) return v
  }
  return undefined
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

async function readBody(req: http.IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > max) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
  res.end(JSON.stringify(body))
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function unauthorized(res: http.ServerResponse): void {
  sendJson(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Missing or wrong IAM Desk token. Open the URL printed at start.' } })
}

function unauthorizedPage(res: http.ServerResponse): void {
  sendText(res, 401, 'IAM Desk: missing or wrong token. Open the full URL printed in the terminal (it ends with ?token=…).')
}

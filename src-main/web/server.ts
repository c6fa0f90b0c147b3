// Browser mode: the built renderer and the same router over HTTP on 127.0.0.1, guarded by a
// random token generated at each start (like Jupyter's). Calls are `POST /rpc/<call>` with a
// JSON body and `Authorization: Bearer <token>`; events stream over Server-Sent Events at
// `GET /events?token=<token>`. What is refused, in this order (docs/security.md):
// - A Host header other than `127.0.0.1:<port>` / `localhost:<port>` → 421, before anything is
//   served, static files included (DNS rebinding: a foreign name resolving to 127.0.0.1).
// - A malformed request target or percent-escape → 400.
// - A foreign Origin → 403 (blocks other local web pages). No CORS header is ever sent.
// - A missing or wrong token → 401. The token is never kept in a cookie: cookies are shared by
//   every port of 127.0.0.1, so another local server could plant or read one.
// - A body over the limit → 413 with `Connection: close`, answered cleanly (not a reset).
// - Static files need no token: they are the public build, and hold no data.
// - `GET /download/<ticket>` (exports) needs no token but a one-time ticket that only a
//   token-checked call hands out (core/platform/delivery.ts): the address of a download stays
//   in the browser's download list, and the session token must not. Unknown or used → 404.
import http from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import type { Router } from '../core/router'
import type { EventHub } from '../core/event-hub'
import type { FileSink, OutgoingFile } from '../core/platform/delivery'

export interface WebServerOptions {
  router: Router
  hub: EventHub
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string
  port?: number
  token?: string
  /** Largest accepted request body; calls are small JSON documents. */
  maxBodyBytes?: number
  /** The SVG served at /favicon.ico (default: resources/icon.svg). */
  iconFile?: string
  /** The files offered as downloads (the app's FileDelivery); absent = no downloads. */
  downloads?: { take(ticket: string): OutgoingFile | null }
}

export interface WebServer {
  url: string
  token: string
  /** The URL a person opens: `http://127.0.0.1:<port>/?token=<token>`. */
  openUrl: string
  close(): Promise<void>
}

export const DEFAULT_ICON_FILE = fileURLToPath(new URL('../../resources/icon.svg', import.meta.url))

/** Calls are small objects; anything nested deeper than this is refused before parsing. */
export const MAX_JSON_DEPTH = 64
/** After a refused body, how much more is read (and dropped) so the answer arrives intact. */
const DRAIN_MAX_BYTES = 256 * 1024 * 1024
const DRAIN_MAX_MS = 15_000

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

const ICON_CSP = "default-src 'none'; style-src 'unsafe-inline'"

type ErrorCode = 'BAD_REQUEST' | 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'INTERNAL'

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex')
  const maxBody = options.maxBodyBytes ?? 1_000_000
  const rendererDir = path.resolve(options.rendererDir)
  const icon = await readFile(options.iconFile ?? DEFAULT_ICON_FILE).catch(() => null)
  const sseClients = new Set<http.ServerResponse>()
  // Known once listening; no request arrives before.
  let allowedHosts: ReadonlySet<string> = new Set()

  const unsubscribe = options.hub.subscribe((name, payload) => {
    const frame = `event: message\ndata: ${JSON.stringify({ name, payload })}\n\n`
    for (const res of sseClients) res.write(frame)
  })

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never the error itself: its message or stack may hold paths or request data.
      if (!res.headersSent) sendError(req, res, 500, 'INTERNAL', 'Request failed.')
      else res.end()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').toLowerCase()
    if (!allowedHosts.has(host)) {
      return sendError(req, res, 421, 'BAD_REQUEST', 'Misdirected request: IAM Desk answers only to 127.0.0.1 and localhost.')
    }

    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1')
    } catch {
      return sendError(req, res, 400, 'BAD_REQUEST', 'Malformed request target.')
    }

    const origin = req.headers.origin
    if (origin !== undefined && origin !== `http://${host}`) {
      return sendError(req, res, 403, 'PERMISSION_DENIED', 'Requests from other origins are refused.')
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return sendError(req, res, 405, 'BAD_REQUEST', 'Use POST.')
      if (!hasValidToken(req, url, token)) return unauthorized(req, res)
      const name = safeDecode(url.pathname.slice('/rpc/'.length))
      if (name === undefined) return badEscape(req, res)
      const declared = Number(req.headers['content-length'] ?? 0)
      if (declared > maxBody) return tooLarge(req, res)
      const body = await readBody(req, maxBody)
      if (body === undefined) return tooLarge(req, res)
      if (jsonTooDeep(body, MAX_JSON_DEPTH)) {
        return sendError(req, res, 400, 'BAD_REQUEST', `The request body is nested too deeply (over ${MAX_JSON_DEPTH} levels).`)
      }
      let input: unknown
      try {
        // `__proto__` keys are dropped: nothing downstream should ever see one.
        input = body.length ? JSON.parse(body, (key, value: unknown) => (key === '__proto__' ? undefined : value)) : {}
      } catch {
        return sendError(req, res, 400, 'BAD_REQUEST', 'The request body is not JSON.')
      }
      const result = await options.router.dispatch(name, input)
      return sendJson(req, res, 200, result)
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') return sendError(req, res, 405, 'BAD_REQUEST', 'Use GET.')
      if (!hasValidToken(req, url, token)) return unauthorized(req, res)
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Content-Type-Options': 'nosniff',
      })
      res.write(': connected\n\n')
      sseClients.add(res)
      req.on('close', () => sseClients.delete(res))
      return
    }

    if (url.pathname.startsWith('/download/')) {
      if (req.method !== 'GET') return sendError(req, res, 405, 'BAD_REQUEST', 'Use GET.')
      const file = options.downloads?.take(url.pathname.slice('/download/'.length))
      if (!file) return sendText(req, res, 404, 'This download link was used already or has expired. Export again from IAM Desk.')
      res.writeHead(200, {
        'Content-Type': file.mime,
        'Content-Disposition': contentDisposition(file.fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
      // Streamed as the export writes it (chunked): never held whole in memory.
      await file.write(responseSink(res))
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(req, res, 405, 'BAD_REQUEST', 'Method not allowed.')

    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The page itself needs the token, so nobody can learn anything by guessing the port.
      // The renderer keeps it in sessionStorage; no cookie is set.
      if (!hasValidToken(req, url, token)) return unauthorizedPage(req, res)
      const html = await readFile(path.join(rendererDir, 'index.html'), 'utf8').catch(() => null)
      if (html === null) return sendText(req, res, 503, 'The renderer is not built. Run `npm run build` first.')
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES['.html']!,
        'Content-Security-Policy': BROWSER_CSP,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      })
      res.end(html)
      return
    }

    if (url.pathname === '/favicon.ico') {
      if (!icon) return sendText(req, res, 404, 'Not found')
      res.writeHead(200, {
        'Content-Type': 'image/svg+xml',
        'Content-Security-Policy': ICON_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      })
      res.end(icon)
      return
    }

    return serveStatic(req, url.pathname, res)
  }

  async function serveStatic(req: http.IncomingMessage, pathname: string, res: http.ServerResponse): Promise<void> {
    const decoded = safeDecode(pathname)
    if (decoded === undefined) return badEscape(req, res)
    const file = path.resolve(rendererDir, '.' + decoded)
    // Refuse anything that resolves outside the renderer folder (../ tricks).
    if (!file.startsWith(rendererDir + path.sep)) return sendText(req, res, 404, 'Not found')
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) return sendText(req, res, 404, 'Not found')
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'
    const content = await readFile(file).catch(() => null)
    if (content === null) return sendText(req, res, 404, 'Not found')
    res.writeHead(200, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' })
    res.end(content)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
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

/** `attachment` with the name as ASCII and, for any other character, RFC 5987's UTF-8 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/** A download's HTTP response as a sink: a write waits for 'drain'; a closed connection fails it. */
function responseSink(res: http.ServerResponse): FileSink {
  let bytes = 0
  const closed = () => Object.assign(new Error('download closed'), { code: 'DOWNLOAD_CLOSED' })
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        if (res.destroyed || res.writableEnded) return reject(closed())
        bytes += Buffer.byteLength(chunk)
        if (res.write(chunk)) return resolve()
        const onDrain = () => {
          res.off('close', onClose)
          resolve()
        }
        const onClose = () => {
          res.off('drain', onDrain)
          reject(closed())
        }
        res.once('drain', onDrain)
        res.once('close', onClose)
      }),
    end: () =>
      new Promise((resolve, reject) => {
        if (res.destroyed) return reject(closed())
        res.end(() => resolve(bytes))
      }),
    abort: async () => {
      res.destroy()
    },
  }
}

/** The token from `Authorization: Bearer …` (scheme in any case) or `?token=…`; never a cookie. */
function hasValidToken(req: http.IncomingMessage, url: URL, token: string): boolean {
  const candidates = [headerToken(req.headers.authorization), url.searchParams.get('token') ?? undefined]
  // Every candidate is compared, so the time taken says nothing about which one matched.
  let ok = false
  for (const c of candidates) if (c !== undefined && safeEqual(c, token)) ok = true
  return ok
}

function headerToken(value: string | undefined): string | undefined {
  const m = value?.match(/^bearer (.+)$/i)
  return m?.[1]
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

/** True when brackets nest deeper than `max` (strings skipped), without building anything. */
export function jsonTooDeep(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/** The body as text, or undefined once it grows past `max` (the rest is then left unread). */
function readBody(req: http.IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        cleanup()
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onError = (err: Error) => {
      cleanup()
      reject(err)
    }
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.pause()
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/**
 * Sends a complete answer. If the request body is still arriving (refused before it was read),
 * the answer says `Connection: close` and the socket is closed only once the body has been read
 * and dropped (bounded): closing with unread data would reset the connection, and the client
 * would see a reset instead of the answer.
 */
function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: string): void {
  const data = Buffer.from(body)
  const pending = !req.complete
  res.writeHead(status, { ...headers, 'Content-Length': data.length, ...(pending ? { Connection: 'close' } : {}) })
  if (!pending) {
    res.end(data)
    return
  }
  res.write(data)
  let drained = 0
  const stop = () => {
    clearTimeout(timer)
    req.off('data', onData)
    req.socket.destroy()
  }
  const onData = (chunk: Buffer) => {
    drained += chunk.length
    if (drained > DRAIN_MAX_BYTES) stop()
  }
  const timer = setTimeout(stop, DRAIN_MAX_MS)
  timer.unref()
  req.on('data', onData)
  req.once('end', () => {
    clearTimeout(timer)
    req.off('data', onData)
    res.end()
  })
  req.once('close', () => clearTimeout(timer))
  req.resume()
}

function sendJson(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
  send(req, res, status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }, JSON.stringify(body))
}

function sendError(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(req, res, status, { ok: false, error: { code, message } })
}

function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, text: string): void {
  send(req, res, status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }, text)
}

function unauthorized(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendError(req, res, 401, 'UNAUTHENTICATED', 'Missing or wrong IAM Desk token. Open the URL printed at start.')
}

function unauthorizedPage(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendText(req, res, 401, 'IAM Desk: missing or wrong token. Open the full URL printed in the terminal (it ends with ?token=…).')
}

function badEscape(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendError(req, res, 400, 'BAD_REQUEST', 'Malformed percent-escape in the request path.')
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  sendError(req, res, 413, 'BAD_REQUEST', 'Request too large.')
}

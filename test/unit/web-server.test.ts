import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import http from 'node:http'
import net from 'node:net'
import * as crypto from 'node:crypto'
import { DEFAULT_ICON_FILE, MAX_JSON_DEPTH, jsonTooDeep, startWebServer, type WebServer } from '../../src-main/web/server'
import { createApp, type App } from '../../src-main/core/app'
import { EventHub } from '../../src-main/core/event-hub'
import type { Router } from '../../src-main/core/router'

// Pass-through spy: proves the token comparison goes through the constant-time primitive.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>()
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) }
})

let dir: string
let app: App
let server: WebServer
let host: string

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-web-'))
  mkdirSync(path.join(dir, 'renderer/assets'), { recursive: true })
  mkdirSync(path.join(dir, 'renderer-evil'), { recursive: true })
  writeFileSync(path.join(dir, 'renderer/index.html'), '<!doctype html><title>IAM Desk</title>')
  writeFileSync(path.join(dir, 'renderer/assets/app.js'), 'console.log(1)')
  writeFileSync(path.join(dir, 'outside.txt'), 'do not serve')
  writeFileSync(path.join(dir, 'renderer-evil/secret.txt'), 'do not serve')
  app = await createApp({ mode: 'browser', version: '0.0.0-test' })
  server = await startWebServer({ router: app.router, hub: app.hub, rendererDir: path.join(dir, 'renderer') })
  host = new URL(server.url).host
})

afterEach(async () => {
  await server.close()
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

const rpc = (headers: Record<string, string>, body = '{}', call = 'app.info') =>
  fetch(`${server.url}/rpc/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** A request sent as written (no URL normalisation, any Host header), through node:http. */
function request(
  target: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; base?: string } = {},
): Promise<Reply> {
  const base = new URL(options.base ?? server.url)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: target, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** Raw bytes on a socket, for requests node:http refuses to send (no Host header). */
function raw(text: string): Promise<string> {
  const { port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(text))
    let out = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => (out += d))
    socket.on('end', () => resolve(out))
    socket.on('error', reject)
  })
}

const auth = () => ({ Authorization: `Bearer ${server.token}` })

describe('browser mode host', () => {
  it('binds to 127.0.0.1 only and prints the documented URL form', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.openUrl).toBe(`${server.url}/?token=${server.token}`)
    expect(server.token).toMatch(/^[a-f0-9]{48}$/)
  })

  it('answers a call with the right token', async () => {
    const res = await rpc(auth())
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, value: { name: 'IAM Desk', mode: 'browser' } })
  })

  it('accepts the token with a lowercase (or uppercase) bearer scheme', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await rpc({ Authorization: `${scheme} ${server.token}` })
      expect(res.status, scheme).toBe(200)
    }
  })

  it('rejects a missing, wrong, prefix or suffix token with 401', async () => {
    expect((await rpc({})).status).toBe(401)
    expect((await rpc({ Authorization: 'Bearer nope' })).status).toBe(401)
    expect((await rpc({ Authorization: `Bearer ${server.token}x` })).status).toBe(401)
    expect((await rpc({ Authorization: `Bearer x${server.token}` })).status).toBe(401)
    expect((await rpc({ Authorization: `Bearer ${server.token.slice(0, -1)}` })).status).toBe(401)
    expect((await rpc({ Authorization: `Bearer ${server.token.slice(1)}` })).status).toBe(401)
    expect((await rpc({ Authorization: 'Bearer ' })).status).toBe(401)
    expect((await rpc({ Authorization: `Basic ${server.token}` })).status).toBe(401)
    expect((await rpc({ Authorization: server.token })).status).toBe(401)
  })

  it('compares the token in constant time', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual)
    spy.mockClear()
    const sameLength = server.token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    expect((await rpc({ Authorization: `Bearer ${sameLength}` })).status).toBe(401)
    expect(spy).toHaveBeenCalled()
    spy.mockClear()
    expect((await request(`/events?token=${sameLength}`)).status).toBe(401)
    expect(spy).toHaveBeenCalled()
  })

  it('rejects foreign, null, other-port and localhost-vs-127.0.0.1 origins with 403 even with the token', async () => {
    const { port } = new URL(server.url)
    const origins = [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${Number(port) + 1}`,
      'http://127.0.0.1',
      `https://127.0.0.1:${port}`,
      `http://localhost:${port}`, // the page is at 127.0.0.1: localhost is another origin
      `http://127.0.0.1:${port}.evil.example`,
    ]
    for (const origin of origins) {
      const res = await rpc({ ...auth(), Origin: origin })
      expect(res.status, origin).toBe(403)
    }
    // The event stream too.
    const events = await request(`/events?token=${server.token}`, { headers: { Origin: 'http://evil.example' } })
    expect(events.status).toBe(403)
    // Same origin passes.
    expect((await rpc({ ...auth(), Origin: server.url })).status).toBe(200)
  })

  it('sends no CORS headers, not even to a preflight', async () => {
    const replies = [
      await request('/rpc/app.info', { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } }),
      await request('/rpc/app.info', { method: 'OPTIONS', headers: { Origin: server.url, 'Access-Control-Request-Method': 'POST' } }),
      await request('/rpc/app.info', { method: 'POST', headers: { ...auth(), Origin: server.url }, body: '{}' }),
      await request(`/?token=${server.token}`),
      await request('/assets/app.js', { headers: { Origin: server.url } }),
    ]
    for (const r of replies) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([])
    }
  })

  it('answers GET /rpc/<call> with 405', async () => {
    const res = await request('/rpc/app.info', { headers: auth() })
    expect(res.status).toBe(405)
  })

  it('gives a clear error for a body that is not JSON', async () => {
    const res = await rpc(auth(), '{nope')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('serves the page only with the token, with a strict CSP', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(401)
    const res = await fetch(server.openUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('serves built assets but nothing outside the renderer folder', async () => {
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200)
    expect((await request('/..%2Foutside.txt')).status).toBe(404)
  })

  it('refuses 20 path-traversal variants with 404', async () => {
    const variants = [
      '/../outside.txt',
      '/..%2Foutside.txt',
      '/..%2foutside.txt',
      '/%2e%2e/outside.txt',
      '/%2E%2E%2Foutside.txt',
      '/assets/../../outside.txt',
      '/assets/..%2F..%2Foutside.txt',
      '/assets/%2e%2e/%2e%2e/outside.txt',
      '/..%5Coutside.txt',
      '/..\\outside.txt',
      '/%252e%252e%252foutside.txt',
      '/....//outside.txt',
      '/..;/outside.txt',
      '/.%2e/outside.txt',
      '/%2e./outside.txt',
      '/assets/%2e%2e%2f%2e%2e%2foutside.txt',
      '/..%2Frenderer-evil%2Fsecret.txt', // a sibling folder whose name starts like the renderer's
      '/%2F..%2Foutside.txt',
      `/${encodeURIComponent(path.join(dir, 'outside.txt'))}`, // an absolute path
      '/..%2Foutside.txt%00.js',
    ]
    expect(variants).toHaveLength(20)
    for (const target of variants) {
      const res = await request(target)
      expect(res.status, target).toBe(404)
      expect(res.body, target).not.toContain('do not serve')
    }
  })

  it('streams events over SSE to holders of the token', async () => {
    expect((await fetch(`${server.url}/events`)).status).toBe(401)
    const controller = new AbortController()
    const res = await fetch(`${server.url}/events?token=${server.token}`, { signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = res.body!.getReader()
    await reader.read() // ": connected"
    app.hub.emit('app.notice', { level: 'info', message: 'hello' })
    let text = ''
    while (!text.includes('hello')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toContain('"name":"app.notice"')
    controller.abort()
  })
})

describe('browser mode: no token cookie (finding 2)', () => {
  it('does not set a token cookie', async () => {
    const res = await fetch(server.openUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('does not accept the token from a cookie', async () => {
    const cookie = `iam_desk_token=${server.token}`
    expect((await rpc({ Cookie: cookie })).status).toBe(401)
    expect((await request('/events', { headers: { Cookie: cookie } })).status).toBe(401)
    expect((await request('/', { headers: { Cookie: cookie } })).status).toBe(401)
  })

  it('is not broken by a cookie planted by another port of 127.0.0.1', async () => {
    const planted = `iam_desk_token=zzz; iam_desk_token=${server.token}`
    const controller = new AbortController()
    const res = await fetch(`${server.url}/events?token=${server.token}`, { headers: { Cookie: planted }, signal: controller.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    controller.abort()
    expect((await rpc({ ...auth(), Cookie: planted })).status).toBe(200)
  })

  it('authenticates the event stream with the token in its URL, in constant time, refusing near misses', async () => {
    for (const bad of ['', 'zzz', `${server.token}x`, server.token.slice(0, -1), server.token.toUpperCase()]) {
      expect((await request(`/events?token=${bad}`)).status, bad).toBe(401)
    }
    // The header works too (for fetch-based clients).
    const controller = new AbortController()
    const res = await fetch(`${server.url}/events`, { headers: auth(), signal: controller.signal })
    expect(res.status).toBe(200)
    controller.abort()
  })
})

describe('browser mode: Host header (finding 3, DNS rebinding)', () => {
  it('refuses a foreign Host header with 421 before serving anything, static assets included', async () => {
    const { port } = new URL(server.url)
    const hosts = [
      'evil.example',
      `evil.example:${port}`,
      '127.0.0.1',
      'localhost',
      `127.0.0.1:${Number(port) + 1}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `[::1]:${port}`,
      `0.0.0.0:${port}`,
      `127.0.0.1:${port}@evil.example`,
    ]
    const targets = ['/assets/app.js', '/favicon.ico', `/?token=${server.token}`, `/index.html?token=${server.token}`, `/events?token=${server.token}`, '/missing', '/%']
    for (const h of hosts) {
      for (const target of targets) {
        const res = await request(target, { headers: { Host: h } })
        expect(res.status, `${h} ${target}`).toBe(421)
        expect(res.body).not.toContain('console.log')
        expect(res.headers['content-type']).not.toBe('text/event-stream')
      }
      const call = await request('/rpc/app.info', { method: 'POST', headers: { Host: h, ...auth() }, body: '{}' })
      expect(call.status, h).toBe(421)
      expect(call.body).not.toContain('IAM Desk"')
    }
  })

  it('refuses a request without a Host header with 421', async () => {
    const reply = await raw('GET /assets/app.js HTTP/1.0\r\n\r\n')
    expect(reply).toMatch(/^HTTP\/1\.1 421 /)
    expect(reply).not.toContain('console.log')
  })

  it('accepts 127.0.0.1:<port> and localhost:<port>', async () => {
    const { port } = new URL(server.url)
    for (const h of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await request('/assets/app.js', { headers: { Host: h } })).status, h).toBe(200)
    }
    const res = await request('/rpc/app.info', {
      method: 'POST',
      headers: { Host: `localhost:${port}`, Origin: `http://localhost:${port}`, ...auth() },
      body: '{}',
    })
    expect(res.status).toBe(200)
  })
})

describe('browser mode: malformed and oversized requests (finding 4)', () => {
  it('answers malformed percent-escapes with 400, not 500', async () => {
    for (const target of ['/%', '/%zz', '/assets/%E0%A4%A', '/%c0%ae%c0%ae/outside.txt', '/%ff']) {
      const res = await request(target)
      expect(res.status, target).toBe(400)
    }
    const call = await request('/rpc/%', { method: 'POST', headers: auth(), body: '{}' })
    expect(call.status).toBe(400)
    expect(JSON.parse(call.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('answers a 50 MB body with 413 and Connection: close instead of resetting the connection', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20)
    // A plain client (urllib-style): sends the whole body, only then reads the answer. Closing
    // the socket on unread data would reset the connection and lose the answer.
    const sendAllThenRead = (head: string) =>
      new Promise<string>((resolve, reject) => {
        const { port } = new URL(server.url)
        const socket = net.connect(Number(port), '127.0.0.1')
        socket.pause()
        let text = ''
        socket.on('error', (err) => reject(new Error(`${(err as NodeJS.ErrnoException).code} after ${text.length} bytes`)))
        socket.write(`${head}Host: ${host}\r\nContent-Length: ${big.length}\r\n\r\n`)
        socket.write(big, () => {
          socket.setEncoding('utf8')
          socket.on('data', (d: string) => (text += d))
          socket.on('end', () => resolve(text))
          socket.resume()
        })
      })
    const reply = await sendAllThenRead(`POST /rpc/app.info HTTP/1.1\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\n`)
    expect(reply).toMatch(/^HTTP\/1\.1 413 /)
    expect(reply).toMatch(/\r\nConnection: close\r\n/i)
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // Refused for another reason before the body was read: same clean answer.
    expect(await sendAllThenRead('POST /rpc/app.info HTTP/1.1\r\n')).toMatch(/^HTTP\/1\.1 401 /)

    // Streamed in chunks, without a Content-Length, by a client that reads while it sends.
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const { port } = new URL(server.url)
      const req = http.request({ host: '127.0.0.1', port, path: '/rpc/app.info', method: 'POST', headers: auth(), agent: false }, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      req.on('error', reject)
      for (let i = 0; i < 50; i++) req.write(big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024))
      req.end()
    })
    expect(chunked.status).toBe(413)
    expect(chunked.headers.connection).toBe('close')
    // The server is still fine.
    expect((await rpc(auth())).status).toBe(200)
  })

  it('keeps the 1 MB body limit', async () => {
    const over = `{"pad":"${'x'.repeat(1_000_000)}"}`
    expect((await rpc(auth(), over)).status).toBe(413)
    const under = `{"pad":"${'x'.repeat(990_000)}"}`
    expect((await rpc(auth(), under)).status).toBe(200) // reaches the router (which refuses the unknown key)
  })

  it('refuses 200k-deep JSON with 400 without crashing', async () => {
    const deepArray = '['.repeat(200_000) + ']'.repeat(200_000)
    const deepInObject = `{"a":${deepArray}}`
    const deepObjects = '{"a":'.repeat(150_000) + '1' + '}'.repeat(150_000)
    for (const body of [deepArray, deepInObject]) {
      const res = await rpc(auth(), body)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    }
    expect([400, 413]).toContain((await rpc(auth(), deepObjects)).status)
    // Still alive, and an ordinary nesting is fine.
    expect((await rpc(auth())).status).toBe(200)
    expect(jsonTooDeep('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false)
    expect(jsonTooDeep('"' + '['.repeat(1000) + '"', MAX_JSON_DEPTH)).toBe(false) // brackets in a string
    expect(jsonTooDeep('"\\"' + '['.repeat(1000) + '"', MAX_JSON_DEPTH)).toBe(false)
  })

  it('drops __proto__ keys from payloads and never pollutes Object.prototype', async () => {
    const seen: unknown[] = []
    const spyRouter: Router = {
      names: [],
      async dispatch(_name, input) {
        seen.push(input)
        return { ok: true, value: null }
      },
    }
    const spyServer = await startWebServer({ router: spyRouter, hub: new EventHub(), rendererDir: path.join(dir, 'renderer'), token: server.token })
    const payloads = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"a":{"__proto__":{"polluted":"yes"}},"b":[{"__proto__":{"polluted":"yes"}}]}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '[{"__proto__":{"polluted":"yes"}}]',
      '{"__proto__":null}',
    ]
    try {
      for (const body of payloads) {
        const res = await fetch(`${spyServer.url}/rpc/anything`, { method: 'POST', headers: auth(), body })
        expect(res.status, body).toBe(200)
      }
    } finally {
      await spyServer.close()
    }
    const hasProtoKey = (v: unknown): boolean =>
      typeof v === 'object' && v !== null && (Object.hasOwn(v, '__proto__') || Object.values(v).some(hasProtoKey))
    for (const input of seen) {
      expect(hasProtoKey(input)).toBe(false)
      expect([Object.prototype, Array.prototype]).toContain(Object.getPrototypeOf(input))
    }
    // And through the real router: refused or ignored, never a crash, never pollution.
    for (const body of payloads) {
      const res = await rpc(auth(), body)
      expect(res.status, body).toBe(200)
      expect(await res.json()).toHaveProperty('ok')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('puts no stack trace or file path in any error reply', async () => {
    const throwing: Router = {
      names: [],
      async dispatch() {
        const err = new Error(`ENOENT: no such file or directory, open '${path.join(dir, 'secret.db')}'`)
        throw err
      },
    }
    const boom = await startWebServer({ router: throwing, hub: new EventHub(), rendererDir: path.join(dir, 'renderer'), token: server.token })
    const { port } = new URL(server.url)
    const replies: Reply[] = []
    try {
      replies.push(await request('/rpc/app.info', { method: 'POST', headers: auth(), body: '{}', base: boom.url }))
      expect(replies[0]!.status).toBe(500)
    } finally {
      await boom.close()
    }
    replies.push(
      await request('/rpc/app.info', { method: 'POST', body: '{}' }), // 401
      await request('/rpc/app.info', { method: 'POST', headers: { ...auth(), Origin: 'http://evil.example' }, body: '{}' }), // 403
      await request('/rpc/app.info', { headers: auth() }), // 405
      await request('/rpc/app.info', { method: 'POST', headers: auth(), body: '{nope' }), // 400
      await request('/rpc/app.info', { method: 'POST', headers: auth(), body: '['.repeat(100_000) }), // 400
      await request('/rpc/no.such.call', { method: 'POST', headers: auth(), body: '{}' }), // router error
      await request('/rpc/app.info', { method: 'POST', headers: auth(), body: '{"unexpected":1}' }), // validation
      await request('/rpc/app.info', { method: 'POST', headers: auth(), body: 'x'.repeat(1_100_000) }), // 413
      await request('/%'), // 400
      await request('/../outside.txt'), // 404
      await request('/missing.js'), // 404
      await request('/'), // 401 page
      await request('/assets/app.js', { headers: { Host: 'evil.example' } }), // 421
      await request('/assets/app.js', { method: 'DELETE' }), // 405
      await request(`/events?token=nope`), // 401
      await request(`/rpc/app.info`, { method: 'POST', headers: { ...auth(), Host: `localhost:${port}`, Origin: server.url }, body: '{}' }), // 403
    )
    for (const r of replies) {
      expect(r.status).toBeGreaterThanOrEqual(200)
      for (const leak of [/\bat .+:\d+:\d+/, /node_modules/, /\.ts\b/, /src-main/, /ENOENT/, /secret\.db/, /\/tmp\//, /Error:/]) {
        expect(r.body, `${r.status} ${r.body}`).not.toMatch(leak)
      }
      expect(r.body).not.toContain(dir)
      expect(r.body).not.toContain(process.cwd())
    }
  })
})

describe('browser mode: favicon (finding 5)', () => {
  it('serves the app icon at /favicon.ico as SVG, without a token', async () => {
    const res = await fetch(`${server.url}/favicon.ico`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const body = await res.text()
    expect(body).toBe(readFileSync(DEFAULT_ICON_FILE, 'utf8'))
    expect(body).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    expect(body).not.toMatch(/<script|on\w+=|href=/i)
  })

  it('answers 404 rather than failing when the icon file is missing', async () => {
    const bare = await startWebServer({ router: app.router, hub: app.hub, rendererDir: path.join(dir, 'renderer'), iconFile: path.join(dir, 'none.svg') })
    try {
      expect((await fetch(`${bare.url}/favicon.ico`)).status).toBe(404)
    } finally {
      await bare.close()
    }
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import http from 'node:http'
import { startWebServer, type WebServer } from '../../src-main/web/server'
import { createApp, type App } from '../../src-main/core/app'

let dir: string
let app: App
let server: WebServer

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-web-'))
  mkdirSync(path.join(dir, 'renderer/assets'), { recursive: true })
  writeFileSync(path.join(dir, 'renderer/index.html'), '<!doctype html><title>IAM Desk</title>')
  writeFileSync(path.join(dir, 'renderer/assets/app.js'), 'console.log(1)')
  writeFileSync(path.join(dir, 'outside.txt'), 'do not serve')
  app = await createApp({ mode: 'browser', version: '0.0.0-test' })
  server = await startWebServer({ router: app.router, hub: app.hub, rendererDir: path.join(dir, 'renderer') })
})

afterEach(async () => {
  await server.close()
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

const rpc = (headers: Record<string, string>, body = '{}') =>
  fetch(`${server.url}/rpc/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })

describe('browser mode host', () => {
  it('binds to 127.0.0.1 only and prints the documented URL form', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.openUrl).toBe(`${server.url}/?token=${server.token}`)
    expect(server.token).toMatch(/^[a-f0-9]{48}$/)
  })

  it('answers a call with the right token', async () => {
    const res = await rpc({ Authorization: `Bearer ${server.token}` })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, value: { name: 'IAM Desk', mode: 'browser' } })
  })

  it('rejects a missing or wrong token with 401', async () => {
    expect((await rpc({})).status).toBe(401)
    expect((await rpc({ Authorization: 'Bearer nope' })).status).toBe(401)
    expect((await rpc({ Authorization: `Bearer ${server.token}x` })).status).toBe(401)
  })

  it('rejects a foreign Origin with 403 even with the token', async () => {
    const res = await rpc({ Authorization: `Bearer ${server.token}`, Origin: 'http://evil.example' })
    expect(res.status).toBe(403)
  })

  it('gives a clear error for a body that is not JSON', async () => {
    const res = await rpc({ Authorization: `Bearer ${server.token}` }, '{nope')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('serves the page only with the token, then sets an HttpOnly cookie', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(401)
    const res = await fetch(server.openUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('serves built assets but nothing outside the renderer folder', async () => {
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200)
    const status = await new Promise<number>((resolve) => {
      http.get(`${server.url}/..%2Foutside.txt`, (res) => resolve(res.statusCode ?? 0))
    })
    expect(status).toBe(404)
  })

  it('streams events over SSE to holders of the token', async () => {
    expect((await fetch(`${server.url}/events`)).status).toBe(401)
    const controller = new AbortController()
    const res = await fetch(`${server.url}/events`, { headers: { Authorization: `Bearer ${server.token}` }, signal: controller.signal })
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

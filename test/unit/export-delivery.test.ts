// Delivering a file (platform/delivery.ts): in browser mode a one-time download link the web
// server streams the file from — used once, expiring, behind the same Host check as everything
// else; in the desktop app the save dialog's path, written to a .partial file renamed when
// complete, nothing left behind when the dialog is closed or the export is cancelled.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src-main/core/app'
import { FileDelivery, TICKET_TTL_MS, type OutgoingFile } from '../../src-main/core/platform/delivery'
import { startWebServer, type WebServer } from '../../src-main/web/server'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-delivery-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A file of `chunks` chunks of `size` characters, each written once the sink takes the last. */
function file(chunks: number, size: number, log: string[] = []): OutgoingFile {
  return {
    fileName: 'iam-desk-users-2026-11-30.csv',
    mime: 'text/csv; charset=utf-8',
    async write(sink) {
      try {
        for (let i = 0; i < chunks; i++) await sink.write(String(i % 10).repeat(size))
        log.push(`end ${await sink.end()}`)
      } catch (err) {
        log.push(`failed ${(err as { code?: string }).code ?? ''}`)
        await sink.abort()
      }
    },
    abandoned: () => log.push('abandoned'),
  }
}

describe('browser mode: a one-time download link', () => {
  let app: App
  let server: WebServer
  let now = 1_000_000
  let delivery: FileDelivery

  beforeEach(async () => {
    mkdirSync(path.join(dir, 'renderer'))
    app = await createApp({ mode: 'browser', version: '0.0.0-test' })
    delivery = new FileDelivery({ now: () => now })
    server = await startWebServer({ router: app.router, hub: app.hub, rendererDir: path.join(dir, 'renderer'), downloads: delivery })
  })
  afterEach(async () => {
    await server.close()
    await app.close()
  })

  it('streams the whole file once, as an attachment, then answers 404', async () => {
    const log: string[] = []
    const offered = await delivery.deliver(file(40, 100_000, log))
    expect(offered).toMatchObject({ kind: 'download', fileName: 'iam-desk-users-2026-11-30.csv', url: expect.stringMatching(/^\/download\/[0-9a-f]{48}$/) })
    if (offered.kind !== 'download') throw new Error('a download')
    const res = await fetch(`${server.url}${offered.url}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="iam-desk-users-2026-11-30.csv"; filename*=UTF-8''iam-desk-users-2026-11-30.csv`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    const body = await res.text()
    expect(body).toHaveLength(4_000_000)
    expect(log).toEqual(['end 4000000'])
    expect((await fetch(`${server.url}${offered.url}`)).status).toBe(404)
  })

  it('refuses a link not followed in time, a made-up one, another method and a foreign Host', async () => {
    const log: string[] = []
    const late = await delivery.deliver(file(1, 10, log))
    now += TICKET_TTL_MS + 1
    expect((await fetch(`${server.url}${late.kind === 'download' ? late.url : ''}`)).status).toBe(404)
    expect(log).toEqual(['abandoned'])
    expect((await fetch(`${server.url}/download/${'0'.repeat(48)}`)).status).toBe(404)
    const offered = await delivery.deliver(file(1, 10))
    if (offered.kind !== 'download') throw new Error('a download')
    expect((await fetch(`${server.url}${offered.url}`, { method: 'POST' })).status).toBe(405)
    const port = new URL(server.url).port
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: offered.url, headers: { Host: `evil.example:${port}` } }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(421)
    // Still there for the right Host: a refused request does not use the link up.
    expect((await fetch(`${server.url}${offered.url}`)).status).toBe(200)
  })

  it('fails the writer when the browser stops the download', async () => {
    const log: string[] = []
    const offered = await delivery.deliver(file(400, 100_000, log))
    if (offered.kind !== 'download') throw new Error('a download')
    const controller = new AbortController()
    const res = await fetch(`${server.url}${offered.url}`, { signal: controller.signal })
    const reader = res.body!.getReader()
    await reader.read()
    controller.abort()
    await expect.poll(() => log).toEqual(['failed DOWNLOAD_CLOSED'])
  })
})

describe('desktop app: the save dialog', () => {
  it('writes where the dialog says, through a .partial file renamed when complete', async () => {
    const target = path.join(dir, 'users.csv')
    const log: string[] = []
    const delivery = new FileDelivery({ saveDialog: async ({ fileName }) => (fileName.endsWith('.csv') ? target : null) })
    expect(await delivery.deliver(file(3, 5, log))).toEqual({ kind: 'file', fileName: 'users.csv' })
    await expect.poll(() => log).toEqual(['end 15'])
    expect(readFileSync(target, 'utf8')).toBe('000001111122222')
    expect(readdirSync(dir)).toEqual(['users.csv'])
  })

  it('a closed dialog writes nothing; an aborted file leaves nothing', async () => {
    const closed = new FileDelivery({ saveDialog: async () => null })
    const log: string[] = []
    expect(await closed.deliver(file(1, 1, log))).toEqual({ kind: 'cancelled' })
    expect(log).toEqual([])
    const target = path.join(dir, 'keys.json')
    const aborting = new FileDelivery({ saveDialog: async () => target })
    let aborted = false
    await aborting.deliver({
      fileName: 'keys.json',
      mime: 'application/json',
      async write(sink) {
        await sink.write('[')
        await sink.abort()
        aborted = true
      },
    })
    await expect.poll(() => aborted).toBe(true)
    expect(existsSync(target)).toBe(false)
    expect(readdirSync(dir)).toEqual([])
  })
})

// A hostile or broken API host must not exhaust IAM Desk's memory: one response body is read up
// to 32 MiB, and a list refuses a total_count over 1,000,000 objects, more than 10,000 pages or
// pages adding up to more than its byte budget. Each refusal is a `bad_response` in plain words,
// never retried.
import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_LIST_OBJECTS, MAX_LIST_PAGES, ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { ScalewayApiError } from '../../src-main/core/platform/scaleway/errors'
import { MAX_RESPONSE_BYTES } from '../../src-main/core/platform/scaleway/http'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { CANARY, ManualClock, ORG, aGroup, aUser, json, startFakeServer, type FakeServer } from './scaleway-fakes'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function clientFor(s: FakeServer, extra: { maxListBytes?: number } = {}): ScalewayClient {
  const clock = new ManualClock()
  return new ScalewayClient({
    apiUrl: s.url,
    secretKey: new Secret(CANARY),
    dispatcher: s.dispatcher,
    limiter: new HostLimiter({ concurrency: 4, sleep: clock.sleep, now: clock.now, random: () => 0.5 }),
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...extra,
  })
}

async function failure(p: Promise<unknown>): Promise<ScalewayApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ScalewayApiError)
  return e as ScalewayApiError
}

/** Writes `total` bytes of a JSON-looking body in 1 MiB chunks; stops when the client hangs up. */
async function flood(res: ServerResponse, total: number, sent: { bytes: number; closed: boolean }): Promise<void> {
  res.on('close', () => (sent.closed = true))
  const chunk = Buffer.alloc(1024 * 1024, 0x20)
  res.write('{"users": [')
  while (sent.bytes < total && !sent.closed) {
    sent.bytes += chunk.length
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')])
  }
  if (!sent.closed) res.end(']}')
}

describe('response body size cap', () => {
  it('is 32 MiB', () => {
    expect(MAX_RESPONSE_BYTES).toBe(32 * 1024 * 1024)
  })

  it('refuses a response body over 32 MiB announced by Content-Length, before reading it, and does not retry', async () => {
    const sent = { bytes: 0, closed: false }
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_RESPONSE_BYTES + 1) })
      return flood(res, MAX_RESPONSE_BYTES + 1, sent)
    })
    const e = await failure(clientFor(server).getUser('5b2e1f0a-0000-4000-8000-000000000001'))
    expect(e.kind).toBe('bad_response')
    expect(e.message).toBe('Scaleway answered GET /users/5b2e1f0a-0000-4000-8000-000000000001 with more than 32 MiB; IAM Desk stopped reading there.')
    expect(server.requests).toHaveLength(1)
    await expect.poll(() => sent.closed).toBe(true)
    expect(sent.bytes).toBeLessThan(MAX_RESPONSE_BYTES)
  })

  it('refuses a chunked response body that grows past 32 MiB, hanging up instead of reading on', async () => {
    const sent = { bytes: 0, closed: false }
    const total = 256 * 1024 * 1024
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      return flood(res, total, sent)
    })
    const e = await failure(clientFor(server).listUsers({ organization_id: ORG }))
    expect(e).toMatchObject({ kind: 'bad_response', message: expect.stringContaining('with more than 32 MiB; IAM Desk stopped reading there.') })
    expect(server.requests).toHaveLength(1)
    await expect.poll(() => sent.closed).toBe(true)
    expect(sent.bytes).toBeLessThan(total)
  })

  it('still reads a large body under the cap', async () => {
    const users = Array.from({ length: 100 }, () => aUser({ first_name: 'x'.repeat(20_000) }))
    server = await startFakeServer((_req, res) => json(res, 200, { users, total_count: users.length }))
    expect(await clientFor(server).listUsers({ organization_id: ORG })).toHaveLength(100)
  })
})

describe('list size caps', () => {
  it('allow at most 1,000,000 objects in 10,000 pages', () => {
    expect(MAX_LIST_OBJECTS).toBe(1_000_000)
    expect(MAX_LIST_PAGES).toBe(10_000)
  })

  it('refuses a list whose total_count is over 1,000,000 objects, after page 1 only', async () => {
    const users = Array.from({ length: 100 }, () => aUser())
    server = await startFakeServer((_req, res) => json(res, 200, { users, total_count: MAX_LIST_OBJECTS + 1 }))
    const e = await failure(clientFor(server).listUsers({ organization_id: ORG }))
    expect(e).toMatchObject({
      kind: 'bad_response',
      message: 'Scaleway answered GET /users with a list of 1,000,001 objects (more than 1,000,000); IAM Desk does not read a list that large.',
    })
    expect(server.requests).toHaveLength(1)
  })

  it('refuses a list of more than 10,000 pages from a server that pages by one', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, { users: [aUser()], total_count: MAX_LIST_PAGES + 1 }))
    const e = await failure(clientFor(server).listUsers({ organization_id: ORG }))
    expect(e).toMatchObject({ kind: 'bad_response', message: expect.stringContaining('a list of 10,001 pages (more than 10,000)') })
    expect(server.requests).toHaveLength(1)
  })

  it('refuses a raw list (the sync path) whose total_count is over the cap', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, { groups: [aGroup()], total_count: 5_000_000_000 }))
    const e = await failure(clientFor(server).listPagesRaw('groups', { organization_id: ORG }))
    expect(e).toMatchObject({ kind: 'bad_response', message: expect.stringContaining('a list of 5,000,000,000 objects') })
    expect(server.requests).toHaveLength(1)
  })

  it("refuses a list whose pages add up to more than the list's byte budget, cancelling the rest", async () => {
    const users = Array.from({ length: 1000 }, () => aUser({ first_name: 'x'.repeat(1000) }))
    server = await startFakeServer((req, res) => {
      const page = Number(req.query.get('page'))
      json(res, 200, { users: users.slice((page - 1) * 100, page * 100), total_count: users.length })
    })
    // Ten pages of about 150 KB each; a budget of 500 KB stops the list after a few.
    const e = await failure(clientFor(server, { maxListBytes: 500_000 }).listUsers({ organization_id: ORG }))
    expect(e).toMatchObject({ kind: 'bad_response', message: expect.stringContaining('more than 488.3 KiB of pages') })
  })
})

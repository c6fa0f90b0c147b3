// Test doubles for the Scaleway client tests: a tiny Scaleway-like HTTP server on 127.0.0.1:0,
// a manual clock whose sleeps resolve only when the test says so, and object factories.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'

export interface FakeRequest {
  method: string
  pathname: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: unknown
  /** The manual clock's time when the request arrived. */
  at: number
}

export type Handler = (req: FakeRequest, res: ServerResponse, raw: IncomingMessage) => unknown

export interface FakeServer {
  url: string
  requests: FakeRequest[]
  inFlight: number
  maxInFlight: number
  dispatcher: Agent
  close(): Promise<void>
}

export async function startFakeServer(handler: Handler, now: () => number = Date.now): Promise<FakeServer> {
  const state = { inFlight: 0, maxInFlight: 0 }
  const requests: FakeRequest[] = []
  const server = createServer((raw, res) => {
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    let done = false
    const finish = (): void => {
      if (!done) {
        done = true
        state.inFlight--
      }
    }
    res.on('close', finish)
    const chunks: Buffer[] = []
    raw.on('data', (c: Buffer) => chunks.push(c))
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://x')
      const text = Buffer.concat(chunks).toString('utf8')
      const req: FakeRequest = {
        method: raw.method ?? 'GET',
        pathname: url.pathname.replace(/^\/iam\/v1alpha1/, ''),
        query: url.searchParams,
        headers: raw.headers,
        body: text ? JSON.parse(text) : undefined,
        at: now(),
      }
      requests.push(req)
      Promise.resolve(handler(req, res, raw)).catch((e: unknown) => {
        res.statusCode = 599
        res.end(String(e))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const dispatcher = new Agent({ keepAliveTimeout: 1000, connections: 32 })
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get inFlight() {
      return state.inFlight
    },
    get maxInFlight() {
      return state.maxInFlight
    },
    dispatcher,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await dispatcher.close()
    },
  }
}

export function json(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body === undefined ? '' : JSON.stringify(body))
}

/** Serve a page of `items` the way Scaleway does (page, page_size ≤ max, total_count). */
export function servePage(res: ServerResponse, req: FakeRequest, key: string, items: unknown[], maxPageSize = 100): void {
  const page = Number(req.query.get('page') ?? '1')
  const size = Math.min(maxPageSize, Number(req.query.get('page_size') ?? '20'))
  json(res, 200, { [key]: items.slice((page - 1) * size, page * size), total_count: items.length })
}

/**
 * A clock whose sleeps only end when the test advances time (or at once, in auto mode, jumping
 * the clock to the sleeper's wake-up time). Tests wait on `sleepCalled`, never on real time.
 */
export class ManualClock {
  t: number
  readonly sleeps: number[] = []
  auto: boolean
  #pending: { target: number; resolve: () => void }[] = []
  #waiters: { n: number; resolve: () => void }[] = []

  constructor(opts: { auto?: boolean; start?: number } = {}) {
    this.t = opts.start ?? Date.now()
    this.auto = opts.auto ?? true
  }

  now = (): number => this.t

  sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms)
    const target = this.t + ms
    for (const w of this.#waiters.filter((w) => this.sleeps.length >= w.n)) w.resolve()
    this.#waiters = this.#waiters.filter((w) => this.sleeps.length < w.n)
    if (this.auto) {
      return new Promise((resolve) =>
        setImmediate(() => {
          this.t = Math.max(this.t, target)
          resolve()
        }),
      )
    }
    return new Promise((resolve) => this.#pending.push({ target, resolve }))
  }

  /** Resolves once `n` sleeps have been requested in total. */
  sleepCalled(n: number): Promise<void> {
    if (this.sleeps.length >= n) return Promise.resolve()
    return new Promise((resolve) => this.#waiters.push({ n, resolve }))
  }

  advance(ms: number): void {
    this.t += ms
    const due = this.#pending.filter((p) => p.target <= this.t)
    this.#pending = this.#pending.filter((p) => p.target > this.t)
    for (const p of due) p.resolve()
  }
}

const ts = (): string => new Date().toISOString()

export function aUser(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    email: `u-${randomUUID().slice(0, 8)}@example.com`,
    username: 'someone',
    first_name: '',
    last_name: '',
    phone_number: '',
    locale: 'en_US',
    created_at: ts(),
    updated_at: ts(),
    organization_id: ORG,
    deletable: true,
    last_login_at: null,
    type: 'member',
    two_factor_enabled: false,
    status: 'activated',
    mfa: false,
    account_root_user_id: '',
    tags: [],
    locked: false,
    ...over,
  }
}

export function aGroup(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    created_at: ts(),
    updated_at: ts(),
    organization_id: ORG,
    name: 'admins',
    description: '',
    user_ids: [],
    application_ids: [],
    tags: [],
    editable: true,
    deletable: true,
    managed: false,
    ...over,
  }
}

export function anApiKey(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_key: 'SCW' + 'ABCDEFGHJK0123456'.split('').sort(() => Math.random() - 0.5).join(''),
    secret_key: null,
    application_id: randomUUID(),
    description: '',
    created_at: ts(),
    updated_at: ts(),
    expires_at: null,
    default_project_id: ORG,
    editable: true,
    deletable: true,
    managed: false,
    creation_ip: '127.0.0.1',
    ...over,
  }
}

export function anSshKey(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    name: 'laptop',
    public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO me@laptop',
    fingerprint: '256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 me@laptop (ssh-ed25519)',
    created_at: ts(),
    updated_at: ts(),
    organization_id: ORG,
    project_id: ORG,
    disabled: false,
    ...over,
  }
}

export function aPolicy(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    name: 'readers',
    description: '',
    organization_id: ORG,
    created_at: ts(),
    updated_at: ts(),
    editable: true,
    deletable: true,
    managed: false,
    nb_rules: 0,
    nb_scopes: 0,
    nb_permission_sets: 0,
    tags: [],
    no_principal: true,
    ...over,
  }
}

export function anApplication(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    name: 'ci',
    description: '',
    created_at: ts(),
    updated_at: ts(),
    organization_id: ORG,
    editable: true,
    deletable: true,
    managed: false,
    nb_api_keys: 0,
    tags: [],
    ...over,
  }
}

export const ORG = '105bdce1-64c0-48ab-899d-868455867ecf'
/** A recognisable secret: tests search every produced string for it. */
export const CANARY = 'c4a7a1e5-0000-4000-8000-00000000c4a7'

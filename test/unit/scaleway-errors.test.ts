import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { ScalewayApiError } from '../../src-main/core/platform/scaleway/errors'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { isUnreachable, toContractError } from '../../src-main/core/errors/contract-error'
import type { ErrorCode } from '../../src-preload/contract'
import { API_ERROR_KINDS } from './core-error-kinds'
import { CANARY, ManualClock, ORG, aUser, anApiKey, json, startFakeServer, type FakeServer } from './scaleway-fakes'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function clientFor(s: FakeServer): ScalewayClient {
  const clock = new ManualClock()
  return new ScalewayClient({
    apiUrl: s.url,
    secretKey: new Secret(CANARY),
    dispatcher: s.dispatcher,
    limiter: new HostLimiter({ sleep: clock.sleep, now: clock.now }),
    sleep: clock.sleep,
    now: clock.now,
    maxRetries: 0,
  })
}

const ID = '8e1adafa-0000-4000-8000-000000000001'

/** Every error body shape of the reference §2.1, as Scaleway sends it, and what the UI gets. */
const cases: { name: string; status: number; body: unknown; expected: Record<string, unknown>; says: RegExp }[] = [
  {
    name: 'invalid_arguments',
    status: 400,
    body: { details: [{ argument_name: 'project_id', help_message: 'value must be a valid UUID', reason: 'format' }], message: 'invalid argument(s)', type: 'invalid_arguments' },
    expected: { kind: 'invalid_arguments', details: [{ argument_name: 'project_id', reason: 'format', help_message: 'value must be a valid UUID' }] },
    says: /project_id.*valid UUID/,
  },
  {
    name: 'denied_authentication',
    status: 401,
    body: { message: 'authentication is denied', method: 'api_key', reason: 'not_found', type: 'denied_authentication' },
    expected: { kind: 'denied_authentication', reason: 'not_found', authMethod: 'api_key' },
    says: /API key is unknown/,
  },
  {
    name: 'denied_authentication expired',
    status: 401,
    body: { message: 'authentication is denied', method: 'api_key', reason: 'expired', type: 'denied_authentication' },
    expected: { kind: 'denied_authentication', reason: 'expired' },
    says: /expired/,
  },
  {
    name: 'permissions_denied',
    status: 403,
    body: { details: [{ action: 'read', resource: 'api_key' }], message: 'insufficient permissions', type: 'permissions_denied' },
    expected: { kind: 'permissions_denied', details: [{ resource: 'api_key', action: 'read' }] },
    says: /may not read api key/,
  },
  {
    name: 'not_found',
    status: 404,
    body: { message: 'resource is not found', resource: 'ssh_key', resource_id: ID, type: 'not_found' },
    expected: { kind: 'not_found', resource: 'ssh_key', resourceId: ID },
    says: /SSH key|ssh key/i,
  },
  {
    name: 'not_found of a non-member (empty resource)',
    status: 404,
    body: { message: 'resource is not found', resource: '', resource_id: ID, type: 'not_found' },
    expected: { kind: 'not_found', resource: '', resourceId: ID },
    says: new RegExp(ID),
  },
  {
    name: 'transient_state',
    status: 409,
    body: { current_state: 'updating', message: 'resource is in a transient state', resource: 'group', resource_id: ID, type: 'transient_state' },
    expected: { kind: 'transient_state', resource: 'group', resourceId: ID, currentState: 'updating' },
    says: /busy \(updating\)/,
  },
  {
    name: 'quotas_exceeded',
    status: 403,
    body: { type: 'quotas_exceeded', message: 'quota(s) exceeded', details: [{ resource: 'api_keys', quota: 10, current: 10, organization_id: ORG }] },
    expected: { kind: 'quotas_exceeded', details: [{ resource: 'api_keys', quota: 10, current: 10, organization_id: ORG }] },
    says: /api keys \(10\/10\)/,
  },
  {
    name: 'precondition_failed',
    status: 412,
    body: { type: 'precondition_failed', message: 'precondition failed', precondition: 'resource_still_in_use', help_message: 'detach it first' },
    expected: { kind: 'precondition_failed', precondition: 'resource_still_in_use', helpMessage: 'detach it first' },
    says: /still in use/,
  },
  {
    name: 'already_exists',
    status: 409,
    body: { type: 'already_exists', message: 'resource already exists', resource: 'group', resource_id: ID, help_message: '' },
    expected: { kind: 'conflict', resource: 'group' },
    says: /already exists/,
  },
  {
    name: 'conflict',
    status: 409,
    body: { type: 'conflict', message: 'Group is in use. You cannot delete it.' },
    expected: { kind: 'conflict' },
    says: /Group is in use/,
  },
  {
    name: 'locked',
    status: 423,
    body: { type: 'locked', message: 'resource is locked', resource: 'user', resource_id: ID },
    expected: { kind: 'locked', resource: 'user' },
    says: /locked/,
  },
  {
    name: 'expired (JS spelling)',
    status: 410,
    body: { type: 'expired', message: 'resource expired', resource: 'api_key', resource_id: ID, expired_since: '2025-01-01T00:00:00Z' },
    expected: { kind: 'expired' },
    says: /expired/,
  },
  {
    name: 'resource_expired (Go spelling)',
    status: 410,
    body: { type: 'resource_expired', message: 'resource expired', resource: 'api_key', resource_id: ID },
    expected: { kind: 'expired' },
    says: /expired/,
  },
  {
    name: 'too_many_requests',
    status: 429,
    body: { type: 'too_many_requests', message: 'too many requests', help_message: 'slow down', limit: { quota: 100, window_seconds: 1 } },
    expected: { kind: 'rate_limited' },
    says: /rate limiting/,
  },
  {
    name: 'unknown type',
    status: 418,
    body: { type: 'teapot', message: 'short and stout' },
    expected: { kind: 'unknown', type: 'teapot' },
    says: /418.*short and stout/,
  },
  {
    name: 'not JSON',
    status: 502,
    body: '<html>bad gateway</html>',
    expected: { kind: 'server_error' },
    says: /server error \(HTTP 502/,
  },
]

/** The contract code each case gets, wherever it is met (a write, a sync, adding an organization). */
const codes: Record<string, ErrorCode> = {
  invalid_arguments: 'BAD_REQUEST',
  denied_authentication: 'UNAUTHENTICATED',
  'denied_authentication expired': 'UNAUTHENTICATED',
  permissions_denied: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  'not_found of a non-member (empty resource)': 'NOT_FOUND',
  transient_state: 'CONFLICT',
  quotas_exceeded: 'QUOTA_EXCEEDED',
  precondition_failed: 'CONFLICT',
  already_exists: 'CONFLICT',
  conflict: 'CONFLICT',
  locked: 'CONFLICT',
  'expired (JS spelling)': 'UNAUTHENTICATED',
  'resource_expired (Go spelling)': 'UNAUTHENTICATED',
  too_many_requests: 'RATE_LIMITED',
  'unknown type': 'BAD_RESPONSE',
  'not JSON': 'OFFLINE',
}

describe('error bodies become typed errors', () => {
  for (const c of cases) {
    it(c.name, async () => {
      server = await startFakeServer((_req, res) => {
        if (typeof c.body === 'string') {
          res.writeHead(c.status, { 'content-type': 'text/html' })
          return res.end(c.body)
        }
        json(res, c.status, c.body)
      })
      const err = await clientFor(server).getSshKey(ID).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ScalewayApiError)
      expect(err).toMatchObject({ ...c.expected, status: c.status, method: 'GET', path: `/ssh-keys/${ID}` })
      expect((err as Error).message).toMatch(c.says)
      const contract = toContractError(err)
      expect(contract.code).toBe(codes[c.name])
      expect(isUnreachable(err)).toBe(contract.code === 'OFFLINE')
    })
  }
})

describe('the one conversion to contract codes', () => {
  it('gives every kind of the client a contract code of its own, never INTERNAL', () => {
    for (const kind of API_ERROR_KINDS) {
      const e = toContractError(new ScalewayApiError({ kind, message: `m ${kind}`, method: 'GET', path: '/iam/v1alpha1/users' }))
      expect(e.code, kind).not.toBe('INTERNAL')
    }
  })

  it('says field by field what Scaleway refused, and who may not do what', () => {
    const invalid = new ScalewayApiError({
      kind: 'invalid_arguments',
      message: 'Scaleway refused the request: invalid name (constraint: too long).',
      method: 'POST',
      path: '/groups',
      details: [{ argument_name: 'name', reason: 'constraint', help_message: 'too long' }],
    })
    expect(toContractError(invalid)).toEqual({ code: 'BAD_REQUEST', message: invalid.message, details: { fields: invalid.details } })
    const denied = new ScalewayApiError({ kind: 'permissions_denied', message: 'x', method: 'GET', path: '/users', details: [{ resource: 'api_key', action: 'read' }] })
    expect(toContractError(denied)).toEqual({ code: 'PERMISSION_DENIED', message: 'This API key may not read on api key.', details: { missing: ['read on api key'] } })
  })

  it('says when an unreachable write may have been applied', () => {
    const lost = new ScalewayApiError({ kind: 'timeout', message: 'Scaleway did not answer POST /users within 30 s.', method: 'POST', path: '/users', mayHaveBeenApplied: true })
    expect(toContractError(lost)).toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/may or may not have been applied/), details: { mayHaveBeenApplied: true } })
    const down = new ScalewayApiError({ kind: 'server_error', message: 'Scaleway had a server error (HTTP 503 on GET /users).', method: 'GET', path: '/users', status: 503 })
    expect(toContractError(down)).toEqual({ code: 'OFFLINE', message: 'Scaleway is answering with server errors right now.' })
  })
})

describe('responses that fail their schema', () => {
  it('become bad_response naming the paths, not the values', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, aUser({ id: ID, email: 4242, locked: 'nope' })))
    const err = await clientFor(server).getUser(ID).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'bad_response', status: 200 })
    const e = err as ScalewayApiError
    expect(e.issues).toEqual(expect.arrayContaining(['email: invalid_type', 'locked: invalid_type']))
    expect(e.message).not.toContain('4242')
    expect(e.message).not.toContain('nope')
  })

  it('flags a list page whose items do not match, with the item index', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, { users: [aUser(), aUser({ type: 'alien' })], total_count: 2 }))
    const err = await clientFor(server).listUsers().catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'bad_response', issues: ['users.1.type: invalid_value'] })
  })

  it('become bad_response when a 2xx body is not JSON', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"truncated":')
    })
    await expect(clientFor(server).getUser(ID)).rejects.toMatchObject({ kind: 'bad_response' })
  })

  it('refuse an empty id instead of calling the list endpoint', async () => {
    server = await startFakeServer((_req, res) => json(res, 200, {}))
    await expect(clientFor(server).getUser('')).rejects.toMatchObject({ kind: 'invalid_arguments' })
    expect(server.requests).toHaveLength(0)
  })
})

describe('secrets never leak', () => {
  it('the client secret, a new key secret and a password stay out of every produced string', async () => {
    const newKeySecret = 'deadbeef-1111-4111-8111-c4a7c4a7c4a7'
    const password = 'hunter2-canary-password'
    server = await startFakeServer((req, res) => {
      if (req.method === 'POST' && req.pathname === '/api-keys') return json(res, 200, anApiKey({ secret_key: newKeySecret }))
      // A hostile or buggy server echoing what it got must not make us print it.
      const echoed = `${String(req.headers['x-auth-token'])} ${JSON.stringify(req.body ?? '')}`
      json(res, 400, {
        type: 'invalid_arguments',
        message: echoed,
        details: [{ argument_name: 'password', reason: 'constraint', help_message: `got ${echoed}` }],
      })
    })
    const client = clientFor(server)
    const produced: string[] = []
    const collect = (x: unknown): void => {
      produced.push(String(x), JSON.stringify(x) ?? '', inspect(x, { depth: 10, showHidden: true }))
      if (x instanceof Error) produced.push(x.message, x.stack ?? '')
    }

    const key = await client.createApiKey({ application_id: ID, description: 'ci' })
    expect(key.secret.reveal()).toBe(newKeySecret)
    expect('secret_key' in key).toBe(false)
    collect(key)
    collect(key.secret)
    collect(`${key.secret}`)

    for (const failed of [
      await client.getUser(ID).catch((e: unknown) => e),
      await client.updateUserPassword(ID, new Secret(password)).catch((e: unknown) => e),
      await client.createUser({ organization_id: ORG, member: { email: 'a@b.c', username: 'ab', password } }).catch((e: unknown) => e),
    ]) {
      collect(failed)
      // What the user is shown of it, through the one conversion.
      collect(toContractError(failed))
    }
    collect(client)

    // The test would be vacuous if the server had not echoed the canary.
    expect(produced.some((s) => s.includes('[REDACTED]'))).toBe(true)
    for (const s of produced) {
      expect(s).not.toContain(CANARY)
      expect(s).not.toContain(newKeySecret)
      expect(s).not.toContain(password)
    }
  })
})

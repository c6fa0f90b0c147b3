// A create whose answer is lost must not be re-sent blindly: the client lists to find out.
import type { ServerResponse } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { HostLimiter } from '../../src-main/core/platform/scaleway/limiter'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import {
  CANARY,
  ManualClock,
  ORG,
  aGroup,
  aPolicy,
  aUser,
  anApiKey,
  anApplication,
  anSshKey,
  json,
  servePage,
  startFakeServer,
  type FakeRequest,
  type FakeServer,
} from './scaleway-fakes'

type Fault = 'drop-after-create' | 'drop-before-create' | 'hang-after-create'

let server: FakeServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const APP = '8e1adafa-0000-4000-8000-0000000000a1'
const NEW_SECRET = '5ec7e700-0000-4000-8000-000000000001'

/** A small stateful IAM: creates store objects, lists filter by the fields reconciliation uses. */
async function statefulServer(faults: Fault[]): Promise<{ s: FakeServer; store: Record<string, Record<string, unknown>[]> }> {
  const store: Record<string, Record<string, unknown>[]> = {
    groups: [],
    api_keys: [],
    ssh_keys: [],
    policies: [aPolicy({ id: '9e1adafa-0000-4000-8000-0000000000b1', name: 'readers' })],
    users: [],
    applications: [],
  }
  const make: Record<string, (b: Record<string, unknown>) => Record<string, unknown>> = {
    groups: (b) => aGroup({ name: b.name, description: b.description }),
    api_keys: (b) => anApiKey({ application_id: b.application_id, description: b.description }),
    ssh_keys: (b) => anSshKey({ name: b.name, public_key: b.public_key }),
    policies: (b) => aPolicy({ name: b.name }),
    users: (b) => aUser({ email: (b.member as { email: string }).email }),
    applications: (b) => anApplication({ name: b.name, description: b.description }),
  }
  const keyOf = (p: string): string => p.split('/')[1]!.replace('-', '_')
  const s = await startFakeServer((req: FakeRequest, res: ServerResponse, raw: IncomingMessage) => {
    if (req.method === 'GET') {
      const kind = keyOf(req.pathname)
      let items = store[kind] ?? []
      const name = req.query.get('name') ?? req.query.get('policy_name')
      if (name) items = items.filter((x) => x.name === name)
      const bearer = req.query.get('bearer_id')
      if (bearer) items = items.filter((x) => x.application_id === bearer || x.user_id === bearer)
      if (req.pathname.startsWith('/policies/')) return json(res, 200, store.policies!.find((p) => p.id === req.pathname.split('/')[2]))
      return servePage(res, req, kind, items)
    }
    // POST create (or clone)
    const clone = req.pathname.endsWith('/clone')
    const kind = clone ? 'policies' : keyOf(req.pathname)
    const fault = faults.shift()
    if (fault === 'drop-before-create') return raw.socket.destroy()
    let obj: Record<string, unknown>
    if (clone) {
      const src = store.policies!.find((p) => p.id === req.pathname.split('/')[2])!
      obj = aPolicy({ name: `Copy of ${String(src.name)}` })
    } else obj = make[kind]!(req.body as Record<string, unknown>)
    store[kind]!.push(obj)
    if (fault === 'drop-after-create') return raw.socket.destroy()
    if (fault === 'hang-after-create') return
    json(res, 200, kind === 'api_keys' ? { ...obj, secret_key: NEW_SECRET } : obj)
  })
  return { s, store }
}

function clientFor(s: FakeServer, timeoutMs = 30_000): ScalewayClient {
  const clock = new ManualClock()
  return new ScalewayClient({
    apiUrl: s.url,
    secretKey: new Secret(CANARY),
    dispatcher: s.dispatcher,
    limiter: new HostLimiter({ sleep: clock.sleep, now: clock.now }),
    sleep: clock.sleep,
    now: clock.now,
    timeoutMs,
  })
}

const posts = (s: FakeServer): number => s.requests.filter((r) => r.method === 'POST').length

describe('create with an unknown outcome', () => {
  it('finds the group it created by listing, and does not create it twice', async () => {
    const { s, store } = await statefulServer(['drop-after-create'])
    server = s
    const g = await clientFor(s).createGroup({ organization_id: ORG, name: 'admins', description: '' })
    expect(g.id).toBe(store.groups![0]!.id)
    expect(store.groups).toHaveLength(1)
    expect(posts(s)).toBe(1)
    expect(s.requests[1]).toMatchObject({ method: 'GET', pathname: '/groups' })
    expect(s.requests[1]!.query.get('name')).toBe('admins')
  })

  it('sends the create once more when the listing shows it was not created', async () => {
    const { s, store } = await statefulServer(['drop-before-create'])
    server = s
    const g = await clientFor(s).createGroup({ organization_id: ORG, name: 'admins', description: '' })
    expect(store.groups).toHaveLength(1)
    expect(g.id).toBe(store.groups![0]!.id)
    expect(s.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST'])
  })

  it('gives up with unknown_outcome when the second attempt is lost too', async () => {
    const { s } = await statefulServer(['drop-before-create', 'drop-before-create'])
    server = s
    const err = await clientFor(s).createGroup({ organization_id: ORG, name: 'admins', description: '' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'unknown_outcome', method: 'POST', path: '/groups' })
    expect(posts(s)).toBe(2)
  })

  it('reconciles an SSH key after a timeout by its public key', async () => {
    const { s, store } = await statefulServer(['hang-after-create'])
    server = s
    const k = await clientFor(s, 100).createSshKey({ name: 'laptop', project_id: ORG, public_key: anSshKey().public_key as string })
    expect(k.id).toBe(store.ssh_keys![0]!.id)
    expect(posts(s)).toBe(1)
  })

  it('reconciles a user by e-mail, an application and a policy by name', async () => {
    const { s, store } = await statefulServer(['drop-after-create', 'drop-after-create', 'drop-after-create'])
    server = s
    const client = clientFor(s)
    const u = await client.createUser({ organization_id: ORG, member: { email: 'ada@example.com', username: 'ada' } })
    const a = await client.createApplication({ organization_id: ORG, name: 'ci', description: 'deploys' })
    const p = await client.createPolicy({ organization_id: ORG, name: 'writers', description: '', no_principal: true })
    expect([u.id, a.id, p.id]).toEqual([store.users![0]!.id, store.applications![0]!.id, store.policies![1]!.id])
    expect(posts(s)).toBe(3)
  })

  it('reconciles a clone by its "Copy of" name', async () => {
    const { s, store } = await statefulServer(['drop-after-create'])
    server = s
    const copy = await clientFor(s).clonePolicy('9e1adafa-0000-4000-8000-0000000000b1')
    expect(copy.name).toBe('Copy of readers')
    expect(store.policies).toHaveLength(2)
    expect(posts(s)).toBe(1)
  })

  it('an API key created with its secret lost is reported with its access key, not re-created', async () => {
    const { s, store } = await statefulServer(['drop-after-create'])
    server = s
    const err = await clientFor(s).createApiKey({ application_id: APP, description: 'deploy' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'unknown_outcome', accessKey: store.api_keys![0]!.access_key })
    expect((err as Error).message).toMatch(/secret was lost.*Delete/)
    expect(store.api_keys).toHaveLength(1)
    expect(posts(s)).toBe(1)
  })

  it('an API key that was not created is created again, with its secret', async () => {
    const { s, store } = await statefulServer(['drop-before-create'])
    server = s
    const key = await clientFor(s).createApiKey({ application_id: APP, description: 'deploy' })
    expect(key.secret.reveal()).toBe(NEW_SECRET)
    expect(key.access_key).toBe(store.api_keys![0]!.access_key)
    expect(posts(s)).toBe(2)
  })
})

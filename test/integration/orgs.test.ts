// Organizations end to end through the router, against the emulator over real HTTP:
// add (valid and each refusal), CLI import, rename, remove, keychain unavailable, offline,
// and a canary secret that must never reach the database, its WAL, logs or any IPC reply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { createApp, type App } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import type { KeychainProbeResult } from '../../src-main/core/platform/secrets/probe-keychain'

let emulator: RunningEmulator
let app: App
let dir: string
let keychain: MemorySecretStore
let logs: string[]
let replies: string[]
let clock: number

async function newApp(opts: { probe?: KeychainProbeResult; env?: Record<string, string> } = {}): Promise<App> {
  logs = []
  replies = []
  keychain = new MemorySecretStore()
  const a = await createApp({
    mode: 'browser',
    version: 'test',
    dataDir: dir,
    keychain,
    probeKeychain: async () => opts.probe ?? { available: true },
    env: opts.env ?? {},
    homeDir: path.join(dir, 'home'),
    log: (m) => logs.push(m),
  })
  const dispatch = a.router.dispatch.bind(a.router)
  a.router.dispatch = async (name, input) => {
    const r = await dispatch(name, input)
    replies.push(JSON.stringify(r))
    return r
  }
  return a
}

async function call<T = unknown>(name: string, input: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  return (await app.router.dispatch(name, input)) as never
}

async function api(method: string, p: string, secret: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}/iam/v1alpha1${p}`, {
    method,
    headers: { 'X-Auth-Token': secret, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`)
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

/** An application key whose bearer has no policy at all: it may authenticate but read nothing. */
async function keyWithoutRights(expiresAt: string | null = null): Promise<{ access_key: string; secret_key: string }> {
  const owner = emulator.organizations[0]!
  const appObj = await api('POST', '/applications', owner.secret_key, { name: `no-rights-${Math.round(clock)}`, organization_id: owner.organization_id, description: '' })
  const key = await api('POST', '/api-keys', owner.secret_key, { application_id: appObj.id, description: 'test', expires_at: expiresAt })
  return { access_key: key.access_key as string, secret_key: key.secret_key as string }
}

beforeEach(async () => {
  clock = Date.parse('2026-11-01T10:00:00Z')
  emulator = await startEmulator({ port: 0, orgs: 2, seed: 3, now: () => new Date(clock) })
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-orgs-'))
  app = await newApp()
})

afterEach(async () => {
  await app.close()
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('adding an organization', () => {
  it('adds a valid key, learns its organization and keeps the secret in the keychain only', async () => {
    const owner = emulator.organizations[0]!
    const r = await call<{ id: string; name: string; secretStorage: string; hasSecret: boolean }>('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.id).toBe(owner.organization_id)
    expect(r.value.name).toBe(owner.name)
    expect(r.value).toMatchObject({ secretStorage: 'keychain', hasSecret: true })
    expect((await keychain.get(owner.organization_id))?.reveal()).toBe(owner.secret_key)
    const list = await call<Array<{ id: string }>>('orgs.list')
    expect(list.ok && list.value.map((o) => o.id)).toEqual([owner.organization_id])
  })

  it('refuses malformed keys before calling the API', async () => {
    const before = emulator.admin.requestCount()
    const bad1 = await call('orgs.add', { accessKey: 'SCW123', secretKey: '11111111-1111-1111-1111-111111111111', apiUrl: emulator.url })
    const bad2 = await call('orgs.add', { accessKey: 'SCWABCDEFGHJKMNPQRST', secretKey: 'not-a-uuid', apiUrl: emulator.url })
    const bad3 = await call('orgs.add', { accessKey: 'SCWABCDEFGHJKMNPQRST', secretKey: '11111111-1111-1111-1111-111111111111', apiUrl: 'ftp://example' })
    for (const r of [bad1, bad2, bad3]) expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(emulator.admin.requestCount()).toBe(before)
  })

  it('refuses an unknown key', async () => {
    const r = await call('orgs.add', { accessKey: 'SCWABCDEFGHJKMNPQRST', secretKey: '11111111-1111-4111-8111-111111111111', apiUrl: emulator.url })
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(!r.ok && r.error.message).toMatch(/does not recognise/)
    expect(await call<unknown[]>('orgs.list')).toEqual({ ok: true, value: [] })
  })

  it('refuses an expired key', async () => {
    const key = await keyWithoutRights(new Date(clock + 3_600_000).toISOString())
    clock += 2 * 3_600_000
    const r = await call('orgs.add', { accessKey: key.access_key, secretKey: key.secret_key, apiUrl: emulator.url })
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(!r.ok && r.error.message).toMatch(/expired/)
  })

  it('refuses a key without the right to read IAM, saying which permission set it needs', async () => {
    const key = await keyWithoutRights()
    const r = await call('orgs.add', { accessKey: key.access_key, secretKey: key.secret_key, apiUrl: emulator.url })
    expect(r).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } })
    expect(!r.ok && r.error.message).toMatch(/IAMReadOnly/)
    expect(await keychain.get(emulator.organizations[0]!.organization_id)).toBeNull()
  })

  it('refuses the same organization twice', async () => {
    const owner = emulator.organizations[0]!
    await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    const again = await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  it('says OFFLINE when the API cannot be reached, and the app knows it is offline', async () => {
    const owner = emulator.organizations[0]!
    await emulator.close()
    const r = await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(r).toMatchObject({ ok: false, error: { code: 'OFFLINE' } })
    const c = await call<{ online: boolean; offlineSince: string | null }>('app.connectivity')
    expect(c.ok && c.value.online).toBe(false)
    emulator = await startEmulator({ port: 0 })
  })
})

describe('keychain unavailable', () => {
  it('says KEYCHAIN_UNAVAILABLE with what to do, then works with session-only secrets by choice', async () => {
    await app.close()
    app = await newApp({ probe: { available: false, reason: 'no_secret_service', help: 'Install GNOME Keyring.' } })
    const owner = emulator.organizations[0]!
    const refused = await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(refused).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } })
    expect(!refused.ok && refused.error.message).toMatch(/keychain/i)
    const status = await call('orgs.useSessionStorage')
    expect(status).toMatchObject({ ok: true, value: { available: false } })
    const added = await call<{ secretStorage: string; hasSecret: boolean }>('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    expect(added).toMatchObject({ ok: true, value: { secretStorage: 'session', hasSecret: true } })
    expect(await keychain.get(owner.organization_id)).toBeNull()
  })
})

describe('rename and remove', () => {
  it('renames, then removes the organization with its keychain entry and cached data', async () => {
    const owner = emulator.organizations[0]!
    await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    const synced = await call<Array<{ status: string }>>('sync.start', {})
    expect(synced.ok && synced.value[0]!.status).toBe('ok')
    const renamed = await call<{ name: string }>('orgs.rename', { id: owner.organization_id, name: 'Renamed Org' })
    expect(renamed).toMatchObject({ ok: true, value: { name: 'Renamed Org' } })
    const users = await call<{ total: number }>('browse.list', { kind: 'users', offset: 0, limit: 5 })
    expect(users.ok && users.value.total).toBeGreaterThan(0)

    const removed = await call('orgs.remove', { id: owner.organization_id })
    expect(removed).toEqual({ ok: true, value: { removed: owner.organization_id } })
    expect(await keychain.get(owner.organization_id)).toBeNull()
    expect(await call('browse.list', { kind: 'users', offset: 0, limit: 5 })).toMatchObject({ ok: true, value: { total: 0 } })
    expect(await call('orgs.remove', { id: owner.organization_id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })
})

describe('import from the Scaleway CLI', () => {
  const fixtures = path.resolve(import.meta.dirname, '../fixtures/scw')

  it('previews every fixture profile with its status', async () => {
    await app.close()
    const cfg = path.join(dir, 'config.yaml')
    copyFileSync(path.join(fixtures, 'config.yaml'), cfg)
    app = await newApp({ env: { SCW_CONFIG_PATH: cfg } })
    const r = await call<{ configPath: string; candidates: Array<{ profileName: string; status: string; active: boolean }> }>('orgs.importPreview')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.configPath).toBe(cfg)
    expect(r.value.candidates.length).toBeGreaterThanOrEqual(4)
    expect(r.value.candidates.filter((c) => c.active)).toHaveLength(1)
    expect(r.value.candidates.some((c) => c.status === 'invalid')).toBe(true)
    const fixtureSecrets = [...readFileSync(cfg, 'utf8').matchAll(/secret_key:\s*"?([^"\s]+)/g)].map((m) => m[1]!)
    expect(fixtureSecrets.length).toBeGreaterThan(0)
    for (const s of fixtureSecrets) expect(JSON.stringify(r)).not.toContain(s)
  })

  it('reports malformed YAML plainly, without crashing', async () => {
    await app.close()
    app = await newApp({ env: { SCW_CONFIG_PATH: path.join(fixtures, 'malformed.yaml') } })
    const r = await call<{ problem: string | null; candidates: unknown[] }>('orgs.importPreview')
    expect(r.ok && r.value.problem).toMatch(/not valid YAML/)
  })

  it('marks duplicates and imports valid profiles, reporting each one', async () => {
    await app.close()
    const a = emulator.organizations[0]!
    const b = emulator.organizations[1]!
    const cfg = path.join(dir, 'scw.yaml')
    writeFileSync(
      cfg,
      [
        `access_key: ${a.access_key}`,
        `secret_key: ${a.secret_key}`,
        `api_url: ${emulator.url}/`,
        'active_profile: second',
        'profiles:',
        '  second:',
        `    access_key: ${b.access_key}`,
        `    secret_key: ${b.secret_key}`,
        `    api_url: ${emulator.url}`,
        '  again:',
        `    access_key: ${a.access_key}`,
        `    secret_key: ${a.secret_key}`,
        `    api_url: ${emulator.url}`,
        '  broken:',
        '    access_key: nope',
        '    secret_key: nope',
        '',
      ].join('\n'),
    )
    app = await newApp({ env: { SCW_CONFIG_PATH: cfg } })
    const preview = await call<{ candidates: Array<{ key: string; profileName: string; status: string }> }>('orgs.importPreview')
    if (!preview.ok) throw new Error(preview.error.message)
    const byName = Object.fromEntries(preview.value.candidates.map((c) => [c.profileName, c]))
    expect(byName.default!.status).toBe('new')
    expect(byName.second!.status).toBe('new')
    expect(byName.again!.status).toBe('duplicate')
    expect(byName.broken!.status).toBe('invalid')

    const result = await call<{ results: Array<{ profileName: string; outcome: string; reason: string | null }> }>('orgs.import', {
      keys: preview.value.candidates.map((c) => c.key),
    })
    if (!result.ok) throw new Error(result.error.message)
    const outcome = Object.fromEntries(result.value.results.map((r) => [r.profileName, r.outcome]))
    expect(outcome).toEqual({ default: 'imported', second: 'imported', again: 'skipped', broken: 'skipped' })
    const orgs = await call<Array<{ id: string }>>('orgs.list')
    expect(orgs.ok && orgs.value.map((o) => o.id).sort()).toEqual([a.organization_id, b.organization_id].sort())

    const second = await call<{ candidates: Array<{ profileName: string; status: string }> }>('orgs.importPreview')
    expect(second.ok && second.value.candidates.find((c) => c.profileName === 'default')!.status).toBe('already_added')
  })
})

describe('where the secret key may go (the API URL)', () => {
  it('refuses an http api_url to another machine in orgs.add, before any request', async () => {
    const owner = emulator.organizations[0]!
    for (const apiUrl of ['http://evil.example', 'http://10.0.0.1:8080', 'https://user:pw@api.scaleway.com']) {
      const r = await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl })
      expect(r, apiUrl).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', details: { field: 'apiUrl' } } })
    }
    const r = await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: 'http://evil.example' })
    expect(!r.ok && r.error.message).toMatch(/^The API URL uses plain http:\/\/ to evil\.example, which would send the secret key unencrypted/)
    expect(await call('orgs.list')).toEqual({ ok: true, value: [] })
    expect(await keychain.get(owner.organization_id)).toBeNull()
  })

  it('refuses an http api_url from a crafted scw config: invalid in the preview, skipped by the import', async () => {
    await app.close()
    const a = emulator.organizations[0]!
    const cfg = path.join(dir, 'crafted.yaml')
    writeFileSync(cfg, [`access_key: ${a.access_key}`, `secret_key: ${a.secret_key}`, 'api_url: http://evil.example/', ''].join('\n'))
    app = await newApp({ env: { SCW_CONFIG_PATH: cfg } })
    const preview = await call<{ candidates: Array<{ key: string; status: string; reasons: string[]; apiUrl: string }> }>('orgs.importPreview')
    if (!preview.ok) throw new Error(preview.error.message)
    expect(preview.value.candidates).toEqual([
      expect.objectContaining({ status: 'invalid', apiUrl: 'http://evil.example/', reasons: [expect.stringMatching(/plain http:\/\/ to evil\.example/)] }),
    ])
    const result = await call<{ results: Array<{ outcome: string }> }>('orgs.import', { keys: [preview.value.candidates[0]!.key] })
    expect(result.ok && result.value.results.map((x) => x.outcome)).toEqual(['skipped'])
    expect(await call('orgs.list')).toEqual({ ok: true, value: [] })
  })

  it('leaves a profile whose api_url is not api.scaleway.com unticked, with the reason', async () => {
    await app.close()
    const a = emulator.organizations[0]!
    const b = emulator.organizations[1]!
    const cfg = path.join(dir, 'hosts.yaml')
    writeFileSync(
      cfg,
      [
        `access_key: ${a.access_key}`,
        `secret_key: ${a.secret_key}`,
        `api_url: ${emulator.url}`,
        'profiles:',
        '  inherits-top-url:',
        `    access_key: ${b.access_key}`,
        `    secret_key: ${b.secret_key}`,
        '  scaleway:',
        '    access_key: SCW3CCCCCCCCCCCCCCCC',
        '    secret_key: 2d9e7b20-3c3c-4e3e-9f50-3b4c5d6e7f80',
        '    api_url: https://api.scaleway.com',
        '',
      ].join('\n'),
    )
    app = await newApp({ env: { SCW_CONFIG_PATH: cfg, SCW_ACCESS_KEY: 'SCW4DDDDDDDDDDDDDDDD', SCW_SECRET_KEY: 'e5e5e5e5-0000-4000-8000-00000000e5e5' } })
    const preview = await call<{ candidates: Array<{ profileName: string; status: string; apiUrl: string | null; apiUrlWarning: string | null }> }>('orgs.importPreview')
    if (!preview.ok) throw new Error(preview.error.message)
    const host = new URL(emulator.url).host
    expect(preview.value.candidates.map((c) => [c.profileName, c.status, c.apiUrl, c.apiUrlWarning])).toEqual([
      ['default', 'new', emulator.url, `Its API URL sends the secret key to ${host}, not to Scaleway's api.scaleway.com. Tick it only if you trust that host.`],
      ['inherits-top-url', 'new', emulator.url, expect.stringMatching(new RegExp(`^The API URL set at the top level of the file .* sends the secret key to ${host.replace(/\./g, '\\.')}`))],
      ['scaleway', 'new', 'https://api.scaleway.com', null],
      ['environment', 'new', null, null],
    ])
  })

  it('will not hand a stored secret to a client for an http api_url to another machine', async () => {
    const id = '4f3f2e1d-0000-4000-8000-00000000beef'
    app.cache.organizations.add({ id, name: 'Legacy', accessKey: 'SCWABCDEFGHJKMNPQRST', apiUrl: 'http://evil.example', secretStorage: 'keychain' })
    await keychain.set(id, new Secret('7e57ca7a-0000-4000-8000-00000000beef'))
    const r = await call<Array<{ organizationId: string; status: string; error: { message: string } | null }>>('sync.start', { organizationIds: [id] })
    expect(JSON.stringify(r)).toMatch(/plain http:\/\/ to evil\.example/)
    expect(r.ok && r.value.map((x) => x.status)).toEqual(['failed'])
  })
})

describe('secrets never leak', () => {
  it('keeps a canary secret out of the database, its WAL, logs and every IPC reply', async () => {
    const owner = emulator.organizations[0]!
    await call('orgs.add', { accessKey: owner.access_key, secretKey: owner.secret_key, apiUrl: emulator.url })
    await call('sync.start', {})
    for (const kind of ['users', 'api_keys', 'applications', 'policies', 'logs']) await call('browse.list', { kind, offset: 0, limit: 500 })
    await call('orgs.rename', { id: owner.organization_id, name: 'x' })
    // A failing add with the canary as secret must not echo it either.
    const canary = '7e57ca7a-0000-4000-8000-00000000c0de'
    await call('orgs.add', { accessKey: 'SCWABCDEFGHJKMNPQRST', secretKey: canary, apiUrl: emulator.url })
    await call('orgs.add', { accessKey: 'SCWABCDEFGHJKMNPQRST', secretKey: `${canary}-bad`, apiUrl: emulator.url })
    await app.close()

    const secrets = [owner.secret_key, canary]
    const files = readdirSync(dir).filter((f) => f.startsWith('cache.sqlite'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const bytes = readFileSync(path.join(dir, f)).toString('latin1')
      for (const s of secrets) expect(bytes).not.toContain(s)
    }
    for (const s of secrets) {
      expect(logs.join('\n')).not.toContain(s)
      expect(replies.join('\n')).not.toContain(s)
    }
    app = await newApp()
  })
})

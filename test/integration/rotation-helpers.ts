// Shared setup of the key-rotation tests: an IAM Desk app on a temp folder with a file-backed
// stand-in keychain (it survives a process, for the SIGKILL test), a clock shared with the
// emulator (verification "waits" by moving it, never by sleeping), every log line and event
// kept for the canary scans, and applications with API keys made through the emulator's API.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App } from '../../src-main/core/app'
import type { SecretStore } from '../../src-main/core/platform/secrets/secret-store'
import type { AppErrorShape, Result } from '../../src-preload/contract'
import type { EmulatorOrganization, RunningEmulator } from '../../emulator'
import { api, FileSecretStore } from './jobs-helpers'

/** A clock the emulator and the app share; `advance` is how time passes in these tests. */
export class TestClock {
  #t: number
  constructor(start = Date.parse('2026-03-02T09:00:00Z')) {
    this.#t = start
  }
  now = (): Date => new Date(this.#t)
  advance(ms: number): void {
    this.#t += ms
  }
}

export interface RotationDesk {
  app: App
  dir: string
  keychain: SecretStore & { entries(): Record<string, string> }
  logs: string[]
  events: string[]
  call<T>(name: string, input: unknown): Promise<T>
  fail(name: string, input: unknown): Promise<AppErrorShape>
  close(): Promise<void>
}

/** The stand-in keychain with a look at its raw entries (tests only). */
export class InspectableKeychain extends FileSecretStore {
  constructor(private readonly path: string) {
    super(path)
  }
  entries(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
}

export async function openRotationDesk(
  options: { clock?: TestClock; dir?: string; scwConfigPath?: string | null; keychain?: SecretStore & { entries(): Record<string, string> }; clockHook?: boolean } = {},
): Promise<RotationDesk> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rotation-test-'))
  const keychain = options.keychain ?? new InspectableKeychain(join(dir, 'test-keychain.json'))
  const logs: string[] = []
  const events: string[] = []
  const clock = options.clock
  const app = await createApp({
    mode: 'browser',
    version: 't',
    dataDir: dir,
    keychain,
    probeKeychain: async () => ({ available: true }),
    log: (m) => logs.push(m),
    ...(clock ? { now: clock.now } : {}),
    // demo.advanceClock moves the shared clock (as browser mode's --demo --test-clock does).
    ...(clock && options.clockHook ? { testClock: { advance: (ms: number) => (clock.advance(ms), clock.now()) } } : {}),
    jobs: { backoffMs: () => 5 },
    rotation: {
      // Waiting for a new key to propagate moves the shared clock instead of sleeping.
      ...(clock ? { sleep: async (ms: number) => clock.advance(ms) } : {}),
      scwConfigPath: async () => options.scwConfigPath ?? null,
    },
  })
  app.hub.subscribe((name, payload) => events.push(JSON.stringify({ name, payload })))
  const call = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = (await app.router.dispatch(name, input)) as Result<T>
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`)
    return r.value
  }
  const fail = async (name: string, input: unknown): Promise<AppErrorShape> => {
    const r = await app.router.dispatch(name, input)
    if (r.ok) throw new Error(`${name} should have failed`)
    return r.error
  }
  return { app, dir, keychain, logs, events, call, fail, close: () => app.close() }
}

export interface AppKey {
  applicationId: string
  name: string
  accessKey: string
  secretKey: string
}

/** An application of `org` with an IAMReadOnly policy and one API key (optionally expiring). */
export async function appWithKey(emulator: RunningEmulator, org: EmulatorOrganization, name: string, opts: { expiresAt?: string; description?: string } = {}): Promise<AppKey> {
  const app = await api<{ id: string }>(emulator, org, 'POST', '/applications', { name, organization_id: org.organization_id })
  await api(emulator, org, 'POST', '/policies', { name: `${name} reads IAM`, organization_id: org.organization_id, application_id: app.id, rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org.organization_id }] })
  const key = await api<{ access_key: string; secret_key: string }>(emulator, org, 'POST', '/api-keys', {
    application_id: app.id,
    description: opts.description ?? `${name} deploy key`,
    ...(opts.expiresAt ? { expires_at: opts.expiresAt } : {}),
  })
  return { applicationId: app.id, name, accessKey: key.access_key, secretKey: key.secret_key }
}

export interface WireKey {
  access_key: string
  description: string
  expires_at: string | null
  application_id?: string
  user_id?: string
  created_at: string
}

/** Every API key of a bearer, straight from the emulator. */
export async function keysOf(emulator: RunningEmulator, org: EmulatorOrganization, bearerId: string): Promise<WireKey[]> {
  return (await api<{ api_keys: WireKey[] }>(emulator, org, 'GET', `/api-keys?bearer_id=${bearerId}&page_size=100`)).api_keys
}

/** GET /api-keys/{accessKey} sent with `secret`: the status code (200 = it authenticates). */
export async function authenticates(emulator: RunningEmulator, accessKey: string, secret: string): Promise<number> {
  const res = await fetch(`${emulator.url}/iam/v1alpha1/api-keys/${accessKey}`, { headers: { 'X-Auth-Token': secret } })
  await res.text()
  return res.status
}

/** The bytes of the cache database, its WAL and any other file it keeps (journal included). */
export function cacheBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('cache.sqlite'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('')
}

/** Where a secret turns up among the places none may ever be: database, WAL, logs, events. */
export function leaks(desk: Pick<RotationDesk, 'dir' | 'logs' | 'events'>, secrets: readonly string[]): string[] {
  const db = cacheBytes(desk.dir)
  const logs = desk.logs.join('\n')
  const events = desk.events.join('\n')
  const found: string[] = []
  for (const s of secrets) {
    if (db.includes(s)) found.push(`database: ${s}`)
    if (logs.includes(s)) found.push(`logs: ${s}`)
    if (events.includes(s)) found.push(`events: ${s}`)
  }
  return found
}

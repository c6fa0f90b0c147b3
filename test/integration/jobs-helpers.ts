// Shared setup of the jobs tests: an emulator with several organizations, people who are in
// several of them (same e-mail, one user per organization, as Scaleway does), a "Developers"
// group in each, and IAM Desk apps through the real composition root. A counting proxy in front
// of the emulator records every request, so a test can prove a step was not sent twice.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp, type App, type AppOptions } from '../../src-main/core/app'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import type { SecretStore } from '../../src-main/core/platform/secrets/secret-store'
import type { AppErrorShape, Result } from '../../src-preload/contract'
import type { EmulatorOrganization, RunningEmulator } from '../../emulator'
import { relay } from './relay'

/**
 * A stand-in keychain that survives a process (a file in the test's temp folder), so an app
 * killed mid-job can be opened again with its organizations' secrets. Tests only.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'keychain' as const
  constructor(private readonly file: string) {}
  #read(): Record<string, string> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>) : {}
  }
  async get(id: string): Promise<Secret | null> {
    const v = this.#read()[id]
    return v ? new Secret(v) : null
  }
  async set(id: string, secret: Secret): Promise<void> {
    writeFileSync(this.file, JSON.stringify({ ...this.#read(), [id]: secret.reveal() }), { mode: 0o600 })
  }
  async delete(id: string): Promise<boolean> {
    const all = this.#read()
    const had = id in all
    delete all[id]
    writeFileSync(this.file, JSON.stringify(all), { mode: 0o600 })
    return had
  }
}

/** A relay in front of the emulator that records every request (method, path, body). */
export async function countingProxy(target: string) {
  const r = await relay(target)
  return { url: r.url, requests: r.seen, close: r.close }
}

/** Calls the emulator's API as one organization's owner key. */
export async function api<T>(emulator: RunningEmulator, org: EmulatorOrganization, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emulator.url}/iam/v1alpha1${path}`, {
    method,
    headers: { 'X-Auth-Token': org.secret_key, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return (text ? JSON.parse(text) : {}) as T
}

/** The group every seeded organization gets (a name the generated data never uses). */
export const FLEET_GROUP = 'Fleet Developers'

export interface Fleet {
  /** Per organization: the Developers group id, and the user id of each e-mail. */
  orgs: Array<{ org: EmulatorOrganization; groupId: string; users: Record<string, string> }>
}

/** Gives every organization a "Developers" group and users with the given e-mails. */
export async function seedFleet(emulator: RunningEmulator, emails: readonly string[]): Promise<Fleet> {
  const orgs: Fleet['orgs'] = []
  for (const org of emulator.organizations) {
    const group = await api<{ id: string }>(emulator, org, 'POST', '/groups', { organization_id: org.organization_id, name: FLEET_GROUP, description: 'fleet' })
    const users: Record<string, string> = {}
    for (const email of emails) users[email] = (await api<{ id: string }>(emulator, org, 'POST', '/users', { organization_id: org.organization_id, email })).id
    orgs.push({ org, groupId: group.id, users })
  }
  return { orgs }
}

export async function groupMembers(emulator: RunningEmulator, org: EmulatorOrganization, groupId: string): Promise<string[]> {
  const g = await api<{ user_ids: string[]; application_ids: string[] }>(emulator, org, 'GET', `/groups/${groupId}`)
  return [...g.user_ids, ...g.application_ids].sort()
}

export interface Desk {
  app: App
  dir: string
  call<T>(name: string, input: unknown): Promise<T>
  fail(name: string, input: unknown): Promise<AppErrorShape>
  close(): Promise<void>
}

/** An app on `dir` (a new temp folder by default) with a file-backed stand-in keychain. */
export async function openFleetDesk(options: { dir?: string; jobs?: AppOptions['jobs'] } = {}): Promise<Desk> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'jobs-test-'))
  const app = await createApp({
    mode: 'browser',
    version: 't',
    dataDir: dir,
    keychain: new FileSecretStore(join(dir, 'test-keychain.json')),
    probeKeychain: async () => ({ available: true }),
    jobs: { backoffMs: () => 5, ...options.jobs },
  })
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
  return { app, dir, call, fail, close: () => app.close() }
}

/** Adds every organization of the emulator (through `apiUrl`, e.g. a proxy) and syncs them. */
export async function addFleet(desk: Desk, emulator: RunningEmulator, apiUrl = emulator.url): Promise<void> {
  for (const o of emulator.organizations) await desk.call('orgs.add', { accessKey: o.access_key, secretKey: o.secret_key, apiUrl })
  await desk.call('sync.start', {})
}

// Shared helpers for the emulator tests: raw HTTP against a per-test emulator, and zod
// validation of every response object against the app's schemas.
import type { z } from 'zod'
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '../../emulator/index'

export const API = '/iam/v1alpha1'

export interface Raw {
  status: number
  headers: Headers
  text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies of many shapes, checked by each test
  json: any
}

export interface Client {
  url: string
  token: string
  orgId: string
  get(path: string): Promise<Raw>
  post(path: string, body?: unknown): Promise<Raw>
  patch(path: string, body: unknown): Promise<Raw>
  put(path: string, body: unknown): Promise<Raw>
  del(path: string): Promise<Raw>
}

export async function raw(url: string, init: RequestInit = {}): Promise<Raw> {
  const res = await fetch(url, init)
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

export function client(url: string, token: string, orgId: string): Client {
  const call = (method: string, path: string, body?: unknown): Promise<Raw> =>
    raw(`${url}${API}${path}`, {
      method,
      headers: {
        'X-Auth-Token': token,
        ...(body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        'User-Agent': 'emulator-test/1.0',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return {
    url,
    token,
    orgId,
    get: (p) => call('GET', p),
    post: (p, b = {}) => call('POST', p, b),
    patch: (p, b) => call('PATCH', p, b),
    put: (p, b) => call('PUT', p, b),
    del: (p) => call('DELETE', p),
  }
}

/** An emulator with empty-ish organizations (owner only unless sizes say otherwise). */
export async function emulator(opts: StartEmulatorOptions = {}): Promise<{ emu: RunningEmulator; owner: Client; other: Client }> {
  const emu = await startEmulator({
    seed: 3,
    orgs: 2,
    sizes: { users: 1, applications: 0, apiKeys: 1, groups: 0, policies: 0, sshKeys: 0, logs: 0, jwts: 0 },
    ...opts,
  })
  const [a, b] = emu.organizations
  if (!a || !b) throw new Error('expected two organizations')
  return { emu, owner: client(emu.url, a.secret_key, a.organization_id), other: client(emu.url, b.secret_key, b.organization_id) }
}

/** Parses with the app's zod schema; throws (failing the test) on any mismatch. */
export function valid<T extends z.ZodTypeAny>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value)
  if (!r.success) throw new Error(`schema mismatch: ${JSON.stringify(r.error.issues).slice(0, 800)}\n${JSON.stringify(value).slice(0, 500)}`)
  return r.data
}

export const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO'

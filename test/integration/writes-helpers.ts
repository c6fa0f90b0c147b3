// Shared setup of the write-operation integration tests: an emulator, and IAM Desk apps built
// through the real composition root with an in-memory keychain and an on-disk cache.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createApp, type App } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import type { AppErrorShape, ExportStarted, ExportView, Result } from '../../src-preload/contract'

export interface DeskApp {
  app: App
  dir: string
  logs: string[]
  organizationId: string
  call<T = Record<string, unknown>>(name: string, input: unknown): Promise<T>
  fail(name: string, input: unknown): Promise<AppErrorShape>
  close(): Promise<void>
}

export async function openDesk(apiUrl: string, accessKey: string, secretKey: string): Promise<DeskApp> {
  const dir = mkdtempSync(join(tmpdir(), 'writes-test-'))
  const logs: string[] = []
  const app = await createApp({
    mode: 'browser',
    version: 't',
    dataDir: dir,
    keychain: new MemorySecretStore(),
    probeKeychain: async () => ({ available: true }),
    log: (m) => logs.push(m),
  })
  const call = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = (await app.router.dispatch(name, input)) as Result<T>
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`)
    return r.value
  }
  const fail = async (name: string, input: unknown): Promise<AppErrorShape> => {
    const r = await app.router.dispatch(name, input)
    expect(r.ok, `${name} should have failed`).toBe(false)
    return (r as { ok: false; error: AppErrorShape }).error
  }
  const org = await call<{ id: string }>('orgs.add', { accessKey, secretKey, apiUrl })
  await call('sync.start', {})
  return {
    app,
    dir,
    logs,
    organizationId: org.id,
    call,
    fail,
    async close() {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

type Row = { id: string; item: Record<string, unknown> }
/** The cached objects of a kind in the organization, as the lists show them. */
export async function listed(d: DeskApp, kind: string, filters?: Record<string, string | boolean>): Promise<Row[]> {
  const page = await d.call<{ rows: Row[] }>('browse.list', { kind, organizationIds: [d.organizationId], offset: 0, limit: 500, ...(filters ? { filters } : {}) })
  return page.rows
}

export const SMALL = { users: 4, applications: 3, apiKeys: 4, groups: 3, policies: 4, sshKeys: 2, logs: 3, jwts: 3 }

/** An export's text, its download link followed as browser mode's web server would. */
export async function exportedText(d: DeskApp, view: ExportView, format: 'csv' | 'json'): Promise<string> {
  const started = await d.call<ExportStarted>('export.start', { view, format })
  if (started.delivery.kind !== 'download') throw new Error('browser mode offers a download')
  const file = d.app.delivery.take(started.delivery.url.slice('/download/'.length))
  if (!file) throw new Error('no file behind the link')
  let text = ''
  await file.write({ write: async (chunk) => void (text += chunk), end: async () => text.length, abort: async () => void (text = '') })
  return text
}

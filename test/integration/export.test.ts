// The export facility end to end in core (browser mode's delivery, without HTTP): every kind's
// list, the credential report and a job's report as CSV and JSON hold exactly what the view
// shows — its organizations, search, filters and sort, every row — in the kind registry's
// columns; and no secret is ever in one: canaries in the keychain, the organization's own secret
// and a new key's one-time secret are looked for in every export of every kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import type { FileSink } from '../../src-main/core/platform/delivery'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { RESOURCE_KINDS, type ResourceKind } from '../../domain/kinds'
import { KIND_COLUMNS } from '../../domain/kind-columns'
import { rowNameKeys, rowSpreadKeys } from '../../src-main/core/features/browse/browse.query'
import type { BrowsePage, BrowseRow, BrowseScope, ExportStarted, ExportView, ExportViewName, ExportViewOf, Result } from '../../src-preload/contract'

const KEYCHAIN_CANARY = '5ec0e7c4-0000-4aaa-8bbb-00000000e901'

let emu: RunningEmulator
let app: App
const events: Array<{ name: string; payload: unknown }> = []
const secrets: string[] = [KEYCHAIN_CANARY]
const orgIds: string[] = []
let jobId = ''

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = (await app.router.dispatch(name, input)) as Result<T>
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
  return r.value
}

function memorySink(): FileSink & { text: () => string } {
  let text = ''
  return {
    write: async (chunk) => void (text += chunk),
    end: async () => Buffer.byteLength(text),
    abort: async () => void (text = ''),
    text: () => text,
  }
}

/** Starts an export and follows its download link as the web server would; the file's text. */
async function exportText(view: ExportView, format: 'csv' | 'json'): Promise<{ started: ExportStarted; text: string }> {
  const started = await call<ExportStarted>('export.start', { view, format })
  if (started.delivery.kind !== 'download') throw new Error('browser mode offers a download')
  const file = app.delivery.take(started.delivery.url.slice('/download/'.length))
  if (!file) throw new Error('no file behind the link')
  expect(app.delivery.take(started.delivery.url.slice('/download/'.length)), 'a link is used once').toBeNull()
  const sink = memorySink()
  await file.write(sink)
  return { started, text: sink.text() }
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  expect(cell, 'the file ends with CRLF').toBe('')
  return rows
}

async function listAll(scope: BrowseScope): Promise<BrowseRow[]> {
  const rows: BrowseRow[] = []
  for (let offset = 0; ; offset += 500) {
    const page = await call<BrowsePage>('browse.list', { ...scope, offset, limit: 500 })
    rows.push(...page.rows)
    if (rows.length >= page.total) return rows
  }
}

beforeAll(async () => {
  emu = await startEmulator({ orgs: 2, sizes: { users: 12, applications: 5, apiKeys: 8, groups: 4, policies: 5, sshKeys: 3, logs: 20, jwts: 3 }, seed: 19 })
  const keychain = new MemorySecretStore()
  await keychain.set('unrelated-profile', new Secret(KEYCHAIN_CANARY))
  app = await createApp({ mode: 'browser', version: 't', keychain, probeKeychain: async () => ({ available: true }), env: {}, homeDir: '/nonexistent-home' })
  app.hub.subscribe((name, payload) => events.push({ name, payload }))
  for (const o of emu.organizations) {
    orgIds.push((await call<{ id: string }>('orgs.add', { accessKey: o.access_key, secretKey: o.secret_key, apiUrl: emu.url })).id)
    secrets.push(o.secret_key)
  }
  // A description a spreadsheet would run as a formula, with quotes, commas, a line break and unicode
  // (names are narrower: the API allows letters, digits, spaces and _ ( ) . - only).
  await call('applications.create', { organizationId: orgIds[0], name: 'Formula test', description: '=HYPERLINK("http://x.example","ok"), "quoted"\nsecond line — ünïcödé' })
  // A one-time reveal: the new key's secret crosses once and must be in no export.
  const created = await call<{ secretKey: string }>('apiKeys.create', { organizationId: orgIds[0], bearer: 'self', description: 'revealed once' })
  secrets.push(created.secretKey)
  // One run syncs every organization and ends with one sync.finished.
  const synced = new Promise<void>((resolve) => {
    const off = app.hub.subscribe((name) => name === 'sync.finished' && (off(), resolve()))
  })
  await call('sync.start', {})
  await synced
  const firstUser = (await call<BrowsePage>('browse.list', { kind: 'users', organizationIds: [orgIds[0]], offset: 0, limit: 1 })).rows[0]!
  const firstGroup = (await call<BrowsePage>('browse.list', { kind: 'groups', organizationIds: [orgIds[0]], offset: 0, limit: 1 })).rows[0]!
  const job = await call<{ id: string }>('jobs.planMembership', {
    operation: 'add',
    principals: { emails: [(firstUser.item as { email: string }).email, '=cmd|" /C calc"!A0'] },
    groups: [{ organizationId: orgIds[0], groupId: firstGroup.id }],
  })
  jobId = job.id
}, 60_000)

afterAll(async () => {
  await app?.close()
  await emu?.close()
})

describe('list exports', () => {
  it('every kind, CSV and JSON: every row the list shows, in its order, in the registry columns, with the organization', async () => {
    for (const kind of RESOURCE_KINDS) {
      const scope = { kind } as BrowseScope
      const shown = await listAll(scope)
      expect(shown.length, kind).toBeGreaterThan(0)
      const csv = await exportText({ view: 'list', query: scope }, 'csv')
      const records = parseCsv(csv.text)
      // The names the list shows for ids (an API key's bearer, a policy's principal…) come last.
      // A permission set's spread (in how many organizations, missing from, differs in) after them.
      const names = rowNameKeys(kind)
      const spread = rowSpreadKeys(kind)
      expect(records[0], kind).toEqual(['organization_id', 'organization_name', ...KIND_COLUMNS[kind].map((c) => c.name), ...names, ...spread])
      const nameAt = records[0]!.length - names.length - spread.length
      if (spread.length) expect(records.slice(1).map((r) => r.slice(nameAt + names.length, nameAt + names.length + 2)), kind).toEqual(shown.map((r) => [String(r.spread!.present), String(r.spread!.of)]))
      expect(records.slice(1).map((r) => r.slice(nameAt, nameAt + names.length)), kind).toEqual(shown.map((r) => names.map((k) => r.names?.[k] ?? '')))
      expect(records.slice(1).map((r) => r[0]), kind).toEqual(shown.map((r) => r.organizationId))
      expect(csv.started).toMatchObject({ rows: shown.length, fileName: expect.stringMatching(new RegExp(`^iam-desk-${kind.replace(/_/g, '-')}-\\d{4}-\\d{2}-\\d{2}\\.csv$`)) })

      const json = JSON.parse((await exportText({ view: 'list', query: scope }, 'json')).text) as Array<Record<string, unknown>>
      expect(json, kind).toHaveLength(shown.length)
      json.forEach((o, i) => {
        const row = shown[i]!
        // The cached API object, plus its organization and the names the list shows.
        expect(o, kind).toEqual({ ...(row.item as object), organization_id: row.organizationId, organization_name: row.organizationName, ...row.names, ...(row.spread ? { organizations: row.spread } : {}) })
      })
    }
  })

  it('exports what a filtered, searched and sorted list of some organizations shows', async () => {
    const scope: BrowseScope = { kind: 'users', organizationIds: [orgIds[1]!], filters: { type: 'member' }, search: 'e', sort: { field: 'email', dir: 'desc' } }
    const shown = await listAll(scope)
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.length).toBeLessThan((await listAll({ kind: 'users' })).length)
    const records = parseCsv((await exportText({ view: 'list', query: scope }, 'csv')).text)
    const email = records[0]!.indexOf('email')
    const type = records[0]!.indexOf('type')
    expect(records.slice(1).map((r) => r[email])).toEqual(shown.map((r) => (r.item as { email: string }).email))
    expect(new Set(records.slice(1).map((r) => r[type]))).toEqual(new Set(['member']))
    expect(new Set(records.slice(1).map((r) => r[0]))).toEqual(new Set([orgIds[1]]))
  })

  it('dates in ISO 8601 UTC, lists joined with ";", formula-like names neutralised, quotes and line breaks kept', async () => {
    const apps = parseCsv((await exportText({ view: 'list', query: { kind: 'applications', search: 'formula test' } }, 'csv')).text)
    expect(apps).toHaveLength(2)
    const [head, row] = [apps[0]!, apps[1]!]
    expect(row[head.indexOf('name')]).toBe('Formula test')
    expect(row[head.indexOf('description')]).toBe(`'=HYPERLINK("http://x.example","ok"), "quoted"\nsecond line — ünïcödé`)
    expect(row[head.indexOf('created_at')]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
    const groups = parseCsv((await exportText({ view: 'list', query: { kind: 'groups' } }, 'csv')).text)
    const withMembers = groups.slice(1).find((r) => Number(r[groups[0]!.indexOf('member_count')]) > 1)!
    expect(withMembers[groups[0]!.indexOf('user_ids')]!.split(';').length).toBeGreaterThan(0)
    expect(withMembers[groups[0]!.indexOf('user_ids')]).not.toContain(',')
  })

  it('sends progress and one finished event naming the export', async () => {
    const { started } = await exportText({ view: 'list', query: { kind: 'logs' } }, 'json')
    const mine = events.filter((e) => (e.payload as { exportId?: string }).exportId === started.exportId)
    expect(mine.at(-1)).toEqual({ name: 'export.finished', payload: { exportId: started.exportId, state: 'done', written: started.rows, bytes: expect.any(Number), message: null } })
    expect(mine.filter((e) => e.name === 'export.progress').at(-1)?.payload).toEqual({ exportId: started.exportId, written: started.rows, rows: started.rows })
  })

  it('refuses a filter the kind does not have, before anything is offered', async () => {
    const r = await app.router.dispatch('export.start', { view: { view: 'list', query: { kind: 'users', filters: { nope: 1 } } }, format: 'csv' })
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })
})

describe('reports', () => {
  it('the credential report: the same CSV as its own export, JSON rows with their organization', async () => {
    const query = { organizationIds: [orgIds[0]!], sort: { field: 'access_key' as const, dir: 'asc' as const } }
    const csv = await exportText({ view: 'credentials', query }, 'csv')
    const own = await call<{ text: string }>('credentials.export', { ...query, format: 'csv' })
    expect(csv.text).toBe(own.text)
    const json = JSON.parse((await exportText({ view: 'credentials', query }, 'json')).text) as Array<Record<string, unknown>>
    expect(json.length).toBe(csv.started.rows)
    expect(json[0]).toMatchObject({ organization_id: orgIds[0], organization_name: expect.any(String), accessKey: expect.any(String) })
  })

  it("a job's report: one line per step, the same CSV as jobs.reportCsv, neutralised", async () => {
    const csv = await exportText({ view: 'job_report', id: jobId }, 'csv')
    expect(csv.text).toBe((await call<{ csv: string }>('jobs.reportCsv', { id: jobId })).csv)
    expect(csv.text).toContain(`'=cmd|`)
    const json = JSON.parse((await exportText({ view: 'job_report', id: jobId }, 'json')).text) as Array<Record<string, unknown>>
    expect(json.length).toBe(csv.started.rows)
    expect(json[0]).toMatchObject({ organization_id: orgIds[0], organization_name: expect.any(String), state: expect.any(String) })
  })
})

describe('no secret is ever exported', () => {
  it('every view (each kind, the reports, the policy analysis), CSV and JSON, holds none of the canaries', async () => {
    const policies = await listAll({ kind: 'policies', organizationIds: [orgIds[0]!] })
    const [a, b] = [policies[0]!, policies[1]!]
    const user = (await listAll({ kind: 'users', organizationIds: [orgIds[0]!] }))[0]!
    // One entry per exportable view: TypeScript requires a new view to be added here.
    const samples: { [V in ExportViewName]: Array<ExportViewOf<V>> } = {
      list: RESOURCE_KINDS.map((kind: ResourceKind) => ({ view: 'list' as const, query: { kind } as BrowseScope })),
      credentials: [{ view: 'credentials', query: {} }],
      job_report: [{ view: 'job_report', id: jobId }],
      policy_comparison: [{ view: 'policy_comparison', a: { organizationId: a.organizationId, policyId: a.id }, b: { organizationId: b.organizationId, policyId: b.id } }],
      policy_across: [{ view: 'policy_across', query: { organizationId: a.organizationId, policyId: a.id, by: 'name' } }],
      findings: [{ view: 'findings' }],
      who_can: [{ view: 'who_can', query: { preset: 'manage-iam' } }],
      effective_access: [{ view: 'effective_access', organizationId: user.organizationId, type: 'user', id: user.id }],
    }
    const views = Object.values(samples).flat() as ExportView[]
    let checked = 0
    for (const view of views) {
      for (const format of ['csv', 'json'] as const) {
        const { text, started } = await exportText(view, format)
        if (view.view !== 'who_can' && view.view !== 'findings') expect(started.rows, `${view.view} ${format}`).toBeGreaterThan(0)
        for (const secret of secrets) expect(text, `${JSON.stringify(view)} ${format}`).not.toContain(secret)
        checked++
      }
    }
    expect(checked).toBe(views.length * 2)
    expect(secrets).toHaveLength(2 + emu.organizations.length)
  })
})

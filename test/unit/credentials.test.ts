// The credential report (credentials.report, credentials.attention, credentials.export) and the
// settings it reads: statuses at their boundaries, the age threshold, IAM Desk's own key, keys of
// the local scw config, the bearer's last activity, CSV quoting and formula neutralisation, an
// export of every matching row, the speed of a page over 3 × 5,000 keys, and no secret in any
// answer (canary secrets in the keychain, in the scw config, and a freshly revealed key).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { csvCell, csvText } from '../../src-main/core/platform/csv'
import { CredentialsService, CSV_COLUMNS, DAY_MS } from '../../src-main/core/features/credentials/credentials.service'
import { accessKeysOf, scwAccessKeysReader, type ScwAccessKeys } from '../../src-main/core/features/credentials/scw-keys'
import { SettingsService } from '../../src-main/core/features/settings/settings.service'
import { parseScwConfig } from '../../src-main/core/features/orgs/scw-config'
import { createApp, type App } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { startEmulator, type RunningEmulator } from '../../emulator'
import {
  CREDENTIAL_SORT_FIELDS,
  CredentialReport,
  type CredentialReportInput,
  type CredentialRow,
  type Result,
} from '../../src-preload/contract'
import { ORG_A, ORG_B, accessKey, apiKey, application, log, user, uuid } from './cache-fixtures'

const NOW = new Date('2025-06-01T00:00:00.000Z')
const NOW_MS = NOW.getTime()
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }
const at = (ms: number) => new Date(ms).toISOString()
const OWN_KEY_A = accessKey()

let cache: Cache
let settings: SettingsService
let scw: ScwAccessKeys
let service: CredentialsService

function open(): void {
  cache = openCache({ file: ':memory:', now: () => NOW })
  cache.organizations.add({ id: ORG_A, name: 'Acme', accessKey: OWN_KEY_A, apiUrl: 'https://x', secretStorage: 'keychain' })
  cache.organizations.add({ id: ORG_B, name: 'Beta', accessKey: accessKey(), apiUrl: 'https://x', secretStorage: 'keychain' })
  settings = new SettingsService(cache.db, () => NOW)
  scw = { found: false, problem: null, profiles: new Map() }
  service = new CredentialsService({ cache, settings, scwAccessKeys: async () => scw, now: () => NOW })
}

const page = (input: Partial<CredentialReportInput> = {}) => service.report({ offset: 0, limit: 500, ...input })
const byKey = (rows: CredentialRow[], key: string) => rows.find((r) => r.accessKey === key)!

beforeEach(open)

describe('statuses, days left and age', () => {
  it('puts each expiry on the right side of its boundary', async () => {
    const k = (expires: number | null, description: string) => apiKey(ORG_A, { description, expires_at: expires === null ? null : at(expires), created_at: at(NOW_MS - 10 * DAY_MS) })
    const keys = [
      k(NOW_MS - 1, 'expired a moment ago'),
      k(NOW_MS, 'expires now'),
      k(NOW_MS + 1, 'expires in a moment'),
      k(NOW_MS + 7 * DAY_MS, 'expires in exactly 7 days'),
      k(NOW_MS + 7 * DAY_MS + 1, 'expires just after 7 days'),
      k(NOW_MS - 35 * DAY_MS, 'expired 35 days ago'),
      k(null, 'never'),
    ]
    cache.snapshots.commit(ORG_A, { api_keys: keys }, run)
    const { rows, total } = await page()
    expect(total).toBe(7)
    const s = (d: string) => rows.find((r) => r.description === d)!
    expect(s('expired a moment ago')).toMatchObject({ status: 'expired', daysLeft: 0, attention: ['expired'] })
    expect(s('expires now')).toMatchObject({ status: 'expired', daysLeft: 0 })
    expect(s('expires in a moment')).toMatchObject({ status: 'expiring', daysLeft: 0, attention: ['expiring'] })
    expect(s('expires in exactly 7 days')).toMatchObject({ status: 'expiring', daysLeft: 7 })
    expect(s('expires just after 7 days')).toMatchObject({ status: 'active', daysLeft: 7, attention: [] })
    expect(s('expired 35 days ago')).toMatchObject({ status: 'expired', daysLeft: -35 })
    expect(s('never')).toMatchObject({ status: 'never_expires', daysLeft: null, expiresAt: null, attention: ['never_expires'] })
    expect(s('never').ageDays).toBe(10)
    // The status filter and the default order (problems first) agree with the rows' statuses.
    expect((await page({ statuses: ['expiring'] })).rows.map((r) => r.description).sort()).toEqual(['expires in a moment', 'expires in exactly 7 days'])
    expect((await page({ statuses: ['expired', 'never_expires'] })).total).toBe(4)
    expect((await page({ statuses: ['active'] })).rows.map((r) => r.description)).toEqual(['expires just after 7 days'])
    expect(rows.map((r) => r.status)).toEqual(['expired', 'expired', 'expired', 'expiring', 'expiring', 'never_expires', 'active'])
  })

  it('filters by age (older than N days, strictly) and flags keys older than the threshold setting', async () => {
    const exactly90 = apiKey(ORG_A, { created_at: at(NOW_MS - 90 * DAY_MS), expires_at: at(NOW_MS + 400 * DAY_MS) })
    const over90 = apiKey(ORG_A, { created_at: at(NOW_MS - 90 * DAY_MS - 1), expires_at: at(NOW_MS + 400 * DAY_MS) })
    const young = apiKey(ORG_A, { created_at: at(NOW_MS - 5 * DAY_MS), expires_at: at(NOW_MS + 400 * DAY_MS) })
    const undated = apiKey(ORG_A, { created_at: null, expires_at: at(NOW_MS + 400 * DAY_MS) })
    cache.snapshots.commit(ORG_A, { api_keys: [exactly90, over90, young, undated] }, run)

    expect((await page({ olderThanDays: 90 })).rows.map((r) => r.accessKey)).toEqual([over90.access_key])
    expect((await page({ olderThanDays: 4 })).total).toBe(3)
    const rows = (await page()).rows
    expect(byKey(rows, exactly90.access_key)).toMatchObject({ ageDays: 90, attention: [] })
    expect(byKey(rows, over90.access_key)).toMatchObject({ ageDays: 90, attention: ['old'] })
    expect(byKey(rows, undated.access_key)).toMatchObject({ ageDays: null, createdAt: null, attention: [] })
    expect((await page()).ageThresholdDays).toBe(90)
    expect(service.attention({})).toMatchObject({ count: 1, byReason: { old: 1, expired: 0, expiring: 0, never_expires: 0 }, ageThresholdDays: 90 })

    // The threshold is a setting: 4 days makes three keys old.
    expect(settings.set({ credentialAgeDays: 4 })).toMatchObject({ credentialAgeDays: 4, finishDueRotations: false })
    expect(settings.get()).toMatchObject({ credentialAgeDays: 4, finishDueRotations: false })
    expect(service.attention({}).count).toBe(3)
    const needing = await page({ needsAttention: true })
    expect(needing.total).toBe(3)
    expect(needing.ageThresholdDays).toBe(4)
    expect((await page({ needsAttention: false })).rows.map((r) => r.accessKey)).toEqual([undated.access_key])
  })

  it('counts the keys needing attention once each, per scope', async () => {
    cache.snapshots.commit(
      ORG_A,
      {
        api_keys: [
          apiKey(ORG_A, { created_at: at(NOW_MS - 400 * DAY_MS), expires_at: null }), // never + old
          apiKey(ORG_A, { created_at: at(NOW_MS - 10 * DAY_MS), expires_at: at(NOW_MS - DAY_MS) }), // expired
          apiKey(ORG_A, { created_at: at(NOW_MS - 10 * DAY_MS), expires_at: at(NOW_MS + 3 * DAY_MS) }), // expiring
          apiKey(ORG_A, { created_at: at(NOW_MS - 10 * DAY_MS), expires_at: at(NOW_MS + 30 * DAY_MS) }), // fine
        ],
      },
      run,
    )
    cache.snapshots.commit(ORG_B, { api_keys: [apiKey(ORG_B, { created_at: at(NOW_MS - DAY_MS), expires_at: null })] }, run)
    expect(service.attention({})).toMatchObject({ count: 4, byReason: { expired: 1, expiring: 1, never_expires: 2, old: 1 } })
    expect(service.attention({ organizationIds: [ORG_A] }).count).toBe(3)
    expect(service.attention({ organizationIds: [ORG_B] }).count).toBe(1)
    expect((await page({ organizationIds: [ORG_B] })).rows.map((r) => r.organizationName)).toEqual(['Beta'])
  })
})

describe('bearer, own key, scw config, last activity', () => {
  it("names the bearer, counts the bearer's keys, filters by bearer type", async () => {
    const ada = user(ORG_A, { email: 'ada@example.com' })
    const ci = application(ORG_A, { name: 'ci-deployer' })
    const keys = [
      apiKey(ORG_A, { user_id: ada.id }),
      apiKey(ORG_A, { user_id: ada.id }),
      apiKey(ORG_A, { user_id: undefined, application_id: ci.id, description: 'deploys', creation_ip: '203.0.113.9', default_project_id: 'p-1' }),
      apiKey(ORG_A, { user_id: uuid() }), // a bearer no longer in the cache
    ]
    cache.snapshots.commit(ORG_A, { users: [ada], applications: [ci], api_keys: keys }, run)
    const rows = (await page()).rows
    expect(byKey(rows, keys[0]!.access_key)).toMatchObject({ bearerType: 'user', bearerId: ada.id, bearerName: 'ada@example.com', bearerKeyCount: 2 })
    expect(byKey(rows, keys[2]!.access_key)).toMatchObject({
      bearerType: 'application',
      bearerName: 'ci-deployer',
      bearerKeyCount: 1,
      creationIp: '203.0.113.9',
      defaultProjectId: 'p-1',
      description: 'deploys',
    })
    expect(byKey(rows, keys[3]!.access_key)).toMatchObject({ bearerName: null, bearerKeyCount: 1 })
    expect((await page({ bearerType: 'application' })).rows.map((r) => r.accessKey)).toEqual([keys[2]!.access_key])
    expect((await page({ bearerType: 'user' })).total).toBe(3)
    expect((await page({ search: 'CI-DEP' })).rows.map((r) => r.accessKey)).toEqual([keys[2]!.access_key])
    expect((await page({ search: 'ada@' })).total).toBe(2)
  })

  it("marks IAM Desk's own key (an organization profile's access key)", async () => {
    const own = apiKey(ORG_A, { access_key: OWN_KEY_A })
    const other = apiKey(ORG_A)
    cache.snapshots.commit(ORG_A, { api_keys: [own, other] }, run)
    const rows = (await page()).rows
    expect(byKey(rows, OWN_KEY_A).ownKey).toBe(true)
    expect(byKey(rows, other.access_key).ownKey).toBe(false)
  })

  it('marks the keys of the local scw config by access key, reading no secret', async () => {
    const inFile = apiKey(ORG_A)
    const inEnv = apiKey(ORG_A)
    const elsewhere = apiKey(ORG_A)
    cache.snapshots.commit(ORG_A, { api_keys: [inFile, inEnv, elsewhere] }, run)
    const SECRET = '11111111-2222-4333-8444-555555555555'
    const yaml = `access_key: ${inFile.access_key}\nsecret_key: ${SECRET}\nprofiles:\n  prod:\n    access_key: ${inFile.access_key}\n    secret_key: ${SECRET}\n  broken:\n    access_key: not-a-key\n`
    const parsed = parseScwConfig(yaml, '/home/x/.config/scw/config.yaml', { SCW_ACCESS_KEY: inEnv.access_key, SCW_SECRET_KEY: SECRET })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    scw = accessKeysOf({ ok: true, configPath: '/home/x/.config/scw/config.yaml', searched: [], candidates: parsed.candidates, warnings: [] })
    expect(JSON.stringify([...scw.profiles])).not.toContain(SECRET)
    const report = await page()
    expect(report.scwConfig).toEqual({ found: true, problem: null, accessKeys: 3 })
    expect(byKey(report.rows, inFile.access_key).scwProfiles).toEqual(['default', 'prod'])
    expect(byKey(report.rows, inEnv.access_key).scwProfiles).toEqual(['environment'])
    expect(byKey(report.rows, elsewhere.access_key).scwProfiles).toEqual([])
    expect(JSON.stringify(report)).not.toContain(SECRET)
  })

  it('a config that cannot be parsed is a problem in the answer, and is read again only after a while', async () => {
    let scans = 0
    let clock = 0
    const reader = scwAccessKeysReader(
      async () => {
        scans++
        return { ok: false, configPath: '/c.yaml', error: 'The Scaleway CLI config at /c.yaml is not valid YAML (line 2).' }
      },
      5_000,
      () => clock,
    )
    // The scanner's message names the file; the report's answer names none.
    const read = await reader()
    expect(read).toMatchObject({ found: true, problem: expect.stringMatching(/could not be read or is not valid/) })
    expect(read.problem).not.toContain('/c.yaml')
    await reader()
    expect(scans).toBe(1)
    clock = 5_000
    await reader()
    expect(scans).toBe(2)
  })

  it("gives the bearer's last activity: the user's last login and the latest log naming them, in this organization", async () => {
    const ada = user(ORG_A, { last_login_at: at(NOW_MS - 3 * DAY_MS) })
    const bob = user(ORG_A, { last_login_at: at(NOW_MS - 30 * DAY_MS) })
    const quiet = user(ORG_A, { last_login_at: null })
    const ci = application(ORG_A, { name: 'ci' })
    const keys = {
      ada: apiKey(ORG_A, { user_id: ada.id }),
      bob: apiKey(ORG_A, { user_id: bob.id }),
      quiet: apiKey(ORG_A, { user_id: quiet.id }),
      ci: apiKey(ORG_A, { user_id: undefined, application_id: ci.id }),
    }
    const logs = [
      log(ORG_A, { bearer_id: ada.id, created_at: at(NOW_MS - 10 * DAY_MS) }), // older than her login
      log(ORG_A, { bearer_id: bob.id, created_at: at(NOW_MS - 2 * DAY_MS) }), // newer than his login
      log(ORG_A, { bearer_id: bob.id, created_at: at(NOW_MS - 40 * DAY_MS) }),
      log(ORG_A, { bearer_id: ci.id, created_at: at(NOW_MS - 5 * DAY_MS) }),
    ]
    cache.snapshots.commit(ORG_A, { users: [ada, bob, quiet], applications: [ci], api_keys: Object.values(keys), logs }, run)
    // The same ids in another organization's logs are another organization's business.
    cache.snapshots.commit(ORG_B, { logs: [log(ORG_B, { bearer_id: quiet.id, created_at: at(NOW_MS - DAY_MS) })] }, run)
    const rows = (await page()).rows
    expect(byKey(rows, keys.ada.access_key)).toMatchObject({
      bearerLastLoginAt: at(NOW_MS - 3 * DAY_MS),
      bearerLastLogAt: at(NOW_MS - 10 * DAY_MS),
      bearerLastActivityAt: at(NOW_MS - 3 * DAY_MS),
    })
    expect(byKey(rows, keys.bob.access_key)).toMatchObject({ bearerLastActivityAt: at(NOW_MS - 2 * DAY_MS), bearerLastLogAt: at(NOW_MS - 2 * DAY_MS) })
    expect(byKey(rows, keys.quiet.access_key)).toMatchObject({ bearerLastLoginAt: null, bearerLastLogAt: null, bearerLastActivityAt: null })
    expect(byKey(rows, keys.ci.access_key)).toMatchObject({ bearerLastLoginAt: null, bearerLastActivityAt: at(NOW_MS - 5 * DAY_MS) })
    // Sorted by last activity: most recent first, never-active last in both directions.
    const desc = (await page({ sort: { field: 'last_activity', dir: 'desc' } })).rows.map((r) => r.accessKey)
    expect(desc).toEqual([keys.bob.access_key, keys.ada.access_key, keys.ci.access_key, keys.quiet.access_key])
    const asc = (await page({ sort: { field: 'last_activity', dir: 'asc' } })).rows.map((r) => r.accessKey)
    expect(asc).toEqual([keys.ci.access_key, keys.ada.access_key, keys.bob.access_key, keys.quiet.access_key])
  })
})

/** RFC 4180 reader for the test: quoted cells, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      records.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  expect(row.length === 0 && cell === '', 'the file ends with CRLF').toBe(true)
  return records
}

describe('export', () => {
  it('quotes per RFC 4180 and neutralises formulas, keeping numbers as numbers', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(f).replace(/^"/, '')).toMatch(/^'/)
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvCell(-35)).toBe('-35')
    expect(csvText(['a', 'b'], [['1', '2']])).toBe('a,b\r\n1,2\r\n')
  })

  it('writes a header row and one row per key, dates in ISO 8601 UTC, lists joined with ";"', async () => {
    const ada = user(ORG_A, { email: 'ada@example.com', last_login_at: '2025-05-30T12:00:00.123456Z' })
    const evil = apiKey(ORG_A, {
      access_key: OWN_KEY_A,
      user_id: ada.id,
      description: '=HYPERLINK("http://evil","click"), "quoted"\nsecond line',
      created_at: '2024-01-01T01:00:00+01:00',
      expires_at: at(NOW_MS - 35 * DAY_MS),
    })
    const plain = apiKey(ORG_A, { user_id: ada.id, description: '-rm', created_at: at(NOW_MS - DAY_MS), expires_at: at(NOW_MS + 100 * DAY_MS) })
    cache.snapshots.commit(ORG_A, { users: [ada], api_keys: [evil, plain] }, run)
    scw = { found: true, problem: null, profiles: new Map([[OWN_KEY_A, ['default', 'prod']]]) }
    const out = await service.export({ format: 'csv' })
    expect(out).toMatchObject({ fileName: 'iam-desk-credentials-2025-06-01.csv', mime: 'text/csv;charset=utf-8' })
    const [header, ...records] = parseCsv(out.text)
    expect(header).toEqual([...CSV_COLUMNS])
    expect(records).toHaveLength(2)
    const rec = (i: number) => Object.fromEntries(header!.map((h, j) => [h, records[i]![j]]))
    expect(rec(0)).toMatchObject({
      organization: 'Acme',
      access_key: OWN_KEY_A,
      bearer: 'ada@example.com',
      bearer_type: 'user',
      description: `'=HYPERLINK("http://evil","click"), "quoted"\nsecond line`,
      created_at: '2024-01-01T00:00:00.000Z',
      expires_at: at(NOW_MS - 35 * DAY_MS),
      days_left: '-35',
      status: 'expired',
      needs_attention: 'expired;old',
      iam_desk_key: 'yes',
      scw_config_profiles: 'default;prod',
      bearer_key_count: '2',
      bearer_last_login_at: '2025-05-30T12:00:00.123Z',
      bearer_last_log_at: '',
    })
    expect(rec(1)).toMatchObject({ description: "'-rm", status: 'active', needs_attention: '', iam_desk_key: 'no', scw_config_profiles: '', age_days: '1' })

    const json = await service.export({ format: 'json', statuses: ['expired'] })
    expect(json).toMatchObject({ fileName: 'iam-desk-credentials-2025-06-01.json', mime: 'application/json;charset=utf-8' })
    const objects = JSON.parse(json.text) as CredentialRow[]
    expect(objects.map((o) => o.accessKey)).toEqual([OWN_KEY_A])
    expect(objects[0]).toMatchObject({ description: evil.description, scwProfiles: ['default', 'prod'], ownKey: true })
  })

  it('exports every matching row, not one page, in the report order', async () => {
    const keys = Array.from({ length: 1_234 }, (_, i) => apiKey(i % 2 ? ORG_A : ORG_B, { created_at: at(NOW_MS - (i + 1) * 3_600_000), expires_at: i % 3 ? null : at(NOW_MS + 300 * DAY_MS) }))
    cache.snapshots.commit(ORG_A, { api_keys: keys.filter((k) => k.default_project_id === ORG_A) }, run)
    cache.snapshots.commit(ORG_B, { api_keys: keys.filter((k) => k.default_project_id === ORG_B) }, run)
    const sort = { field: 'created_at', dir: 'desc' } as const
    const csv = parseCsv((await service.export({ format: 'csv', sort })).text)
    expect(csv).toHaveLength(1 + 1_234)
    const paged: string[] = []
    for (let offset = 0; ; offset += 500) {
      const p = await page({ sort, offset, limit: 500 })
      expect(p.total).toBe(1_234)
      paged.push(...p.rows.map((r) => r.accessKey))
      if (p.rows.length < 500) break
    }
    expect(csv.slice(1).map((r) => r[2])).toEqual(paged)
    expect(paged[0]).toBe(keys[0]!.access_key)
    const never = JSON.parse((await service.export({ format: 'json', statuses: ['never_expires'], organizationIds: [ORG_A] })).text) as CredentialRow[]
    expect(never).toHaveLength(keys.filter((k, i) => i % 2 && i % 3).length)
    expect(new Set(never.map((r) => r.status))).toEqual(new Set(['never_expires']))
  })
})

describe('sorting and paging', () => {
  it('answers every sort field in both directions, pages adding up to the whole', async () => {
    const ada = user(ORG_A, { email: 'ada@example.com', last_login_at: at(NOW_MS - DAY_MS) })
    const ci = application(ORG_B, { name: 'ci' })
    const keys = [
      ...Array.from({ length: 15 }, (_, i) => apiKey(ORG_A, { user_id: ada.id, description: `k${i}`, created_at: at(NOW_MS - i * DAY_MS * 20), expires_at: i % 4 ? at(NOW_MS + (i - 5) * DAY_MS) : null })),
      ...Array.from({ length: 10 }, (_, i) => apiKey(ORG_B, { user_id: undefined, application_id: ci.id, description: `b${i}` })),
    ]
    cache.snapshots.commit(ORG_A, { users: [ada], api_keys: keys.slice(0, 15) }, run)
    cache.snapshots.commit(ORG_B, { applications: [ci], api_keys: keys.slice(15) }, run)
    for (const field of CREDENTIAL_SORT_FIELDS) {
      for (const dir of ['asc', 'desc'] as const) {
        const whole = (await page({ sort: { field, dir } })).rows.map((r) => r.accessKey)
        expect(whole, `${field} ${dir}`).toHaveLength(25)
        const pieces: string[] = []
        for (let offset = 0; offset < 25; offset += 7) pieces.push(...(await page({ sort: { field, dir }, offset, limit: 7 })).rows.map((r) => r.accessKey))
        expect(pieces, `${field} ${dir} paged`).toEqual(whole)
      }
    }
    const byOrg = (await page({ sort: { field: 'organization', dir: 'desc' } })).rows.map((r) => r.organizationName)
    expect(byOrg.slice(0, 10)).toEqual(Array(10).fill('Beta'))
    const byKeys = (await page({ sort: { field: 'bearer_keys', dir: 'desc' } })).rows
    expect(byKeys[0]!.bearerKeyCount).toBe(15)
  })

  it('sorts by what belongs to the bearer as the cache is now, after syncs and writes', async () => {
    const ada = user(ORG_A, { email: 'ada@example.com' })
    const zed = user(ORG_A, { email: 'zed@example.com' })
    const [k1, k2] = [apiKey(ORG_A, { user_id: ada.id }), apiKey(ORG_A, { user_id: zed.id })]
    cache.snapshots.commit(ORG_A, { users: [ada, zed], api_keys: [k1!, k2!] }, run)
    const byBearer = async () => (await page({ sort: { field: 'bearer', dir: 'asc' } })).rows.map((r) => r.bearerName)
    expect(await byBearer()).toEqual(['ada@example.com', 'zed@example.com'])
    // A sync renames Ada; a write adds a key for Zed.
    cache.snapshots.commit(ORG_A, { users: [{ ...ada, email: 'zoe@example.com' }, zed], api_keys: [k1!, k2!] }, run)
    expect(await byBearer()).toEqual(['zed@example.com', 'zoe@example.com'])
    cache.resources.upsert(ORG_A, 'api_keys', apiKey(ORG_A, { user_id: zed.id }))
    expect((await page({ sort: { field: 'bearer_keys', dir: 'desc' } })).rows.map((r) => r.bearerKeyCount)).toEqual([2, 2, 1])
    // Another connection's commit (the commit worker's) is seen too.
    const file = join(mkdtempSync(join(tmpdir(), 'credentials-facts-')), 'cache.sqlite')
    const mine = openCache({ file, now: () => NOW })
    const theirs = openCache({ file, now: () => NOW })
    try {
      mine.organizations.add({ id: ORG_A, name: 'Acme', accessKey: accessKey(), apiUrl: 'https://x', secretStorage: 'keychain' })
      mine.snapshots.commit(ORG_A, { users: [ada, zed], api_keys: [k1!, k2!] }, run)
      const svc = new CredentialsService({ cache: mine, settings: new SettingsService(mine.db), scwAccessKeys: async () => scw, now: () => NOW })
      const names = async () => (await svc.report({ offset: 0, limit: 10, sort: { field: 'bearer', dir: 'desc' } })).rows.map((r) => r.bearerName)
      expect(await names()).toEqual(['zed@example.com', 'ada@example.com'])
      theirs.snapshots.commit(ORG_A, { users: [{ ...ada, email: 'zoe@example.com' }, zed], api_keys: [k1!, k2!] }, run)
      expect(await names()).toEqual(['zoe@example.com', 'zed@example.com'])
    } finally {
      theirs.close()
      mine.close()
      rmSync(dirname(file), { recursive: true, force: true })
    }
  })

  // Speed is measured by benchmarks, never asserted here: this checks every sort and filter answers
  // at fleet size, and that the per-bearer lookups use their index (EXPLAIN QUERY PLAN).
  it('answers every sort and filter over 3 × 5,000 keys, the latest log per bearer from its index', async () => {
    const orgs = [ORG_A, ORG_B, uuid()]
    cache.organizations.add({ id: orgs[2]!, name: 'Gamma', accessKey: accessKey(), apiUrl: 'https://x', secretStorage: 'keychain' })
    for (const [n, org] of orgs.entries()) {
      const users = Array.from({ length: 1_500 }, (_, i) => user(org, { email: `u${n}-${i}@example.com`, last_login_at: i % 3 ? at(NOW_MS - i * 3_600_000) : null }))
      const apps = Array.from({ length: 300 }, (_, i) => application(org, { name: `app-${n}-${i}` }))
      const bearers = [...users.map((u) => ({ user_id: u.id })), ...apps.map((a) => ({ user_id: undefined, application_id: a.id }))]
      const keys = Array.from({ length: 5_000 }, (_, i) => {
        const b = bearers[(i * 7) % bearers.length]!
        return apiKey(org, { ...b, created_at: at(NOW_MS - ((i * 13) % 1_500) * DAY_MS), expires_at: i % 5 ? at(NOW_MS + ((i % 400) - 100) * DAY_MS) : null })
      })
      const logs = Array.from({ length: 20_000 }, (_, i) => {
        const b = bearers[(i * 11) % bearers.length]!
        return log(org, { bearer_id: b.user_id ?? b.application_id!, created_at: at(NOW_MS - (i % 150) * DAY_MS) })
      })
      cache.snapshots.commit(org, { users, applications: apps, api_keys: keys, logs }, run)
    }
    cache.db.pragma('optimize')
    const inputs: Array<Partial<CredentialReportInput>> = [
      {},
      ...CREDENTIAL_SORT_FIELDS.map((field) => ({ sort: { field, dir: 'desc' as const } })),
      { needsAttention: true, offset: 3_000 },
      { statuses: ['expiring' as const], bearerType: 'user' as const, olderThanDays: 90 },
      { search: 'app-1-2' },
    ]
    for (const input of inputs) {
      const r = await page({ limit: 100, ...input })
      expect(r.rows.length, JSON.stringify(input)).toBeGreaterThan(0)
    }
    expect(service.attention({}).count).toBeGreaterThan(0)
    // The latest log per bearer is one seek on the index of migration 0004.
    const plan = cache.db
      .prepare(`EXPLAIN QUERY PLAN SELECT max(l.created_at_ms) FROM logs l WHERE l.organization_id = ? AND l.bearer_id = ?`)
      .all('o', 'b') as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/logs_bearer_created/)
    // After a change, a bearer-side sort sees the new key (the facts are rebuilt).
    const fresh = apiKey(ORG_A, { description: 'the newest key' })
    cache.resources.upsert(ORG_A, 'api_keys', fresh)
    const after = await page({ limit: 100, search: 'the newest key', sort: { field: 'last_activity', dir: 'desc' } })
    expect(after.rows.map((r) => r.accessKey)).toEqual([fresh.access_key])
  }, 60_000)
})

describe('settings', () => {
  it('defaults, keeps, and ignores a stored value that no longer fits', () => {
    expect(settings.get()).toMatchObject({ credentialAgeDays: 90, finishDueRotations: false })
    settings.set({ credentialAgeDays: 30 })
    expect(settings.get()).toMatchObject({ credentialAgeDays: 30, finishDueRotations: false })
    cache.db.prepare(`UPDATE settings SET value = '"lots"' WHERE key = 'credentialAgeDays'`).run()
    expect(settings.get()).toMatchObject({ credentialAgeDays: 90, finishDueRotations: false })
    cache.db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('fromTheFuture', '1', 'x')`).run()
    expect(settings.get()).toMatchObject({ credentialAgeDays: 90, finishDueRotations: false })
  })
})

describe('no secret in any answer', () => {
  let emu: RunningEmulator
  let app: App
  let dir: string
  const KEYCHAIN_CANARY = '5ec0e7c4-0000-4aaa-8bbb-000000000001'
  const SCW_CANARY = '5ec0e7c4-0000-4aaa-8bbb-000000000002'
  const call = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = (await app.router.dispatch(name, input)) as Result<T>
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`)
    return r.value
  }

  beforeAll(async () => {
    emu = await startEmulator({ sizes: { users: 3, applications: 2, apiKeys: 4, groups: 1, policies: 2, sshKeys: 0, logs: 5, jwts: 0 }, seed: 11 })
    dir = mkdtempSync(join(tmpdir(), 'credentials-test-'))
    mkdirSync(join(dir, 'home', '.config', 'scw'), { recursive: true })
    const keychain = new MemorySecretStore()
    await keychain.set('unrelated-profile', new Secret(KEYCHAIN_CANARY))
    app = await createApp({
      mode: 'browser',
      version: 't',
      dataDir: join(dir, 'data'),
      keychain,
      probeKeychain: async () => ({ available: true }),
      homeDir: join(dir, 'home'),
      env: {},
    })
  })
  afterAll(async () => {
    await app?.close()
    await emu?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('neither the report nor its CSV and JSON exports hold a secret of the keychain, the scw config or a revealed key', async () => {
    const o = emu.organizations[0]!
    const org = await call<{ id: string }>('orgs.add', { accessKey: o.access_key, secretKey: o.secret_key, apiUrl: emu.url })
    await call('sync.start', {})
    await expect.poll(async () => (await call<{ running: boolean }>('sync.status', {})).running).toBe(false)
    const created = await call<{ apiKey: { access_key: string }; secretKey: string }>('apiKeys.create', { organizationId: org.id, bearer: 'self', description: 'revealed once' })
    expect(created.secretKey).toMatch(/^[0-9a-f-]{36}$/)
    writeFileSync(
      join(dir, 'home', '.config', 'scw', 'config.yaml'),
      `access_key: ${created.apiKey.access_key}\nsecret_key: ${created.secretKey}\nprofiles:\n  other:\n    access_key: ${o.access_key}\n    secret_key: ${SCW_CANARY}\n`,
    )
    const secrets = [o.secret_key, created.secretKey, KEYCHAIN_CANARY, SCW_CANARY]

    const report = CredentialReport.parse(await call('credentials.report', { offset: 0, limit: 500 }))
    const csv = await call<{ text: string }>('credentials.export', { format: 'csv' })
    const json = await call<{ text: string }>('credentials.export', { format: 'json' })
    const attention = await call('credentials.attention', {})
    expect(byKey(report.rows, created.apiKey.access_key)).toMatchObject({ scwProfiles: ['default'], description: 'revealed once' })
    expect(byKey(report.rows, o.access_key)).toMatchObject({ ownKey: true, scwProfiles: ['other'] })
    expect(csv.text).toContain(created.apiKey.access_key)
    expect(JSON.parse(json.text)).toHaveLength(report.total)
    for (const answer of [JSON.stringify(report), csv.text, json.text, JSON.stringify(attention)]) {
      for (const secret of secrets) expect(answer).not.toContain(secret)
    }
  })
})

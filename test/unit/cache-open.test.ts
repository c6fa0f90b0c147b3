import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache } from '../../src-main/core/platform/cache/cache'
import { CacheError } from '../../src-main/core/platform/cache/cache-error'
import { LATEST_VERSION } from '../../src-main/core/platform/cache/migrations'
import { ORG_A, world } from './cache-fixtures'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-open-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const fixedNow = () => new Date('2025-06-01T12:00:00Z')

describe('openCache', () => {
  it('creates a WAL database with foreign keys at the latest schema version', () => {
    const cache = openCache({ file: join(dir, 'cache.db') })
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(cache.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(cache.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    expect(Number(cache.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0)
    expect(cache.recoveredFrom).toBeUndefined()
    cache.close()
  })

  it('keeps its data across reopen (migrations are not re-run)', () => {
    const file = join(dir, 'cache.db')
    const a = openCache({ file })
    a.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://api.scaleway.com', secretStorage: 'keychain' })
    a.close()
    const b = openCache({ file })
    expect(b.organizations.list().map((o) => o.name)).toEqual(['Acme'])
    b.close()
  })

  it('refuses a database written by a newer version, leaving it untouched', () => {
    const file = join(dir, 'cache.db')
    const raw = new Database(file)
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`)
    raw.exec('CREATE TABLE future (x)')
    raw.close()
    let caught: unknown
    try {
      openCache({ file })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(CacheError)
    expect((caught as CacheError).kind).toBe('cache_too_new')
    expect((caught as Error).message).toMatch(/newer version of IAM Desk/)
    const check = new Database(file)
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1)
    check.close()
    expect(readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false)
  })

  it('moves a file that is not a database aside and rebuilds, with a message', () => {
    const file = join(dir, 'cache.db')
    writeFileSync(file, 'this is not a database at all, just some text that is long enough'.repeat(100))
    const logs: string[] = []
    const cache = openCache({ file, now: fixedNow, log: (m) => logs.push(m) })
    const aside = `${file}.corrupt-2025-06-01T12-00-00-000Z`
    expect(existsSync(aside)).toBe(true)
    expect(cache.recoveredFrom).toContain(aside)
    expect(logs).toEqual([cache.recoveredFrom])
    expect(cache.organizations.list()).toEqual([])
    cache.close()
  })

  it('a second connection (the commit worker) neither checks nor moves the file: the first one did', () => {
    const file = join(dir, 'cache.db')
    writeFileSync(file, 'this is not a database at all, just some text that is long enough'.repeat(100))
    expect(() => openCache({ file, second: true })).toThrow()
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([])
    const first = openCache({ file, now: fixedNow })
    const second = openCache({ file, second: true })
    first.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
    expect(second.organizations.list().map((o) => o.id)).toEqual([ORG_A])
    second.close()
    first.close()
  })

  it('moves a malformed database aside and rebuilds', () => {
    const file = join(dir, 'cache.db')
    const good = openCache({ file })
    good.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
    good.db.pragma('wal_checkpoint(TRUNCATE)')
    good.close()
    // Overwrite the second page onward (the schema and tables) with garbage, keeping the header.
    const bytes = readFileSync(file)
    bytes.fill(0xab, 100 + 50, bytes.length)
    writeFileSync(file, bytes)
    const cache = openCache({ file, now: fixedNow })
    expect(cache.recoveredFrom).toMatch(/could not be read/)
    expect(readdirSync(dir).some((f) => f.startsWith('cache.db.corrupt-'))).toBe(true)
    expect(cache.organizations.list()).toEqual([])
    cache.close()
  })

  it('removing an organization cascades to all of its cached data', () => {
    const cache = openCache({ file: ':memory:' })
    cache.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
    const w = world(ORG_A)
    cache.snapshots.commit(
      ORG_A,
      {
        users: w.users,
        applications: w.applications,
        groups: w.groups,
        policies: w.policies,
        rules: w.rules,
        api_keys: w.apiKeys,
        ssh_keys: w.sshKeys,
        permission_sets: w.permissionSets,
        quota: w.quota,
        jwts: w.jwts,
        logs: w.logs,
        grace_periods: [{ type: 'set_mfa', created_at: null, expires_at: null, user_id: w.users[0]!.id }],
        projects: w.projects,
      },
      { startedAt: fixedNow().toISOString(), finishedAt: fixedNow().toISOString(), durationMs: 0, requests: 1, skipped: [] },
    )
    cache.journal.begin({ id: 'j1', organizationId: ORG_A, operation: 'rotate', plan: {} })
    cache.jobs.create({ id: 'job1', kind: 'membership', title: 't', planText: 'p' }, [
      { id: '0001', position: 0, organizationId: ORG_A, organizationName: 'Acme', item: 'x', target: { kind: 'group', id: 'g', name: 'G' }, action: 'group.addMembers', params: {}, expected: null, state: 'pending', message: null, irreversible: false },
    ])
    // The user's settings belong to no organization: they stay.
    cache.db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('credentialAgeDays', '30', 'now')`).run()
    const tables = cache.db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'settings'`)
      .all()
      .map((t) => t.name)
    const nonEmpty = (t: string) => (cache.db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n > 0
    // Every table holds data before, so the test proves the cascade reaches each one.
    expect(tables.filter((t) => !nonEmpty(t))).toEqual([])
    expect(cache.organizations.remove(ORG_A)).toBe(true)
    expect(tables.filter(nonEmpty)).toEqual([])
    expect(nonEmpty('settings')).toBe(true)
    cache.close()
  })
})

describe('who can read the cache', () => {
  const mode = (f: string) => statSync(f).mode & 0o777
  // chmod has no POSIX meaning on Windows (the folder's ACL decides there).
  const posix = process.platform === 'win32' ? it.skip : it

  posix('creates a new cache file, its WAL and its SHM readable by the owner only, even under umask 022', () => {
    const old = process.umask(0o022)
    try {
      const file = join(dir, 'fresh', 'cache.db')
      const cache = openCache({ file })
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600)
      expect(mode(join(dir, 'fresh'))).toBe(0o700)
      cache.close()
    } finally {
      process.umask(old)
    }
  })

  posix('makes 0644 cache, WAL and SHM files left by an older start 0600 again', () => {
    const file = join(dir, 'cache.db')
    const first = openCache({ file })
    first.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://api.scaleway.com', secretStorage: 'keychain' })
    // Keep the WAL and SHM on disk, as a crash would, and widen everything as an old build did.
    const copy = new Database(file)
    first.close()
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o644)
    expect(mode(file)).toBe(0o644)
    const again = openCache({ file })
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600)
    expect(again.organizations.list().map((o) => o.name)).toEqual(['Acme'])
    again.close()
    copy.close()
  })
})

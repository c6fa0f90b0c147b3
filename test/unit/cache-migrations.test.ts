import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openCache } from '../../src-main/core/platform/cache/cache'
import { CacheError } from '../../src-main/core/platform/cache/cache-error'
import { MIGRATIONS } from '../../src-main/core/platform/cache/migrations'
import type { Migration } from '../../src-main/core/platform/cache/migrations/migration'
import { migrate, schemaVersion } from '../../src-main/core/platform/cache/migrations/migrate'
import { ORG_A, world } from './cache-fixtures'

// Each migration N is tested on a database at version N-1 that holds data: the data must be
// there, readable, after the migration. A new migration adds its case here.
describe('migration 0001-initial', () => {
  it('migrates a database holding data (at version 0) without touching that data', () => {
    const db = new Database(':memory:')
    // A version-0 file may hold tables of its own (e.g. created by a tool); they survive.
    db.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept')`)
    expect(migrate(db, MIGRATIONS, 1)).toBe(1)
    expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual(['kept'])
    db.close()
  })

  it('gives a schema that stores and reads back every kind', () => {
    const cache = openCache({ file: ':memory:' })
    cache.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'session' })
    const w = world(ORG_A)
    cache.snapshots.commit(ORG_A, { users: w.users, policies: w.policies, rules: w.rules, api_keys: w.apiKeys }, {
      startedAt: '2025-01-01T00:00:00Z',
      finishedAt: '2025-01-01T00:00:01Z',
      durationMs: 1000,
      requests: 4,
      skipped: [],
    })
    expect(cache.resources.list(ORG_A, 'users')).toHaveLength(2)
    expect(cache.resources.rulesOf(ORG_A, w.policies[0]!.id)).toEqual(w.rules.get(w.policies[0]!.id))
    cache.close()
  })
})

describe('migration 0002-sort-indexes', () => {
  it('migrates a version-1 cache holding data: rows kept, list orders served by the new indexes', () => {
    const db = new Database(':memory:')
    expect(migrate(db, MIGRATIONS.slice(0, 1), 1)).toBe(1)
    db.exec(`INSERT INTO organizations (id, name, access_key, api_url, secret_storage, color, added_at)
             VALUES ('${ORG_A}', 'Acme', 'SCWAAAAAAAAAAAAAAAAA', 'https://x', 'session', '#000', '2025-01-01T00:00:00Z')`)
    const before = db.prepare('SELECT count(*) FROM organizations').pluck().get()
    expect(migrate(db, MIGRATIONS, 2)).toBe(2)
    expect(db.prepare('SELECT count(*) FROM organizations').pluck().get()).toBe(before)
    const columns = (index: string) => db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(index)
    expect(columns('api_keys_expires')).toEqual(['expires_at_ms', 'organization_id', 'id'])
    expect(columns('jwts_sort_created')).toEqual(['created_at_ms', 'organization_id', 'id'])
    db.close()
  })
})

describe('the migration runner', () => {
  const base: Migration = {
    version: 1,
    name: 'base',
    up: (db) => db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('one')`),
  }

  it('applies only the missing migrations, each with its version, keeping existing rows', () => {
    const db = new Database(':memory:')
    migrate(db, [base])
    const second: Migration = { version: 2, name: 'add column', up: (d) => d.exec(`ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'x'`) }
    expect(migrate(db, [base, second])).toBe(2)
    expect(db.prepare('SELECT v, w FROM t').all()).toEqual([{ v: 'one', w: 'x' }])
    db.close()
  })

  it('rolls a failing migration back entirely and keeps the previous version', () => {
    const db = new Database(':memory:')
    migrate(db, [base])
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec(`INSERT INTO t (v) VALUES ('half-done')`)
        d.exec('THIS IS NOT SQL')
      },
    }
    expect(() => migrate(db, [base, broken])).toThrow(CacheError)
    expect(schemaVersion(db)).toBe(1)
    expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual(['one'])
    db.close()
  })

  it('refuses a database newer than the migrations it knows', () => {
    const db = new Database(':memory:')
    db.pragma('user_version = 7')
    expect(() => migrate(db, [base])).toThrow(expect.objectContaining({ kind: 'cache_too_new' }))
    db.close()
  })

  it('rejects a mis-numbered migration list', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ ...base, version: 2 }])).toThrow(/numbered 2, expected 1/)
    db.close()
  })
})

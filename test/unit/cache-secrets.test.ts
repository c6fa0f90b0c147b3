import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCache } from '../../src-main/core/platform/cache/cache'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { ORG_A, apiKey, dumpTables, world } from './cache-fixtures'

// A canary secret goes in through every public API that takes objects; afterwards it must
// appear nowhere: not in any column, not in the database file, not in the WAL, not in logs.
const CANARY = '7c4e1f0a-1bad-4cab-9e11-5ec0e7000001'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-secrets-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('no column can hold a secret', () => {
  it('strips secrets given through every public API and never writes the canary to disk', () => {
    const file = join(dir, 'cache.db')
    const logs: string[] = []
    const cache = openCache({ file, log: (m) => logs.push(m) })
    // An object that carries a secret where a profile is expected: only known fields are read.
    cache.organizations.add({
      id: ORG_A,
      name: 'Acme',
      accessKey: 'SCWAAAAAAAAAAAAAAAAA',
      apiUrl: 'https://api.scaleway.com',
      secretStorage: 'keychain',
      ...({ secretKey: CANARY, secret_key: CANARY } as object),
    })
    const w = world(ORG_A)
    const withSecret = apiKey(ORG_A, { secret_key: CANARY, description: 'fresh key' })
    const run = { startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:00:01Z', durationMs: 1, requests: 1, skipped: [] }
    // First sync: the key is "added" (changes.after_json); second: "modified" (before and after).
    cache.snapshots.commit(ORG_A, { users: w.users, api_keys: [...w.apiKeys, withSecret] }, run)
    cache.snapshots.commit(ORG_A, { api_keys: [...w.apiKeys, { ...withSecret, description: 'renamed' }] }, run)
    // A write operation updating the cache with the API's create response (secret included).
    cache.resources.upsert(ORG_A, 'api_keys', apiKey(ORG_A, { secret_key: CANARY }))
    // The journal with plans and steps that (wrongly) carry secrets in several shapes.
    cache.journal.begin({
      id: 'rotate-1',
      organizationId: ORG_A,
      operation: 'keys.rotate',
      plan: { accessKey: withSecret.access_key, secret_key: CANARY, nested: [{ secretKey: CANARY }], wrapped: new Secret(CANARY) },
    })
    cache.journal.appendStep('rotate-1', { step: 'create', created: { ...withSecret, secret: new Secret(CANARY) }, secret_key: CANARY })
    cache.journal.finish('rotate-1', 'succeeded')

    expect(cache.resources.get(ORG_A, 'api_keys', withSecret.access_key)?.secret_key).toBeUndefined()
    const rows = JSON.stringify(dumpTables(cache.db))
    expect(rows).toContain(withSecret.access_key) // the scan does see the data
    expect(rows).not.toContain(CANARY)
    expect(JSON.stringify(cache.journal.get('rotate-1'))).not.toContain(CANARY)

    // The WAL holds the recent pages before a checkpoint: scan it and the main file.
    expect(existsSync(`${file}-wal`)).toBe(true)
    const wal = readFileSync(`${file}-wal`)
    expect(wal.includes(Buffer.from(withSecret.access_key))).toBe(true)
    expect(wal.includes(Buffer.from(CANARY))).toBe(false)
    cache.db.pragma('wal_checkpoint(TRUNCATE)')
    const main = readFileSync(file)
    expect(main.includes(Buffer.from(withSecret.access_key))).toBe(true)
    expect(main.includes(Buffer.from(CANARY))).toBe(false)
    expect(logs.join('\n')).not.toContain(CANARY)
    cache.close()
  })

  it('no column of the schema is named for a secret', () => {
    const cache = openCache({ file: ':memory:' })
    const columns = cache.db
      .prepare<[], { t: string; c: string }>(
        `SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'`,
      )
      .all()
    expect(columns.length).toBeGreaterThan(50)
    // `secret_storage` says where the secret lives ('keychain' | 'session'), constrained by a CHECK.
    const named = columns.filter((x) => /secret|password|token/i.test(x.c))
    expect(named).toEqual([{ t: 'organizations', c: 'secret_storage' }])
    expect(() =>
      cache.db
        .prepare(`INSERT INTO organizations (id, name, access_key, api_url, secret_storage, added_at) VALUES ('o', 'n', 'a', 'u', ?, 'now')`)
        .run(CANARY),
    ).toThrow(/CHECK constraint/)
    cache.close()
  })
})

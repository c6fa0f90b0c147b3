import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROOT, runAndKill } from './kill-child'
import { openCache } from '../../src-main/core/platform/cache/cache'
import { SyncEngine } from '../../src-main/core/features/sync/sync-engine'
import { ORG_A, dumpTables, fakeReader, world } from '../unit/cache-fixtures'

// A sync killed with SIGKILL — while fetching, or in the middle of its commit transaction —
// must leave the database file exactly as it was before that sync started.

const CHILD = (root: string) => `
import { writeSync } from 'node:fs'
import { openCache } from '${root}/src-main/core/platform/cache/cache'
import { SyncEngine } from '${root}/src-main/core/features/sync/sync-engine'
import { fakeReader, user, world } from '${root}/test/unit/cache-fixtures'

const [file, orgId, mode] = process.argv.slice(2) as [string, string, 'commit' | 'fetch']
const cache = openCache({ file })
const w = world(orgId)
// Large enough that the commit writes many pages (some spill to the WAL before COMMIT).
for (let i = 0; i < 3000; i++) w.users.push(user(orgId, { tags: ['x'.repeat(200)] }))
w.groups = []
const say = (m: string) => writeSync(1, m + '\\n')
if (mode === 'commit') {
  // Runs inside the commit transaction, after every row was written: hold there forever.
  cache.db.function('hold_here', () => {
    say('IN_COMMIT')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
    return 0
  })
  cache.db.exec('CREATE TEMP TRIGGER hold AFTER UPDATE ON main.organizations BEGIN SELECT hold_here(); END')
}
const reader = fakeReader(w, {
  before: async (method) => {
    if (mode === 'fetch' && method === 'listLogs') {
      say('IN_FETCH')
      await new Promise(() => undefined)
    }
  },
})
await new SyncEngine({ cache, clientFor: () => reader }).sync([orgId])
say('FINISHED')
`

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-kill-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the child until it prints `marker`, then SIGKILLs it; resolves once it is gone. */
describe('a sync killed mid-way', () => {
  for (const [mode, marker] of [
    ['commit', 'IN_COMMIT'],
    ['fetch', 'IN_FETCH'],
  ] as const) {
    it(`leaves the database as before when killed during the ${mode}`, async () => {
      const file = join(dir, 'cache.db')
      const cache = openCache({ file })
      cache.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
      await new SyncEngine({ cache, clientFor: () => fakeReader(world(ORG_A)) }).sync([ORG_A])
      const before = dumpTables(cache.db)
      expect((before.users as unknown[]).length).toBe(2)
      cache.close()

      // .mts: the temp dir has no package.json saying "type": "module", and the script awaits at top level.
      const script = join(dir, 'child.mts')
      writeFileSync(script, CHILD(ROOT))
      const { signal, out } = await runAndKill(script, [file, ORG_A, mode], marker)
      expect(signal).toBe('SIGKILL')
      expect(out).not.toContain('FINISHED')

      const reopened = openCache({ file })
      expect(reopened.recoveredFrom).toBeUndefined()
      expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(dumpTables(reopened.db)).toEqual(before)
      // And the cache is fully usable afterwards.
      const [s] = await new SyncEngine({ cache: reopened, clientFor: () => fakeReader(world(ORG_A)) }).sync([ORG_A])
      expect(s!.status).toBe('ok')
      reopened.close()
    })
  }
})

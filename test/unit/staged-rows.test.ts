// The commit worker's waiting rows (staged-rows.ts): a few organizations in memory, the rest in a
// temporary table — and what comes back for a commit is the same either way.
import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { IN_MEMORY_ORGANIZATIONS, StagedRows } from '../../src-main/core/platform/cache/staged-rows'
import { prepareRows } from '../../src-main/core/platform/cache/snapshot.repo'
import { ORG_A, apiKey, group, user } from './cache-fixtures'

const onDisk = (db: Database.Database) => (db.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'staged_rows'").get() as { n: number }).n === 1
  ? (db.prepare('SELECT count(*) AS n FROM temp.staged_rows').get() as { n: number }).n
  : 0

it('keeps the first organizations in memory and the rest on disk, and gives back the same rows', () => {
  const db = new Database(':memory:')
  const staged = new StagedRows(db)
  const orgs = Array.from({ length: IN_MEMORY_ORGANIZATIONS + 2 }, (_, i) => `${ORG_A.slice(0, -2)}${String(i).padStart(2, '0')}`)
  const made = orgs.map((org) => ({
    users: prepareRows('users', [user(org), user(org)]),
    groups: prepareRows('groups', [group(org, { user_ids: ['u1', 'u2'], application_ids: ['a1'] })]),
    api_keys: prepareRows('api_keys', [apiKey(org)]),
  }))
  orgs.forEach((org, i) => {
    staged.keep(org, 'users', made[i]!.users)
    staged.keep(org, 'groups', made[i]!.groups)
  })
  // Only the organizations past the first ones went to disk (3 rows each).
  expect(onDisk(db)).toBe(2 * 3)
  // A kind kept again replaces what was kept of it.
  const last = orgs.at(-1)!
  staged.keep(last, 'users', prepareRows('users', [user(last)]))
  staged.keep(last, 'api_keys', made.at(-1)!.api_keys)
  expect(onDisk(db)).toBe(3 + 1 + 1 + 1)

  expect(staged.take(orgs[0]!)).toEqual({ users: made[0]!.users, groups: made[0]!.groups })
  const back = staged.take(orgs[IN_MEMORY_ORGANIZATIONS]!)
  expect(back).toEqual({ users: made[IN_MEMORY_ORGANIZATIONS]!.users, groups: made[IN_MEMORY_ORGANIZATIONS]!.groups })
  expect([...back.groups!.values()][0]!.members).toEqual({ userIds: ['u1', 'u2'], applicationIds: ['a1'] })
  expect(onDisk(db)).toBe(3) // taken rows leave the table
  expect(staged.take(orgs[IN_MEMORY_ORGANIZATIONS]!)).toEqual({})
  staged.drop(last)
  expect(onDisk(db)).toBe(0)
})

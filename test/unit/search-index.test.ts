// The lists' search (search-index.ts): the text it looks in holds the names shown beside ids,
// and it is read again after any commit — this connection's or another's (the sync's commit
// worker writes through its own connection).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { ORG_A, ORG_B, apiKey, application, group, policy, user } from './cache-fixtures'

const NOW = new Date('2025-06-01T00:00:00Z')
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function openOn(file: string): Cache {
  const cache = openCache({ file, now: () => NOW })
  if (!cache.organizations.get(ORG_A)) {
    for (const [id, name] of [[ORG_A, 'Acme'], [ORG_B, 'Beta']] as const) cache.organizations.add({ id, name, accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
  }
  return cache
}
const total = (cache: Cache, kind: 'api_keys' | 'policies', search: string, organizationIds?: string[]) =>
  cache.browse({ kind, search, offset: 0, limit: 50, ...(organizationIds ? { organizationIds } : {}) } as never).total

it('finds an API key by its bearer as the list shows it, and a policy by its principal', () => {
  const cache = openOn(':memory:')
  const ada = user(ORG_A, { email: 'ada.lovelace@example.com' })
  const ci = application(ORG_A, { name: 'deploy-bot' })
  const ops = group(ORG_A, { name: 'Night Operators' })
  cache.snapshots.commit(ORG_A, {
    users: [ada],
    applications: [ci],
    groups: [ops],
    api_keys: [apiKey(ORG_A, { user_id: ada.id, description: 'laptop' }), apiKey(ORG_A, { user_id: undefined, application_id: ci.id, description: 'pipeline' })],
    policies: [policy(ORG_A, { no_principal: false, group_id: ops.id, name: 'Ops access' })],
    rules: new Map(),
  }, run)
  expect(total(cache, 'api_keys', 'Ada.Lovelace@')).toBe(1)
  expect(total(cache, 'api_keys', 'deploy-bot')).toBe(1)
  expect(total(cache, 'api_keys', 'deploy-bot', [ORG_B])).toBe(0)
  expect(total(cache, 'policies', 'night operators')).toBe(1)
  // A name is one field: a term never matches across the end of one and the start of the next.
  expect(total(cache, 'api_keys', 'laptop\nada')).toBe(0)
})

it('sees a commit made by another connection at the next search', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-search-'))
  dirs.push(dir)
  const file = path.join(dir, 'cache.sqlite')
  const app = openOn(file)
  app.snapshots.commit(ORG_A, { api_keys: [apiKey(ORG_A, { description: 'first' })] }, run)
  expect(total(app, 'api_keys', 'second')).toBe(0)
  // The commit worker's connection: another Cache on the same file.
  const worker = openOn(file)
  worker.snapshots.commit(ORG_A, { api_keys: [apiKey(ORG_A, { description: 'first' }), apiKey(ORG_A, { description: 'second' })] }, run)
  worker.close()
  expect(total(app, 'api_keys', 'second')).toBe(1)
  app.close()
})

it('narrows a search as it is typed, and starts over when the term, the organizations or the cache change', () => {
  const cache = openOn(':memory:')
  // Words only ever found in the descriptions: access keys (Crockford base32) and ids (hex) hold no l, o or u.
  const words = ['lulu', 'lull', 'lullaby', 'oulu', 'lullabies']
  cache.snapshots.commit(ORG_A, { api_keys: words.map((description) => apiKey(ORG_A, { description })) }, run)
  cache.snapshots.commit(ORG_B, { api_keys: [apiKey(ORG_B, { description: 'lull o' })] }, run)
  const typed = ['l', 'lu', 'lul', 'lull', 'lulla', 'lullab', 'lul', 'oul', 'ou']
  const expected = (term: string, orgs: Array<readonly string[]>) => orgs.flat().filter((w) => w.includes(term)).length
  for (const term of typed) expect(total(cache, 'api_keys', term), term).toBe(expected(term, [words, ['lull o']]))
  for (const term of typed) expect(total(cache, 'api_keys', term, [ORG_B]), term).toBe(expected(term, [['lull o']]))
  expect(total(cache, 'api_keys', 'lulla')).toBe(2)
  cache.resources.upsert(ORG_A, 'api_keys', apiKey(ORG_A, { description: 'lullaboo' }))
  expect(total(cache, 'api_keys', 'lullabo')).toBe(1)
})

// People across organizations (people.list, people.services, people.detail): users grouped by
// e-mail and applications by name, case-insensitively, from the cache alone.
import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { PeopleService } from '../../src-main/core/features/people/people.service'
import { createApp } from '../../src-main/core/app'
import { AppError } from '../../src-main/core/errors/app-error'
import { PeoplePage, PersonDetail, ServicesPage } from '../../src-preload/contract'
import { ORG_A, ORG_B, apiKey, application, group, jwt, policy, rule, user, uuid, world, type World } from './cache-fixtures'

const NOW = new Date('2025-06-01T00:00:00Z')
const run = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, requests: 1, skipped: [] }

let cache: Cache
let people: PeopleService
let a: World
/** Alice's account in Beta: the same person, her e-mail written with capitals. */
let aliceB: ReturnType<typeof user>
let opsB: ReturnType<typeof group>

function addOrgs(c: Cache): void {
  c.organizations.add({ id: ORG_A, name: 'Acme', accessKey: 'SCWAAAAAAAAAAAAAAAAA', apiUrl: 'https://x', secretStorage: 'keychain' })
  c.organizations.add({ id: ORG_B, name: 'Beta', accessKey: 'SCWBBBBBBBBBBBBBBBBB', apiUrl: 'https://x', secretStorage: 'keychain' })
}

/** Acme: the fixture world (Alice, Bob, ci-deployer, Admins). Beta: Alice again, Carol, CI-Deployer. */
function seed(c: Cache): void {
  a = world(ORG_A)
  c.snapshots.commit(
    ORG_A,
    {
      users: a.users,
      applications: a.applications,
      groups: a.groups,
      policies: a.policies,
      rules: a.rules,
      api_keys: a.apiKeys,
      permission_sets: a.permissionSets,
      jwts: a.jwts,
    },
    run,
  )
  aliceB = user(ORG_B, { email: 'Alice@Example.COM', username: 'alice.beta', first_name: 'Alice', last_name: 'Doe', mfa: false, locked: true, last_login_at: '2025-05-30T10:00:00Z' })
  const carol = user(ORG_B, { email: 'carol@example.com', username: 'carol', first_name: 'Carol', last_name: 'Émond' })
  const appB = application(ORG_B, { name: 'CI-Deployer' })
  opsB = group(ORG_B, { name: 'Ops', user_ids: [aliceB.id, carol.id], application_ids: [appB.id] })
  const readers = group(ORG_B, { name: 'Readers', user_ids: [aliceB.id] })
  const opsPolicy = policy(ORG_B, { name: 'ops-access', group_id: opsB.id, no_principal: undefined })
  c.snapshots.commit(
    ORG_B,
    {
      users: [aliceB, carol],
      applications: [appB, application(ORG_B, { name: 'only-in-beta' })],
      groups: [opsB, readers],
      policies: [opsPolicy],
      rules: new Map([[opsPolicy.id, [rule({ organization_id: ORG_B })]]]),
      api_keys: [apiKey(ORG_B, { user_id: aliceB.id }), apiKey(ORG_B, { user_id: aliceB.id }), apiKey(ORG_B, { user_id: undefined, application_id: appB.id })],
      jwts: [jwt({ audience_id: aliceB.id }), jwt({ audience_id: aliceB.id })],
    },
    run,
  )
}

beforeEach(() => {
  cache = openCache({ file: ':memory:', now: () => NOW })
  addOrgs(cache)
  seed(cache)
  people = new PeopleService(cache)
})

const all = { offset: 0, limit: 100 }

describe('people.list', () => {
  it('one person per e-mail whatever its case, with each organization it is in', () => {
    const page = people.list(all)
    expect(page.rows.map((p) => p.key)).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com'])
    expect(page.total).toBe(3)
    const alice = page.rows[0]!
    expect(alice.name).toBe('Alice Doe')
    expect(alice.email).toBe('alice@example.com')
    expect(alice.memberships).toEqual([
      {
        organizationId: ORG_A,
        organizationName: 'Acme',
        userId: a.users[0]!.id,
        type: 'member',
        status: 'activated',
        mfa: true,
        locked: false,
        lastLoginAt: null,
        groups: [{ id: a.groups[0]!.id, name: 'Admins' }],
        apiKeys: 1,
      },
      {
        organizationId: ORG_B,
        organizationName: 'Beta',
        userId: aliceB.id,
        type: 'member',
        status: 'activated',
        mfa: false,
        locked: true,
        lastLoginAt: '2025-05-30T10:00:00.000Z',
        groups: [
          { id: opsB.id, name: 'Ops' },
          { id: expect.any(String), name: 'Readers' },
        ],
        apiKeys: 2,
      },
    ])
    // Bob: one organization, no group, no key.
    expect(page.rows[1]!.memberships).toMatchObject([{ organizationName: 'Acme', groups: [], apiKeys: 0, type: 'owner' }])
    expect(PeoplePage.safeParse(page).success).toBe(true)
  })

  it('keeps to the chosen organizations (all when none)', () => {
    const beta = people.list({ ...all, organizationIds: [ORG_B] })
    expect(beta.rows.map((p) => [p.key, p.memberships.map((m) => m.organizationName)])).toEqual([
      ['alice@example.com', ['Beta']],
      ['carol@example.com', ['Beta']],
    ])
    expect(people.list({ ...all, organizationIds: [] }).total).toBe(3)
    expect(people.list({ ...all, organizationIds: [uuid()] })).toEqual({ total: 0, rows: [] })
  })

  it('searches e-mail, name and username, case-insensitively; a hit in one organization shows all of the person', () => {
    const keys = (search: string) => people.list({ ...all, search }).rows.map((p) => p.key)
    expect(keys('EXAMPLE.com')).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com'])
    expect(keys('bob@')).toEqual(['bob@example.com'])
    expect(keys('alice doe')).toEqual(['alice@example.com'])
    expect(keys('  roe ')).toEqual(['bob@example.com'])
    expect(keys('émond')).toEqual(['carol@example.com'])
    expect(keys('ÉMOND')).toEqual(['carol@example.com'])
    expect(keys('nobody')).toEqual([])
    // LIKE's wildcards are plain characters here.
    expect(keys('%')).toEqual([])
    expect(keys('_')).toEqual([])
    // Only her Beta username matches, and her Acme membership still shows.
    const [alice] = people.list({ ...all, search: 'alice.beta' }).rows
    expect(alice!.memberships.map((m) => m.organizationName)).toEqual(['Acme', 'Beta'])
    // Ids and tags are not what this search is about.
    expect(keys(a.users[1]!.id)).toEqual([])
  })

  it('pages in e-mail order with the total of people (not of accounts)', () => {
    const more = Array.from({ length: 23 }, (_, i) => user(ORG_A, { email: `p${String(i).padStart(2, '0')}@example.org`, username: `p${i}` }))
    const twins = more.slice(0, 5).map((u) => user(ORG_B, { email: u.email.toUpperCase(), username: `b${u.username}` }))
    cache.snapshots.commit(ORG_A, { users: [...a.users, ...more] }, run)
    cache.snapshots.commit(ORG_B, { users: [aliceB, ...twins] }, run)
    const expected = ['alice@example.com', 'bob@example.com', ...more.map((u) => u.email)].sort()
    const seen: string[] = []
    for (let offset = 0; offset < 40; offset += 10) {
      const page = people.list({ offset, limit: 10 })
      expect(page.total).toBe(25)
      seen.push(...page.rows.map((p) => p.key))
    }
    expect(seen).toEqual(expected)
    expect(people.list({ offset: 0, limit: 10 }).rows.filter((p) => p.memberships.length === 2).map((p) => p.key)).toEqual([
      'alice@example.com',
      'p00@example.org',
      'p01@example.org',
      'p02@example.org',
      'p03@example.org',
      'p04@example.org',
    ])
    expect(people.list({ offset: 30, limit: 10 })).toEqual({ total: 25, rows: [] })
    expect(people.list({ offset: 10, limit: 10, search: 'p0' })).toEqual({ total: 10, rows: [] })
  })
})

describe('people.services', () => {
  it('applications grouped by name whatever its case, with groups and API keys per organization', () => {
    const page = people.services(all)
    expect(page.total).toBe(2)
    expect(page.rows.map((s) => [s.key, s.memberships.map((m) => [m.organizationName, m.groups.map((g) => g.name), m.apiKeys])])).toEqual([
      ['ci-deployer', [['Acme', ['Admins'], 1], ['Beta', ['Ops'], 1]]],
      ['only-in-beta', [['Beta', [], 0]]],
    ])
    expect(page.rows[0]!.name).toBe('ci-deployer')
    expect(ServicesPage.safeParse(page).success).toBe(true)
    expect(people.services({ ...all, search: 'DEPLOY' }).rows.map((s) => s.key)).toEqual(['ci-deployer'])
    expect(people.services({ ...all, organizationIds: [ORG_A] }).rows.map((s) => s.memberships.length)).toEqual([1])
    expect(people.services({ offset: 1, limit: 1 })).toMatchObject({ total: 2, rows: [{ key: 'only-in-beta' }] })
  })
})

describe('people.detail', () => {
  it('per organization: groups, policies direct and through a group, API keys and sessions', () => {
    const d = people.detail({ email: 'ALICE@example.com' })
    expect(PersonDetail.safeParse(d).success).toBe(true)
    expect(d.key).toBe('alice@example.com')
    expect(d.organizations.map((o) => o.organizationName)).toEqual(['Acme', 'Beta'])
    const [acme, beta] = d.organizations
    expect(acme!.groupObjects.map((g) => g.name)).toEqual(['Admins'])
    expect(acme!.policies.map((p) => [p.policy.name, p.via])).toEqual([
      ['alice-direct', { kind: 'direct' }],
      ['admins-full', { kind: 'group', groupId: a.groups[0]!.id, groupName: 'Admins' }],
    ])
    expect(acme!.apiKeyObjects.map((k) => k.access_key)).toEqual([a.apiKeys[0]!.access_key])
    expect(acme!.jwts).toHaveLength(1)
    expect(beta!.policies.map((p) => [p.policy.name, p.via])).toEqual([['ops-access', { kind: 'group', groupId: opsB.id, groupName: 'Ops' }]])
    expect(beta!.apiKeyObjects).toHaveLength(2)
    expect(beta!.jwts).toHaveLength(2)
    expect(beta!.locked).toBe(true)
  })

  it('keeps to the chosen organizations; an unknown e-mail is not in IAM Desk', () => {
    expect(people.detail({ email: 'alice@example.com', organizationIds: [ORG_B] }).organizations.map((o) => o.organizationName)).toEqual(['Beta'])
    expect(() => people.detail({ email: 'bob@example.com', organizationIds: [ORG_B] })).toThrow(AppError)
    try {
      people.detail({ email: 'nobody@example.com' })
    } catch (err) {
      expect((err as AppError).kind).toBe('not_in_desk')
    }
  })
})

describe('through the router', () => {
  it('answers people.list, people.services and people.detail within the contract', async () => {
    const app = await createApp({ mode: 'browser', version: '0.0.0-test', now: () => NOW })
    try {
      addOrgs(app.cache)
      seed(app.cache)
      const list = await app.router.dispatch('people.list', { offset: 0, limit: 2, search: 'example.com' })
      expect(list).toMatchObject({ ok: true, value: { total: 3, rows: [{ key: 'alice@example.com' }, { key: 'bob@example.com' }] } })
      expect(await app.router.dispatch('people.services', { offset: 0, limit: 10 })).toMatchObject({ ok: true, value: { total: 2 } })
      expect(await app.router.dispatch('people.detail', { email: 'alice@example.com' })).toMatchObject({ ok: true, value: { organizations: [{}, {}] } })
      expect(await app.router.dispatch('people.detail', { email: 'x@y.z' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      expect(await app.router.dispatch('people.list', { offset: 0, limit: 1000 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    } finally {
      await app.close()
    }
  })
})

describe('a large cache (3 organizations × 2,000 users)', () => {
  it('groups and pages in SQL: the page of keys walks the e-mail index, no sort of every account', () => {
    const plans: string[] = []
    const db = cache.db
    const spy = new Proxy(db, {
      get(target, prop) {
        if (prop !== 'prepare') return Reflect.get(target, prop)
        return (sql: string) => {
          if (/GROUP BY/.test(sql)) plans.push(sql)
          return target.prepare(sql)
        }
      },
    })
    new PeopleService({ ...cache, db: spy } as Cache).list({ offset: 0, limit: 100 })
    expect(plans).toHaveLength(1)
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${plans[0]}`).all(100, 0) as Array<{ detail: string }>).map((p) => p.detail).join('\n')
    expect(plan).toMatch(/SCAN t USING COVERING INDEX users_email/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })

  it('answers a list page, a search and a detail from 6,000 accounts', () => {
    const big = openCache({ file: ':memory:', now: () => NOW })
    const orgs = [ORG_A, ORG_B, uuid()]
    orgs.forEach((id, i) => big.organizations.add({ id, name: `Org ${i}`, accessKey: `SCW${String(i).repeat(17)}`, apiUrl: 'https://x', secretStorage: 'keychain' }))
    orgs.forEach((org, o) => {
      // Half the people are in every organization, the rest in one only.
      const users = Array.from({ length: 2000 }, (_, i) => user(org, { email: i < 1000 ? `shared${i}@corp.example` : `own${o}-${i}@corp.example`, username: `u${o}-${i}` }))
      const groups = Array.from({ length: 20 }, (_, g) => group(org, { name: `team-${g}`, user_ids: users.filter((_, i) => i % 20 === g).map((u) => u.id) }))
      const keys = users.filter((_, i) => i % 3 === 0).map((u) => apiKey(org, { user_id: u.id }))
      big.snapshots.commit(org, { users, groups, api_keys: keys }, run)
    })
    const service = new PeopleService(big)
    const first = service.list({ offset: 0, limit: 100 })
    expect(first.total).toBe(4000)
    expect(first.rows[0]!.memberships).toHaveLength(1)
    const shared = service.list({ offset: 0, limit: 100, search: 'shared99' })
    // '0' sorts before '@'.
    expect(shared.rows.map((p) => p.key)).toEqual([...Array.from({ length: 10 }, (_, i) => `shared99${i}@corp.example`), 'shared99@corp.example'])
    expect(shared.rows.at(-1)!.memberships.map((m) => [m.organizationName, m.groups.map((g) => g.name), m.apiKeys])).toEqual([
      ['Org 0', ['team-19'], 1],
      ['Org 1', ['team-19'], 1],
      ['Org 2', ['team-19'], 1],
    ])
    expect(service.list({ offset: 3950, limit: 100 }).rows).toHaveLength(50)
    expect(service.detail({ email: 'SHARED5@corp.example' }).organizations).toHaveLength(3)
    big.close()
  })
})

// The "needs attention" home's counts (home.attention): each one against the same objects
// counted here by hand, for one organization, two, and all; the SSH duplicates follow the scope;
// failed and stale organizations; the lint slot stays empty until a source fills it.
import { beforeEach, describe, expect, it } from 'vitest'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { CredentialsService } from '../../src-main/core/features/credentials/credentials.service'
import { SettingsService } from '../../src-main/core/features/settings/settings.service'
import { HomeService } from '../../src-main/core/features/home/home.service'
import type { ApiKey, Policy, SshKey, User } from '../../domain/schemas'
import { ORG_A, ORG_B, accessKey, apiKey, policy, sshKey, user, uuid } from './cache-fixtures'

const NOW = new Date('2025-06-01T00:00:00.000Z')
const NOW_MS = NOW.getTime()
const DAY = 86_400_000
const at = (ms: number) => new Date(ms).toISOString()
const ORG_C = uuid(0xc0001)
const run = (finishedAt: string) => ({ startedAt: finishedAt, finishedAt, durationMs: 1, requests: 1, skipped: [] })

let cache: Cache
let settings: SettingsService
let home: HomeService
const data: Record<string, { users: User[]; policies: Policy[]; api_keys: ApiKey[]; ssh_keys: SshKey[] }> = {}

function fill(org: string, shared: string[]): void {
  const users = [
    user(org, { mfa: true }),
    user(org, { mfa: false }),
    user(org, { mfa: false, locked: true }),
    user(org, { mfa: true, locked: true }),
  ]
  const policies = [
    policy(org, { no_principal: true }),
    policy(org, { no_principal: false, group_id: uuid() }),
    policy(org, { no_principal: false, user_id: users[0]!.id }),
  ]
  const api_keys = [
    apiKey(org, { expires_at: at(NOW_MS - DAY), created_at: at(NOW_MS - 10 * DAY) }),
    apiKey(org, { expires_at: null, created_at: at(NOW_MS - 200 * DAY) }),
    apiKey(org, { expires_at: null, created_at: at(NOW_MS - 5 * DAY) }),
    apiKey(org, { expires_at: at(NOW_MS + 300 * DAY), created_at: at(NOW_MS - 91 * DAY) }),
    apiKey(org, { expires_at: at(NOW_MS + 300 * DAY), created_at: at(NOW_MS - 3 * DAY), access_key: accessKey() }),
  ]
  const ssh_keys = [sshKey(org), ...shared.map((fingerprint) => sshKey(org, { fingerprint }))]
  data[org] = { users, policies, api_keys, ssh_keys }
  cache.snapshots.commit(org, { ...data[org], rules: new Map() }, run(at(NOW_MS - HOURS_AGO[org]! * 3_600_000)))
}
const HOURS_AGO: Record<string, number> = { [ORG_A]: 1, [ORG_B]: 30, [ORG_C]: 2 }

beforeEach(() => {
  cache = openCache({ file: ':memory:', now: () => NOW })
  for (const [id, name] of [[ORG_A, 'Acme'], [ORG_B, 'Beta'], [ORG_C, 'Cobalt']] as const) {
    cache.organizations.add({ id, name, accessKey: accessKey(), apiUrl: 'https://x', secretStorage: 'keychain' })
  }
  settings = new SettingsService(cache.db, () => NOW)
  const credentials = new CredentialsService({ cache, settings, scwAccessKeys: async () => ({ found: false, problem: null, profiles: new Map() }), now: () => NOW })
  home = new HomeService({ cache, credentials, settings, now: () => NOW })
  // "twice-in-a" twice in A; "a-and-b" once in A and once in B; "b-and-c" in B and C.
  fill(ORG_A, ['twice-in-a', 'twice-in-a', 'a-and-b'])
  fill(ORG_B, ['a-and-b', 'b-and-c'])
  fill(ORG_C, ['b-and-c'])
})

/** The same counts, by hand, from the objects committed. */
function expected(orgs: string[]) {
  const all = orgs.map((o) => data[o]!)
  const users = all.flatMap((d) => d.users)
  const keys = all.flatMap((d) => d.api_keys)
  const prints = all.flatMap((d) => d.ssh_keys.map((k) => k.fingerprint))
  const ninetyDaysAgo = NOW_MS - 90 * DAY
  return {
    withoutMfa: users.filter((u) => !u.mfa).length,
    locked: users.filter((u) => u.locked).length,
    policiesWithoutPrincipal: all.flatMap((d) => d.policies).filter((p) => !p.user_id && !p.group_id && !p.application_id).length,
    expired: keys.filter((k) => k.expires_at !== null && Date.parse(k.expires_at) <= NOW_MS).length,
    neverExpire: keys.filter((k) => k.expires_at === null).length,
    old: keys.filter((k) => k.created_at !== null && Date.parse(k.created_at) < ninetyDaysAgo).length,
    duplicateSsh: prints.filter((f) => prints.indexOf(f) !== prints.lastIndexOf(f)).length,
  }
}

describe('home.attention', () => {
  for (const scope of [[ORG_A], [ORG_A, ORG_B], [ORG_B, ORG_C], []]) {
    it(`counts what the lists show, for ${scope.length ? `${scope.length} organization(s)` : 'every organization'}`, () => {
      const orgs = scope.length ? scope : [ORG_A, ORG_B, ORG_C]
      const e = expected(orgs)
      const a = home.attention(scope.length ? { organizationIds: scope } : {})
      expect(a.organizations).toBe(orgs.length)
      expect(a.users).toEqual({ withoutMfa: e.withoutMfa, locked: e.locked })
      expect(a.policiesWithoutPrincipal).toBe(e.policiesWithoutPrincipal)
      expect(a.apiKeys).toEqual({ expired: e.expired, neverExpire: e.neverExpire, olderThanThreshold: e.old, ageThresholdDays: 90 })
      expect(a.duplicateSshKeys).toBe(e.duplicateSsh)
    })
  }

  it('counts SSH duplicates within the scope only', () => {
    // A alone: its two "twice-in-a" keys; "a-and-b" has no twin in A.
    expect(home.attention({ organizationIds: [ORG_A] }).duplicateSshKeys).toBe(2)
    expect(home.attention({ organizationIds: [ORG_A, ORG_B] }).duplicateSshKeys).toBe(4)
    expect(home.attention({ organizationIds: [ORG_C] }).duplicateSshKeys).toBe(0)
    expect(home.attention({}).duplicateSshKeys).toBe(6)
  })

  it('follows the age threshold setting for old keys', () => {
    settings.set({ credentialAgeDays: 7 })
    const a = home.attention({ organizationIds: [ORG_A] })
    expect(a.apiKeys.olderThanThreshold).toBe(data[ORG_A]!.api_keys.filter((k) => Date.parse(k.created_at!) < NOW_MS - 7 * DAY).length)
    expect(a.apiKeys.ageThresholdDays).toBe(7)
  })

  it('names failed syncs and stale caches (past the warning threshold, or never synced)', () => {
    cache.organizations.recordSyncResult(ORG_C, 'failed', NOW.toISOString())
    const d = uuid(0xd0001)
    cache.organizations.add({ id: d, name: 'Dune', accessKey: accessKey(), apiUrl: 'https://x', secretStorage: 'keychain' })
    const a = home.attention({})
    expect(a.failedSyncs.map((o) => o.name)).toEqual(['Cobalt'])
    // B synced 30 hours ago (> 24), Dune never.
    expect(a.staleCaches.map((o) => o.name).sort()).toEqual(['Beta', 'Dune'])
    expect(a.staleAfterHours).toBe(24)
    settings.set({ cacheAgeWarnHours: 48 })
    expect(home.attention({}).staleCaches.map((o) => o.name)).toEqual(['Dune'])
    expect(home.attention({ organizationIds: [ORG_A] }).staleCaches).toEqual([])
  })

  it('has no lint line until the policy lint provides one', () => {
    expect(home.attention({}).lintFindings).toBeNull()
    const credentials = new CredentialsService({ cache, settings, scwAccessKeys: async () => ({ found: false, problem: null, profiles: new Map() }), now: () => NOW })
    const seen: string[][] = []
    const withLint = new HomeService({ cache, credentials, settings, now: () => NOW, lintFindings: (ids) => (seen.push([...ids]), { count: 3 }) })
    expect(withLint.attention({ organizationIds: [ORG_B] }).lintFindings).toEqual({ count: 3 })
    expect(seen).toEqual([[ORG_B]])
  })
})

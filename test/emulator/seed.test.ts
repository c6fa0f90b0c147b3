import { createHash, createPublicKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  ApiKey,
  Application,
  Group,
  Jwt,
  Log,
  PermissionSet,
  Policy,
  Rule,
  SshKey,
  User,
} from '../../domain/schemas'
import {
  DEFAULT_SIZES,
  DEMO_CONSULTANT,
  DEMO_SHARED_ADMIN,
  PERMISSION_SETS,
  demoOrganizations,
  permissionSetByName,
  seedOrganizations,
  type SeedOrganization,
} from '../../emulator/seed'

const NOW = new Date('2026-09-01T10:00:00.000Z')
const DAY = 86_400_000
const NAME_PATTERN = /^[\w().-]+( +[\w().-]+)*$/
const USERNAME_PATTERN = /^[a-zA-Z0-9@._-]+$/
const CROCKFORD_ACCESS_KEY = /^SCW[0-9A-HJKMNP-TV-Z]{17}$/
const SERVER_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Fingerprint recomputed independently of the emulator (reference §9.3), key parsed by node:crypto. */
function expectedFingerprint(publicKey: string): string {
  const [type = '', base64 = '', ...comment] = publicKey.split(' ')
  const blob = Buffer.from(base64, 'base64')
  const fields: Buffer[] = []
  for (let off = 0; off < blob.length; ) {
    const len = blob.readUInt32BE(off)
    fields.push(blob.subarray(off + 4, off + 4 + len))
    off += 4 + len
  }
  expect(fields[0]?.toString()).toBe(type)
  let bits: number
  if (type === 'ssh-rsa') {
    const key = createPublicKey({ key: { kty: 'RSA', e: fields[1]!.toString('base64url'), n: fields[2]!.toString('base64url') }, format: 'jwk' })
    bits = key.asymmetricKeyDetails!.modulusLength!
  } else if (type.startsWith('ecdsa-sha2-nistp')) {
    const size = Number(type.slice(-3))
    const point = fields[2]!
    const coord = (point.length - 1) / 2
    // createPublicKey rejects points that are not on the curve: this proves the key is real.
    createPublicKey({
      key: { kty: 'EC', crv: `P-${size}`, x: point.subarray(1, 1 + coord).toString('base64url'), y: point.subarray(1 + coord).toString('base64url') },
      format: 'jwk',
    })
    bits = size
  } else {
    expect(type).toBe('ssh-ed25519')
    expect(fields[1]).toHaveLength(32)
    createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: fields[1]!.toString('base64url') }, format: 'jwk' })
    bits = 256
  }
  const md5 = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':')
  return `${bits} MD5:${md5}${comment.length > 0 ? ` ${comment.join(' ')}` : ''} (${type})`
}

function timestampsOf(obj: object): string[] {
  return Object.entries(obj)
    .filter(([k, v]) => k.endsWith('_at') && typeof v === 'string')
    .map(([, v]) => v as string)
}

/** Every structural and referential invariant the server relies on. */
function checkOrganization(org: SeedOrganization): void {
  const orgId = org.organization.id
  const projectIds = new Set(org.projects.map((p) => p.id))
  expect(org.projects[0]!.id).toBe(orgId)
  expect(projectIds.size).toBe(org.projects.length)

  // Users
  expect(org.users[0]).toBe(org.owner)
  expect(org.owner.type).toBe('owner')
  expect(org.owner.deletable).toBe(false)
  expect(org.owner.account_root_user_id).toMatch(UUID)
  const userIds = new Set<string>()
  const usernames = new Set<string>()
  for (const u of org.users) {
    User.parse(u)
    expect(u.organization_id).toBe(orgId)
    expect(u.username).toMatch(USERNAME_PATTERN)
    expect(u.username.length).toBeGreaterThanOrEqual(2)
    userIds.add(u.id)
    usernames.add(u.username)
    if (u !== org.owner) {
      expect(u.type).toBe('member')
      expect(u.account_root_user_id).toBe('')
      expect(u.deletable).toBe(true)
    }
  }
  expect(userIds.size).toBe(org.users.length)
  expect(usernames.size).toBe(org.users.length)

  // Applications
  const appIds = new Set<string>()
  const appNames = new Set<string>()
  for (const a of org.applications) {
    Application.parse(a)
    expect(a.organization_id).toBe(orgId)
    expect(a.name).toMatch(NAME_PATTERN)
    expect(a.name.length).toBeLessThanOrEqual(64)
    appIds.add(a.id)
    appNames.add(a.name)
  }
  expect(appNames.size).toBe(org.applications.length)

  // API keys: exactly one bearer, which exists; nb_api_keys matches.
  expect(org.apiKeys).toContain(org.ownerApiKey)
  expect(org.ownerApiKey.user_id).toBe(org.owner.id)
  expect(org.ownerApiKey.expires_at).toBeNull()
  const keysPerApp = new Map<string, number>()
  for (const k of org.apiKeys) {
    ApiKey.parse(k)
    expect(k.access_key).toMatch(CROCKFORD_ACCESS_KEY)
    expect(k.secret_key).toMatch(UUID)
    expect(('application_id' in k) !== ('user_id' in k)).toBe(true)
    if (k.application_id !== undefined) {
      expect(appIds.has(k.application_id)).toBe(true)
      keysPerApp.set(k.application_id, (keysPerApp.get(k.application_id) ?? 0) + 1)
    } else {
      expect(userIds.has(k.user_id!)).toBe(true)
    }
    expect(projectIds.has(k.default_project_id)).toBe(true)
  }
  for (const a of org.applications) expect(a.nb_api_keys).toBe(keysPerApp.get(a.id) ?? 0)

  // Groups: members exist, no duplicates.
  const groupIds = new Set<string>()
  const groupNames = new Set<string>()
  for (const g of org.groups) {
    Group.parse(g)
    expect(g.name).toMatch(NAME_PATTERN)
    groupIds.add(g.id)
    groupNames.add(g.name)
    expect(new Set(g.user_ids).size).toBe(g.user_ids.length)
    for (const id of g.user_ids) expect(userIds.has(id)).toBe(true)
    for (const id of g.application_ids) expect(appIds.has(id)).toBe(true)
  }
  expect(groupNames.size).toBe(org.groups.length)

  // Policies: one principal that exists, counts derived from the rules.
  const policyNames = new Set<string>()
  expect(Object.keys(org.rules).sort()).toEqual(org.policies.map((p) => p.id).sort())
  for (const p of org.policies) {
    Policy.parse(p)
    expect(p.name).toMatch(NAME_PATTERN)
    policyNames.add(p.name)
    const principals = (['user_id', 'group_id', 'application_id', 'no_principal'] as const).filter((f) => f in p)
    expect(principals).toHaveLength(1)
    if (p.user_id !== undefined) expect(userIds.has(p.user_id)).toBe(true)
    if (p.group_id !== undefined) expect(groupIds.has(p.group_id)).toBe(true)
    if (p.application_id !== undefined) expect(appIds.has(p.application_id)).toBe(true)
    if ('no_principal' in p) expect(p.no_principal).toBe(true)
    const rules = org.rules[p.id]!
    const scopes = new Set<string>()
    let sets = 0
    for (const r of rules) {
      Rule.parse(r)
      expect(('project_ids' in r) !== ('organization_id' in r)).toBe(true)
      expect('account_root_user_id' in r).toBe(false)
      if (r.organization_id !== undefined) {
        expect(r.organization_id).toBe(orgId)
        scopes.add(`o:${r.organization_id}`)
      }
      for (const id of r.project_ids ?? []) expect(projectIds.has(id)).toBe(true)
      // One scope per distinct set of projects, as the server counts them.
      if (r.project_ids !== undefined) scopes.add(`p:${[...r.project_ids].sort().join(',')}`)
      const types = new Set(r.permission_set_names!.map((n) => permissionSetByName(n)?.scope_type))
      expect(types.size).toBe(1)
      expect([...types][0]).toBe(r.permission_sets_scope_type)
      if (r.permission_sets_scope_type !== 'projects') expect(r.organization_id).toBe(orgId)
      sets += r.permission_set_names!.length
    }
    expect(p.nb_rules).toBe(rules.length)
    expect(p.nb_scopes).toBe(scopes.size)
    expect(p.nb_permission_sets).toBe(sets)
  }
  expect(policyNames.size).toBe(org.policies.length)

  for (const s of org.sshKeys) {
    SshKey.parse(s)
    expect(projectIds.has(s.project_id)).toBe(true)
    expect(s.fingerprint).toBe(expectedFingerprint(s.public_key))
  }
  const bearers = new Set([...userIds, ...appIds])
  for (const l of org.logs) {
    Log.parse(l)
    expect(l.organization_id).toBe(orgId)
    expect(bearers.has(l.bearer_id)).toBe(true)
    expect(l.action).not.toBe('unknown_action')
    expect(l.resource_type).not.toBe('unknown_resource_type')
    if (l.resource_type === 'api_key') expect(l.resource_id).toMatch(CROCKFORD_ACCESS_KEY)
    else expect(l.resource_id).toMatch(UUID)
  }
  for (const j of org.jwts) {
    Jwt.parse(j)
    expect(userIds.has(j.issuer_id)).toBe(true)
    expect(userIds.has(j.audience_id)).toBe(true)
  }

  // Server-style timestamps, nothing created in the future, updated_at never before created_at.
  const all: Array<{ created_at: string | null; updated_at?: string | null }> = [
    ...org.users,
    ...org.applications,
    ...org.apiKeys,
    ...org.groups,
    ...org.policies,
    ...org.sshKeys,
    ...org.logs,
    ...org.jwts,
  ]
  for (const o of all) {
    for (const t of timestampsOf(o)) expect(t).toMatch(SERVER_TIMESTAMP)
    expect(Date.parse(o.created_at!)).toBeLessThanOrEqual(NOW.getTime())
    if (o.updated_at != null) expect(Date.parse(o.updated_at)).toBeGreaterThanOrEqual(Date.parse(o.created_at!))
  }
}

describe('permission-set catalogue', () => {
  it('has a realistic size, unique names and ids, and valid wire objects', () => {
    expect(PERMISSION_SETS.length).toBeGreaterThanOrEqual(160)
    expect(new Set(PERMISSION_SETS.map((p) => p.name)).size).toBe(PERMISSION_SETS.length)
    expect(new Set(PERMISSION_SETS.map((p) => p.id)).size).toBe(PERMISSION_SETS.length)
    for (const p of PERMISSION_SETS) {
      PermissionSet.parse(p)
      expect(p.description.length).toBeGreaterThan(10)
      expect(p.categories!.length).toBeGreaterThan(0)
    }
    const scopes = new Set(PERMISSION_SETS.map((p) => p.scope_type))
    expect([...scopes].sort()).toEqual(['account_root_user', 'organization', 'projects'])
  })

  it('holds the sets users and recordings refer to, with their scope types', () => {
    const organizationSets = ['IAMReadOnly', 'IAMManager', 'OrganizationReadOnly', 'OrganizationManager', 'ProjectReadOnly', 'ProjectManager', 'BillingReadOnly', 'BillingManager', 'SupportTicketReadOnly', 'SupportTicketManager', 'AuditTrailReadOnly']
    for (const name of organizationSets) expect(permissionSetByName(name)?.scope_type, name).toBe('organization')
    const projectSets = ['AllProductsFullAccess', 'AllProductsReadOnly', 'InstancesFullAccess', 'InstancesReadOnly', 'ObjectStorageFullAccess', 'ObjectStorageReadOnly', 'ObjectStorageObjectsRead', 'KubernetesFullAccess', 'ContainerRegistryReadOnly', 'IPAMReadOnly', 'VPCReadOnly', 'RelationalDatabasesFullAccess', 'DomainsDNSFullAccess', 'SecretManagerFullAccess', 'CockpitFullAccess', 'ServerlessFunctionsFullAccess', 'LoadBalancersFullAccess']
    for (const name of projectSets) expect(permissionSetByName(name)?.scope_type, name).toBe('projects')
    expect(permissionSetByName('NoSuchSet')).toBeUndefined()
  })

  it('puts ObjectStorage sets on page 2 at page_size 100 in name order, as on Scaleway', () => {
    const sorted = PERMISSION_SETS.map((p) => p.name).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
    expect(sorted.indexOf('ObjectStorageFullAccess')).toBeGreaterThanOrEqual(100)
  })
})

describe('seedOrganizations', () => {
  it('is deterministic: the same seed gives the same data, another seed different data', () => {
    const a = seedOrganizations({ seed: 42, orgs: 2, now: NOW })
    const b = seedOrganizations({ seed: 42, orgs: 2, now: NOW })
    const c = seedOrganizations({ seed: 43, orgs: 2, now: NOW })
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(c[0]!.organization.id).not.toBe(a[0]!.organization.id)
    expect(c[0]!.ownerApiKey.access_key).not.toBe(a[0]!.ownerApiKey.access_key)
  })

  it('gives organization #k the same content whatever the number of organizations', () => {
    const two = seedOrganizations({ seed: 9, orgs: 2, now: NOW })
    const five = seedOrganizations({ seed: 9, orgs: 5, now: NOW })
    expect(JSON.stringify(five[1])).toBe(JSON.stringify(two[1]))
    expect(new Set(five.map((o) => o.organization.id)).size).toBe(5)
    expect(new Set(five.map((o) => o.organization.name)).size).toBe(5)
  })

  it('produces valid, consistent organizations of the requested sizes', () => {
    const orgs = seedOrganizations({ seed: 7, orgs: 3, now: NOW })
    expect(orgs).toHaveLength(3)
    for (const org of orgs) {
      checkOrganization(org)
      expect(org.users).toHaveLength(DEFAULT_SIZES.users)
      expect(org.applications).toHaveLength(DEFAULT_SIZES.applications)
      expect(org.apiKeys).toHaveLength(DEFAULT_SIZES.apiKeys)
      expect(org.groups).toHaveLength(DEFAULT_SIZES.groups)
      expect(org.policies).toHaveLength(DEFAULT_SIZES.policies)
      expect(org.sshKeys).toHaveLength(DEFAULT_SIZES.sshKeys)
      expect(org.logs).toHaveLength(DEFAULT_SIZES.logs)
      expect(org.jwts).toHaveLength(DEFAULT_SIZES.jwts)
    }
    const accessKeys = orgs.flatMap((o) => o.apiKeys.map((k) => k.access_key))
    expect(new Set(accessKeys).size).toBe(accessKeys.length)
  })

  it('honours custom sizes, including empty kinds and a lone owner', () => {
    const [org] = seedOrganizations({ seed: 1, orgs: 1, now: NOW, sizes: { users: 1, applications: 0, apiKeys: 1, groups: 0, policies: 3, sshKeys: 30, logs: 0, jwts: 0 } })
    checkOrganization(org!)
    expect(org!.users).toEqual([org!.owner])
    expect(org!.apiKeys).toEqual([org!.ownerApiKey])
    expect(org!.applications).toHaveLength(0)
    expect(org!.policies).toHaveLength(3)
    expect(org!.sshKeys).toHaveLength(30)
    expect(new Set(org!.sshKeys.map((k) => k.public_key.split(' ')[0])).size).toBeGreaterThan(1)
  })

  it('rejects impossible sizes', () => {
    expect(() => seedOrganizations({ seed: 1, orgs: 1, now: NOW, sizes: { users: -1 } })).toThrow(/users/)
  })

  it('seeds 20,000 users and 20,000 API keys in one organization', () => {
    const [org] = seedOrganizations({ seed: 3, orgs: 1, now: NOW, sizes: { users: 20_000, apiKeys: 20_000, applications: 50, logs: 100 } })
    expect(org!.users).toHaveLength(20_000)
    expect(org!.apiKeys).toHaveLength(20_000)
    expect(new Set(org!.users.map((u) => u.username)).size).toBe(20_000)
    expect(new Set(org!.apiKeys.map((k) => k.access_key)).size).toBe(20_000)
    const keysPerApp = org!.apiKeys.filter((k) => k.application_id !== undefined).length
    expect(org!.applications.reduce((n, a) => n + a.nb_api_keys, 0)).toBe(keysPerApp)
  })

  it('keeps SSH keys valid past the freshly derived ones', () => {
    const [org] = seedOrganizations({ seed: 5, orgs: 1, now: NOW, sizes: { sshKeys: 1200, users: 3 } })
    expect(org!.sshKeys).toHaveLength(1200)
    for (const k of org!.sshKeys.slice(995, 1010)) expect(k.fingerprint).toBe(expectedFingerprint(k.public_key))
    expect(new Set(org!.sshKeys.map((k) => k.public_key)).size).toBe(1200)
  })
})

describe('demoOrganizations', () => {
  const demo = demoOrganizations(NOW)

  it('is three believable, valid organizations, identical for the same now', () => {
    expect(demo.map((o) => o.organization.name)).toEqual(['Northwind Analytics', 'Atelier Lumière', 'Kestrel Robotics'])
    for (const org of demo) checkOrganization(org)
    expect(JSON.stringify(demoOrganizations(NOW))).toBe(JSON.stringify(demo))
    for (const org of demo) expect(org.projects.map((p) => p.name)).toContain('production')
  })

  it('has API keys that are expired, expiring within 7 days and never expiring, some years old', () => {
    for (const org of demo) {
      const expires = org.apiKeys.map((k) => (k.expires_at === null ? null : Date.parse(k.expires_at) - NOW.getTime()))
      expect(expires.some((e) => e === null), org.organization.name).toBe(true)
      expect(expires.some((e) => e !== null && e < 0), org.organization.name).toBe(true)
      expect(expires.some((e) => e !== null && e > 0 && e <= 7 * DAY), org.organization.name).toBe(true)
      expect(expires.some((e) => e !== null && e > 7 * DAY), org.organization.name).toBe(true)
    }
    const oldest = Math.min(...demo.flatMap((o) => o.apiKeys.map((k) => Date.parse(k.created_at!))))
    expect(NOW.getTime() - oldest).toBeGreaterThan(2 * 365 * DAY)
  })

  it('has people with MFA, locked accounts, never-logged-in members and several locales', () => {
    const users = demo.flatMap((o) => o.users)
    expect(users.some((u) => u.mfa)).toBe(true)
    expect(users.some((u) => !u.mfa)).toBe(true)
    expect(users.filter((u) => u.locked).length).toBeGreaterThanOrEqual(2)
    expect(users.some((u) => u.last_login_at === null)).toBe(true)
    expect(new Set(users.map((u) => u.locale))).toEqual(new Set(['en_US', 'fr_FR', 'de_DE']))
    // Everyone has the organization's domain but the people of outside firms who belong to
    // several organizations (see the next test).
    const outside = new Set([DEMO_CONSULTANT.email, DEMO_SHARED_ADMIN.email])
    for (const org of demo) {
      const domain = org.owner.email.split('@')[1]
      for (const u of org.users) if (!outside.has(u.email)) expect(u.email.endsWith(`@${domain}`), u.email).toBe(true)
    }
  })

  it('has people in several organizations: one user per organization (own id), the same email', () => {
    const byName = (name: string): SeedOrganization => demo.find((o) => o.organization.name === name)!
    const usersWith = (email: string) => demo.flatMap((o) => o.users.filter((u) => u.email === email).map((u) => ({ org: o.organization.name, u })))
    const groupsOf = (org: SeedOrganization, userId: string): string[] => org.groups.filter((g) => g.user_ids.includes(userId)).map((g) => g.name).sort()

    const consultant = usersWith('sam.whitfield@brightline-consulting.com')
    expect(consultant.map((c) => c.org)).toEqual(['Northwind Analytics', 'Atelier Lumière', 'Kestrel Robotics'])
    expect(new Set(consultant.map((c) => c.u.id)).size).toBe(3)
    for (const { org, u } of consultant) {
      expect(u).toMatchObject({ first_name: 'Sam', last_name: 'Whitfield', username: 'sam.whitfield', type: 'member', locked: false, tags: ['consultant'] })
      expect(u.organization_id).toBe(byName(org).organization.id)
    }
    expect(groupsOf(byName('Northwind Analytics'), consultant[0]!.u.id)).toEqual(['Developers'])
    expect(groupsOf(byName('Atelier Lumière'), consultant[1]!.u.id)).toEqual(['Auditors'])
    expect(groupsOf(byName('Kestrel Robotics'), consultant[2]!.u.id)).toEqual(['Auditors', 'Developers'])
    // Something to offboard besides memberships: an API key in two organizations, and sessions.
    for (const { org, u } of consultant) expect(byName(org).jwts.some((j) => j.issuer_id === u.id), org).toBe(true)
    expect(consultant.map(({ org, u }) => byName(org).apiKeys.filter((k) => k.user_id === u.id).length)).toEqual([1, 0, 1])

    const admin = usersWith('ingrid.halvorsen@fjordops.eu')
    expect(admin.map((a) => a.org)).toEqual(['Northwind Analytics', 'Kestrel Robotics'])
    expect(new Set(admin.map((a) => a.u.id)).size).toBe(2)
    for (const { org, u } of admin) {
      expect(u).toMatchObject({ first_name: 'Ingrid', last_name: 'Halvorsen', username: 'ingrid.halvorsen', type: 'member' })
      expect(groupsOf(byName(org), u.id)).toEqual(['Administrators'])
    }
  })

  it('has Developers and Auditors groups in every organization, with different members, and a shared application name', () => {
    for (const name of ['Developers', 'Auditors']) {
      const groups = demo.map((o) => o.groups.find((g) => g.name === name))
      expect(groups.every((g) => g !== undefined), name).toBe(true)
      const members = groups.map((g) => JSON.stringify([...g!.user_ids].sort()))
      expect(new Set(members).size, name).toBe(3)
      for (const g of groups) expect(g!.user_ids.length, name).toBeGreaterThan(0)
      // Each has a policy: being in it means something.
      for (const [i, org] of demo.entries()) expect(org.policies.some((p) => p.group_id === groups[i]!.id), `${name} of ${org.organization.name}`).toBe(true)
    }
    const ciDeployer = demo.filter((o) => o.applications.some((a) => a.name === 'ci-deployer')).map((o) => o.organization.name)
    expect(ciDeployer).toEqual(['Northwind Analytics', 'Kestrel Robotics'])
  })

  it('keeps the objects e2e tests name (ids and keys drawn before the cross-organization people)', () => {
    const kestrel = demo.find((o) => o.organization.name === 'Kestrel Robotics')!
    const anna = kestrel.users.find((u) => u.username === 'anna.schneider')!
    expect(kestrel.apiKeys.find((k) => k.access_key === 'SCW2N08HYFYFKBHT3K10')?.user_id).toBe(anna.id)
  })

  it('has meaningful policies: org-scoped IAMManager for admins, orphaned and conditional ones', () => {
    for (const org of demo) {
      const admins = org.groups.find((g) => g.name.startsWith('Administr'))!
      const adminPolicy = org.policies.find((p) => p.group_id === admins.id)!
      expect(org.rules[adminPolicy.id]!.some((r) => r.permission_set_names!.includes('IAMManager') && r.organization_id === org.organization.id)).toBe(true)
      expect(org.policies.some((p) => p.no_principal === true)).toBe(true)
      expect(Object.values(org.rules).flat().some((r) => r.condition !== '')).toBe(true)
      expect(Object.values(org.rules).flat().some((r) => r.project_ids !== undefined)).toBe(true)
    }
  })

  it('has months of logs of every action and resource type, plus sessions', () => {
    for (const org of demo) {
      const times = org.logs.map((l) => Date.parse(l.created_at!))
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(90 * DAY)
      expect(new Set(org.logs.map((l) => l.action))).toEqual(new Set(['created', 'updated', 'deleted']))
      expect(new Set(org.logs.map((l) => l.resource_type))).toEqual(new Set(['api_key', 'user', 'application', 'group', 'policy']))
      expect(org.logs.some((l) => l.user_agent.startsWith('scaleway-cli/'))).toBe(true)
      expect(org.logs.some((l) => l.user_agent.startsWith('terraform-provider-scaleway/'))).toBe(true)
      expect(org.jwts.length).toBeGreaterThan(0)
      expect(org.sshKeys.length).toBeGreaterThan(0)
    }
  })

  it('moves its dates with now', () => {
    const later = demoOrganizations(new Date(NOW.getTime() + 30 * DAY))
    const shift = Date.parse(later[0]!.apiKeys[1]!.expires_at!) - Date.parse(demo[0]!.apiKeys[1]!.expires_at!)
    expect(shift).toBe(30 * DAY)
  })
})

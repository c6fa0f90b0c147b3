// Random but deterministic organizations of any size: one seeded generator per organization
// (derived from the seed and the organization's index), so organization #k is the same
// whether 1 or 50 organizations are seeded, and every step is linear in the sizes.
import type { Log } from '../../domain/schemas'
import { OrgBuilder, type Principal, type RuleInput } from './org-builder'
import { permissionSetNamesOfScope } from './permission-sets'
import { accessKey, DAY_MS, SeededRandom } from './random'
import { makePublicKey, RSA_POOL_SIZE, type SshKeyType } from './ssh-keys'
import { DEFAULT_SIZES, type SeedOrganization, type SeedSizes } from './types'
import {
  APPLICATION_BASES,
  BROWSER_USER_AGENTS,
  EXTRA_PROJECTS,
  FIRST_NAMES,
  GROUP_BASES,
  LAST_NAMES,
  ORG_WORDS_A,
  ORG_WORDS_B,
  POLICY_BASES,
  SSH_KEY_NAMES,
  USER_AGENTS,
  publicIp,
  slug,
} from './vocabulary'

const LOCALES = ['en_US', 'en_US', 'en_US', 'fr_FR', 'fr_FR', 'de_DE', 'es_ES', 'it_IT'] as const
const USER_TAGS = ['engineering', 'contractor', 'finance', 'on-call', 'cost-center=42', 'team=data'] as const
const RESOURCE_TYPES: Array<Log['resource_type']> = ['api_key', 'user', 'application', 'group', 'policy']
const CONDITIONS = ["request.ip == '51.159.10.10'", "request.user_agent == 'terraform-test'", '1 == 1'] as const
/** Past this many SSH keys in one organization, key material is reused (see below). */
const FRESH_SSH_KEYS_PER_ORG = 1000
const ORG_SETS = permissionSetNamesOfScope('organization')
const PROJECT_SETS = permissionSetNamesOfScope('projects')

export interface SeedOptions {
  seed: number
  orgs: number
  sizes?: Partial<SeedSizes>
  now: Date
}

export function seedOrganizations({ seed, orgs, sizes, now }: SeedOptions): SeedOrganization[] {
  const full: SeedSizes = { ...DEFAULT_SIZES, ...sizes }
  for (const [kind, value] of Object.entries(full)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`seed size ${kind} must be a non-negative integer`)
  }
  const accessKeys = new Set<string>()
  const orgNames = new Set<string>()
  const result: SeedOrganization[] = []
  for (let index = 0; index < orgs; index++) {
    const rng = new SeededRandom((Math.imul(seed >>> 0, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0)
    let name = `${rng.pick(ORG_WORDS_A)} ${rng.pick(ORG_WORDS_B)}`
    if (orgNames.has(name)) name = `${name} ${index + 1}`
    orgNames.add(name)
    result.push(seedOne(rng, name, full, now.getTime(), accessKeys))
  }
  return result
}

function seedOne(rng: SeededRandom, name: string, sizes: SeedSizes, nowMs: number, accessKeys: Set<string>): SeedOrganization {
  const org = new OrgBuilder(rng, name, accessKeys)
  const domain = `${slug(name)}.example`
  const orgCreatedMs = nowMs - rng.int(400, 1500) * DAY_MS
  /** A moment between `fromMs` and one hour before now. */
  const between = (fromMs: number, toMs = nowMs - 3_600_000): number => fromMs + rng.next() * Math.max(0, toMs - fromMs)

  for (const project of rng.sample(EXTRA_PROJECTS, rng.int(1, 3))) org.addProject(project)
  const projectIds = org.projects.map((p) => p.id)

  // Users: the owner first, then members.
  const ownerFirst = rng.pick(FIRST_NAMES)
  const ownerLast = rng.pick(LAST_NAMES)
  const owner = org.addUser({
    owner: true,
    email: `${slug(ownerFirst)}.${slug(ownerLast)}@${domain}`,
    username: `${slug(ownerFirst)}.${slug(ownerLast)}`,
    first_name: ownerFirst,
    last_name: ownerLast,
    locale: rng.pick(LOCALES),
    createdMs: orgCreatedMs,
    updatedMs: between(orgCreatedMs),
    lastLoginMs: between(nowMs - 7 * DAY_MS),
    mfa: true,
  })
  for (let i = 1; i < Math.max(1, sizes.users); i++) {
    const first = rng.pick(FIRST_NAMES)
    const last = rng.pick(LAST_NAMES)
    let username = `${slug(first)}.${slug(last)}`
    if (org.hasName('username', username)) username = `${username}.${i}`
    const createdMs = between(orgCreatedMs)
    org.addUser({
      email: `${username}@${domain}`,
      username,
      first_name: first,
      last_name: last,
      phone_number: rng.chance(0.3) ? `+33 6 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : '',
      locale: rng.pick(LOCALES),
      createdMs,
      updatedMs: between(createdMs),
      lastLoginMs: rng.chance(0.15) ? null : between(createdMs),
      mfa: rng.chance(0.4),
      locked: rng.chance(0.03),
      tags: rng.chance(0.2) ? [rng.pick(USER_TAGS)] : [],
    })
  }
  const users = org.users
  const members = users.slice(1)

  for (let i = 0; i < sizes.applications; i++) {
    let appName: string = rng.pick(APPLICATION_BASES)
    if (org.hasName('application', appName)) appName = `${appName}-${i + 1}`
    const createdMs = between(orgCreatedMs)
    org.addApplication({
      name: appName,
      description: rng.chance(0.6) ? `Service account for ${appName.replace(/-\d+$/, '')}` : '',
      createdMs,
      updatedMs: between(createdMs),
      tags: rng.chance(0.3) ? ['automation'] : [],
    })
  }
  const applications = org.applications

  // API keys: the owner's never-expiring key first, then keys of members and applications.
  org.addApiKey({
    bearer: { user_id: owner.id },
    description: 'owner key',
    createdMs: orgCreatedMs + DAY_MS,
    expiresMs: null,
    creation_ip: publicIp(rng),
  })
  for (let i = 1; i < Math.max(1, sizes.apiKeys); i++) {
    const useApp = applications.length > 0 && (members.length === 0 || rng.chance(0.45))
    const bearer = useApp ? { application_id: rng.pick(applications).id } : { user_id: rng.pick(members.length > 0 ? members : users).id }
    const createdMs = between(orgCreatedMs)
    const roll = rng.next()
    // ~40% never expire, ~20% already expired, the rest expire in the future.
    const expiresMs = roll < 0.4 ? null : roll < 0.6 ? between(createdMs, nowMs - DAY_MS) : nowMs + rng.int(1, 400) * DAY_MS
    org.addApiKey({
      bearer,
      description: rng.chance(0.7) ? `${useApp ? 'automation' : 'personal'} key ${i}` : '',
      createdMs,
      updatedMs: between(createdMs),
      expiresMs,
      default_project_id: rng.pick(projectIds),
      creation_ip: publicIp(rng),
    })
  }

  for (let i = 0; i < sizes.groups; i++) {
    let groupName: string = rng.pick(GROUP_BASES)
    if (org.hasName('group', groupName)) groupName = `${groupName} ${i + 1}`
    const createdMs = between(orgCreatedMs)
    org.addGroup({
      name: groupName,
      description: rng.chance(0.5) ? `Members of ${groupName}` : '',
      user_ids: rng.sample(users, rng.int(0, 8)).map((u) => u.id),
      application_ids: rng.sample(applications, rng.int(0, 2)).map((a) => a.id),
      createdMs,
      updatedMs: between(createdMs),
    })
  }
  const groups = org.groups

  for (let i = 0; i < sizes.policies; i++) {
    let policyName: string = rng.pick(POLICY_BASES)
    if (org.hasName('policy', policyName)) policyName = `${policyName} ${i + 1}`
    const roll = rng.next()
    const principal: Principal =
      roll < 0.4 && groups.length > 0
        ? { group_id: rng.pick(groups).id }
        : roll < 0.6 && members.length > 0
          ? { user_id: rng.pick(members).id }
          : roll < 0.85 && applications.length > 0
            ? { application_id: rng.pick(applications).id }
            : { no_principal: true }
    const rules: RuleInput[] = []
    for (let r = rng.int(1, 3); r > 0; r--) {
      const condition = rng.chance(0.1) ? rng.pick(CONDITIONS) : ''
      if (rng.chance(0.3)) {
        rules.push({ permission_set_names: rng.sample(ORG_SETS, rng.int(1, 3)), organization_id: org.organizationId, condition })
      } else if (rng.chance(0.25)) {
        rules.push({ permission_set_names: rng.sample(PROJECT_SETS, rng.int(1, 3)), organization_id: org.organizationId, condition })
      } else {
        rules.push({ permission_set_names: rng.sample(PROJECT_SETS, rng.int(1, 4)), project_ids: rng.sample(projectIds, rng.int(1, 2)), condition })
      }
    }
    const createdMs = between(orgCreatedMs)
    org.addPolicy({
      name: policyName,
      description: rng.chance(0.5) ? `Grants ${policyName.toLowerCase()}` : '',
      principal,
      rules,
      createdMs,
      updatedMs: between(createdMs),
      tags: rng.chance(0.2) ? ['managed-by=terraform'] : [],
    })
  }

  let rsaUsed = 0
  const freshKeys: string[] = []
  for (let i = 0; i < sizes.sshKeys; i++) {
    const holder = rng.pick(users)
    const host = rng.pick(SSH_KEY_NAMES)
    let publicKey: string
    if (i < FRESH_SSH_KEYS_PER_ORG) {
      const roll = rng.next()
      let type: SshKeyType = roll < 0.7 ? 'ssh-ed25519' : roll < 0.85 ? 'ecdsa-sha2-nistp256' : roll < 0.9 ? 'ecdsa-sha2-nistp384' : 'ssh-rsa'
      // Each pooled RSA key at most once per organization, so public keys stay unique.
      if (type === 'ssh-rsa' && rsaUsed >= RSA_POOL_SIZE) type = 'ssh-ed25519'
      const comment = rng.chance(0.5) ? `${holder.username}@${host}` : ''
      publicKey = makePublicKey(rng, type, comment, type === 'ssh-rsa' ? rsaUsed++ : 0)
      freshKeys.push(publicKey.split(' ').slice(0, 2).join(' '))
    } else {
      // Deriving a key costs ~0.2 ms; past the first thousand, reuse one with a distinct comment
      // so huge organizations seed in seconds (the line, and so the fingerprint, still differ).
      publicKey = `${rng.pick(freshKeys)} ${holder.username}@${host}-${i + 1}`
    }
    const createdMs = between(orgCreatedMs)
    org.addSshKey({
      name: `${holder.username}-${host}-${i + 1}`,
      public_key: publicKey,
      project_id: rng.pick(projectIds),
      createdMs,
      updatedMs: between(createdMs),
      disabled: rng.chance(0.1),
    })
  }

  // Logs over the last four months, pointing at existing resources (deleted ones at ids that no longer exist).
  const idsOf = (type: Log['resource_type']): readonly string[] => {
    switch (type) {
      case 'api_key':
        return org.apiKeys.map((k) => k.access_key)
      case 'user':
        return users.map((u) => u.id)
      case 'application':
        return applications.map((a) => a.id)
      case 'group':
        return groups.map((g) => g.id)
      case 'policy':
        return org.policies.map((p) => p.id)
      case 'unknown_resource_type':
        return []
      default:
        throw new Error(`unexpected resource type ${String(type satisfies never)}`)
    }
  }
  const resourceIds = new Map(RESOURCE_TYPES.map((t) => [t, idsOf(t)]))
  for (let i = 0; i < sizes.logs; i++) {
    const resourceType = rng.pick(RESOURCE_TYPES)
    const roll = rng.next()
    const action: Log['action'] = roll < 0.5 ? 'created' : roll < 0.85 ? 'updated' : 'deleted'
    const existing = resourceIds.get(resourceType) ?? []
    const resourceId =
      action !== 'deleted' && existing.length > 0 ? rng.pick(existing) : resourceType === 'api_key' ? accessKey(rng) : rng.uuid()
    const bearerIsApp = applications.length > 0 && rng.chance(0.3)
    org.addLog({
      createdMs: between(nowMs - 120 * DAY_MS, nowMs),
      ip: publicIp(rng),
      user_agent: rng.pick(USER_AGENTS),
      action,
      bearer_id: bearerIsApp ? rng.pick(applications).id : rng.pick(users).id,
      resource_type: resourceType,
      resource_id: resourceId,
    })
  }

  for (let i = 0; i < sizes.jwts; i++) {
    const user = rng.pick(users)
    const createdMs = between(nowMs - 40 * DAY_MS, nowMs)
    org.addJwt({
      userId: user.id,
      createdMs,
      updatedMs: between(createdMs, nowMs),
      expiresMs: createdMs + 30 * DAY_MS,
      ip: publicIp(rng),
      user_agent: rng.pick(BROWSER_USER_AGENTS),
    })
  }

  return org.build()
}

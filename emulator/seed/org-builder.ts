// Builds one organization's objects in their wire shape and keeps the derived fields
// consistent (application nb_api_keys, policy counts, owner invariants). Both the random
// seeder and the hand-written demo data go through it, so both obey the same rules.
import type { Application, Group, Jwt, Log, Policy, Rule, SshKey, User } from '../../domain/schemas'
import { permissionSetByName } from './permission-sets'
import { accessKey, timestamp, type SeededRandom } from './random'
import { sshFingerprint } from './ssh-keys'
import type { SeedApiKey, SeedOrganization, SeedProject } from './types'

export type Principal =
  | { user_id: string }
  | { group_id: string }
  | { application_id: string }
  | { no_principal: true }

type NameKind = 'group' | 'application' | 'policy' | 'username'

export interface RuleInput {
  permission_set_names: string[]
  condition?: string
  /** Exactly one of these two. */
  project_ids?: string[]
  organization_id?: string
}

/**
 * Policy counters as the real API reports them after a GET (reference §10.2): nb_rules = rules,
 * nb_scopes = distinct scopes (the organization, or one set of projects, counted once across
 * rules), nb_permission_sets = permission-set names summed over rules. Same counting as the
 * server's ruleCounts (emulator/store/org-state.ts), so seeded and re-computed counts agree.
 */
export function policyCounts(rules: readonly Rule[]): { nb_rules: number; nb_scopes: number; nb_permission_sets: number } {
  const scopes = new Set<string>()
  let sets = 0
  for (const rule of rules) {
    sets += rule.permission_set_names?.length ?? 0
    if (rule.organization_id !== undefined) scopes.add(`org:${rule.organization_id}`)
    else if (rule.project_ids !== undefined) scopes.add(`projects:${[...rule.project_ids].sort().join(',')}`)
    else if (rule.account_root_user_id !== undefined) scopes.add(`root:${rule.account_root_user_id}`)
  }
  return { nb_rules: rules.length, nb_scopes: scopes.size, nb_permission_sets: sets }
}

export class OrgBuilder {
  readonly organizationId: string
  readonly projects: SeedProject[]
  readonly #rng: SeededRandom
  readonly #name: string
  readonly #accessKeys: Set<string>
  readonly #users: User[] = []
  readonly #applications: Application[] = []
  readonly #apiKeys: SeedApiKey[] = []
  readonly #groups: Group[] = []
  readonly #policies: Policy[] = []
  readonly #rules: Record<string, Rule[]> = {}
  readonly #sshKeys: SshKey[] = []
  readonly #logs: Log[] = []
  readonly #jwts: Jwt[] = []
  readonly #names = { group: new Set<string>(), application: new Set<string>(), policy: new Set<string>(), username: new Set<string>() }

  /** `accessKeys` is shared across organizations so access keys stay globally unique. */
  constructor(rng: SeededRandom, name: string, accessKeys: Set<string>) {
    this.#rng = rng
    this.#name = name
    this.#accessKeys = accessKeys
    this.organizationId = rng.uuid()
    this.projects = [{ id: this.organizationId, name: 'default' }]
  }

  #ts(ms: number): string {
    return timestamp(ms, this.#rng.int(0, 999))
  }

  #unique(kind: NameKind, name: string): void {
    const set = this.#names[kind]
    if (set.has(name)) throw new Error(`duplicate ${kind} name in seed: ${name}`)
    set.add(name)
  }

  hasName(kind: NameKind, name: string): boolean {
    return this.#names[kind].has(name)
  }

  /** `extra` draws nothing from the seeded random sequence: ids stay what they were without it. */
  addProject(name: string, extra: { description?: string; createdMs?: number } = {}): SeedProject {
    const project: SeedProject = { id: this.#rng.uuid(), name, ...extra }
    this.projects.push(project)
    return project
  }

  addUser(input: {
    owner?: boolean
    email: string
    username: string
    first_name?: string
    last_name?: string
    phone_number?: string
    locale?: string
    createdMs: number
    updatedMs?: number
    lastLoginMs?: number | null
    mfa?: boolean
    locked?: boolean
    tags?: string[]
    invitationPending?: boolean
  }): User {
    if (input.owner === true && this.#users.length > 0) throw new Error('the owner must be the first user')
    if (input.owner !== true && this.#users.length === 0) throw new Error('add the owner first')
    this.#unique('username', input.username)
    const owner = input.owner === true
    const mfa = input.mfa ?? false
    const user: User = {
      id: this.#rng.uuid(),
      email: input.email,
      username: input.username,
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      phone_number: input.phone_number ?? '',
      locale: input.locale ?? 'en_US',
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      organization_id: this.organizationId,
      deletable: !owner,
      last_login_at: input.lastLoginMs == null ? null : this.#ts(input.lastLoginMs),
      type: owner ? 'owner' : 'member',
      two_factor_enabled: mfa,
      status: input.invitationPending === true ? 'invitation_pending' : 'activated',
      mfa,
      // Owners carry their account root user's id; members an empty string (reference §5.4).
      account_root_user_id: owner ? this.#rng.uuid() : '',
      tags: input.tags ?? [],
      locked: input.locked ?? false,
    }
    this.#users.push(user)
    return user
  }

  addApplication(input: { name: string; description?: string; createdMs: number; updatedMs?: number; tags?: string[] }): Application {
    this.#unique('application', input.name)
    const app: Application = {
      id: this.#rng.uuid(),
      name: input.name,
      description: input.description ?? '',
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      organization_id: this.organizationId,
      editable: true,
      deletable: true,
      managed: false,
      nb_api_keys: 0,
      tags: input.tags ?? [],
    }
    this.#applications.push(app)
    return app
  }

  addApiKey(input: {
    bearer: { user_id: string } | { application_id: string }
    description?: string
    createdMs: number
    updatedMs?: number
    expiresMs?: number | null
    default_project_id?: string
    creation_ip: string
  }): SeedApiKey {
    let key = accessKey(this.#rng)
    while (this.#accessKeys.has(key)) key = accessKey(this.#rng)
    this.#accessKeys.add(key)
    const apiKey: SeedApiKey = {
      access_key: key,
      secret_key: this.#rng.uuid(),
      description: input.description ?? '',
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      expires_at: input.expiresMs == null ? null : this.#ts(input.expiresMs),
      default_project_id: input.default_project_id ?? this.organizationId,
      editable: true,
      deletable: true,
      managed: false,
      creation_ip: input.creation_ip,
      ...input.bearer,
    }
    this.#apiKeys.push(apiKey)
    return apiKey
  }

  addGroup(input: {
    name: string
    description?: string
    user_ids?: string[]
    application_ids?: string[]
    createdMs: number
    updatedMs?: number
    tags?: string[]
  }): Group {
    this.#unique('group', input.name)
    const group: Group = {
      id: this.#rng.uuid(),
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      organization_id: this.organizationId,
      name: input.name,
      description: input.description ?? '',
      user_ids: [...new Set(input.user_ids ?? [])],
      application_ids: [...new Set(input.application_ids ?? [])],
      tags: input.tags ?? [],
      editable: true,
      deletable: true,
      managed: false,
    }
    this.#groups.push(group)
    return group
  }

  addPolicy(input: {
    name: string
    description?: string
    principal: Principal
    rules: RuleInput[]
    createdMs: number
    updatedMs?: number
    tags?: string[]
  }): Policy {
    this.#unique('policy', input.name)
    const rules = input.rules.map((r) => this.#rule(r))
    const policy: Policy = {
      id: this.#rng.uuid(),
      name: input.name,
      description: input.description ?? '',
      organization_id: this.organizationId,
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      editable: true,
      deletable: true,
      managed: false,
      ...policyCounts(rules),
      tags: input.tags ?? [],
      ...input.principal,
    }
    this.#policies.push(policy)
    this.#rules[policy.id] = rules
    return policy
  }

  #rule(input: RuleInput): Rule {
    if ((input.project_ids === undefined) === (input.organization_id === undefined)) {
      throw new Error('a seeded rule needs exactly one scope')
    }
    const scopes = new Set(
      input.permission_set_names.map((name) => {
        const set = permissionSetByName(name)
        if (set === undefined) throw new Error(`unknown permission set in seed: ${name}`)
        return set.scope_type
      }),
    )
    const [scopeType] = scopes
    if (scopes.size !== 1 || scopeType === undefined) throw new Error('a seeded rule mixes permission-set scope types')
    // Organization-level sets cannot be limited to projects on Scaleway.
    if (scopeType !== 'projects' && input.project_ids !== undefined) throw new Error(`${scopeType} sets need an organization scope`)
    const rule: Rule = {
      id: this.#rng.uuid(),
      permission_set_names: input.permission_set_names,
      permission_sets_scope_type: scopeType,
      condition: input.condition ?? '',
    }
    if (input.project_ids !== undefined) rule.project_ids = input.project_ids
    else rule.organization_id = input.organization_id
    return rule
  }

  addSshKey(input: { name: string; public_key: string; project_id?: string; createdMs: number; updatedMs?: number; disabled?: boolean }): SshKey {
    const key: SshKey = {
      id: this.#rng.uuid(),
      name: input.name,
      public_key: input.public_key,
      fingerprint: sshFingerprint(input.public_key),
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      organization_id: this.organizationId,
      project_id: input.project_id ?? this.organizationId,
      disabled: input.disabled ?? false,
    }
    this.#sshKeys.push(key)
    return key
  }

  addLog(input: {
    createdMs: number
    ip: string
    user_agent: string
    action: Log['action']
    bearer_id: string
    resource_type: Log['resource_type']
    resource_id: string
  }): Log {
    const log: Log = {
      id: this.#rng.uuid(),
      created_at: this.#ts(input.createdMs),
      ip: input.ip,
      user_agent: input.user_agent,
      action: input.action,
      bearer_id: input.bearer_id,
      organization_id: this.organizationId,
      resource_type: input.resource_type,
      resource_id: input.resource_id,
    }
    this.#logs.push(log)
    return log
  }

  addJwt(input: { userId: string; createdMs: number; updatedMs?: number; expiresMs: number; ip: string; user_agent: string }): Jwt {
    const jwt: Jwt = {
      jti: this.#rng.uuid(),
      issuer_id: input.userId,
      audience_id: input.userId,
      created_at: this.#ts(input.createdMs),
      updated_at: this.#ts(input.updatedMs ?? input.createdMs),
      expires_at: this.#ts(input.expiresMs),
      ip: input.ip,
      user_agent: input.user_agent,
    }
    this.#jwts.push(jwt)
    return jwt
  }

  get users(): readonly User[] {
    return this.#users
  }
  get applications(): readonly Application[] {
    return this.#applications
  }
  get apiKeys(): readonly SeedApiKey[] {
    return this.#apiKeys
  }
  get groups(): readonly Group[] {
    return this.#groups
  }
  get policies(): readonly Policy[] {
    return this.#policies
  }

  build(): SeedOrganization {
    const owner = this.#users[0]
    if (owner === undefined || owner.type !== 'owner') throw new Error('an organization needs an owner')
    const ownerApiKey = this.#apiKeys.find((k) => k.user_id === owner.id && k.expires_at === null)
    if (ownerApiKey === undefined) throw new Error('the owner needs a never-expiring API key')
    const keysPerApp = new Map<string, number>()
    for (const key of this.#apiKeys) {
      if (key.application_id !== undefined) keysPerApp.set(key.application_id, (keysPerApp.get(key.application_id) ?? 0) + 1)
    }
    for (const app of this.#applications) app.nb_api_keys = keysPerApp.get(app.id) ?? 0
    // Logs read naturally oldest first, like the API's default created_at_asc order.
    this.#logs.sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? ''))
    return {
      organization: { id: this.organizationId, name: this.#name },
      projects: this.projects,
      owner,
      ownerApiKey,
      users: this.#users,
      applications: this.#applications,
      apiKeys: this.#apiKeys,
      groups: this.#groups,
      policies: this.#policies,
      rules: this.#rules,
      sshKeys: this.#sshKeys,
      logs: this.#logs,
      jwts: this.#jwts,
    }
  }
}

// Everything one organization owns, with the secondary indexes that keep membership,
// principal and bearer look-ups O(1) at 100,000 objects.
import type {
  ApiKey, Application, GracePeriod, Group, Jwt, Log, Policy, Project, Rule, SshKey, User,
} from '../../domain/schemas'
import { Collection } from './collection'

export const QUOTA_NAMES = ['api_keys', 'applications', 'groups', 'policies', 'ssh_keys', 'users'] as const
export type QuotaName = (typeof QUOTA_NAMES)[number]

/** Large enough for 100,000-object seeding; tests lower them through the admin API. */
export const DEFAULT_QUOTA = 1_000_000

/** Stored API key: the wire object (secret_key always null) — secrets live in the Store. */
export type StoredApiKey = ApiKey & { secret_key: null }

export class OrgState {
  readonly users = new Collection<User>()
  readonly applications = new Collection<Application>()
  readonly apiKeys = new Collection<StoredApiKey>()
  readonly groups = new Collection<Group>()
  readonly policies = new Collection<Policy>()
  readonly sshKeys = new Collection<SshKey>()
  readonly logs = new Collection<Log>()
  readonly jwts = new Collection<Jwt>()
  readonly rules = new Map<string, Rule[]>()
  readonly gracePeriods = new Map<string, GracePeriod[]>()
  readonly quotas = new Map<QuotaName, number>(QUOTA_NAMES.map((q) => [q, DEFAULT_QUOTA]))
  /** This organization's key propagation delay in seconds; undefined = the faults' value. */
  keyPropagationSeconds: number | undefined

  // Secondary indexes.
  readonly groupsOfMember = new Map<string, Set<string>>()
  readonly policiesOfPrincipal = new Map<string, Set<string>>()
  readonly keysOfBearer = new Map<string, Set<string>>()
  readonly groupIdByName = new Map<string, string>()

  constructor(
    readonly id: string,
    public name: string,
    /** Account API v3 projects, the default one (id = organization id) first. */
    readonly projects: Project[],
  ) {}

  get defaultProjectId(): string {
    return this.projects[0]?.id ?? this.id
  }

  hasProject(id: string): boolean {
    return this.projects.some((p) => p.id === id)
  }

  // ---- groups and membership ----
  putGroup(g: Group): void {
    const old = this.groups.get(g.id)
    if (old && old.name !== g.name) this.groupIdByName.delete(old.name)
    this.groups.set(g.id, g)
    this.groupIdByName.set(g.name, g.id)
    for (const m of [...g.user_ids, ...g.application_ids]) addTo(this.groupsOfMember, m, g.id)
  }

  setMembers(g: Group, userIds: string[], applicationIds: string[]): void {
    for (const m of [...g.user_ids, ...g.application_ids]) removeFrom(this.groupsOfMember, m, g.id)
    g.user_ids = dedupe(userIds)
    g.application_ids = dedupe(applicationIds)
    for (const m of [...g.user_ids, ...g.application_ids]) addTo(this.groupsOfMember, m, g.id)
    this.groups.touch()
  }

  deleteGroup(id: string): void {
    const g = this.groups.get(id)
    if (!g) return
    for (const m of [...g.user_ids, ...g.application_ids]) removeFrom(this.groupsOfMember, m, id)
    this.groupIdByName.delete(g.name)
    this.groups.delete(id)
    this.orphanPoliciesOf(id)
  }

  /** Removes a deleted user/application from every group it belonged to. */
  dropMember(memberId: string): void {
    const gids = this.groupsOfMember.get(memberId)
    if (!gids) return
    for (const gid of gids) {
      const g = this.groups.get(gid)
      if (!g) continue
      g.user_ids = g.user_ids.filter((u) => u !== memberId)
      g.application_ids = g.application_ids.filter((a) => a !== memberId)
    }
    this.groupsOfMember.delete(memberId)
    this.groups.touch()
  }

  // ---- policies ----
  putPolicy(p: Policy): void {
    const old = this.policies.get(p.id)
    const oldPrincipal = old && principalOf(old)
    if (oldPrincipal) removeFrom(this.policiesOfPrincipal, oldPrincipal, p.id)
    this.policies.set(p.id, p)
    const principal = principalOf(p)
    if (principal) addTo(this.policiesOfPrincipal, principal, p.id)
  }

  deletePolicy(id: string): void {
    const p = this.policies.get(id)
    if (!p) return
    const principal = principalOf(p)
    if (principal) removeFrom(this.policiesOfPrincipal, principal, id)
    this.policies.delete(id)
    this.rules.delete(id)
  }

  /** Deleting a principal leaves its policies without one (`no_principal: true`). */
  orphanPoliciesOf(principalId: string): void {
    const pids = this.policiesOfPrincipal.get(principalId)
    if (!pids) return
    for (const pid of pids) {
      const p = this.policies.get(pid)
      if (!p) continue
      delete p.user_id
      delete p.group_id
      delete p.application_id
      p.no_principal = true
    }
    this.policiesOfPrincipal.delete(principalId)
    this.policies.touch()
  }

  setRules(policyId: string, rules: Rule[]): void {
    this.rules.set(policyId, rules)
    const p = this.policies.get(policyId)
    if (p) {
      Object.assign(p, ruleCounts(rules))
      this.policies.touch()
    }
  }

  // ---- api keys ----
  putApiKey(k: StoredApiKey): void {
    this.apiKeys.set(k.access_key, k)
    const bearer = k.user_id ?? k.application_id
    if (bearer) addTo(this.keysOfBearer, bearer, k.access_key)
  }

  deleteApiKey(accessKey: string): void {
    const k = this.apiKeys.get(accessKey)
    if (!k) return
    const bearer = k.user_id ?? k.application_id
    if (bearer) removeFrom(this.keysOfBearer, bearer, accessKey)
    this.apiKeys.delete(accessKey)
    if (k.application_id) {
      const app = this.applications.get(k.application_id)
      if (app) {
        app.nb_api_keys = Math.max(0, app.nb_api_keys - 1)
        this.applications.touch()
      }
    }
  }

  quotaCurrent(name: QuotaName): number {
    switch (name) {
      case 'api_keys': return this.apiKeys.size
      case 'applications': return this.applications.size
      case 'groups': return this.groups.size
      case 'policies': return this.policies.size
      case 'ssh_keys': return this.sshKeys.size
      case 'users': return this.users.size
      default: throw new Error(`unknown quota ${String(name)}`)
    }
  }
}

export function principalOf(p: Policy): string | undefined {
  return p.user_id ?? p.group_id ?? p.application_id
}

/** §10.2: nb_scopes = distinct scopes, nb_permission_sets = all names across rules. */
export function ruleCounts(rules: Rule[]): { nb_rules: number; nb_scopes: number; nb_permission_sets: number } {
  const scopes = new Set<string>()
  let sets = 0
  for (const r of rules) {
    if (r.organization_id) scopes.add(`org:${r.organization_id}`)
    else if (r.project_ids) scopes.add(`projects:${[...r.project_ids].sort().join(',')}`)
    else if (r.account_root_user_id) scopes.add(`root:${r.account_root_user_id}`)
    sets += r.permission_set_names?.length ?? 0
  }
  return { nb_rules: rules.length, nb_scopes: scopes.size, nb_permission_sets: sets }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let s = index.get(key)
  if (!s) index.set(key, (s = new Set()))
  s.add(value)
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const s = index.get(key)
  if (!s) return
  s.delete(value)
  if (s.size === 0) index.delete(key)
}

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)]
}

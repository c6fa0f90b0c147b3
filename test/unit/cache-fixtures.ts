// Builders of valid API objects and a fake IamReader for the cache and sync tests.
import type { ApiKey, Application, GracePeriod, Group, Jwt, Log, PermissionSet, Policy, Project, Quotum, Rule, SshKey, User } from '../../domain/schemas'
import type { IamReader, ListOptions } from '../../src-main/core/features/sync/iam-reader'
import { ScalewayApiError, type ScalewayErrorKind } from '../../src-main/core/platform/scaleway/errors'

let counter = 0
/** A valid, unique v4 UUID. */
export const uuid = (n = ++counter): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
export const accessKey = (n = ++counter): string => `SCW${n.toString(36).toUpperCase().padStart(17, '0')}`

export const ORG_A = uuid(0xa0001)
export const ORG_B = uuid(0xb0001)
const T0 = '2025-01-01T00:00:00.000000Z'

export function user(org: string, o: Partial<User> = {}): User {
  const id = o.id ?? uuid()
  return {
    id,
    email: `${id.slice(-4)}@example.com`,
    username: `user-${id.slice(-4)}`,
    first_name: 'Ada',
    last_name: 'Lovelace',
    phone_number: '',
    locale: 'en_US',
    created_at: T0,
    updated_at: T0,
    organization_id: org,
    deletable: true,
    last_login_at: null,
    type: 'member',
    status: 'activated',
    mfa: false,
    account_root_user_id: '',
    tags: [],
    locked: false,
    ...o,
  }
}

export function application(org: string, o: Partial<Application> = {}): Application {
  return {
    id: uuid(),
    name: `app-${counter}`,
    description: '',
    created_at: T0,
    updated_at: T0,
    organization_id: org,
    editable: true,
    nb_api_keys: 0,
    tags: [],
    ...o,
  }
}

export function group(org: string, o: Partial<Group> = {}): Group {
  return {
    id: uuid(),
    created_at: T0,
    updated_at: T0,
    organization_id: org,
    name: `group-${counter}`,
    description: '',
    user_ids: [],
    application_ids: [],
    tags: [],
    editable: true,
    ...o,
  }
}

export function policy(org: string, o: Partial<Policy> = {}): Policy {
  return {
    id: uuid(),
    name: `policy-${counter}`,
    description: '',
    organization_id: org,
    created_at: T0,
    updated_at: T0,
    editable: true,
    nb_rules: 1,
    nb_scopes: 1,
    nb_permission_sets: 1,
    tags: [],
    no_principal: true,
    ...o,
  }
}

export function rule(o: Partial<Rule> = {}): Rule {
  return {
    id: uuid(),
    permission_set_names: ['IAMReadOnly'],
    permission_sets_scope_type: 'organization',
    condition: '',
    organization_id: ORG_A,
    ...o,
  }
}

export function apiKey(org: string, o: Partial<ApiKey> = {}): ApiKey {
  return {
    access_key: accessKey(),
    secret_key: null,
    user_id: uuid(),
    description: `key ${counter}`,
    created_at: T0,
    updated_at: T0,
    expires_at: null,
    default_project_id: org,
    editable: true,
    creation_ip: '192.0.2.1',
    ...o,
  }
}

/** A project (Account API v3); the default project's id is the organization's. */
export function project(org: string, o: Partial<Project> = {}): Project {
  return { id: uuid(), name: `project-${++counter}`, organization_id: org, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z', description: '', status: 'active', ...o }
}

export function sshKey(org: string, o: Partial<SshKey> = {}): SshKey {
  return {
    id: uuid(),
    name: `ssh-${counter}`,
    public_key: 'ssh-ed25519 AAAA',
    fingerprint: `256 MD5:${counter} ssh-ed25519`,
    created_at: T0,
    updated_at: T0,
    organization_id: org,
    project_id: org,
    disabled: false,
    ...o,
  }
}

export function permissionSet(o: Partial<PermissionSet> = {}): PermissionSet {
  return { id: uuid(), name: 'IAMReadOnly', scope_type: 'organization', description: 'Read IAM', categories: ['IAM'], ...o }
}

export function quotum(o: Partial<Quotum> = {}): Quotum {
  return { name: 'members_quota', limit: 10, pretty_name: 'Members', unit: 'member', description: 'Members in an organization', ...o }
}

export function jwt(o: Partial<Jwt> = {}): Jwt {
  return {
    jti: uuid(),
    issuer_id: uuid(),
    audience_id: uuid(),
    created_at: T0,
    updated_at: T0,
    expires_at: '2030-01-01T00:00:00Z',
    ip: '192.0.2.2',
    user_agent: 'test',
    ...o,
  }
}

export function log(org: string, o: Partial<Log> = {}): Log {
  return {
    id: uuid(),
    created_at: T0,
    ip: '192.0.2.3',
    user_agent: 'test',
    action: 'created',
    bearer_id: uuid(),
    organization_id: org,
    resource_type: 'user',
    resource_id: uuid(),
    ...o,
  }
}

export function gracePeriod(o: Partial<GracePeriod> = {}): GracePeriod {
  return { type: 'set_mfa', created_at: T0, expires_at: '2030-01-01T00:00:00Z', ...o }
}

/** The IAM state of one organization, as a fake reader serves it. */
export interface World {
  users: User[]
  applications: Application[]
  groups: Group[]
  policies: Policy[]
  rules: Map<string, Rule[]>
  apiKeys: ApiKey[]
  sshKeys: SshKey[]
  permissionSets: PermissionSet[]
  quota: Quotum[]
  jwts: Jwt[]
  logs: Log[]
  gracePeriods: Map<string, GracePeriod[]>
  projects: Project[]
}

export function world(org: string): World {
  const alice = user(org, { email: 'alice@example.com', username: 'alice', first_name: 'Alice', last_name: 'Doe', mfa: true })
  const bob = user(org, { email: 'bob@example.com', username: 'bob', first_name: 'Bob', last_name: 'Roe', type: 'owner' })
  const app = application(org, { name: 'ci-deployer', tags: ['ci', 'prod'] })
  const admins = group(org, { name: 'Admins', user_ids: [alice.id], application_ids: [app.id] })
  const direct = policy(org, { name: 'alice-direct', user_id: alice.id, no_principal: undefined })
  const viaGroup = policy(org, { name: 'admins-full', group_id: admins.id, no_principal: undefined })
  const orphan = policy(org, { name: 'orphan' })
  return {
    users: [alice, bob],
    applications: [app],
    groups: [admins],
    policies: [direct, viaGroup, orphan],
    rules: new Map([
      [direct.id, [rule({ organization_id: org })]],
      [viaGroup.id, [rule({ organization_id: undefined, project_ids: [uuid()], permission_set_names: ['AllProductsFullAccess', 'IAMManager'], permission_sets_scope_type: 'projects' })]],
      [orphan.id, []],
    ]),
    apiKeys: [apiKey(org, { user_id: alice.id }), apiKey(org, { user_id: undefined, application_id: app.id, expires_at: '2025-02-01T00:00:00Z' })],
    sshKeys: [sshKey(org)],
    permissionSets: [
      permissionSet({ name: 'IAMReadOnly', description: 'Read IAM' }),
      permissionSet({ name: 'IAMManager', description: 'Manage IAM' }),
      permissionSet({ name: 'AllProductsFullAccess', description: 'Everything', scope_type: 'projects' }),
    ],
    quota: [quotum()],
    jwts: [jwt({ audience_id: alice.id })],
    logs: [log(org)],
    gracePeriods: new Map([[alice.id, [gracePeriod()]]]),
    projects: [project(org, { id: org, name: 'default' }), project(org, { name: 'production' })],
  }
}

/** What the real client throws: a ScalewayApiError of this kind (a CoreError). */
export class FakeError extends ScalewayApiError {
  constructor(kind: ScalewayErrorKind, message: string = kind) {
    super({ kind, message, method: 'GET', path: '/fake' })
  }
}

type Method = keyof IamReader
export interface FakeReaderOptions {
  /** Throw this error from these methods. */
  fail?: Partial<Record<Method, Error>>
  /** Called before each call resolves: tests hold calls here (await a gate) or count them. */
  before?: (method: Method, q: unknown, opts?: ListOptions) => Promise<void> | void
  /** Reject listJwts without audience_id as the API of some versions does. */
  jwtsNeedAudience?: boolean
}

/** Serves a World; every list reports one page. */
export function fakeReader(w: World, options: FakeReaderOptions = {}): IamReader & { calls: Method[] } {
  const calls: Method[] = []
  const serve = <T>(method: Method, q: unknown, opts: ListOptions | undefined, value: () => T[]): Promise<T[]> => {
    calls.push(method)
    return (async () => {
      await options.before?.(method, q, opts)
      if (opts?.signal?.aborted) throw new FakeError('network', 'aborted')
      const err = options.fail?.[method]
      if (err) throw err
      opts?.onPage?.(1, 1)
      return structuredClone(value())
    })()
  }
  return {
    calls,
    listUsers: (q, o) => serve('listUsers', q, o, () => w.users),
    listApplications: (q, o) => serve('listApplications', q, o, () => w.applications),
    listGroups: (q, o) => serve('listGroups', q, o, () => w.groups),
    listPolicies: (q, o) => serve('listPolicies', q, o, () => w.policies),
    listRules: (q, o) => serve('listRules', q, o, () => w.rules.get(q.policy_id) ?? []),
    listApiKeys: (q, o) => serve('listApiKeys', q, o, () => w.apiKeys),
    listSshKeys: (q, o) => serve('listSshKeys', q, o, () => w.sshKeys),
    listPermissionSets: (q, o) => serve('listPermissionSets', q, o, () => w.permissionSets),
    listQuota: (q, o) => serve('listQuota', q, o, () => w.quota),
    listJwts: (q, o) => {
      if (options.jwtsNeedAudience && !q.audience_id) {
        calls.push('listJwts')
        return Promise.reject(new FakeError('invalid_arguments', 'audience_id is required'))
      }
      return serve('listJwts', q, o, () => w.jwts.filter((j) => !q.audience_id || j.audience_id === q.audience_id))
    },
    listLogs: (q, o) => serve('listLogs', q, o, () => w.logs),
    listGracePeriods: (q, o) => serve('listGracePeriods', q, o, () => w.gracePeriods.get(q.user_id ?? '') ?? []),
    listProjects: (q, o) => serve('listProjects', q, o, () => w.projects),
  }
}

/** Every row of every table, for "exactly as before" comparisons. */
export function dumpTables(db: import('better-sqlite3').Database, except: string[] = []): Record<string, unknown[]> {
  const tables = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all()
    .map((t) => t.name)
    .filter((t) => !except.includes(t))
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]))
}

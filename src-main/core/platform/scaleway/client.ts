// The typed Scaleway IAM v1alpha1 client: one method per endpoint of
// docs/scaleway-iam-api.md §6.0, plus getOrganization (§8). Reads are validated with the
// zod schemas of schemas.ts; a 2xx answer that does not match becomes `bad_response`.
//
// Lists fetch every page: page 1 with page_size=100, then pages 2..n concurrently once
// total_count is known (the host limiter bounds how many are in flight). A list is refused
// (`bad_response`) when page 1 announces more than MAX_LIST_OBJECTS objects or more than
// MAX_LIST_PAGES pages, or when its pages together pass MAX_LIST_BYTES: with the 32 MiB cap
// on one body (http.ts), a hostile or broken API host cannot make a list exhaust memory.
//
// Creates (POST) are never re-sent blindly. When a create's outcome is unknown (timeout or
// dropped connection after the request may have reached Scaleway) the client lists the kind and
// looks for the object by what identifies it (a group's unique name, a user's e-mail, an SSH
// key's public key, a name/description created after the request started); found → returned,
// not found → the create is sent once more. POST /api-keys is special: a list never returns a
// secret, so a key found that way is useless to the caller and dangerous to leave behind: the
// client raises `unknown_outcome` naming its access key so the user can delete it.
import { KINDS } from '../../../../domain/kinds'
import { setMaxListeners } from 'node:events'
import { z } from 'zod'
import { ScalewayApiError, describeIssues } from './errors'
import { ACCOUNT_API_PREFIX, API_PREFIX, HttpTransport, formatBytes, type CallOptions, type HttpOptions, type Query } from './http'
import { HostLimiter } from './limiter'
import { Organization } from './organization'
import type * as Req from './requests'
import {
  ApiKey,
  Application,
  Group,
  Jwt,
  ListApiKeys,
  ListApplications,
  ListGracePeriods,
  ListGroups,
  ListJwts,
  ListLogs,
  ListPermissionSets,
  ListPolicies,
  ListProjects,
  ListQuota,
  ListRules,
  ListSshKeys,
  ListUsers,
  Log,
  Policy,
  Quotum,
  SetRulesResponse,
  SshKey,
  User,
  type GracePeriod,
  type PermissionSet,
  type Project,
  type Rule,
  type RuleSpecs,
} from '../../../../domain/schemas'
import { Secret } from './secret'

export type { RequestInfo } from './http'

/** The HTTP layer's options (http.ts), plus the cap on one list's pages together. */
export interface ScalewayClientOptions extends HttpOptions {
  /** Largest sum of one list's pages (MAX_LIST_BYTES by default; tests lower it). */
  maxListBytes?: number
}

export interface ListOptions {
  signal?: AbortSignal
  onPage?: (pagesDone: number, pagesTotal: number) => void
}
export interface CallOpts {
  signal?: AbortSignal
}

/** A freshly created API key: its secret, shown once, as a Secret (never a plain string). */
export type ApiKeyWithSecret = Omit<ApiKey, 'secret_key'> & { secret: Secret }

const PAGE_SIZE = 100
/**
 * The most objects one list may announce (total_count): far above what an organization's IAM
 * holds, even its audit logs; a bigger count is a broken or hostile answer, not data to page
 * through (10,000 requests, up to a GiB of text).
 */
export const MAX_LIST_OBJECTS = 1_000_000
/** The most pages one list may take: MAX_LIST_OBJECTS at 100 a page (a server that pages by fewer hits it sooner). */
export const MAX_LIST_PAGES = Math.ceil(MAX_LIST_OBJECTS / PAGE_SIZE)
/** The most response text one list may add up to, all its pages together. */
export const MAX_LIST_BYTES = 1024 * 1024 * 1024
/** Tolerated clock difference between this machine and Scaleway when matching "created after". */
const CLOCK_SKEW_MS = 5 * 60_000

type ListSchema<K extends string, T> = z.ZodType<{ [P in K]: T[] } & { total_count: number }>

/** Lists the sync may take as raw pages (their path and list field come from the kind registry). */
export type RawListKind = 'applications' | 'groups' | 'api_keys' | 'ssh_keys' | 'permission_sets' | 'quota' | 'logs'
/** Page 1 of a raw list: only its shape and counts are checked here. */
const PageCount = (field: string) => z.object({ [field]: z.array(z.unknown()), total_count: z.number().int().nonnegative() }) as unknown as z.ZodType<Record<string, unknown[]> & { total_count: number }>

export interface RawPages {
  /** Each page's body, in page order. */
  pages: string[]
  total: number
  /** The full request path, for messages about these pages. */
  path: string
}

export class ScalewayClient {
  readonly #http: HttpTransport
  readonly #now: () => number
  readonly #maxListBytes: number

  constructor(opts: ScalewayClientOptions) {
    this.#http = new HttpTransport(opts)
    this.#now = opts.now ?? Date.now
    this.#maxListBytes = opts.maxListBytes ?? MAX_LIST_BYTES
  }

  /** HTTP requests sent so far (each retry counts). */
  get requestCount(): number {
    return this.#http.requestCount
  }

  /** 429 answers received so far (each retry counts): the sync reports them. */
  get rateLimitedCount(): number {
    return this.#http.rateLimitedCount
  }

  get limiter(): HostLimiter {
    return this.#http.limiter
  }

  // ---------------------------------------------------------------- plumbing

  #parse<T>(schema: z.ZodType<T>, json: unknown, method: string, path: string, status: number): T {
    const r = schema.safeParse(json)
    if (r.success) return r.data
    const issues = describeIssues(r.error.issues)
    throw new ScalewayApiError({
      kind: 'bad_response',
      method,
      path,
      status,
      issues,
      message: `Scaleway answered ${method} ${path} with an unexpected shape (${issues.slice(0, 5).join('; ')}${issues.length > 5 ? '; …' : ''}).`,
    })
  }

  async #send<T>(method: string, path: string, schema: z.ZodType<T>, opts: CallOptions = {}): Promise<T> {
    const res = await this.#http.call(method, path, opts)
    return this.#parse(schema, res.json, method, path, res.status)
  }

  async #delete(path: string, opts: CallOpts = {}): Promise<void> {
    await this.#http.call('DELETE', path, opts.signal ? { signal: opts.signal } : {})
  }

  async #listAll<K extends string, T>(
    path: string,
    key: K,
    schema: ListSchema<K, T>,
    query: Query,
    opts: ListOptions = {},
    idOf?: (item: T) => string,
    apiPrefix?: string,
  ): Promise<T[]> {
    const pages = await this.#pages(
      path,
      async (page, signal) => {
        const res = await this.#http.call('GET', path, {
          query: { ...query, page, page_size: PAGE_SIZE },
          ...(signal ? { signal } : {}),
          ...(apiPrefix !== undefined ? { apiPrefix } : {}),
        })
        return { list: this.#parse(schema, res.json, 'GET', path, res.status), bytes: res.bytes }
      },
      (first) => ({ length: first.list[key].length, total: first.list.total_count }),
      opts,
    )
    return this.#unique(pages.flatMap((p) => p.list[key]), idOf)
  }

  /**
   * Every page of a list: page 1, then the others concurrently once its total_count is known.
   * `measure` reads page 1's item count and total. Refuses a list over the caps of the file
   * comment (MAX_LIST_OBJECTS, MAX_LIST_PAGES, MAX_LIST_BYTES).
   */
  async #pages<P extends { bytes: number }>(
    path: string,
    fetchPage: (page: number, signal: AbortSignal | undefined) => Promise<P>,
    measure: (first: P) => { length: number; total: number },
    opts: ListOptions,
  ): Promise<P[]> {
    const first = await fetchPage(1, opts.signal)
    const { length, total } = measure(first)
    // A server may cap page_size below 100: derive the page length from what page 1 held.
    const perPage = Math.max(1, Math.min(PAGE_SIZE, length))
    const pagesTotal = length === 0 ? 1 : Math.max(1, Math.ceil(total / perPage))
    const tooBig = (why: string) =>
      new ScalewayApiError({ kind: 'bad_response', method: 'GET', path, status: 200, message: `Scaleway answered GET ${path} with ${why}; IAM Desk does not read a list that large.` })
    if (total > MAX_LIST_OBJECTS) throw tooBig(`a list of ${total.toLocaleString('en')} objects (more than ${MAX_LIST_OBJECTS.toLocaleString('en')})`)
    if (pagesTotal > MAX_LIST_PAGES) throw tooBig(`a list of ${pagesTotal.toLocaleString('en')} pages (more than ${MAX_LIST_PAGES.toLocaleString('en')})`)
    let bytes = first.bytes
    let pagesDone = 1
    opts.onPage?.(pagesDone, pagesTotal)
    // Most lists of a sync are one page (a policy's rules): no extra signal for those.
    if (pagesTotal === 1) return [first]

    // The other pages' siblings are cancelled as soon as one fails or the caller aborts.
    const ctrl = new AbortController()
    const signal = opts.signal ? AbortSignal.any([opts.signal, ctrl.signal]) : ctrl.signal
    // Every page request of a long list listens to this one signal: by design, not a leak.
    setMaxListeners(0, signal)
    const rest: Promise<P>[] = []
    for (let p = 2; p <= pagesTotal; p++) {
      rest.push(
        fetchPage(p, signal).then((r) => {
          bytes += r.bytes
          if (bytes > this.#maxListBytes) throw tooBig(`more than ${formatBytes(this.#maxListBytes)} of pages`)
          pagesDone++
          opts.onPage?.(pagesDone, pagesTotal)
          return r
        }),
      )
    }
    try {
      return [first, ...(await Promise.all(rest))]
    } catch (e) {
      ctrl.abort(e)
      await Promise.allSettled(rest)
      throw e
    }
  }

  /**
   * Every page of a list as the JSON text Scaleway sent, not parsed nor validated here: the
   * sync hands such pages to the commit worker, which parses, validates and stores them off
   * the main thread (cache/raw-pages.ts). Only page 1 is read, for its total_count.
   */
  async listPagesRaw(kind: RawListKind, query: Query, opts: ListOptions = {}): Promise<RawPages> {
    const { path, field } = KINDS[kind].list
    let total = 0
    const pages = await this.#pages(
      path,
      (page, signal) => this.#http.call('GET', path, { query: { ...query, page, page_size: PAGE_SIZE }, parse: page === 1, ...(signal ? { signal } : {}) }),
      (first) => {
        const counts = this.#parse(PageCount(field), first.json, 'GET', path, first.status)
        total = counts.total_count
        return { length: counts[field]?.length ?? 0, total }
      },
      opts,
    )
    return { pages: pages.map((p) => p.text), total, path: API_PREFIX + path }
  }

  /**
   * Objects created or deleted while the pages were fetched shift the pages: an item can come
   * twice. Keep the first so callers can key by id.
   */
  #unique<T>(all: T[], idOf: ((item: T) => string) | undefined): T[] {
    if (!idOf) return all
    const seen = new Set<string>()
    return all.filter((x) => {
      const id = idOf(x)
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
  }

  #createdSince(createdAt: string | null, startedAt: number): boolean {
    return createdAt === null || Date.parse(createdAt) >= startedAt - CLOCK_SKEW_MS
  }

  /**
   * POST a create; when its outcome is unknown, reconcile by listing (`find`) and re-send at most
   * once. See the file comment.
   */
  async #create<T>(
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    what: string,
    find: (startedAt: number) => Promise<T | undefined>,
    opts: CallOpts & { secrets?: Secret[] } = {},
  ): Promise<T> {
    const send = (): Promise<T> =>
      this.#send('POST', path, schema, { body, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.secrets ? { secrets: opts.secrets } : {}) })
    const startedAt = this.#now()
    try {
      return await send()
    } catch (e) {
      if (!(e instanceof ScalewayApiError && e.mayHaveBeenApplied)) throw e
    }
    const found = await find(startedAt)
    if (found !== undefined) return found
    try {
      return await send()
    } catch (e) {
      if (!(e instanceof ScalewayApiError && e.mayHaveBeenApplied)) throw e
      throw new ScalewayApiError({
        kind: 'unknown_outcome',
        method: 'POST',
        path,
        ...(e.code !== undefined ? { code: e.code } : {}),
        message: `Creating the ${what} twice got no answer from Scaleway; it may or may not exist. Refresh before trying again.`,
      })
    }
  }

  #action<T>(path: string, schema: z.ZodType<T>, body: unknown, opts: CallOpts, retry: 'idempotent' | 'never' = 'never', secrets?: Secret[]): Promise<T> {
    return this.#send('POST', path, schema, {
      body,
      retry,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(secrets ? { secrets } : {}),
    })
  }

  #opt(opts: CallOpts): CallOptions {
    return opts.signal ? { signal: opts.signal } : {}
  }

  // ---------------------------------------------------------------- organizations (§8)

  async getOrganization(id: string, opts: CallOpts = {}): Promise<Organization> {
    return this.#send('GET', `/organizations/${seg(id, 'organization_id')}`, Organization, this.#opt(opts))
  }

  // ---------------------------------------------------------------- projects (Account API v3)

  /**
   * `GET /account/v3/projects`: the organization's projects, so ids read as names. A credential
   * without a project permission set (ProjectReadOnly, ProjectManager…) gets 403
   * permissions_denied: the sync then skips projects and the app shows ids.
   */
  async listProjects(query: Req.ListProjectsQuery = {}, opts?: ListOptions): Promise<Project[]> {
    return this.#listAll('/projects', 'projects', ListProjects, { ...query }, opts, (p) => p.id, ACCOUNT_API_PREFIX)
  }

  // ---------------------------------------------------------------- SSH keys (§6.1)

  async listSshKeys(query: Req.ListSshKeysQuery = {}, opts?: ListOptions): Promise<SshKey[]> {
    return this.#listAll('/ssh-keys', 'ssh_keys', ListSshKeys, { ...query }, opts, (k) => k.id)
  }
  async getSshKey(id: string, opts: CallOpts = {}): Promise<SshKey> {
    return this.#send('GET', `/ssh-keys/${seg(id, 'ssh_key_id')}`, SshKey, this.#opt(opts))
  }
  async createSshKey(body: Req.CreateSshKeyBody, opts: CallOpts = {}): Promise<SshKey> {
    // Scaleway stores the key as sent; compare type + base64 blob so a comment difference is moot.
    const blob = (k: string): string => k.trim().split(/\s+/).slice(0, 2).join(' ')
    return this.#create('/ssh-keys', body, SshKey, 'SSH key', async () => {
      const keys = await this.listSshKeys({ project_id: body.project_id }, opts)
      return keys.find((k) => blob(k.public_key) === blob(body.public_key))
    }, opts)
  }
  async updateSshKey(id: string, body: Req.UpdateSshKeyBody, opts: CallOpts = {}): Promise<SshKey> {
    return this.#send('PATCH', `/ssh-keys/${seg(id, 'ssh_key_id')}`, SshKey, { body, ...this.#opt(opts) })
  }
  async deleteSshKey(id: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/ssh-keys/${seg(id, 'ssh_key_id')}`, opts)
  }

  // ---------------------------------------------------------------- groups (§6.2)

  async listGroups(query: Req.ListGroupsQuery = {}, opts?: ListOptions): Promise<Group[]> {
    return this.#listAll('/groups', 'groups', ListGroups, { ...query }, opts, (g) => g.id)
  }
  async getGroup(id: string, opts: CallOpts = {}): Promise<Group> {
    return this.#send('GET', `/groups/${seg(id, 'group_id')}`, Group, this.#opt(opts))
  }
  async createGroup(body: Req.CreateGroupBody, opts: CallOpts = {}): Promise<Group> {
    // Group names are unique within an organization (§6.2): the name identifies it.
    return this.#create('/groups', body, Group, `group "${body.name}"`, async () => {
      const groups = await this.listGroups({ organization_id: body.organization_id, name: body.name }, opts)
      return groups.find((g) => g.name === body.name)
    }, opts)
  }
  async updateGroup(id: string, body: Req.UpdateGroupBody, opts: CallOpts = {}): Promise<Group> {
    return this.#send('PATCH', `/groups/${seg(id, 'group_id')}`, Group, { body, ...this.#opt(opts) })
  }
  async deleteGroup(id: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/groups/${seg(id, 'group_id')}`, opts)
  }
  /** Not retried: adding an existing member again may be refused, so a lost answer is surfaced. */
  async addGroupMember(id: string, body: Req.GroupMemberBody, opts: CallOpts = {}): Promise<Group> {
    return this.#action(`/groups/${seg(id, 'group_id')}/add-member`, Group, body, opts)
  }
  /** Retried like an idempotent request: it is a set union ("existing members remain", §6.2). */
  async addGroupMembers(id: string, body: Req.GroupMembersBody, opts: CallOpts = {}): Promise<Group> {
    return this.#action(`/groups/${seg(id, 'group_id')}/add-members`, Group, body, opts, 'idempotent')
  }
  async setGroupMembers(id: string, body: Req.SetGroupMembersBody, opts: CallOpts = {}): Promise<Group> {
    return this.#send('PUT', `/groups/${seg(id, 'group_id')}/members`, Group, { body, ...this.#opt(opts) })
  }
  /** Not retried: a second remove of the same member answers 404 (§6.2). */
  async removeGroupMember(id: string, body: Req.GroupMemberBody, opts: CallOpts = {}): Promise<Group> {
    return this.#action(`/groups/${seg(id, 'group_id')}/remove-member`, Group, body, opts)
  }

  // ---------------------------------------------------------------- API keys (§6.3)

  async listApiKeys(query: Req.ListApiKeysQuery = {}, opts?: ListOptions): Promise<ApiKey[]> {
    return this.#listAll('/api-keys', 'api_keys', ListApiKeys, { ...query }, opts, (k) => k.access_key)
  }
  async getApiKey(accessKey: string, opts: CallOpts = {}): Promise<ApiKey> {
    return this.#send('GET', `/api-keys/${seg(accessKey, 'access_key')}`, ApiKey, this.#opt(opts))
  }
  async createApiKey(body: Req.CreateApiKeyBody, opts: CallOpts = {}): Promise<ApiKeyWithSecret> {
    const bearerId = body.application_id ?? body.user_id
    const created = await this.#create('/api-keys', body, ApiKey, 'API key', async (startedAt) => {
      const keys = await this.listApiKeys(
        { bearer_id: bearerId, bearer_type: body.application_id ? 'application' : 'user', description: body.description },
        opts,
      )
      const orphan = keys
        .filter((k) => k.description === body.description && this.#createdSince(k.created_at, startedAt))
        .at(-1)
      if (!orphan) return undefined
      // A list never returns secret_key: the key exists but nobody can ever use it.
      throw new ScalewayApiError({
        kind: 'unknown_outcome',
        method: 'POST',
        path: '/api-keys',
        accessKey: orphan.access_key,
        message: `An API key (${orphan.access_key}) was created but its secret was lost when the connection dropped. Delete that key and create a new one.`,
      })
    }, opts)
    const { secret_key, ...rest } = created
    if (typeof secret_key !== 'string') {
      throw new ScalewayApiError({
        kind: 'bad_response',
        method: 'POST',
        path: '/api-keys',
        status: 200,
        issues: ['secret_key: missing'],
        accessKey: created.access_key,
        message: `Scaleway created the API key ${created.access_key} without returning its secret. Delete that key and create a new one.`,
      })
    }
    return { ...rest, secret: new Secret(secret_key) }
  }
  async updateApiKey(accessKey: string, body: Req.UpdateApiKeyBody, opts: CallOpts = {}): Promise<ApiKey> {
    return this.#send('PATCH', `/api-keys/${seg(accessKey, 'access_key')}`, ApiKey, { body, ...this.#opt(opts) })
  }
  async deleteApiKey(accessKey: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/api-keys/${seg(accessKey, 'access_key')}`, opts)
  }

  // ---------------------------------------------------------------- grace periods (§6.4)

  /** Not paginated: one request. */
  async listGracePeriods(query: Req.ListGracePeriodsQuery = {}, opts: CallOpts = {}): Promise<GracePeriod[]> {
    const r = await this.#send('GET', '/grace-periods', ListGracePeriods, { query: { ...query }, ...this.#opt(opts) })
    return r.grace_periods
  }

  // ---------------------------------------------------------------- users (§6.5)

  async listUsers(query: Req.ListUsersQuery = {}, opts?: ListOptions): Promise<User[]> {
    return this.#listAll('/users', 'users', ListUsers, { ...query }, opts, (u) => u.id)
  }
  async getUser(id: string, opts: CallOpts = {}): Promise<User> {
    return this.#send('GET', `/users/${seg(id, 'user_id')}`, User, this.#opt(opts))
  }
  async createUser(body: Req.CreateUserBody, opts: CallOpts = {}): Promise<User> {
    // An e-mail address is one user in an organization.
    const email = (body.member?.email ?? body.email ?? '').toLowerCase()
    const password = body.member?.password ? [new Secret(body.member.password)] : undefined
    return this.#create('/users', body, User, 'user', async () => {
      const users = await this.listUsers({ organization_id: body.organization_id }, opts)
      return users.find((u) => u.email.toLowerCase() === email)
    }, { ...opts, ...(password ? { secrets: password } : {}) })
  }
  async updateUser(id: string, body: Req.UpdateUserBody, opts: CallOpts = {}): Promise<User> {
    return this.#send('PATCH', `/users/${seg(id, 'user_id')}`, User, { body, ...this.#opt(opts) })
  }
  async deleteUser(id: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/users/${seg(id, 'user_id')}`, opts)
  }
  /** Retried: locking a locked user leaves it locked. */
  async lockUser(id: string, opts: CallOpts = {}): Promise<User> {
    return this.#action(`/users/${seg(id, 'user_id')}/lock`, User, {}, opts, 'idempotent')
  }
  async unlockUser(id: string, opts: CallOpts = {}): Promise<User> {
    return this.#action(`/users/${seg(id, 'user_id')}/unlock`, User, {}, opts, 'idempotent')
  }
  /** Retried: setting the same password twice ends in the same state. */
  async updateUserPassword(id: string, password: Secret, opts: CallOpts = {}): Promise<User> {
    return this.#action(`/users/${seg(id, 'user_id')}/update-password`, User, { password: password.reveal() }, opts, 'idempotent', [password])
  }

  // ---------------------------------------------------------------- applications (§6.6)

  async listApplications(query: Req.ListApplicationsQuery = {}, opts?: ListOptions): Promise<Application[]> {
    return this.#listAll('/applications', 'applications', ListApplications, { ...query }, opts, (a) => a.id)
  }
  async getApplication(id: string, opts: CallOpts = {}): Promise<Application> {
    return this.#send('GET', `/applications/${seg(id, 'application_id')}`, Application, this.#opt(opts))
  }
  async createApplication(body: Req.CreateApplicationBody, opts: CallOpts = {}): Promise<Application> {
    // Application names need not be unique: match name + description, created after we asked.
    return this.#create('/applications', body, Application, `application "${body.name}"`, async (startedAt) => {
      const apps = await this.listApplications({ organization_id: body.organization_id, name: body.name }, opts)
      return apps
        .filter((a) => a.name === body.name && a.description === body.description && this.#createdSince(a.created_at, startedAt))
        .at(-1)
    }, opts)
  }
  async updateApplication(id: string, body: Req.UpdateApplicationBody, opts: CallOpts = {}): Promise<Application> {
    return this.#send('PATCH', `/applications/${seg(id, 'application_id')}`, Application, { body, ...this.#opt(opts) })
  }
  async deleteApplication(id: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/applications/${seg(id, 'application_id')}`, opts)
  }

  // ---------------------------------------------------------------- policies (§6.7)

  async listPolicies(query: Req.ListPoliciesQuery = {}, opts?: ListOptions): Promise<Policy[]> {
    return this.#listAll('/policies', 'policies', ListPolicies, { ...query }, opts, (p) => p.id)
  }
  async getPolicy(id: string, opts: CallOpts = {}): Promise<Policy> {
    return this.#send('GET', `/policies/${seg(id, 'policy_id')}`, Policy, this.#opt(opts))
  }
  /** Note: Scaleway answers nb_rules/nb_scopes/nb_permission_sets = 0 here (§6.7); GET for counts. */
  async createPolicy(body: Req.CreatePolicyBody, opts: CallOpts = {}): Promise<Policy> {
    return this.#create('/policies', body, Policy, `policy "${body.name}"`, (startedAt) =>
      this.#findNewPolicy(body.organization_id, body.name, startedAt, opts),
    opts)
  }
  async updatePolicy(id: string, body: Req.UpdatePolicyBody, opts: CallOpts = {}): Promise<Policy> {
    return this.#send('PATCH', `/policies/${seg(id, 'policy_id')}`, Policy, { body, ...this.#opt(opts) })
  }
  async deletePolicy(id: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/policies/${seg(id, 'policy_id')}`, opts)
  }
  /** The copy is named "Copy of <name>", has no principal and no tags (§6.7). */
  async clonePolicy(id: string, opts: CallOpts = {}): Promise<Policy> {
    return this.#create(`/policies/${seg(id, 'policy_id')}/clone`, {}, Policy, 'policy copy', async (startedAt) => {
      const source = await this.getPolicy(id, opts)
      return this.#findNewPolicy(source.organization_id, `Copy of ${source.name}`, startedAt, opts)
    }, opts)
  }
  async #findNewPolicy(organizationId: string, name: string, startedAt: number, opts: CallOpts): Promise<Policy | undefined> {
    const policies = await this.listPolicies({ organization_id: organizationId, policy_name: name }, opts)
    return policies.filter((p) => p.name === name && this.#createdSince(p.created_at, startedAt)).at(-1)
  }

  // ---------------------------------------------------------------- rules (§6.8)

  async listRules(query: Req.ListRulesQuery, opts?: ListOptions): Promise<Rule[]> {
    return this.#listAll('/rules', 'rules', ListRules, { ...query }, opts, (r) => r.id)
  }
  /** Replaces every rule of the policy (fresh ids). A PUT: safe to retry. */
  async setRules(policyId: string, rules: RuleSpecs[], opts: CallOpts = {}): Promise<Rule[]> {
    const r = await this.#send('PUT', '/rules', SetRulesResponse, { body: { policy_id: policyId, rules }, ...this.#opt(opts) })
    return r.rules
  }

  // ---------------------------------------------------------------- permission sets, quota (§6.9-10)

  async listPermissionSets(query: Req.ListPermissionSetsQuery, opts?: ListOptions): Promise<PermissionSet[]> {
    return this.#listAll('/permission-sets', 'permission_sets', ListPermissionSets, { ...query }, opts, (p) => p.id)
  }
  async listQuota(query: Req.ListQuotaQuery, opts?: ListOptions): Promise<Quotum[]> {
    return this.#listAll('/quota', 'quota', ListQuota, { ...query }, opts, (q) => q.name)
  }
  async getQuotum(name: string, organizationId: string, opts: CallOpts = {}): Promise<Quotum> {
    return this.#send('GET', `/quota/${seg(name, 'quotum_name')}`, Quotum, { query: { organization_id: organizationId }, ...this.#opt(opts) })
  }

  // ---------------------------------------------------------------- JWTs, logs (§6.11-12)

  async listJwts(query: Req.ListJwtsQuery, opts?: ListOptions): Promise<Jwt[]> {
    return this.#listAll('/jwts', 'jwts', ListJwts, { ...query }, opts, (j) => j.jti)
  }
  async getJwt(jti: string, opts: CallOpts = {}): Promise<Jwt> {
    return this.#send('GET', `/jwts/${seg(jti, 'jti')}`, Jwt, this.#opt(opts))
  }
  async deleteJwt(jti: string, opts: CallOpts = {}): Promise<void> {
    return this.#delete(`/jwts/${seg(jti, 'jti')}`, opts)
  }
  async listLogs(query: Req.ListLogsQuery = {}, opts?: ListOptions): Promise<Log[]> {
    return this.#listAll('/logs', 'logs', ListLogs, { ...query }, opts, (l) => l.id)
  }
  async getLog(id: string, opts: CallOpts = {}): Promise<Log> {
    return this.#send('GET', `/logs/${seg(id, 'log_id')}`, Log, this.#opt(opts))
  }
}

/** A path segment: non-empty (an empty id would silently hit the list endpoint) and escaped. */
function seg(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ScalewayApiError({
      kind: 'invalid_arguments',
      method: '',
      path: '',
      details: [{ argument_name: name, reason: 'required', help_message: 'must not be empty' }],
      message: `Missing ${name.replace(/_/g, ' ')}.`,
    })
  }
  return encodeURIComponent(value)
}

import type { RawListKind, RawPages } from '../../platform/scaleway/client'
import type {
  ApiKey,
  Application,
  GracePeriod,
  Group,
  Jwt,
  Log,
  PermissionSet,
  Policy,
  Project,
  Quotum,
  Rule,
  SshKey,
  User,
} from '../../../../domain/schemas'

export interface ListOptions {
  signal?: AbortSignal
  /** Called as pages arrive; the first call tells the total once `total_count` is known. */
  onPage?: (pagesDone: number, pagesTotal: number) => void
}

export interface OrgQuery {
  organization_id?: string
}

/** Audit logs can be asked for from a point in time (RFC 3339): an incremental sync's new ones. */
export interface LogsQuery extends OrgQuery {
  created_after?: string
}

/**
 * The read side of the Scaleway client the sync needs. Declared here so the sync does not
 * depend on the client's module; `ScalewayClient` satisfies it structurally. Each call
 * returns every page, and failures are errors with a string `kind` ('permissions_denied',
 * 'invalid_arguments', 'network', 'rate_limited', ...).
 */
export interface IamReader {
  listUsers(q: OrgQuery, opts?: ListOptions): Promise<User[]>
  listApplications(q: OrgQuery, opts?: ListOptions): Promise<Application[]>
  listGroups(q: OrgQuery, opts?: ListOptions): Promise<Group[]>
  listPolicies(q: OrgQuery, opts?: ListOptions): Promise<Policy[]>
  listRules(q: { policy_id: string }, opts?: ListOptions): Promise<Rule[]>
  listApiKeys(q: OrgQuery, opts?: ListOptions): Promise<ApiKey[]>
  listSshKeys(q: OrgQuery, opts?: ListOptions): Promise<SshKey[]>
  listPermissionSets(q: OrgQuery, opts?: ListOptions): Promise<PermissionSet[]>
  listQuota(q: OrgQuery, opts?: ListOptions): Promise<Quotum[]>
  listJwts(q: { audience_id?: string }, opts?: ListOptions): Promise<Jwt[]>
  listLogs(q: LogsQuery, opts?: ListOptions): Promise<Log[]>
  listGracePeriods(q: { user_id?: string }, opts?: ListOptions): Promise<GracePeriod[]>
  /** Account API v3: the organization's projects (403 permissions_denied without a project permission). */
  listProjects(q: OrgQuery, opts?: ListOptions): Promise<Project[]>
  /** Optional: 429 answers received so far (the client counts them), reported per sync. */
  readonly rateLimitedCount?: number
  /** Optional: a list's pages as raw text, for a committer that parses them itself (`staging.stagePages`). */
  listPagesRaw?(kind: RawListKind, q: LogsQuery, opts?: ListOptions): Promise<RawPages>
}

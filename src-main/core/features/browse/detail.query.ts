import type { Database } from 'better-sqlite3'
import {
  ApiKey,
  Application,
  Group,
  Jwt,
  PermissionSet,
  Policy,
  Rule,
  User,
} from '../../../../domain/schemas'
import { StoredGracePeriod, apiKeyBearer, epochMs, policyPrincipal, type PrincipalKind } from '../../platform/cache/kinds'
import type { AppliedPolicy, GroupMember, PermissionSetRelations, ResolvedPrincipal, RuleDetail, RuleScope } from '../../../../src-preload/contract'
import { parseStored } from '../../platform/cache/stored-json'

export type MemberType = GroupMember['type']
export type { AppliedPolicy, GroupMember, ResolvedPrincipal, RuleDetail, RuleScope }

export interface UserDetail {
  organizationId: string
  organizationName: string
  user: User
  groups: Group[]
  policies: AppliedPolicy[]
  apiKeys: ApiKey[]
  jwts: Jwt[]
  gracePeriods: StoredGracePeriod[]
}

export interface ApplicationDetail {
  organizationId: string
  organizationName: string
  application: Application
  groups: Group[]
  policies: AppliedPolicy[]
  apiKeys: ApiKey[]
}

export interface GroupDetail {
  organizationId: string
  organizationName: string
  group: Group
  members: GroupMember[]
  policies: Policy[]
}

export interface PolicyDetail {
  organizationId: string
  organizationName: string
  policy: Policy
  principal: ResolvedPrincipal
  rules: RuleDetail[]
}

export interface ApiKeyDetail {
  organizationId: string
  organizationName: string
  apiKey: ApiKey
  bearer: ResolvedPrincipal
  /** Relative to the cache clock at query time. */
  expired: boolean
}

type JsonRow = { json: string }

/** Detail queries with their relations, answered from the cache alone (works offline). */
export class DetailQueries {
  readonly #org
  readonly #user
  readonly #application
  readonly #group
  readonly #policy
  readonly #apiKey
  readonly #groupsOf
  readonly #directPolicies
  readonly #groupPoliciesOf
  readonly #keysOf
  readonly #jwtsOf
  readonly #graceOf
  readonly #members
  readonly #rulesOf
  readonly #permissionSet
  readonly #userName
  readonly #applicationName
  readonly #groupName
  readonly #projectName
  readonly #scopeOrgs
  readonly #grantsOf

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    const one = (table: string) => db.prepare<[string, string], JsonRow>(`SELECT json FROM ${table} WHERE organization_id = ? AND id = ?`)
    this.#org = db.prepare<[string], { name: string; default_project_id: string | null }>(
      'SELECT name, default_project_id FROM organizations WHERE id = ?',
    )
    this.#scopeOrgs = db.prepare<[{ orgs: string | null }], { id: string; name: string }>(
      // Organizations whose catalogue was never synced are left out, as the list's spread does.
      `SELECT o.id, o.name FROM organizations o
       WHERE (@orgs IS NULL OR o.id IN (SELECT value FROM json_each(@orgs))) AND EXISTS (SELECT 1 FROM permission_sets p WHERE p.organization_id = o.id)
       ORDER BY o.name COLLATE NOCASE, o.id`,
    )
    // rule_permission_sets_name (organization_id, permission_set_name, policy_id) serves each organization.
    this.#grantsOf = db.prepare<[string, string], { policy_id: string; rule_id: string }>(
      'SELECT policy_id, rule_id FROM rule_permission_sets WHERE organization_id = ? AND permission_set_name = ? ORDER BY policy_id, rule_id',
    )
    this.#projectName = db.prepare<[string, string], { name: string }>('SELECT name FROM projects WHERE organization_id = ? AND id = ?')
    this.#user = one('users')
    this.#application = one('applications')
    this.#group = one('groups')
    this.#policy = one('policies')
    this.#apiKey = one('api_keys')
    this.#groupsOf = db.prepare<[string, string, MemberType], JsonRow>(
      `SELECT g.json FROM group_members m
       JOIN groups g ON g.organization_id = m.organization_id AND g.id = m.group_id
       WHERE m.organization_id = ? AND m.member_id = ? AND m.member_type = ?
       ORDER BY g.name, g.id`,
    )
    this.#directPolicies = db.prepare<[string, string, PrincipalKind], JsonRow>(
      'SELECT json FROM policies WHERE organization_id = ? AND principal_id = ? AND principal_kind = ? ORDER BY name, id',
    )
    this.#groupPoliciesOf = db.prepare<[string, string, MemberType], { json: string; group_id: string; group_name: string }>(
      `SELECT p.json, g.id AS group_id, g.name AS group_name FROM group_members m
       JOIN groups g ON g.organization_id = m.organization_id AND g.id = m.group_id
       JOIN policies p ON p.organization_id = m.organization_id AND p.principal_kind = 'group' AND p.principal_id = m.group_id
       WHERE m.organization_id = ? AND m.member_id = ? AND m.member_type = ?
       ORDER BY p.name, p.id, g.name`,
    )
    this.#keysOf = db.prepare<[string, string, MemberType], JsonRow>(
      'SELECT json FROM api_keys WHERE organization_id = ? AND bearer_id = ? AND bearer_type = ? ORDER BY created_at_ms, id',
    )
    this.#jwtsOf = db.prepare<[string, string], JsonRow>(
      'SELECT json FROM jwts WHERE organization_id = ? AND audience_id = ? ORDER BY created_at_ms, id',
    )
    this.#graceOf = db.prepare<[string, string], JsonRow>('SELECT json FROM grace_periods WHERE organization_id = ? AND user_id = ? ORDER BY id')
    this.#members = db.prepare<
      [string, string],
      { member_type: MemberType; member_id: string; user_name: string | null; email: string | null; app_name: string | null }
    >(
      `SELECT m.member_type, m.member_id, u.display_name AS user_name, u.email, a.name AS app_name
       FROM group_members m
       LEFT JOIN users u ON m.member_type = 'user' AND u.organization_id = m.organization_id AND u.id = m.member_id
       LEFT JOIN applications a ON m.member_type = 'application' AND a.organization_id = m.organization_id AND a.id = m.member_id
       WHERE m.organization_id = ? AND m.group_id = ?
       ORDER BY m.member_type DESC, coalesce(u.email, a.name, m.member_id) COLLATE NOCASE`,
    )
    this.#rulesOf = db.prepare<[string, string], { json: string; position: number }>(
      'SELECT json, position FROM rules WHERE organization_id = ? AND policy_id = ? ORDER BY position',
    )
    this.#permissionSet = db.prepare<[string, string], JsonRow>(
      'SELECT json FROM permission_sets WHERE organization_id = ? AND name = ? LIMIT 1',
    )
    this.#userName = db.prepare<[string, string], { name: string; email: string }>(
      'SELECT display_name AS name, email FROM users WHERE organization_id = ? AND id = ?',
    )
    this.#applicationName = db.prepare<[string, string], { name: string }>('SELECT name FROM applications WHERE organization_id = ? AND id = ?')
    this.#groupName = db.prepare<[string, string], { name: string }>('SELECT name FROM groups WHERE organization_id = ? AND id = ?')
  }

  #orgName(orgId: string): string {
    return this.#org.get(orgId)?.name ?? orgId
  }

  #appliedPolicies(orgId: string, id: string, type: MemberType): AppliedPolicy[] {
    const direct = this.#directPolicies
      .all(orgId, id, type)
      .map((r): AppliedPolicy => ({ policy: Policy.parse(parseStored(r.json)), via: { kind: 'direct' } }))
    const viaGroups = this.#groupPoliciesOf.all(orgId, id, type).map(
      (r): AppliedPolicy => ({
        policy: Policy.parse(parseStored(r.json)),
        via: { kind: 'group', groupId: r.group_id, groupName: r.group_name },
      }),
    )
    return [...direct, ...viaGroups]
  }

  #resolve(orgId: string, kind: PrincipalKind, id: string | null): ResolvedPrincipal {
    if (id === null || kind === 'none') return { kind, id, name: null, email: null }
    switch (kind) {
      case 'user': {
        const u = this.#userName.get(orgId, id)
        return { kind, id, name: u?.name ?? null, email: u?.email ?? null }
      }
      case 'application':
        return { kind, id, name: this.#applicationName.get(orgId, id)?.name ?? null, email: null }
      case 'group':
        return { kind, id, name: this.#groupName.get(orgId, id)?.name ?? null, email: null }
      default:
        throw new Error(`unreachable principal kind ${String(kind satisfies never)}`)
    }
  }

  userDetail(orgId: string, userId: string): UserDetail | undefined {
    const row = this.#user.get(orgId, userId)
    if (!row) return undefined
    return {
      organizationId: orgId,
      organizationName: this.#orgName(orgId),
      user: User.parse(parseStored(row.json)),
      groups: this.#groupsOf.all(orgId, userId, 'user').map((r) => Group.parse(parseStored(r.json))),
      policies: this.#appliedPolicies(orgId, userId, 'user'),
      apiKeys: this.#keysOf.all(orgId, userId, 'user').map((r) => ApiKey.parse(parseStored(r.json))),
      jwts: this.#jwtsOf.all(orgId, userId).map((r) => Jwt.parse(parseStored(r.json))),
      gracePeriods: this.#graceOf.all(orgId, userId).map((r) => StoredGracePeriod.parse(parseStored(r.json))),
    }
  }

  applicationDetail(orgId: string, applicationId: string): ApplicationDetail | undefined {
    const row = this.#application.get(orgId, applicationId)
    if (!row) return undefined
    return {
      organizationId: orgId,
      organizationName: this.#orgName(orgId),
      application: Application.parse(parseStored(row.json)),
      groups: this.#groupsOf.all(orgId, applicationId, 'application').map((r) => Group.parse(parseStored(r.json))),
      policies: this.#appliedPolicies(orgId, applicationId, 'application'),
      apiKeys: this.#keysOf.all(orgId, applicationId, 'application').map((r) => ApiKey.parse(parseStored(r.json))),
    }
  }

  groupDetail(orgId: string, groupId: string): GroupDetail | undefined {
    const row = this.#group.get(orgId, groupId)
    if (!row) return undefined
    return {
      organizationId: orgId,
      organizationName: this.#orgName(orgId),
      group: Group.parse(parseStored(row.json)),
      members: this.#members.all(orgId, groupId).map((m) => ({
        type: m.member_type,
        id: m.member_id,
        name: m.member_type === 'user' ? m.user_name : m.app_name,
        email: m.member_type === 'user' ? m.email : null,
      })),
      policies: this.#directPolicies.all(orgId, groupId, 'group').map((r) => Policy.parse(parseStored(r.json))),
    }
  }

  policyDetail(orgId: string, policyId: string): PolicyDetail | undefined {
    const row = this.#policy.get(orgId, policyId)
    if (!row) return undefined
    const policy = Policy.parse(parseStored(row.json))
    const principal = policyPrincipal(policy)
    const org = this.#org.get(orgId)
    const rules = this.#rulesOf.all(orgId, policyId).map((r): RuleDetail => {
      const rule = Rule.parse(parseStored(r.json))
      const permissionSets = (rule.permission_set_names ?? []).map((name) => {
        const ps = this.#permissionSet.get(orgId, name)
        const parsed = ps ? PermissionSet.parse(parseStored(ps.json)) : undefined
        return { name, description: parsed?.description ?? null, scopeType: parsed?.scope_type ?? null }
      })
      return { rule, position: r.position, permissionSets, scope: this.#scope(orgId, rule, org, permissionSets) }
    })
    return { organizationId: orgId, organizationName: org?.name ?? orgId, policy, principal: this.#resolve(orgId, principal.kind, principal.id), rules }
  }

  /**
   * A permission set (by name) across the organizations given (all when none): each one's copy
   * of it, and every rule granting it, with its policy, principal and scope as the policy's
   * detail shows them.
   */
  permissionSetRelations(name: string, organizationIds: readonly string[] | undefined): PermissionSetRelations {
    const orgs = this.#scopeOrgs.all({ orgs: organizationIds?.length ? JSON.stringify(organizationIds) : null })
    const organizations: PermissionSetRelations['organizations'] = []
    const grants: PermissionSetRelations['grants'] = []
    for (const o of orgs) {
      const row = this.#permissionSet.get(o.id, name)
      const copy = row ? PermissionSet.parse(parseStored(row.json)) : undefined
      organizations.push({ organizationId: o.id, organizationName: o.name, scopeType: copy?.scope_type ?? null, description: copy?.description ?? null })
      const byPolicy = new Map<string, string[]>()
      for (const g of this.#grantsOf.all(o.id, name)) byPolicy.set(g.policy_id, [...(byPolicy.get(g.policy_id) ?? []), g.rule_id])
      for (const [policyId, ruleIds] of byPolicy) {
        const p = this.policyDetail(o.id, policyId)
        if (!p) continue
        for (const r of p.rules) {
          if (!ruleIds.includes(r.rule.id)) continue
          grants.push({ organizationId: o.id, organizationName: o.name, policy: p.policy, principal: p.principal, scope: r.scope })
        }
      }
    }
    grants.sort((a, b) => a.policy.name.localeCompare(b.policy.name) || a.organizationName.localeCompare(b.organizationName))
    return { organizations, grants }
  }

  #scope(orgId: string, rule: Rule, org: { name: string; default_project_id: string | null } | undefined, sets: ReadonlyArray<{ scopeType: string | null }>): RuleScope {
    if (rule.organization_id !== undefined) {
      // The name is only known for organizations the user added to IAM Desk.
      const known = this.#org.get(rule.organization_id)
      // Projects-scoped sets (AllProductsReadOnly…) given to a whole organization mean every
      // project of it (§10.5). The catalogue says which sets those are; the rule's own
      // permission_sets_scope_type stands in for sets the cache does not know.
      const types = sets.map((s) => s.scopeType ?? rule.permission_sets_scope_type)
      const allProjects = types.length > 0 ? types.every((t) => t === 'projects') : rule.permission_sets_scope_type === 'projects'
      return { type: 'organization', organizationId: rule.organization_id, name: known?.name ?? null, allProjects }
    }
    if (rule.project_ids !== undefined) {
      // Names from the synced projects (Account API); null when the credential may not list them.
      return {
        type: 'projects',
        projects: rule.project_ids.map((id) => ({
          id,
          name: this.#projectName.get(orgId, id)?.name ?? null,
          isDefault: id === orgId || id === org?.default_project_id,
        })),
      }
    }
    if (rule.account_root_user_id !== undefined) return { type: 'account_root_user', accountRootUserId: rule.account_root_user_id }
    return { type: 'none' }
  }

  apiKeyDetail(orgId: string, accessKey: string): ApiKeyDetail | undefined {
    const row = this.#apiKey.get(orgId, accessKey)
    if (!row) return undefined
    const apiKey = ApiKey.parse(parseStored(row.json))
    const bearer = apiKeyBearer(apiKey)
    const expiresMs = epochMs(apiKey.expires_at)
    return {
      organizationId: orgId,
      organizationName: this.#orgName(orgId),
      apiKey,
      bearer: bearer.type === 'unknown_bearer_type' ? { kind: 'none', id: null, name: null, email: null } : this.#resolve(orgId, bearer.type, bearer.id),
      expired: expiresMs !== null && expiresMs <= this.now().getTime(),
    }
  }
}

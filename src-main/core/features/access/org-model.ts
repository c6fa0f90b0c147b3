// One organization's IAM as the access questions need it (effective access, who can, lint):
// its people and applications, its groups, its policies with their grants (domain/grants.ts,
// normalised with the organization's permission-set catalogue and project names), its API keys.
// Read from the cache only: the answers are as fresh as the last sync, and work offline.
import { grantsOfRules, type Grant } from '../../../../domain/grants'
import type { ApiKey, Application, Group, PermissionSet, Policy, Rule, User } from '../../../../domain/schemas'
import type { Cache } from '../../platform/cache/cache'
import type { PolicyReader } from '../policy-analysis/policy-reader'

export interface ModelPolicy {
  policy: Policy
  rules: Rule[]
  grants: Grant[]
}

export interface OrgModel {
  organizationId: string
  organizationName: string
  users: User[]
  applications: Application[]
  groups: Group[]
  policies: ModelPolicy[]
  apiKeys: ApiKey[]
  /** The permission-set catalogue by name. */
  catalogue: ReadonlyMap<string, PermissionSet>
}

export function loadOrgModel(cache: Cache, reader: PolicyReader, organizationId: string): OrgModel {
  const organizationName = reader.organizationName(organizationId)
  const { ctx } = reader.context(organizationId)
  const policies = cache.resources.list(organizationId, 'policies').map((policy) => {
    const rules = cache.resources.rulesOf(organizationId, policy.id)
    return { policy, rules, grants: grantsOfRules(rules, ctx) }
  })
  return {
    organizationId,
    organizationName,
    users: cache.resources.list(organizationId, 'users'),
    applications: cache.resources.list(organizationId, 'applications'),
    groups: cache.resources.list(organizationId, 'groups'),
    policies,
    apiKeys: cache.resources.list(organizationId, 'api_keys'),
    catalogue: new Map(cache.resources.list(organizationId, 'permission_sets').map((p) => [p.name, p])),
  }
}

// Effective access and "who can" (docs/policy-analysis.md, "Effective access and who can"), on
// the grant model. A policy's principal is a user, an application or a group; a group passes its
// policies' grants to its members (its users and applications, or every one of them for
// Scaleway's "all users"/"all applications" groups). So every grant a principal holds has a
// path: the policy, directly or through one group. Owners hold everything, with no path.
// Pure functions over one organization's model (org-model.ts).
import { grantKey, type Grant } from '../../../../domain/grants'
import type { OrgModel } from './org-model'

export interface Holder {
  type: 'user' | 'application'
  id: string
}

export interface GrantPath {
  policyId: string
  policyName: string
  via: { type: 'direct' } | { type: 'group'; groupId: string; groupName: string }
}

export interface Holding {
  holder: Holder
  grant: Grant
  path: GrantPath
}

/** Every (principal, grant, path) of the organization: each policy's grants given to whoever its principal reaches. */
export function holdingsOf(model: OrgModel): Holding[] {
  const groups = new Map(model.groups.map((g) => [g.id, g]))
  const out: Holding[] = []
  for (const { policy, grants } of model.policies) {
    const reach: Array<{ holder: Holder; via: GrantPath['via'] }> = []
    if (policy.user_id) reach.push({ holder: { type: 'user', id: policy.user_id }, via: { type: 'direct' } })
    else if (policy.application_id) reach.push({ holder: { type: 'application', id: policy.application_id }, via: { type: 'direct' } })
    else if (policy.group_id) {
      const g = groups.get(policy.group_id)
      if (g) {
        const via = { type: 'group' as const, groupId: g.id, groupName: g.name }
        const users = g.all_users ? model.users.map((u) => u.id) : g.user_ids
        const apps = g.all_applications ? model.applications.map((a) => a.id) : g.application_ids
        for (const id of users) reach.push({ holder: { type: 'user', id }, via })
        for (const id of apps) reach.push({ holder: { type: 'application', id }, via })
      }
    }
    for (const { holder, via } of reach) {
      for (const grant of grants) out.push({ holder, grant, path: { policyId: policy.id, policyName: policy.name, via } })
    }
  }
  return out
}

export function isOwner(model: OrgModel, holder: Holder): boolean {
  return holder.type === 'user' && model.users.some((u) => u.id === holder.id && u.type === 'owner')
}

/** Everything one user or application holds in the organization, with the path of each grant. */
export function effectiveAccess(model: OrgModel, holder: Holder): { owner: boolean; holdings: Holding[] } {
  return {
    owner: isOwner(model, holder),
    holdings: holdingsOf(model).filter((h) => h.holder.type === holder.type && h.holder.id === holder.id),
  }
}

// --- who can ----------------------------------------------------------------------------------

/** The permission sets that let a principal manage IAM (with owners, who hold everything). */
export const IAM_MANAGEMENT_SETS = ['IAMManager', 'OrganizationManager', 'AllProductsFullAccess'] as const

export type WhoCanPreset = 'manage-iam' | 'read-secrets' | 'full-access'

export interface WhoCanQuery {
  /** Exact permission set names; or a preset. */
  permissionSets?: readonly string[]
  preset?: WhoCanPreset
  /** Only grants that reach this project (by id within the organization, or by name across organizations). */
  project?: { id?: string; name?: string }
}

/**
 * Whether a grant answers the query. A set's holders include those of the broader sets that
 * contain it, as Scaleway documents them: AllProductsFullAccess contains every product's
 * `…FullAccess` set, AllProductsReadOnly every `…ReadOnly` set.
 */
export function grantMatches(grant: Grant, query: WhoCanQuery): boolean {
  const set = grant.permissionSet
  let wanted: boolean
  switch (query.preset) {
    case 'manage-iam':
      // At organization scope only: on one project these sets do not reach IAM.
      wanted = (IAM_MANAGEMENT_SETS as readonly string[]).includes(set) && grant.scope.type === 'organization'
      break
    case 'read-secrets':
      wanted = /^SecretManager/.test(set) && !/ReadOnly$/.test(set)
      wanted ||= set === 'AllProductsFullAccess'
      break
    case 'full-access':
      wanted = /FullAccess$/.test(set)
      break
    default: {
      const sets = query.permissionSets ?? []
      wanted =
        sets.includes(set) ||
        (set === 'AllProductsFullAccess' && sets.some((s) => /FullAccess$/.test(s))) ||
        (set === 'AllProductsReadOnly' && sets.some((s) => /ReadOnly$/.test(s)))
    }
  }
  if (!wanted) return false
  const p = query.project
  if (!p || (p.id === undefined && p.name === undefined)) return true
  if (grant.scope.type === 'organization') return grant.scopeType === 'projects' // "all projects of the organization"
  if (grant.scope.type !== 'project') return false
  return (p.id !== undefined && grant.scope.projectId === p.id) || (p.name !== undefined && grant.scope.projectName === p.name)
}

export interface WhoCanAnswer {
  owners: string[]
  holdings: Holding[]
}

/** Every principal of the organization holding what the query asks, with the path; and the owners. */
export function whoCan(model: OrgModel, query: WhoCanQuery): WhoCanAnswer {
  return {
    owners: model.users.filter((u) => u.type === 'owner').map((u) => u.id),
    holdings: holdingsOf(model).filter((h) => grantMatches(h.grant, query)),
  }
}

/** Holdings of the same holder and grant reached by more than one path (lint: the same grant twice). */
export function duplicateHoldings(holdings: readonly Holding[]): Holding[][] {
  const byKey = new Map<string, Holding[]>()
  for (const h of holdings) {
    const k = `${h.holder.type}:${h.holder.id}:${grantKey(h.grant)}`
    byKey.set(k, [...(byKey.get(k) ?? []), h])
  }
  return [...byKey.values()].filter((hs) => hs.length > 1)
}

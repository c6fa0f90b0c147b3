// Authentication (X-Auth-Token → API key → bearer) and authorization (the bearer's policies,
// direct and through groups). The permission → operation mapping is documented in README.md.
import type { IncomingHttpHeaders } from 'node:http'
import { deniedAuthentication, permissionsDenied } from './http/errors'
import { isUuid } from './ids'
import type { OrgState, StoredApiKey } from './store/org-state'
import type { Store } from './store/store'

export type Action = 'read' | 'write'

export interface Principal {
  org: OrgState
  apiKey: StoredApiKey
  bearerId: string
  bearerType: 'user' | 'application'
  isOwner: boolean
}

/** IAM resource names as they appear in permissions_denied details. */
export type Resource =
  | 'ssh_key' | 'group' | 'api_key' | 'user' | 'application' | 'policy' | 'rule'
  | 'permission_set' | 'quotum' | 'jwt' | 'log' | 'grace_period' | 'organization'

/** Which fine-grained IAM set family covers a resource. */
const FAMILY: Record<Resource, string> = {
  ssh_key: 'SshKeys', group: 'Groups', api_key: 'ApiKeys', user: 'Users', application: 'Applications',
  policy: 'Policies', rule: 'Policies', permission_set: 'Policies', quotum: 'Organization', jwt: 'Users',
  log: 'Logs', grace_period: 'Users', organization: 'Organization',
}

/** Sets granting everything, everywhere in the organization. */
const FULL_ACCESS = new Set(['AllProductsFullAccess', 'OrganizationManager'])
/** Sets granting read on everything. */
const READ_ALL = new Set(['AllProductsReadOnly', 'IAMReadOnly'])

/**
 * `propagationSeconds`: how long a key created through the API answers 401 in its organization
 * (the faults' keyPropagationSeconds unless the organization has its own); 0 when omitted.
 */
export function authenticate(store: Store, headers: IncomingHttpHeaders, now: Date, propagationSeconds: (org: OrgState) => number = () => 0): Principal {
  const raw = headers['x-auth-token']
  const token = Array.isArray(raw) ? raw[0] : raw
  if (token === undefined || token === '' || !isUuid(token)) throw deniedAuthentication('invalid_argument')
  const entry = store.secrets.get(token.toLowerCase()) ?? store.secrets.get(token)
  const org = entry && store.orgs.get(entry.orgId)
  const apiKey = entry && org?.apiKeys.get(entry.accessKey)
  if (!entry || !org || !apiKey) throw deniedAuthentication('not_found')
  // A new key not yet known everywhere: refused as an unknown secret would be, until its
  // organization's propagation delay has passed on the emulator's clock.
  const createdAt = store.keyCreatedAt.get(entry.accessKey)
  if (createdAt !== undefined && now.getTime() < createdAt + propagationSeconds(org) * 1000) throw deniedAuthentication('not_found')
  if (apiKey.expires_at !== null && Date.parse(apiKey.expires_at) <= now.getTime()) throw deniedAuthentication('expired')
  const bearerId = apiKey.user_id ?? apiKey.application_id ?? ''
  const bearerType = apiKey.user_id ? 'user' : 'application'
  const user = apiKey.user_id ? org.users.get(apiKey.user_id) : undefined
  return { org, apiKey, bearerId, bearerType, isOwner: user?.type === 'owner' }
}

/** Names of the permission sets granted to the bearer by organization-scoped rules. */
export function grantedSets(p: Principal): Set<string> {
  const { org } = p
  const principals = [p.bearerId, ...(org.groupsOfMember.get(p.bearerId) ?? [])]
  const names = new Set<string>()
  for (const principal of principals) {
    for (const pid of org.policiesOfPrincipal.get(principal) ?? []) {
      for (const rule of org.rules.get(pid) ?? []) {
        // IAM is organization-level: only organization-scoped rules grant IAM rights.
        if (rule.organization_id !== org.id) continue
        for (const n of rule.permission_set_names ?? []) names.add(n)
      }
    }
  }
  return names
}

export function isAllowed(p: Principal, resource: Resource, action: Action): boolean {
  if (p.isOwner) return true
  // A locked member cannot use its API keys (§6.5): it keeps authenticating but has no rights.
  if (p.bearerType === 'user' && p.org.users.get(p.bearerId)?.locked) return false
  const sets = grantedSets(p)
  for (const s of sets) if (FULL_ACCESS.has(s)) return true
  if (sets.has('IAMManager')) return true
  const family = FAMILY[resource]
  if (action === 'read') {
    for (const s of sets) if (READ_ALL.has(s)) return true
    if (sets.has(`IAM${family}ReadOnly`) || sets.has(`IAM${family}Manager`)) return true
    if (family === 'Organization' && sets.has('OrganizationReadOnly')) return true
    return false
  }
  return sets.has(`IAM${family}Manager`)
}

/**
 * Projects belong to the Account API, not IAM: IAMManager and IAMReadOnly do not cover them.
 * Reading them takes the owner, or an organization-scoped ProjectManager / ProjectReadOnly /
 * OrganizationManager / OrganizationReadOnly, or one of the all-products sets. Anyone else
 * (e.g. an application holding only IAM sets) gets 403 permissions_denied
 * {resource: "project", action: "read"}. A choice (README.md): Scaleway documents no mapping.
 */
const PROJECT_READERS = new Set(['ProjectManager', 'ProjectReadOnly', 'OrganizationManager', 'OrganizationReadOnly', 'AllProductsFullAccess', 'AllProductsReadOnly'])
export function mayReadProjects(p: Principal): boolean {
  if (p.isOwner) return true
  if (p.bearerType === 'user' && p.org.users.get(p.bearerId)?.locked) return false
  for (const s of grantedSets(p)) if (PROJECT_READERS.has(s)) return true
  return false
}

export function authorize(p: Principal, resource: Resource, action: Action): void {
  if (!isAllowed(p, resource, action)) throw permissionsDenied(resource, action)
}

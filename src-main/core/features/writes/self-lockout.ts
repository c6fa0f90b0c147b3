// The self-lockout guard: would a change remove the IAM write rights of the credential IAM Desk
// itself uses for the organization? Computed from a view of the organization's IAM state (the
// cache, plus fresh rules when the change is a PUT /rules), by simulating the change and
// comparing what grants IAM write to our bearer before and after. Pure: tested on constructed data.

/** Permission sets that include writing IAM (fine-grained IAM*Manager sets are not counted). */
export const IAM_WRITE_SETS: ReadonlySet<string> = new Set(['IAMManager', 'OrganizationManager', 'AllProductsFullAccess'])

export interface Bearer {
  type: 'user' | 'application'
  id: string
}

export interface GuardGroup {
  id: string
  name: string
  user_ids: readonly string[]
  application_ids: readonly string[]
  all_users?: boolean | undefined
  all_applications?: boolean | undefined
}
export interface GuardPolicy {
  id: string
  name: string
  user_id?: string | undefined
  group_id?: string | undefined
  application_id?: string | undefined
}
export interface GuardRule {
  permission_set_names?: readonly string[] | null | undefined
  organization_id?: string | undefined
  project_ids?: readonly string[] | undefined
}

export interface IamView {
  organizationId: string
  organizationName: string
  /** The access key IAM Desk authenticates with for this organization. */
  accessKey: string
  bearer: Bearer
  bearerLabel: string
  bearerIsOwner: boolean
  groups: readonly GuardGroup[]
  policies: readonly GuardPolicy[]
  rulesOf(policyId: string): readonly GuardRule[]
}

export type GuardPrincipal = { type: 'user' | 'group' | 'application'; id: string } | { type: 'none' }

export type ProposedChange =
  | { kind: 'deleteApiKey'; accessKey: string }
  /** An expiry set (or moved) on a key: IAM Desk's own key stops working at `expiresAt`. */
  | { kind: 'expireApiKey'; accessKey: string; expiresAt: string }
  | { kind: 'deleteUser'; id: string }
  | { kind: 'lockUser'; id: string }
  | { kind: 'deleteApplication'; id: string }
  | { kind: 'deleteGroup'; id: string }
  | { kind: 'removeGroupMember'; groupId: string; member: Bearer }
  | { kind: 'setGroupMembers'; groupId: string; userIds: readonly string[]; applicationIds: readonly string[] }
  | { kind: 'deletePolicy'; id: string }
  | { kind: 'setPolicyPrincipal'; id: string; principal: GuardPrincipal }
  | { kind: 'setRules'; policyId: string; rules: readonly GuardRule[] }

/** One way our bearer holds IAM write: a policy (directly or through a group) and its sets. */
export interface Grant {
  policyId: string
  policyName: string
  viaGroupId: string | null
  viaGroupName: string | null
  permissionSets: string[]
}

export type GuardVerdict = { lockout: false; note: string | null } | { lockout: true; explanation: string; grantsLost: Grant[] }

interface State {
  groups: GuardGroup[]
  policies: GuardPolicy[]
  rulesOf: (policyId: string) => readonly GuardRule[]
}

function isMember(g: GuardGroup, b: Bearer): boolean {
  if (b.type === 'user') return g.all_users === true || g.user_ids.includes(b.id)
  return g.all_applications === true || g.application_ids.includes(b.id)
}

/** Rules grant IAM write when scoped to the organization (all its projects) with a write set. */
function writeSetsOf(rules: readonly GuardRule[], organizationId: string): string[] {
  const out = new Set<string>()
  for (const r of rules) {
    if (r.organization_id !== organizationId) continue
    for (const n of r.permission_set_names ?? []) if (IAM_WRITE_SETS.has(n)) out.add(n)
  }
  return [...out].sort()
}

/** Every grant of IAM write to the bearer in a state. */
export function grantsOf(view: Pick<IamView, 'organizationId' | 'bearer'>, state: State): Grant[] {
  const { bearer } = view
  const groupsOfBearer = new Map(state.groups.filter((g) => isMember(g, bearer)).map((g) => [g.id, g]))
  const grants: Grant[] = []
  for (const p of state.policies) {
    const direct = bearer.type === 'user' ? p.user_id === bearer.id : p.application_id === bearer.id
    const via = p.group_id !== undefined ? groupsOfBearer.get(p.group_id) : undefined
    if (!direct && !via) continue
    const sets = writeSetsOf(state.rulesOf(p.id), view.organizationId)
    if (sets.length === 0) continue
    grants.push({ policyId: p.id, policyName: p.name, viaGroupId: via?.id ?? null, viaGroupName: via?.name ?? null, permissionSets: sets })
  }
  return grants
}

/** The state after the change, for the changes that act through rights. */
function apply(state: State, change: ProposedChange): State {
  switch (change.kind) {
    case 'deleteGroup':
      return {
        ...state,
        groups: state.groups.filter((g) => g.id !== change.id),
        policies: state.policies.map((p) => (p.group_id === change.id ? { id: p.id, name: p.name } : p)),
      }
    case 'removeGroupMember':
      return {
        ...state,
        groups: state.groups.map((g) =>
          g.id !== change.groupId
            ? g
            : change.member.type === 'user'
              ? { ...g, user_ids: g.user_ids.filter((id) => id !== change.member.id) }
              : { ...g, application_ids: g.application_ids.filter((id) => id !== change.member.id) },
        ),
      }
    case 'setGroupMembers':
      return { ...state, groups: state.groups.map((g) => (g.id === change.groupId ? { ...g, user_ids: change.userIds, application_ids: change.applicationIds } : g)) }
    case 'deletePolicy':
      return { ...state, policies: state.policies.filter((p) => p.id !== change.id) }
    case 'setPolicyPrincipal': {
      const pr = change.principal
      const principal = pr.type === 'none' ? {} : pr.type === 'user' ? { user_id: pr.id } : pr.type === 'group' ? { group_id: pr.id } : { application_id: pr.id }
      return { ...state, policies: state.policies.map((p) => (p.id === change.id ? { id: p.id, name: p.name, ...principal } : p)) }
    }
    case 'setRules':
      return { ...state, rulesOf: (id) => (id === change.policyId ? change.rules : state.rulesOf(id)) }
    default:
      return state
  }
}

const describeGrant = (g: Grant): string =>
  `${g.permissionSets.join(', ')} from policy "${g.policyName}"${g.viaGroupName ? ` through group "${g.viaGroupName}"` : ' (attached directly)'}`

export function checkSelfLockout(view: IamView, change: ProposedChange): GuardVerdict {
  const who = `the API key IAM Desk uses for ${view.organizationName} (${view.accessKey}, held by ${view.bearerLabel})`
  const tail = 'IAM Desk could no longer manage this organization. Confirm with the override to do it anyway.'
  const before: State = { groups: [...view.groups], policies: [...view.policies], rulesOf: view.rulesOf }
  const grants = grantsOf(view, before)
  const lost = (why: string): GuardVerdict => ({ lockout: true, explanation: `${why} ${tail}`, grantsLost: grants })

  // Changes that remove the credential itself, whatever rights it has.
  if (change.kind === 'deleteApiKey' && change.accessKey === view.accessKey) return lost(`This deletes ${who}.`)
  if (change.kind === 'expireApiKey' && change.accessKey === view.accessKey) {
    return lost(`This sets ${who} to expire${change.expiresAt ? ` on ${change.expiresAt}` : ''}; from then on it no longer authenticates. Rotate it instead: a new key replaces it in the keychain before the old one expires.`)
  }
  if (view.bearer.type === 'user' && change.kind === 'deleteUser' && change.id === view.bearer.id) return lost(`This deletes the user holding ${who}; its API keys go with it.`)
  if (view.bearer.type === 'user' && change.kind === 'lockUser' && change.id === view.bearer.id) {
    if (view.bearerIsOwner) return { lockout: false, note: 'Owners cannot be locked.' }
    return lost(`This locks the user holding ${who}; a locked member cannot use its API keys.`)
  }
  if (view.bearer.type === 'application' && change.kind === 'deleteApplication' && change.id === view.bearer.id) {
    return lost(`This deletes the application holding ${who}; its API keys go with it.`)
  }

  if (view.bearerIsOwner) {
    return { lockout: false, note: `IAM Desk's key belongs to the owner of ${view.organizationName}: owners keep every right whatever the policies say.` }
  }
  if (grants.length === 0) return { lockout: false, note: null }
  const after = grantsOf(view, apply(before, change))
  if (after.length > 0) return { lockout: false, note: null }
  return lost(`This removes the last IAM write right of ${who}: it gets ${grants.map(describeGrant).join('; ')}.`)
}

// Browse: lists, counts, details and the quick switcher, answered from the cache (offline too).
// Everything here is typed per resource kind from the kind registry (domain/kinds.ts): a list's
// filters and sort fields are checked against its kind (an unknown filter is refused, never
// ignored), and what comes back carries the kind's API objects, so the router's output
// validation checks real shapes and the renderer reads typed objects.
import { z } from 'zod'
import { Id, Timestamp } from './common'
import {
  KINDS,
  RESOURCE_KINDS,
  DETAIL_KINDS,
  QUICK_FIND_KINDS,
  ResourceKindSchema,
  type DetailKind,
  type KindFilters,
  type KindObject,
  type ResourceKind,
  type SortField,
} from '../../domain/kinds'
import { ApiKey, Group, Jwt, PermissionSetScopeType, Policy, Rule, StoredGracePeriod } from '../../domain/schemas'

const SortDir = z.enum(['asc', 'desc'])

/** One list request for one kind: its own strict filters and its own sort fields. */
const browseInputOf = <K extends ResourceKind>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      /** Empty or absent: every organization. */
      organizationIds: z.array(Id).max(500).optional(),
      search: z.string().max(200).optional(),
      filters: (KINDS[kind].filters as unknown as z.ZodType<KindFilters<K>>).optional(),
      sort: z.object({ field: z.enum(KINDS[kind].sortFields as unknown as [SortField<K>, ...SortField<K>[]]), dir: SortDir }).strict().optional(),
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive().max(500),
    })
    .strict()

type BrowseInputOf<K extends ResourceKind> = z.infer<ReturnType<typeof browseInputOf<K>>>
/** `browse.list`'s input for kind K. */
export type BrowseInputFor<K extends ResourceKind> = BrowseInputOf<K>
export type BrowseInput = { [K in ResourceKind]: BrowseInputOf<K> }[ResourceKind]
export const BrowseInput = z.discriminatedUnion(
  'kind',
  RESOURCE_KINDS.map((k) => browseInputOf(k)) as unknown as [ReturnType<typeof browseInputOf<ResourceKind>>, ...ReturnType<typeof browseInputOf<ResourceKind>>[]],
) as unknown as z.ZodType<BrowseInput>

/** A list's query without its window (offset, limit): what an export of the list covers, every row. */
export type BrowseScope = { [K in ResourceKind]: Omit<BrowseInputOf<K>, 'offset' | 'limit'> }[ResourceKind]
export const BrowseScope = z.discriminatedUnion(
  'kind',
  RESOURCE_KINDS.map((k) => browseInputOf(k).omit({ offset: true, limit: true })) as unknown as [
    ReturnType<typeof browseInputOf<ResourceKind>>,
    ...ReturnType<typeof browseInputOf<ResourceKind>>[],
  ],
) as unknown as z.ZodType<BrowseScope>

/**
 * Where a catalogue object (a permission set: the same in every organization) is found among the
 * organizations listed, which lists it once: in how many of them, which lack it, and in which its
 * scope type or description differs from the row shown.
 */
export const CatalogueSpread = z.object({
  present: z.number().int().nonnegative(),
  of: z.number().int().nonnegative(),
  missingFrom: z.array(z.string()),
  differsIn: z.array(z.string()),
})
export type CatalogueSpread = z.infer<typeof CatalogueSpread>

/** One listed object with the organization it belongs to. */
export interface BrowseRowOf<K extends ResourceKind> {
  organizationId: string
  organizationName: string
  id: string
  item: KindObject<K>
  /** Names of the objects the row points at by id (an API key's bearer_name, a policy's principal_name, a log's bearer_name and resource_name); null where not cached. */
  names?: Record<string, string | null>
  /** Permission sets only: the row stands for the set in every organization listed. */
  spread?: CatalogueSpread
}
export type BrowseRow = { [K in ResourceKind]: BrowseRowOf<K> }[ResourceKind]

const browsePageOf = <K extends ResourceKind>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    total: z.number().int().nonnegative(),
    rows: z.array(
      z.object({
        organizationId: z.string(),
        organizationName: z.string(),
        id: z.string(),
        item: KINDS[kind].schema as unknown as z.ZodType<KindObject<K>>,
        names: z.record(z.string(), z.string().nullable()).optional(),
        spread: CatalogueSpread.optional(),
      }),
    ),
    cacheAgeMs: z.number().nullable(),
  })
/** One page of a kind's list, and the total the query matches. */
export interface BrowsePageOf<K extends ResourceKind> {
  kind: K
  total: number
  rows: Array<BrowseRowOf<K>>
  /** Age of the oldest sync among the organizations listed; null if one was never synced. */
  cacheAgeMs: number | null
}
export type BrowsePage = { [K in ResourceKind]: BrowsePageOf<K> }[ResourceKind]
export const BrowsePage = z.discriminatedUnion(
  'kind',
  RESOURCE_KINDS.map((k) => browsePageOf(k)) as unknown as [ReturnType<typeof browsePageOf<ResourceKind>>, ...ReturnType<typeof browsePageOf<ResourceKind>>[]],
) as unknown as z.ZodType<BrowsePage>

/** How many objects each list holds for a scope (the sidebar's counts), in one call. */
export const BrowseCounts = z.partialRecord(ResourceKindSchema, z.number().int().nonnegative())
export type BrowseCounts = z.infer<typeof BrowseCounts>

// ---- Details: the object and its relations, resolved from the cache, one shape per kind.

export const PrincipalKind = z.enum(['user', 'group', 'application', 'none'])
export type PrincipalKind = z.infer<typeof PrincipalKind>

/** A policy that applies to a principal, directly or because the principal is in a group. */
export const AppliedPolicy = z.object({
  policy: Policy,
  via: z.discriminatedUnion('kind', [z.object({ kind: z.literal('direct') }), z.object({ kind: z.literal('group'), groupId: z.string(), groupName: z.string() })]),
})
export type AppliedPolicy = z.infer<typeof AppliedPolicy>

/** A policy's principal or an API key's bearer, with its name when the cache has it. */
export const ResolvedPrincipal = z.object({
  kind: PrincipalKind,
  id: z.string().nullable(),
  /** Display name (user's full name or username, application or group name); null if not cached. */
  name: z.string().nullable(),
  email: z.string().nullable(),
})
export type ResolvedPrincipal = z.infer<typeof ResolvedPrincipal>

export const GroupMember = z.object({
  type: z.enum(['user', 'application']),
  id: z.string(),
  /** Null when the member is not in the cache (e.g. synced before it was created). */
  name: z.string().nullable(),
  email: z.string().nullable(),
})
export type GroupMember = z.infer<typeof GroupMember>

export const RuleScope = z.discriminatedUnion('type', [
  /** `allProjects`: the rule's permission sets are projects-scoped, so it grants them in every project of the organization. */
  z.object({ type: z.literal('organization'), organizationId: z.string(), name: z.string().nullable(), allProjects: z.boolean() }),
  z.object({ type: z.literal('projects'), projects: z.array(z.object({ id: z.string(), name: z.string().nullable(), isDefault: z.boolean() })) }),
  z.object({ type: z.literal('account_root_user'), accountRootUserId: z.string() }),
  z.object({ type: z.literal('none') }),
])
export type RuleScope = z.infer<typeof RuleScope>

export const RuleDetail = z.object({
  rule: Rule,
  position: z.number().int(),
  permissionSets: z.array(z.object({ name: z.string(), description: z.string().nullable(), scopeType: PermissionSetScopeType.nullable() })),
  scope: RuleScope,
})
export type RuleDetail = z.infer<typeof RuleDetail>

/** A policy's rules as one sync found them (before/after), for "rules over time". */
export const RulesVersion = z.object({
  syncRunId: z.number().int(),
  at: Timestamp,
  change: z.enum(['added', 'removed', 'modified']),
  before: z.array(Rule).nullable(),
  after: z.array(Rule).nullable(),
})
export type RulesVersion = z.infer<typeof RulesVersion>

export const UserRelations = z.object({
  groups: z.array(Group),
  policies: z.array(AppliedPolicy),
  apiKeys: z.array(ApiKey),
  jwts: z.array(Jwt),
  gracePeriods: z.array(StoredGracePeriod),
})
export const ApplicationRelations = z.object({ groups: z.array(Group), policies: z.array(AppliedPolicy), apiKeys: z.array(ApiKey) })
export const GroupRelations = z.object({ members: z.array(GroupMember), policies: z.array(Policy) })
export const PolicyRelations = z.object({ principal: ResolvedPrincipal, rules: z.array(RuleDetail), rulesHistory: z.array(RulesVersion) })
export const ApiKeyRelations = z.object({
  bearer: ResolvedPrincipal,
  /** Relative to the cache clock at query time. */
  expired: z.boolean(),
})
/** A permission set across the organizations in scope: each one's copy, and the rules granting it. */
export const PermissionSetRelations = z.object({
  /** Per organization, its copy of the set (null: the organization's catalogue lacks it). */
  organizations: z.array(
    z.object({ organizationId: z.string(), organizationName: z.string(), scopeType: PermissionSetScopeType.nullable(), description: z.string().nullable() }),
  ),
  /** One line per rule granting the set: its policy, the policy's principal and the rule's scope. */
  grants: z.array(z.object({ organizationId: z.string(), organizationName: z.string(), policy: Policy, principal: ResolvedPrincipal, scope: RuleScope })),
})
export type PermissionSetRelations = z.infer<typeof PermissionSetRelations>
export type UserRelations = z.infer<typeof UserRelations>
export type ApplicationRelations = z.infer<typeof ApplicationRelations>
export type GroupRelations = z.infer<typeof GroupRelations>
export type PolicyRelations = z.infer<typeof PolicyRelations>
export type ApiKeyRelations = z.infer<typeof ApiKeyRelations>

const NoRelations = z.object({}).strict()
/** The relations each kind with a detail pane resolves. */
const RELATIONS: { readonly [K in DetailKind]: z.ZodType } & {
  users: typeof UserRelations
  applications: typeof ApplicationRelations
  groups: typeof GroupRelations
  policies: typeof PolicyRelations
  api_keys: typeof ApiKeyRelations
  ssh_keys: typeof NoRelations
  permission_sets: typeof PermissionSetRelations
  jwts: typeof NoRelations
  logs: typeof NoRelations
} = {
  users: UserRelations,
  applications: ApplicationRelations,
  groups: GroupRelations,
  policies: PolicyRelations,
  api_keys: ApiKeyRelations,
  ssh_keys: NoRelations,
  permission_sets: PermissionSetRelations,
  jwts: NoRelations,
  logs: NoRelations,
} as const
export const DetailKindSchema = z.enum(DETAIL_KINDS)

const detailOf = <K extends DetailKind>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    organizationId: z.string(),
    organizationName: z.string(),
    item: KINDS[kind].schema as unknown as z.ZodType<KindObject<K>>,
    relations: RELATIONS[kind] as z.ZodType<z.infer<(typeof RELATIONS)[K]>>,
  })
/** The detail of one object of kind K. */
export interface DetailOf<K extends DetailKind> {
  kind: K
  organizationId: string
  organizationName: string
  item: KindObject<K>
  relations: z.infer<(typeof RELATIONS)[K]>
}
export type Detail = { [K in DetailKind]: DetailOf<K> }[DetailKind]
export const Detail = z.discriminatedUnion(
  'kind',
  DETAIL_KINDS.map((k) => detailOf(k)) as unknown as [ReturnType<typeof detailOf<DetailKind>>, ...ReturnType<typeof detailOf<DetailKind>>[]],
) as unknown as z.ZodType<Detail>

export const DetailInput = z
  .object({
    kind: DetailKindSchema,
    organizationId: Id,
    id: Id,
    /** The organizations in scope, for relations that span them (a permission set's grants); all when absent. */
    organizationIds: z.array(Id).max(500).optional(),
  })
  .strict()

export const QuickFindHit = z.object({
  kind: z.enum(['organization', ...QUICK_FIND_KINDS]),
  organizationId: z.string(),
  organizationName: z.string(),
  id: z.string(),
  label: z.string(),
  sublabel: z.string(),
})
export type QuickFindHit = z.infer<typeof QuickFindHit>

export const browseCalls = {
  'browse.list': { input: BrowseInput, output: BrowsePage },
  'browse.counts': { input: z.object({ organizationIds: z.array(Id).max(500).optional() }).strict(), output: BrowseCounts },
  'browse.detail': { input: DetailInput, output: Detail },
  'browse.quickFind': { input: z.object({ query: z.string().min(1).max(200), limit: z.number().int().positive().max(50).optional() }).strict(), output: z.array(QuickFindHit) },
} as const
export type { DetailKind }

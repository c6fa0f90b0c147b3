// The relations `browse.detail` returns per kind: the core's detail objects
// (src-main/core/features/browse/detail.query.ts) without the organization and the object itself, which
// travel as `organizationId`, `organizationName` and `item`. Read defensively: every list may
// be absent when the cache lacks it.
import type {
  ApiKeyDetail,
  ApplicationDetail,
  GroupDetail,
  PolicyDetail,
  UserDetail,
} from '../../../../src-main/core/features/browse/detail.query'

type Base = 'organizationId' | 'organizationName'
export type UserRelations = Partial<Omit<UserDetail, Base | 'user'>>
export type ApplicationRelations = Partial<Omit<ApplicationDetail, Base | 'application'>>
export type GroupRelations = Partial<Omit<GroupDetail, Base | 'group'>>
export type PolicyRelations = Partial<Omit<PolicyDetail, Base | 'policy'>>
export type ApiKeyRelations = Partial<Omit<ApiKeyDetail, Base | 'apiKey'>>
export type { AppliedPolicy, GroupMember, ResolvedPrincipal, RuleDetail, RuleScope } from '../../../../src-main/core/features/browse/detail.query'

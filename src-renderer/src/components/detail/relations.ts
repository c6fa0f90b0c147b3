// The relations `browse.detail` returns per kind, as the contract types them
// (src-preload/contract/browse.ts): the detail panes read these.
export type {
  ApiKeyRelations,
  AppliedPolicy,
  ApplicationRelations,
  GroupMember,
  GroupRelations,
  PolicyRelations,
  ResolvedPrincipal,
  RuleDetail,
  RuleScope,
  UserRelations,
} from '../../../../src-preload/contract'

// The grant model (docs/policy-analysis.md): what a policy's rules MEAN, as a set of grants
// (permission set, scope, condition). Rules are how the API groups grants; the grouping and the
// order carry no meaning, so every comparison of policies (diff, no new access, across
// organizations, over time) and every question about access (effective access, who can, lint)
// is answered on grants, never on rules.
// Runtime-neutral and pure: imports only zod and the domain (main and renderer both use it).
import { z } from 'zod'
import { PermissionSetScopeType, type Rule } from './schemas'

/**
 * Where a grant applies. `organization`: the whole organization — for a permission set whose
 * scope type is `projects` this means every current and future project of the organization.
 * `project`: one project. `account_root_user`: the account's root user (rare, root-user-only
 * permission sets).
 */
export const GrantScope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organization'), organizationId: z.string() }),
  z.object({
    type: z.literal('project'),
    projectId: z.string(),
    /** The project's name where the cache knows it: how projects are matched across organizations. */
    projectName: z.string().optional(),
  }),
  z.object({ type: z.literal('account_root_user'), accountRootUserId: z.string() }),
])
export type GrantScope = z.infer<typeof GrantScope>

export const Grant = z.object({
  permissionSet: z.string(),
  /**
   * The permission set's scope type from the organization's permission-set catalogue; the rule's
   * own `permission_sets_scope_type` when the catalogue does not know the set.
   */
  scopeType: PermissionSetScopeType,
  scope: GrantScope,
  /** The CEL condition, whitespace-normalised (normaliseCondition); '' for none. */
  condition: z.string(),
})
export type Grant = z.infer<typeof Grant>

/**
 * How project scopes are matched when two grants are compared: `id` within one organization
 * (exact), `name` across organizations (a project of the same name is "the same project";
 * a project whose name is not known falls back to its id, which never matches another
 * organization's project).
 */
export type ProjectMatch = 'id' | 'name'

/** What the normalisation needs to know beyond the rules. */
export interface GrantContext {
  /** The policy's organization (the scope of organization-wide rules that omit it). */
  organizationId: string
  /** The permission set's scope type from the catalogue; undefined when the set is unknown. */
  scopeTypeOf?: (permissionSet: string) => z.infer<typeof PermissionSetScopeType> | undefined
  /** A project's name, where known (the seam for synced projects). */
  projectName?: (projectId: string) => string | undefined
}

// --- conditions -------------------------------------------------------------------------------

const MULTI_OPS = ['==', '!=', '<=', '>=', '&&', '||'] as const
/** Operators written with a space on both sides in the normal form. */
const BINARY = new Set(['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '*', '/', '%', '?', ':'])
const WORD = /[A-Za-z0-9_]/

interface Token {
  text: string
  kind: 'word' | 'string' | 'op'
}

/** Splits CEL text into words, string literals (kept byte for byte) and operators; null if a string is unterminated. */
function tokenize(src: string): Token[] | null {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    // string literals, with optional r/b prefixes and triple quotes: never touched
    const prefix = /^(?:[rRbB]{1,2})?("""|'''|"|')/.exec(src.slice(i))
    if (prefix) {
      const quote = prefix[1] as string
      const raw = /[rR]/.test(prefix[0].slice(0, prefix[0].length - quote.length))
      let j = i + prefix[0].length
      let closed = false
      while (j < src.length) {
        if (!raw && src[j] === '\\') {
          j += 2
          continue
        }
        if (src.startsWith(quote, j)) {
          j += quote.length
          closed = true
          break
        }
        j++
      }
      if (!closed) return null
      out.push({ text: src.slice(i, j), kind: 'string' })
      i = j
      continue
    }
    if (WORD.test(c)) {
      let j = i
      while (j < src.length && WORD.test(src[j] as string)) j++
      out.push({ text: src.slice(i, j), kind: 'word' })
      i = j
      continue
    }
    const multi = MULTI_OPS.find((op) => src.startsWith(op, i))
    out.push({ text: multi ?? c, kind: 'op' })
    i += multi?.length ?? 1
  }
  return out
}

/** A token after which `-` is binary (subtraction), not a sign. */
const endsOperand = (t: Token | undefined): boolean =>
  t !== undefined && (t.kind !== 'op' || t.text === ')' || t.text === ']' || t.text === '}')

/**
 * The normal form of a CEL condition: the same tokens with one canonical spacing (a space around
 * binary operators, after commas and between words; none inside brackets or around `.` and `!`),
 * string literals untouched. So `a=="x"&&b` and `a == "x"  &&\n b` are one condition; anything
 * else that differs (quote style, parentheses, operand order) stays different — IAM Desk does not
 * decide that two differently written conditions are equivalent. Unparseable text (an
 * unterminated string) is only trimmed and its whitespace runs collapsed.
 */
export function normaliseCondition(text: string | null | undefined): string {
  const src = (text ?? '').trim()
  if (src === '') return ''
  const tokens = tokenize(src)
  if (tokens === null) return src.replace(/\s+/g, ' ')
  let out = ''
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1]
    if (prev === undefined) {
      out = t.text
      return
    }
    const binaryMinus = t.text === '-' && endsOperand(prev)
    const prevBinaryMinus = prev.text === '-' && endsOperand(tokens[i - 2])
    let space: boolean
    if (t.text === 'in' || prev.text === 'in') space = true // the membership operator is a word
    else if (t.kind === 'op' && (BINARY.has(t.text) || binaryMinus)) space = true
    else if (prev.kind === 'op' && (BINARY.has(prev.text) || prevBinaryMinus || prev.text === ',')) space = true
    else if (t.kind !== 'op' && prev.kind !== 'op') space = true // two words/literals: `x in y`
    else space = false
    out += (space ? ' ' : '') + t.text
  })
  return out
}

// --- keys -------------------------------------------------------------------------------------

/** A scope's identity within its organization (exact ids). */
export function scopeKey(scope: GrantScope): string {
  switch (scope.type) {
    case 'organization':
      return `organization:${scope.organizationId}`
    case 'project':
      return `project:${scope.projectId}`
    case 'account_root_user':
      return `account_root_user:${scope.accountRootUserId}`
  }
}

/**
 * A scope as it is matched between two policies: with `name`, "the organization" and "the root
 * user" are the same in every organization, and a project is its name when known (`project-name:`)
 * or else its id (`project:`); with `id`, scopeKey.
 */
export function scopeMatchKey(scope: GrantScope, match: ProjectMatch): string {
  if (match === 'id') return scopeKey(scope)
  switch (scope.type) {
    case 'organization':
      return 'organization'
    case 'project':
      return scope.projectName !== undefined ? `project-name:${scope.projectName}` : `project:${scope.projectId}`
    case 'account_root_user':
      return 'account_root_user'
  }
}

/** A grant's stable identity in its organization: permission set, scope and condition. */
export function grantKey(g: Grant): string {
  return JSON.stringify([g.permissionSet, scopeKey(g.scope), g.condition])
}

/** A grant's identity as matched between two policies (see scopeMatchKey). */
export function grantMatchKey(g: Grant, match: ProjectMatch): string {
  return JSON.stringify([g.permissionSet, scopeMatchKey(g.scope, match), g.condition])
}

/** Permission set and scope without the condition: grants that differ only by condition share it. */
export function grantSlotKey(g: Grant, match: ProjectMatch): string {
  return JSON.stringify([g.permissionSet, scopeMatchKey(g.scope, match)])
}

const compareGrants = (a: Grant, b: Grant): number => {
  const order = (s: GrantScope): number => (s.type === 'organization' ? 0 : s.type === 'project' ? 1 : 2)
  const label = (s: GrantScope): string => (s.type === 'project' ? (s.projectName ?? '\uffff') + s.projectId : scopeKey(s))
  return (
    a.permissionSet.localeCompare(b.permissionSet) ||
    order(a.scope) - order(b.scope) ||
    label(a.scope).localeCompare(label(b.scope)) ||
    a.condition.localeCompare(b.condition)
  )
}

/** Grants in their display order: permission set, then organization before projects (by name), then condition. */
export function sortGrants(grants: readonly Grant[]): Grant[] {
  return [...grants].sort(compareGrants)
}

// --- normalisation ----------------------------------------------------------------------------

type RuleInput = Pick<Rule, 'permission_set_names' | 'permission_sets_scope_type' | 'condition'> &
  Partial<Pick<Rule, 'project_ids' | 'organization_id' | 'account_root_user_id'>>

/**
 * A policy's rules as a set of grants: one grant per (permission set × scope) of each rule, the
 * condition normalised, duplicates merged, in display order. A rule with three projects and two
 * permission sets is six grants; two rules that together say the same as one rule give the same
 * grants. A rule without permission sets or without a scope grants nothing.
 */
export function grantsOfRules(rules: readonly RuleInput[], ctx: GrantContext): Grant[] {
  const byKey = new Map<string, Grant>()
  for (const rule of rules) {
    const condition = normaliseCondition(rule.condition)
    const scopes: GrantScope[] = []
    if (rule.project_ids !== undefined && rule.project_ids.length > 0) {
      for (const projectId of rule.project_ids) {
        const projectName = ctx.projectName?.(projectId)
        scopes.push(projectName === undefined ? { type: 'project', projectId } : { type: 'project', projectId, projectName })
      }
    } else if (rule.organization_id !== undefined) {
      scopes.push({ type: 'organization', organizationId: rule.organization_id || ctx.organizationId })
    } else if (rule.account_root_user_id !== undefined) {
      scopes.push({ type: 'account_root_user', accountRootUserId: rule.account_root_user_id })
    }
    for (const permissionSet of rule.permission_set_names ?? []) {
      const scopeType = ctx.scopeTypeOf?.(permissionSet) ?? rule.permission_sets_scope_type
      for (const scope of scopes) {
        const g: Grant = { permissionSet, scopeType, scope, condition }
        byKey.set(grantKey(g), g)
      }
    }
  }
  return sortGrants([...byKey.values()])
}

/** "InstancesFullAccess on project web-prod, when request.ip == …": one line for lists and exports. */
export function grantLabel(g: Grant): string {
  const where =
    g.scope.type === 'organization'
      ? g.scopeType === 'projects'
        ? 'all projects'
        : 'the organization'
      : g.scope.type === 'project'
        ? `project ${g.scope.projectName ?? g.scope.projectId}`
        : 'the root user'
  return `${g.permissionSet} on ${where}${g.condition === '' ? '' : `, when ${g.condition}`}`
}

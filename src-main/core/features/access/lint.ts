// Policy lint (docs/policy-analysis.md, "Lint"): findings about one organization's IAM, each
// with the object, why it matters and the fix. Every rule is declared once in LINT_RULES (its
// words) and checked in `lint` (its logic). Pure over the organization's model.
import { IAM_MANAGEMENT_SETS, duplicateHoldings, holdingsOf } from './access'
import { grantLabel } from '../../../../domain/grants'
import type { OrgModel } from './org-model'

export const LINT_RULES = {
  'mixed-scope-types': {
    title: 'Rule mixing scope types',
    why: 'Scaleway refuses a rule whose permission sets do not share one scope type (organization-level sets beside project-level ones); editing the policy will fail until it is split.',
    fix: 'Split the rule: one rule for the organization-level sets, one for the project-level sets.',
  },
  'unknown-permission-set': {
    title: 'Permission set unknown to the catalogue',
    why: 'The organization’s catalogue has no permission set of this name: it was renamed or retired, and grants nothing.',
    fix: 'Replace it with a current permission set, or remove it from the rule.',
  },
  'unsatisfiable-condition': {
    title: 'Condition that can never be true',
    why: 'The condition requires one attribute to equal two different values at once, so the rule never applies.',
    fix: 'Use || between the alternatives, or `in [..]`.',
  },
  'condition-on-resource-name': {
    title: 'Condition on resource.name',
    why: 'A resource’s name is chosen by whoever creates or renames it, so a condition on it can be met (or escaped) by renaming.',
    fix: 'Condition on resource.id or on tags that only trusted principals may set.',
  },
  'resource-condition-breaks-lists': {
    title: 'Resource condition without `|| !has(resource.id)`',
    why: 'List actions have no single resource: without `|| !has(resource.id)` the condition is false for them, so the principal cannot list what it may read.',
    fix: 'Append `|| !has(resource.id)` to the condition.',
  },
  'policy-without-principal': {
    title: 'Policy without a principal',
    why: 'A policy without a user, group or application grants nothing to anyone; it is unfinished or left over.',
    fix: 'Attach it to the group, user or application it was meant for, or delete it.',
  },
  'iam-management-to-application': {
    title: 'IAM management granted to an application',
    why: 'An application’s API key with IAM management can create keys and grant itself anything: a leaked key is the whole organization.',
    fix: 'Give the application only the product permission sets it uses; keep IAM management with people.',
  },
  'duplicate-grant': {
    title: 'Principal holding the same grant twice',
    why: 'The same grant through two paths means removing one path (e.g. leaving a group) does not remove the access, which surprises whoever removes it.',
    fix: 'Keep one path: usually the group, and remove the direct policy.',
  },
  'user-without-mfa': {
    title: 'User without multi-factor authentication',
    why: 'A password alone protects this user’s access to every organization it belongs to.',
    fix: 'Ask the user to enable MFA (Scaleway console → user account → security).',
  },
  'application-several-active-keys': {
    title: 'Application with more than one active API key',
    why: 'Several usable keys for one application usually means an old key was never retired after a rotation.',
    fix: 'Find which key is still in use (credential report), then expire or delete the others.',
  },
  'empty-group-referenced': {
    title: 'Empty group referenced by a policy',
    why: 'The policy grants nothing while the group is empty, and grants it to whoever is added next, perhaps without review.',
    fix: 'Add the intended members, or delete the policy (and the group).',
  },
} as const

export type LintRule = keyof typeof LINT_RULES

export interface LintFinding {
  rule: LintRule
  organizationId: string
  object: { kind: 'policy' | 'user' | 'application' | 'group'; id: string; label: string }
  /** What exactly is wrong with this object, in one sentence. */
  detail: string
}

/** Top-level `&&` conjuncts of a condition, or null when it has a top-level `||` (then no conjunct must hold). */
function conjuncts(condition: string): string[] | null {
  const parts: string[] = []
  let depth = 0
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < condition.length; i++) {
    const c = condition[i]!
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = null
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (depth === 0 && condition.startsWith('||', i)) return null
    else if (depth === 0 && condition.startsWith('&&', i)) {
      parts.push(condition.slice(start, i).trim())
      start = i + 2
      i++
    }
  }
  parts.push(condition.slice(start).trim())
  return parts
}

/** `a == "x" && a == "y"`: one attribute required to equal two different string literals. */
export function isUnsatisfiable(condition: string): boolean {
  const parts = conjuncts(condition)
  if (!parts || parts.length < 2) return false
  const seen = new Map<string, string>()
  for (const p of parts) {
    const m = /^([A-Za-z_][\w.]*)\s*==\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')$/.exec(p)
    if (!m) continue
    const [, attr, literal] = m
    const value = literal!.slice(1, -1)
    const before = seen.get(attr!)
    if (before !== undefined && before !== value) return true
    seen.set(attr!, value)
  }
  return false
}

const mentionsResource = (c: string) => /\bresource\.[A-Za-z_]/.test(c)
const allowsLists = (c: string) => /!\s*has\s*\(\s*resource\.id\s*\)/.test(c)

export function lint(model: OrgModel, now: Date = new Date()): LintFinding[] {
  const out: LintFinding[] = []
  const org = model.organizationId
  const userLabel = new Map(model.users.map((u) => [u.id, u.email]))
  const appLabel = new Map(model.applications.map((a) => [a.id, a.name]))
  const groups = new Map(model.groups.map((g) => [g.id, g]))
  const policyObject = (p: { id: string; name: string }) => ({ kind: 'policy' as const, id: p.id, label: p.name })

  for (const { policy, rules } of model.policies) {
    for (const rule of rules) {
      const sets = rule.permission_set_names ?? []
      const types = new Set(sets.map((s) => model.catalogue.get(s)?.scope_type).filter((t) => t !== undefined))
      if (types.size > 1) out.push({ rule: 'mixed-scope-types', organizationId: org, object: policyObject(policy), detail: `A rule mixes ${[...types].join(' and ')} permission sets: ${sets.join(', ')}.` })
      if (model.catalogue.size > 0) {
        for (const s of sets) {
          if (!model.catalogue.has(s)) out.push({ rule: 'unknown-permission-set', organizationId: org, object: policyObject(policy), detail: `${s} is not in the organization’s permission-set catalogue.` })
        }
      }
      const c = rule.condition.trim()
      if (c === '') continue
      if (isUnsatisfiable(c)) out.push({ rule: 'unsatisfiable-condition', organizationId: org, object: policyObject(policy), detail: `Never true: ${c}` })
      if (/\bresource\.name\b/.test(c)) out.push({ rule: 'condition-on-resource-name', organizationId: org, object: policyObject(policy), detail: `Condition: ${c}` })
      if (mentionsResource(c) && !allowsLists(c)) out.push({ rule: 'resource-condition-breaks-lists', organizationId: org, object: policyObject(policy), detail: `Condition: ${c}` })
    }
    const principal = policy.user_id ?? policy.group_id ?? policy.application_id
    if (!principal) out.push({ rule: 'policy-without-principal', organizationId: org, object: policyObject(policy), detail: `${policy.name} has no user, group or application.` })
    const g = policy.group_id ? groups.get(policy.group_id) : undefined
    if (g && !g.all_users && !g.all_applications && g.user_ids.length === 0 && g.application_ids.length === 0) {
      out.push({ rule: 'empty-group-referenced', organizationId: org, object: { kind: 'group', id: g.id, label: g.name }, detail: `${g.name} is empty and is the principal of ${policy.name}.` })
    }
  }

  const holdings = holdingsOf(model)
  const iamToApps = new Map<string, Set<string>>()
  for (const h of holdings) {
    if (h.holder.type !== 'application' || h.grant.scope.type !== 'organization') continue
    if (!(IAM_MANAGEMENT_SETS as readonly string[]).includes(h.grant.permissionSet)) continue
    const k = `${h.holder.id}|${h.path.policyId}`
    if (!iamToApps.has(k)) iamToApps.set(k, new Set())
    iamToApps.get(k)!.add(h.grant.permissionSet)
  }
  for (const [k, sets] of iamToApps) {
    const [appId, policyId] = k.split('|') as [string, string]
    const policy = model.policies.find((p) => p.policy.id === policyId)!.policy
    out.push({ rule: 'iam-management-to-application', organizationId: org, object: { kind: 'application', id: appId, label: appLabel.get(appId) ?? appId }, detail: `${[...sets].join(', ')} through ${policy.name}.` })
  }
  for (const same of duplicateHoldings(holdings)) {
    const h = same[0]!
    const label = h.holder.type === 'user' ? (userLabel.get(h.holder.id) ?? h.holder.id) : (appLabel.get(h.holder.id) ?? h.holder.id)
    const paths = same.map((x) => (x.path.via.type === 'group' ? `${x.path.policyName} (group ${x.path.via.groupName})` : `${x.path.policyName} (direct)`))
    out.push({ rule: 'duplicate-grant', organizationId: org, object: { kind: h.holder.type, id: h.holder.id, label }, detail: `${grantLabel(h.grant)} — through ${paths.join(' and ')}.` })
  }

  for (const u of model.users) {
    if (!u.mfa) out.push({ rule: 'user-without-mfa', organizationId: org, object: { kind: 'user', id: u.id, label: u.email }, detail: `${u.email} signs in without MFA.` })
  }
  const activeKeys = new Map<string, number>()
  for (const k of model.apiKeys) {
    if (!k.application_id) continue
    if (k.expires_at && Date.parse(k.expires_at) <= now.getTime()) continue
    activeKeys.set(k.application_id, (activeKeys.get(k.application_id) ?? 0) + 1)
  }
  for (const [appId, n] of activeKeys) {
    if (n > 1) out.push({ rule: 'application-several-active-keys', organizationId: org, object: { kind: 'application', id: appId, label: appLabel.get(appId) ?? appId }, detail: `${n} active API keys.` })
  }
  return out
}

// Policy rules: validation against the permission-set catalogue, a version (hash) of a rule list
// so the editor can refuse to save over rules that changed on the server, and a diff so the UI
// shows exactly what a PUT /rules will change (the API replaces the whole list, §6.8).
import { createHash } from 'node:crypto'
import type { PermissionSet, RuleSpecs } from '../../../../domain/schemas'
import type { RuleSpecInput, RulesDiff } from '../../../../src-preload/contract'
import type { FieldErrors } from './validate'

export const CONDITION_MAX = 2048

/** What a rule means, without its id or derived fields (ids change on every PUT, §10.3). */
export interface RuleLike {
  permission_set_names?: readonly string[] | null | undefined
  condition?: string | undefined
  organization_id?: string | undefined
  project_ids?: readonly string[] | undefined
}

export function normaliseRule(r: RuleLike): RuleSpecInput {
  const out: RuleSpecInput = { permission_set_names: [...(r.permission_set_names ?? [])].sort(), condition: r.condition ?? '' }
  if (r.organization_id !== undefined) out.organization_id = r.organization_id
  else if (r.project_ids !== undefined) out.project_ids = [...r.project_ids].sort()
  return out
}

const keyOf = (r: RuleSpecInput): string => JSON.stringify([r.permission_set_names, r.condition, r.organization_id ?? null, r.project_ids ?? null])
const scopeKeyOf = (r: RuleSpecInput): string => JSON.stringify([r.organization_id ?? null, r.project_ids ?? null])

/**
 * A version of a rule list: the hash of what the rules mean, in order. A PUT that re-sends the
 * same rules gives new ids but the same version, so it is not reported as a conflict.
 */
export function rulesVersion(rules: readonly RuleLike[]): string {
  const text = JSON.stringify(rules.map((r) => keyOf(normaliseRule(r))))
  return `r1:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`
}

/**
 * Added / removed / changed rules between two lists. Identical rules match first (as a
 * multiset); a leftover rule of the current list and one of the proposed list with the same
 * scope are one rule "changed"; the rest are added or removed.
 */
export function diffRules(current: readonly RuleLike[], proposed: readonly RuleLike[]): RulesDiff {
  const before = current.map(normaliseRule)
  const after = proposed.map(normaliseRule)
  const leftBefore = [...before]
  const leftAfter: RuleSpecInput[] = []
  const kept: RuleSpecInput[] = []
  for (const r of after) {
    const i = leftBefore.findIndex((b) => keyOf(b) === keyOf(r))
    if (i >= 0) {
      leftBefore.splice(i, 1)
      kept.push(r)
    } else leftAfter.push(r)
  }
  const changed: RulesDiff['changed'] = []
  const added: RuleSpecInput[] = []
  for (const r of leftAfter) {
    const i = leftBefore.findIndex((b) => scopeKeyOf(b) === scopeKeyOf(r))
    if (i < 0) {
      added.push(r)
      continue
    }
    const [b] = leftBefore.splice(i, 1) as [RuleSpecInput]
    changed.push({
      before: b,
      after: r,
      permissionSetsAdded: r.permission_set_names.filter((n) => !b.permission_set_names.includes(n)),
      permissionSetsRemoved: b.permission_set_names.filter((n) => !r.permission_set_names.includes(n)),
      conditionChanged: (b.condition ?? '') !== (r.condition ?? ''),
    })
  }
  const orderSame = rulesVersion(current) === rulesVersion(proposed)
  return { added, removed: leftBefore, changed, unchanged: kept.length, kept, identical: orderSame }
}

/**
 * Checks rules before they are sent: exactly one scope, a condition of at most 2048 characters,
 * known permission set names (from the organization's catalogue), and one scope type per rule.
 * Returns the rules as the API wants them.
 */
export function checkRules(rules: readonly RuleSpecInput[], catalogue: readonly PermissionSet[], errors: FieldErrors, field = 'rules'): RuleSpecs[] {
  const byName = new Map(catalogue.map((p) => [p.name, p]))
  return rules.map((r, i) => {
    const at = `${field}[${i}]`
    const hasOrg = r.organization_id !== undefined
    const hasProjects = r.project_ids !== undefined
    if (hasOrg === hasProjects) errors.add(`${at}.scope`, 'required', 'a rule needs exactly one scope: the whole organization or chosen projects')
    if (hasProjects && r.project_ids!.length === 0) errors.add(`${at}.project_ids`, 'required', 'choose at least one project')
    errors.uuid(`${at}.organization_id`, r.organization_id)
    r.project_ids?.forEach((p, j) => errors.uuid(`${at}.project_ids[${j}]`, p))
    if ((r.condition ?? '').length > CONDITION_MAX) errors.add(`${at}.condition`, 'constraint', `must be at most ${CONDITION_MAX} characters long`)
    if (r.permission_set_names.length === 0) errors.add(`${at}.permission_set_names`, 'required', 'choose at least one permission set')
    const scopeTypes = new Set<string>()
    r.permission_set_names.forEach((name, j) => {
      const set = byName.get(name)
      if (!set) {
        errors.add(`${at}.permission_set_names[${j}]`, 'unknown', `"${name}" is not a permission set of this organization`)
        return
      }
      scopeTypes.add(set.scope_type)
      // Organization-level sets (IAM, billing…) cannot be limited to projects.
      if (set.scope_type === 'organization' && hasProjects) {
        errors.add(`${at}.project_ids`, 'constraint', `${name} applies to the whole organization: scope this rule to the organization`)
      }
    })
    if (scopeTypes.size > 1) {
      errors.add(`${at}.permission_set_names`, 'constraint', `permission sets must be of the same scope type (this rule mixes ${[...scopeTypes].sort().join(' and ')})`)
    }
    const spec: RuleSpecs = { permission_set_names: [...r.permission_set_names], condition: r.condition ?? '' }
    if (hasOrg) spec.organization_id = r.organization_id
    else if (hasProjects) spec.project_ids = [...r.project_ids!]
    return spec
  })
}

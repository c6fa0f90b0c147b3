// RuleSpecs validation (create-policy `rules[]` and PUT /rules, reference §5.7, §10.5):
// exactly one scope, known permission sets all of one scope type, condition ≤ 2048.
import type { PermissionSet, Rule } from '../../domain/schemas'
import { permissionsDenied } from '../http/errors'
import type { RequestContext } from '../http/router'
import { permissionSetByName } from '../seed/permission-sets'
import { Checker, field } from '../validate'

export function parseRuleSpecs(ctx: RequestContext, raw: unknown, argName: string, c: Checker): Rule[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) {
    c.fail(argName, 'format', 'value must be an array')
    return []
  }
  const org = ctx.principal.org
  return raw.map((spec, i): Rule => {
    const at = `${argName}[${i}]`
    const s = spec && typeof spec === 'object' ? (spec as Record<string, unknown>) : {}
    const condition = c.checkString(`${at}.condition`, field(s, 'condition'), { max: 2048 }) ?? ''
    const names = field(s, 'permission_set_names')
    const sets: PermissionSet[] = []
    if (!Array.isArray(names) || names.length === 0) {
      c.fail(`${at}.permission_set_names`, 'required', 'at least one permission set is required')
    } else {
      names.forEach((n, j) => {
        const set = typeof n === 'string' ? permissionSetByName(n) : undefined
        if (!set) c.fail(`${at}.permission_set_names[${j}]`, 'constraint', `unknown permission set: ${String(n)}`)
        else sets.push(set)
      })
    }
    const scopeTypes = new Set(sets.map((p) => p.scope_type))
    if (scopeTypes.size > 1) {
      c.fail(`${at}.permission_set_names`, 'constraint', 'permission sets must be of the same scope type')
    }
    const projectIds = c.checkUuidArray(`${at}.project_ids`, field(s, 'project_ids'))
    const organizationId = c.checkUuid(`${at}.organization_id`, field(s, 'organization_id'))
    if ((projectIds === undefined) === (organizationId === undefined)) {
      c.fail(`${at}.scope`, 'required', 'exactly one of project_ids or organization_id must be set')
    } else if (projectIds !== undefined && projectIds.length === 0) {
      c.fail(`${at}.project_ids`, 'constraint', 'at least one project is required')
    }
    if (organizationId !== undefined && organizationId !== org.id) throw permissionsDenied('organization', 'write')
    if (projectIds?.some((p) => !org.hasProject(p))) throw permissionsDenied('project', 'write')
    const rule: Rule = {
      id: ctx.store.newId(),
      permission_set_names: sets.map((p) => p.name),
      permission_sets_scope_type: sets[0]?.scope_type ?? 'unknown_scope_type',
      condition,
    }
    if (projectIds !== undefined) rule.project_ids = projectIds
    else if (organizationId !== undefined) rule.organization_id = organizationId
    return rule
  })
}

// The rules editor's model and its conversion to and from the API's rules.
import type { Rule } from '../../../../domain/schemas'
import type { RuleSpecInput } from '../../../../src-preload/contract'
import { fieldLabel } from '../../lib/field-words'

export interface EditableRule {
  /** Stable key for the list; not sent. */
  key: number
  permissionSets: string[]
  scope: 'organization' | 'projects'
  /** Comma-separated project IDs, as typed. */
  projects: string
  condition: string
}

let seq = 0
export function newRule(defaultProjectId: string | null): EditableRule {
  return { key: ++seq, permissionSets: [], scope: 'organization', projects: defaultProjectId ?? '', condition: '' }
}

export function fromApiRule(rule: Rule): EditableRule {
  const projects = rule.project_ids ?? null
  return {
    key: ++seq,
    permissionSets: [...(rule.permission_set_names ?? [])],
    scope: projects ? 'projects' : 'organization',
    projects: projects ? projects.join(', ') : '',
    condition: rule.condition,
  }
}

export function toSpec(rule: EditableRule, organizationId: string): RuleSpecInput {
  const spec: RuleSpecInput = { permission_set_names: [...rule.permissionSets] }
  if (rule.condition.trim()) spec.condition = rule.condition.trim()
  if (rule.scope === 'organization') spec.organization_id = organizationId
  else
    spec.project_ids = rule.projects
      .split(/[\s,]+/)
      .map((p) => p.trim())
      .filter(Boolean)
  return spec
}

/** Errors of rule i from `details.fields` (argument names like `rules[0].project_ids`). */
export function ruleErrors(errs: Record<string, string>, i: number): string[] {
  const prefix = `rules[${i}]`
  return Object.entries(errs)
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, v]) => `${k.slice(prefix.length + 1) ? fieldLabel(k.slice(prefix.length + 1)) : 'Rule'}: ${v}`)
}

export const CONDITION_MAX = 2048

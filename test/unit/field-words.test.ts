// Refusals in the form's words (issue 17): no API field name (`project_ids`,
// `permission_set_names`, `default_project_id`) reaches the person filling a write dialog.
import { describe, expect, it } from 'vitest'
import { fieldLabel, formFieldErrors, inFormTerms, inFormWords } from '../../src-renderer/src/lib/field-words'
import { ruleErrors } from '../../src-renderer/src/components/writes/rules-model'
import { nameProblem } from '../../domain/limits'

const API_NAMES = /project_ids|permission_set_names|organization_id|default_project_id|argument_name|rules\[/

describe('field labels', () => {
  it('names fields and rules as the dialogs label them', () => {
    expect(fieldLabel('rules[1].permission_set_names[0]')).toBe('Rule 2, Permission sets')
    expect(fieldLabel('rules.0.project_ids.2')).toBe('Rule 1, Projects')
    expect(fieldLabel('default_project_id')).toBe('Default project')
    expect(fieldLabel('expires_at')).toBe('Expires')
  })

  it('rewrites API names inside a sentence', () => {
    expect(inFormWords('a rule needs exactly one scope: organization_id or project_ids')).toBe('a rule needs exactly one scope: “Organization” or “Projects”')
    expect(inFormWords('Invalid policy: rules[0].permission_set_names choose at least one permission set.')).not.toMatch(API_NAMES)
  })

  it('turns a refusal with field errors into a list in the form\'s words', () => {
    const error = {
      code: 'BAD_REQUEST' as const,
      message: 'Invalid policy: rules[0].project_ids choose at least one project (and 1 more).',
      details: {
        fields: [
          { argument_name: 'rules[0].project_ids', help_message: 'choose at least one project' },
          { argument_name: 'rules[0].permission_set_names', help_message: 'permission sets must be of the same scope type (this rule mixes organization and projects)' },
        ],
      },
    }
    const shown = inFormTerms(error)!
    expect(shown.message).toBe('Check these fields — Rule 1, Projects: choose at least one project; Rule 1, Permission sets: permission sets must be of the same scope type (this rule mixes organization and projects).')
    expect(shown.message).not.toMatch(API_NAMES)
    // Still keyed by the API's names, so each message sits next to its field.
    expect(Object.keys(formFieldErrors(error))).toEqual(['rules[0].project_ids', 'rules[0].permission_set_names'])
    expect(ruleErrors(formFieldErrors(error), 0)).toEqual([
      'Projects: choose at least one project',
      'Permission sets: permission sets must be of the same scope type (this rule mixes organization and projects)',
    ])
  })

  it('leaves other errors as they are', () => {
    const conflict = { code: 'CONFLICT' as const, message: 'x', details: { selfLockout: true } }
    expect(inFormTerms(conflict)).toBe(conflict)
    expect(inFormTerms(null)).toBeNull()
  })
})

describe('name rules as typed', () => {
  it('accepts words separated by single spaces and refuses the rest', () => {
    expect(nameProblem('Ops team (prod)')).toBeNull()
    expect(nameProblem('bad/name!')).toMatch(/letters, digits/)
    expect(nameProblem(' leading')).toMatch(/leading/)
    expect(nameProblem('x'.repeat(65))).toMatch(/1 to 64/)
  })
})

// How the quick switcher names what it finds: every quick-find kind of the registry, a second
// line that says something when the description is empty (never the bare id again), and
// permission sets and SSH keys found too.
import { describe, expect, it } from 'vitest'
import { KINDS, QUICK_FIND_KINDS, labelOf } from '../../domain/kinds'
import { ORG_A, apiKey, application, group, permissionSet, policy, sshKey, user } from './cache-fixtures'

describe('quick switcher labels', () => {
  it('finds permission sets and SSH keys, each with a detail pane to open', () => {
    expect(QUICK_FIND_KINDS).toEqual(expect.arrayContaining(['users', 'applications', 'groups', 'policies', 'api_keys', 'ssh_keys', 'permission_sets']))
    for (const kind of QUICK_FIND_KINDS) expect(KINDS[kind].detail, kind).toBe(true)
  })

  it('never falls back on the id as the second line', () => {
    const objects = {
      users: user(ORG_A),
      applications: application(ORG_A, { description: '', nb_api_keys: 2 }),
      groups: group(ORG_A, { description: '' }),
      policies: policy(ORG_A, { description: '', nb_rules: 1 }),
      api_keys: apiKey(ORG_A, { description: '' }),
      ssh_keys: sshKey(ORG_A),
      permission_sets: permissionSet({ description: '', scope_type: 'projects' }),
    }
    for (const kind of QUICK_FIND_KINDS) {
      const item = objects[kind]
      const { label, sublabel } = labelOf(kind, item as never)
      expect(label, kind).not.toBe('')
      expect(sublabel, kind).not.toBe('')
      expect(sublabel, kind).not.toContain(KINDS[kind].idField === 'id' ? (item as { id: string }).id : '\u0000')
    }
    expect(labelOf('applications', objects.applications).sublabel).toBe('2 API keys')
    expect(labelOf('policies', objects.policies).sublabel).toBe('1 rule, no principal')
    expect(labelOf('permission_sets', objects.permission_sets).sublabel).toBe('projects permission set')
    expect(labelOf('groups', group(ORG_A, { description: 'Engineers' })).sublabel).toBe('Engineers')
  })
})

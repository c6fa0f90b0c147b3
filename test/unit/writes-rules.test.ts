// Rules validation, versions and diffs, and the SSH fingerprint shown before a key is saved.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkRules, diffRules, rulesVersion } from '../../src-main/core/features/writes/rules'
import { previewSshKey } from '../../src-main/core/features/writes/ssh-fingerprint'
import { FieldErrors } from '../../src-main/core/features/writes/validate'
import type { PermissionSet } from '../../domain/schemas'

const ORG = '11111111-1111-4111-8111-111111111111'
const PROJ = '22222222-2222-4222-8222-222222222222'
const set = (name: string, scope_type: PermissionSet['scope_type']): PermissionSet => ({ id: `33333333-3333-4333-8333-${String(name.length).padStart(12, '0')}`, name, scope_type, description: '', categories: [] })
const CATALOGUE = [set('IAMManager', 'organization'), set('AllProductsFullAccess', 'projects'), set('InstancesReadOnly', 'projects')]
const SSH = fileURLToPath(new URL('../fixtures/ssh-home/.ssh', import.meta.url))

describe('checkRules', () => {
  it('accepts valid rules and returns them as RuleSpecs', () => {
    const errors = new FieldErrors()
    const out = checkRules([{ permission_set_names: ['IAMManager'], organization_id: ORG }, { permission_set_names: ['InstancesReadOnly'], condition: 'x', project_ids: [PROJ] }], CATALOGUE, errors)
    expect(errors.list).toEqual([])
    expect(out).toEqual([
      { permission_set_names: ['IAMManager'], condition: '', organization_id: ORG },
      { permission_set_names: ['InstancesReadOnly'], condition: 'x', project_ids: [PROJ] },
    ])
  })

  it('reports every problem field by field', () => {
    const errors = new FieldErrors()
    checkRules(
      [
        { permission_set_names: ['IAMManager', 'InstancesReadOnly'], organization_id: ORG },
        { permission_set_names: ['NoSuchSet'], organization_id: ORG, project_ids: [PROJ] },
        { permission_set_names: ['InstancesReadOnly'], condition: 'a'.repeat(2049), project_ids: [PROJ] },
        { permission_set_names: ['IAMManager'], project_ids: [PROJ] },
      ],
      CATALOGUE,
      errors,
    )
    const byField = Object.fromEntries(errors.list.map((e) => [e.argument_name, e.help_message]))
    expect(byField['rules[0].permission_set_names']).toMatch(/same scope type/)
    expect(byField['rules[1].permission_set_names[0]']).toMatch(/not a permission set/)
    expect(byField['rules[1].scope']).toMatch(/exactly one scope/)
    expect(byField['rules[2].condition']).toMatch(/2048/)
    expect(byField['rules[3].project_ids']).toMatch(/whole organization/)
    expect(() => errors.throwIfAny('x')).toThrowError(expect.objectContaining({ kind: 'invalid_input', details: { fields: errors.list } }))
  })
})

describe('rulesVersion and diffRules', () => {
  const a = { permission_set_names: ['IAMManager'], condition: '', organization_id: ORG }
  const b = { permission_set_names: ['InstancesReadOnly'], condition: '', project_ids: [PROJ] }

  it('ignores rule ids and set order (a PUT regenerates ids) but not content', () => {
    expect(rulesVersion([{ ...a, id: 'x' } as never])).toBe(rulesVersion([{ ...a, id: 'y' } as never]))
    expect(rulesVersion([{ ...a, permission_set_names: ['B', 'A'] }])).toBe(rulesVersion([{ ...a, permission_set_names: ['A', 'B'] }]))
    expect(rulesVersion([a])).not.toBe(rulesVersion([a, b]))
    expect(rulesVersion([a])).not.toBe(rulesVersion([{ ...a, condition: 'x' }]))
  })

  it('reports added, removed and changed rules', () => {
    const changedB = { ...b, permission_set_names: ['AllProductsFullAccess'] }
    const c = { permission_set_names: ['AllProductsFullAccess'], condition: '', organization_id: '44444444-4444-4444-8444-444444444444' }
    const d = diffRules([a, b], [changedB, c])
    expect(d.unchanged).toBe(0)
    expect(d.changed).toEqual([{ before: b, after: changedB, permissionSetsAdded: ['AllProductsFullAccess'], permissionSetsRemoved: ['InstancesReadOnly'], conditionChanged: false }])
    expect(d.added).toEqual([c])
    expect(d.removed).toEqual([a])
    expect(d.identical).toBe(false)
    expect(diffRules([a, b], [a, b])).toMatchObject({ added: [], removed: [], changed: [], unchanged: 2, identical: true })
  })
})

describe('previewSshKey', () => {
  it('matches the fingerprint Scaleway recorded (reference §5.1)', () => {
    expect(previewSshKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO')).toEqual({
      type: 'ssh-ed25519',
      bits: 256,
      comment: '',
      fingerprint: '256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 (ssh-ed25519)',
    })
  })

  it('matches ssh-keygen -l -E md5 for RSA and ECDSA keys, with the comment', () => {
    expect(previewSshKey(readFileSync(`${SSH}/id_rsa.pub`, 'utf8'))).toMatchObject({ bits: 3072, fingerprint: '3072 MD5:c6:72:4f:86:9b:ba:c0:c3:1c:2e:8e:b7:ef:db:22:6c alice@old-laptop (ssh-rsa)' })
    expect(previewSshKey(readFileSync(`${SSH}/deploy_ecdsa384.pub`, 'utf8'))).toMatchObject({ bits: 384, fingerprint: '384 MD5:77:0c:a8:91:dd:d4:19:71:fd:21:ca:61:bb:b2:4b:d7 build-bot (ecdsa-sha2-nistp384)' })
  })

  it('refuses broken, mismatched and private keys', () => {
    for (const f of ['broken.pub', 'mismatched_type.pub', 'private_in_disguise.pub', 'empty.pub']) {
      expect(previewSshKey(readFileSync(`${SSH}/${f}`, 'utf8')), f).toHaveProperty('error')
    }
  })
})

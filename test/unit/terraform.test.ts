// The Terraform export's pure parts: the HCL writer's escaping (hostile names round-trip through
// HCL's own decoding rules and never open a template sequence or a line of configuration), the
// resource names (valid, unique, deterministic), references instead of ids, what is left out
// and why, and every generated block against the provider's documented schema.
import { describe, expect, it } from 'vitest'
import { hclComment, hclString, identifierFrom, NameAllocator } from '../../src-main/core/features/terraform/hcl'
import { fileNames, generateOrganization, wholeSeconds, type OrganizationIam } from '../../src-main/core/features/terraform/generate'
import { ORG_A, apiKey, application, group, policy, rule, sshKey, user, uuid } from './cache-fixtures'
import { decodeHclString, parseHcl, stringsOf } from './terraform-hcl-reader'
import { checkTerraformFile, HOSTILE } from './terraform-check'


describe('hclString', () => {
  it.each(HOSTILE.map((s) => [s]))('round-trips %j through HCL decoding with no template sequence', (value) => {
    const quoted = hclString(value)
    expect(quoted).not.toMatch(/[\n\r]/)
    const expected = value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    expect(decodeHclString(quoted)).toBe(expected)
  })

  it('writes the documented escapes', () => {
    expect(hclString('a"b\\c\nd${e}%{f}')).toBe('"a\\"b\\\\c\\nd$${e}%%{f}"')
    expect(hclString('é🚀')).toBe('"é🚀"')
    expect(hclString('\u0001')).toBe('"\\u0001"')
  })

  it('the reader used by these tests refuses what Terraform would evaluate (so the round trip can fail)', () => {
    expect(() => decodeHclString('"${x}"')).toThrow(/template/)
    expect(() => decodeHclString('"%{x}"')).toThrow(/template/)
    expect(() => decodeHclString('"$$${x}"')).not.toThrow()
  })
})

describe('hclComment', () => {
  it('keeps a comment on its line', () => {
    expect(hclComment('a\nb = "x"\r\u2028')).toBe('a\\nb = "x"\\r\\u2028')
  })
})

describe('resource names', () => {
  it('are valid identifiers from any name', () => {
    for (const name of [...HOSTILE, '', '   ', '2024 ops', 'Développeurs', '東京', '-lead', 'a'.repeat(200)]) {
      expect(identifierFrom(name, 'group')).toMatch(/^[a-z_][a-z0-9_]*$/)
    }
    expect(identifierFrom('Data team', 'group')).toBe('data_team')
    expect(identifierFrom('Développeurs', 'group')).toBe('developpeurs')
    expect(identifierFrom('2024 ops', 'group')).toBe('group_2024_ops')
    expect(identifierFrom('東京', 'group')).toBe('group')
  })

  it('get suffixes on collision, in order', () => {
    const names = new NameAllocator()
    expect(['dev', 'dev', 'dev_2', 'dev'].map((n) => names.take(n))).toEqual(['dev', 'dev_2', 'dev_2_2', 'dev_3'])
    expect(fileNames([{ name: 'Acme' }, { name: 'acme' }, { name: '' }])).toEqual(['acme.tf', 'acme_2.tf', 'organization.tf'])
  })
})

function iam(parts: Partial<OrganizationIam>): OrganizationIam {
  return {
    organization: { id: ORG_A, name: 'Acme', lastSyncedAt: '2026-01-01T00:00:00.000Z', ownAccessKey: null },
    users: [],
    applications: [],
    groups: [],
    policies: [],
    apiKeys: [],
    sshKeys: [],
    ...parts,
  }
}

describe('generateOrganization', () => {
  const owner = user(ORG_A, { type: 'owner', email: 'owner@acme.test', username: 'owner' })
  const ada = user(ORG_A, { email: 'ada@acme.test', username: 'ada' })
  const ada2 = user(ORG_A, { email: 'ada@other.test', username: 'ada' })
  const ci = application(ORG_A, { name: 'ci' })
  const managedApp = application(ORG_A, { name: 'Scaleway Console', managed: true, editable: false })
  const devs = group(ORG_A, { name: 'Developers', user_ids: [ada.id, owner.id], application_ids: [ci.id] })
  const devs2 = group(ORG_A, { name: 'developers!', user_ids: [], application_ids: [] })
  const byGroup = policy(ORG_A, { name: 'Devs', no_principal: undefined, group_id: devs.id })
  const byOwner = policy(ORG_A, { name: 'Owner things', no_principal: undefined, user_id: owner.id })
  const rootRule = policy(ORG_A, { name: 'Root' })
  const project = uuid()
  const file = generateOrganization(
    iam({
      organization: { id: ORG_A, name: 'Acme', lastSyncedAt: null, ownAccessKey: 'SCWOWN00000000000001' },
      users: [owner, ada, ada2],
      applications: [ci, managedApp],
      groups: [devs, devs2],
      policies: [
        { policy: byGroup, rules: [rule({ organization_id: ORG_A, condition: "request.ip == '1.2.3.4'" }), rule({ organization_id: undefined, project_ids: [project], permission_set_names: ['B', 'A'] })] },
        { policy: byOwner, rules: [rule()] },
        { policy: rootRule, rules: [rule({ organization_id: undefined, account_root_user_id: 'root', permission_sets_scope_type: 'account_root_user' })] },
      ],
      apiKeys: [
        apiKey(ORG_A, { access_key: 'SCWOWN00000000000001', user_id: owner.id, description: 'owner key' }),
        apiKey(ORG_A, { user_id: undefined, application_id: ci.id, description: 'deploy', expires_at: '2027-03-04T05:06:07.891234Z' }),
        apiKey(ORG_A, { user_id: undefined, application_id: managedApp.id, description: 'console' }),
      ],
      sshKeys: [sshKey(ORG_A, { name: 'laptop', project_id: project, disabled: true })],
      projectNames: new Map([[project, 'production']]),
    }),
    'acme.tf',
  )
  const blocks = parseHcl(file.text)
  const resource = (type: string, name: string) => blocks.find((b) => b.type === 'resource' && b.labels[0] === type && b.labels[1] === name)

  it('passes the schema and reference check', () => {
    expect(checkTerraformFile(file.text)).toEqual([])
  })

  it('writes references between resources, ids only for what it does not manage', () => {
    expect(resource('scaleway_iam_policy', 'devs')!.attributes.get('group_id')).toBe('scaleway_iam_group.developers.id')
    expect(resource('scaleway_iam_group_membership', 'developers_ada')!.attributes.get('user_id')).toBe('scaleway_iam_user.ada.id')
    expect(resource('scaleway_iam_group_membership', 'developers_ci')!.attributes.get('application_id')).toBe('scaleway_iam_application.ci.id')
    expect(resource('scaleway_iam_group_membership', 'developers_owner')!.attributes.get('user_id')).toBe(`"${owner.id}"`)
    expect(file.text).toContain(`user_id  = "${owner.id}" # owner owner@acme.test (not managed here)`)
    expect(resource('scaleway_iam_api_key', 'deploy')!.attributes.get('application_id')).toBe('scaleway_iam_application.ci.id')
  })

  it('gives colliding names suffixes deterministically', () => {
    expect(resource('scaleway_iam_user', 'ada')!.attributes.get('email')).toBe('"ada@acme.test"')
    expect(resource('scaleway_iam_user', 'ada_2')!.attributes.get('email')).toBe('"ada@other.test"')
    expect(resource('scaleway_iam_group', 'developers_2')).toBeDefined()
    expect(generateOrganization(iam({ users: [ada2, ada] }), 'x.tf').text).toBe(generateOrganization(iam({ users: [ada, ada2] }), 'x.tf').text)
  })

  it('writes rules as nested blocks with their scope and condition', () => {
    const rules = resource('scaleway_iam_policy', 'devs')!.blocks
    expect(rules.map((r) => r.type)).toEqual(['rule', 'rule'])
    expect(rules[0]!.attributes.get('organization_id')).toBe(`"${ORG_A}"`)
    expect(stringsOf(rules[0]!.attributes.get('condition')!)).toEqual(["request.ip == '1.2.3.4'"])
    expect(stringsOf(rules[1]!.attributes.get('project_ids')!)).toEqual([project])
    expect(stringsOf(rules[1]!.attributes.get('permission_set_names')!)).toEqual(['A', 'B'])
    expect(file.text).toContain('# project production')
  })

  it('imports every resource with the documented id, API keys by access key and memberships as group/kind/member', () => {
    const imports = blocks.filter((b) => b.type === 'import').map((b) => [b.attributes.get('to'), stringsOf(b.attributes.get('id')!)[0]])
    expect(imports).toContainEqual(['scaleway_iam_group_membership.developers_ada', `${devs.id}/user/${ada.id}`])
    expect(imports).toContainEqual(['scaleway_iam_group_membership.developers_ci', `${devs.id}/app/${ci.id}`])
    expect(imports).toContainEqual(['scaleway_iam_api_key.owner_key', 'SCWOWN00000000000001'])
    expect(imports).toHaveLength(file.resources)
  })

  it('leaves out the owner, managed objects and inexpressible policies, and says why in the header', () => {
    expect(file.leftOut.map((o) => [o.kind, o.name])).toEqual([
      ['user', 'owner@acme.test'],
      ['application', 'Scaleway Console'],
      ['policy', 'Root'],
      ['api_key', 'console'],
    ])
    const header = file.text.slice(0, file.text.indexOf('terraform {'))
    expect(header).toMatch(/user "owner@acme\.test" .*owner/)
    expect(header).toMatch(/application "Scaleway Console" .*managed by Scaleway/)
    expect(header).toMatch(/policy "Root" .*account root user/)
    expect(header).toMatch(/Secrets: no API key secret/)
    expect(file.text).toContain('IAM Desk signs its calls to this organization with this key')
  })

  it('writes expires_at in whole seconds, as the provider keeps it', () => {
    expect(resource('scaleway_iam_api_key', 'deploy')!.attributes.get('expires_at')).toBe('"2027-03-04T05:06:07Z"')
    expect(wholeSeconds('2027-03-04T05:06:07Z')).toBe('2027-03-04T05:06:07Z')
  })

  it('keeps hostile names inside their strings and comments', () => {
    const hostile = HOSTILE.map((name, i) => group(ORG_A, { name, description: name, tags: [name], user_ids: [], application_ids: [], id: uuid(0xf000 + i) }))
    const text = generateOrganization(
      iam({
        organization: { id: ORG_A, name: HOSTILE.join(' '), lastSyncedAt: null, ownAccessKey: null },
        groups: hostile,
        policies: hostile.map((g, i) => ({ policy: policy(ORG_A, { name: HOSTILE[i]!, description: HOSTILE[i]!, no_principal: undefined, group_id: g.id }), rules: [rule({ condition: HOSTILE[i]! })] })),
        applications: [application(ORG_A, { name: HOSTILE.at(-1)!, managed: true })],
      }),
      'x.tf',
    ).text
    expect(checkTerraformFile(text)).toEqual([])
    const parsed = parseHcl(text)
    expect(parsed.filter((b) => b.type === 'resource').map((b) => b.labels[0]).every((t) => t === 'scaleway_iam_group' || t === 'scaleway_iam_policy')).toBe(true)
    const names = parsed.filter((b) => b.labels[0] === 'scaleway_iam_group').map((b) => stringsOf(b.attributes.get('name')!)[0])
    expect(names.sort()).toEqual(HOSTILE.map((h) => decodeHclString(hclString(h))).sort())
    expect(text).not.toContain('null_resource" "pwn" {\n')
  })
})

// An organization's IAM as Terraform for the Scaleway provider (scaleway/scaleway): one root
// module per organization, each object a resource with an `import {}` block (Terraform ≥ 1.5)
// so `terraform plan` adopts what exists instead of creating a copy. Pure: the cached objects in,
// the file's text out (the service reads the cache; test/unit/terraform-*.test.ts check this).
//
// Argument names and nesting follow the provider's documented schema (docs/resources/iam_*.md of
// scaleway/terraform-provider-scaleway; transcribed in test/unit/terraform-schema.ts, which checks
// every generated block against it). Import ids are the provider's documented ones: the object's
// id (an API key's is its access key) and `{group_id}/user/{user_id}` or `{group_id}/app/{id}`
// for a group membership. IAM is global: no id carries a region or zone.
//
// Chosen so that a plan right after the import changes nothing in Scaleway:
// - a group is written with `external_membership = true` and one scaleway_iam_group_membership
//   per member, so each member is its own resource (adding one in code is one resource). The one
//   change the first plan shows: external_membership itself (an import reads it as false); the
//   provider's update sends nothing to Scaleway for it (group.go), as the header says;
// - an argument the API holds empty ("" or []) is left out rather than written empty;
// - what the provider cannot express exactly is left out whole (a policy with a rule scoped to
//   the account root user would otherwise lose that rule at the next apply) and named in the
//   file's header with the reason.
import type { ApiKey, Application, Group, Policy, Rule, SshKey, User } from '../../../../domain/schemas'
import {
  attr,
  blank,
  block,
  hclComment,
  identifierFrom,
  NameAllocator,
  ref,
  writeHcl,
  type HclBlock,
  type HclBodyItem,
  type HclValue,
} from './hcl'

export interface OrganizationIam {
  organization: {
    id: string
    name: string
    /** When the cache was last filled from Scaleway (ISO 8601), null = never synced. */
    lastSyncedAt: string | null
    /** The access key IAM Desk signs with in this organization (marked in the file). */
    ownAccessKey: string | null
  }
  users: readonly User[]
  applications: readonly Application[]
  groups: readonly Group[]
  /** Each policy with its rules in the API's order. */
  policies: ReadonlyArray<{ policy: Policy; rules: readonly Rule[] }>
  apiKeys: readonly ApiKey[]
  sshKeys: readonly SshKey[]
  /** Project names by id, when known: written as a comment beside each project id. */
  projectNames?: ReadonlyMap<string, string>
}

/** An object the file does not manage, and why (the header lists them). */
export interface LeftOut {
  kind: 'user' | 'application' | 'group' | 'policy' | 'api_key' | 'ssh_key'
  id: string
  name: string
  reason: string
}

export interface TerraformFile {
  /** `<organization>.tf`, unique among the files of one export (see fileNames). */
  fileName: string
  text: string
  /** Resources written (each with its import block). */
  resources: number
  leftOut: LeftOut[]
}

const T = {
  user: 'scaleway_iam_user',
  application: 'scaleway_iam_application',
  group: 'scaleway_iam_group',
  membership: 'scaleway_iam_group_membership',
  policy: 'scaleway_iam_policy',
  apiKey: 'scaleway_iam_api_key',
  sshKey: 'scaleway_iam_ssh_key',
} as const

const REASON = {
  owner: 'the organization’s owner exists with the account; the provider cannot create or delete it (its id is written where others refer to it)',
  managed: 'managed by Scaleway (not editable): Terraform cannot change or delete it',
  rootRule: 'a rule is scoped to the account root user, which the provider’s rule block cannot express (it has organization_id or project_ids only); importing it would drop that rule at the next apply',
  allMembers: 'its membership is "all users" or "all applications", which the provider cannot express',
  keyOfLeftOut: 'its bearer is a Scaleway-managed application',
  noRules: 'it has no rule, and the provider requires at least one rule block',
  noBearer: 'Scaleway did not say who holds it (no user_id or application_id)',
} as const

/** A managed object (Scaleway's own): the API marks it `managed` or refuses edits. */
const isManaged = (o: { managed?: boolean | undefined; editable?: boolean }) => o.managed === true || o.editable === false

const byNameThenId = <T,>(name: (o: T) => string, id: (o: T) => string) => (a: T, b: T) =>
  name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0

interface Entry {
  comments?: string[]
  block: HclBlock
}

/** The file for one organization. Deterministic: the same cache gives the same text. */
export function generateOrganization(iam: OrganizationIam, fileName: string): TerraformFile {
  const org = iam.organization
  const leftOut: LeftOut[] = []
  const resources: Entry[] = []
  const imports: Entry[] = []
  const names = new Map<string, NameAllocator>()
  const nameFor = (type: string, wanted: string) => {
    let allocator = names.get(type)
    if (!allocator) names.set(type, (allocator = new NameAllocator()))
    return allocator.take(wanted)
  }
  const add = (type: string, name: string, importId: string, body: HclBodyItem[], comments?: string[]) => {
    resources.push({ ...(comments ? { comments } : {}), block: block('resource', [type, name], body) })
    imports.push({ block: block('import', [], [attr('to', { expr: `${type}.${name}` }), attr('id', importId)]) })
  }
  const project = (id: string): [string, HclValue, string?] => {
    const projectName = iam.projectNames?.get(id)
    return projectName === undefined ? ['project_id', id] : ['project_id', id, `project ${projectName}`]
  }
  const optional = (body: HclBodyItem[], name: string, value: string | readonly string[]) => {
    if (value.length > 0) body.push(attr(name, value))
  }

  // Users: members and guests. The owner is referred to by id.
  const userRef = new Map<string, HclValue>()
  const userComment = new Map<string, string>()
  for (const u of [...iam.users].sort(byNameThenId((x) => x.email.toLowerCase(), (x) => x.id))) {
    if (u.type === 'owner') {
      leftOut.push({ kind: 'user', id: u.id, name: u.email, reason: REASON.owner })
      userComment.set(u.id, `owner ${u.email} (not managed here)`)
      continue
    }
    const name = nameFor(T.user, identifierFrom(u.username || u.email.split('@')[0] || '', 'user'))
    const body: HclBodyItem[] = [attr('organization_id', org.id), attr('email', u.email), attr('username', u.username)]
    optional(body, 'first_name', u.first_name)
    optional(body, 'last_name', u.last_name)
    optional(body, 'phone_number', u.phone_number)
    optional(body, 'locale', u.locale)
    optional(body, 'tags', u.tags)
    add(T.user, name, u.id, body)
    userRef.set(u.id, ref(T.user, name))
  }

  const appRef = new Map<string, HclValue>()
  const leftOutApps = new Set<string>()
  for (const a of [...iam.applications].sort(byNameThenId((x) => x.name, (x) => x.id))) {
    if (isManaged(a)) {
      leftOut.push({ kind: 'application', id: a.id, name: a.name, reason: REASON.managed })
      leftOutApps.add(a.id)
      continue
    }
    const name = nameFor(T.application, identifierFrom(a.name, 'application'))
    const body: HclBodyItem[] = [attr('organization_id', org.id), attr('name', a.name)]
    optional(body, 'description', a.description)
    optional(body, 'tags', a.tags)
    add(T.application, name, a.id, body)
    appRef.set(a.id, ref(T.application, name))
  }

  // A principal or member not managed here (the owner, a managed application, one the cache
  // does not hold) is written by id, with a comment saying who it is.
  const principal = (map: Map<string, HclValue>, id: string): [HclValue, string | undefined] => [
    map.get(id) ?? id,
    map.has(id) ? undefined : (userComment.get(id) ?? (leftOutApps.has(id) ? 'Scaleway-managed application (not managed here)' : 'not in this file')),
  ]
  const principalAttr = (argument: string, map: Map<string, HclValue>, id: string): HclBodyItem => {
    const [value, comment] = principal(map, id)
    return attr(argument, value, comment)
  }

  const groupRef = new Map<string, HclValue>()
  const groupName = new Map<string, string>()
  for (const g of [...iam.groups].sort(byNameThenId((x) => x.name, (x) => x.id))) {
    if (isManaged(g) || g.all_users === true || g.all_applications === true) {
      leftOut.push({ kind: 'group', id: g.id, name: g.name, reason: isManaged(g) ? REASON.managed : REASON.allMembers })
      continue
    }
    const name = nameFor(T.group, identifierFrom(g.name, 'group'))
    const body: HclBodyItem[] = [attr('organization_id', org.id), attr('name', g.name)]
    optional(body, 'description', g.description)
    optional(body, 'tags', g.tags)
    body.push(attr('external_membership', true))
    add(T.group, name, g.id, body, ['Members: the scaleway_iam_group_membership resources below (external_membership).'])
    groupRef.set(g.id, ref(T.group, name))
    groupName.set(g.id, name)
  }

  // One membership per (group, member), after the groups so the file reads group by group.
  const userEmail = new Map(iam.users.map((u) => [u.id, u.email]))
  const appName = new Map(iam.applications.map((a) => [a.id, a.name]))
  for (const g of [...iam.groups].sort(byNameThenId((x) => x.name, (x) => x.id))) {
    const gName = groupName.get(g.id)
    if (gName === undefined) continue
    const members: Array<{ kind: 'user' | 'app'; id: string; label: string }> = [
      ...g.user_ids.map((id) => ({ kind: 'user' as const, id, label: memberLabel(userEmail.get(id), id) })),
      ...g.application_ids.map((id) => ({ kind: 'app' as const, id, label: memberLabel(appName.get(id), id) })),
    ]
    for (const m of members) {
      const name = nameFor(T.membership, `${gName}_${identifierFrom(m.label, m.kind === 'user' ? 'user' : 'application')}`)
      const member = m.kind === 'user' ? principalAttr('user_id', userRef, m.id) : principalAttr('application_id', appRef, m.id)
      add(T.membership, name, `${g.id}/${m.kind}/${m.id}`, [attr('group_id', groupRef.get(g.id)!), member])
    }
  }

  for (const { policy: p, rules } of [...iam.policies].sort(byNameThenId((x) => x.policy.name, (x) => x.policy.id))) {
    if (isManaged(p)) {
      leftOut.push({ kind: 'policy', id: p.id, name: p.name, reason: REASON.managed })
      continue
    }
    if (rules.length === 0) {
      leftOut.push({ kind: 'policy', id: p.id, name: p.name, reason: REASON.noRules })
      continue
    }
    if (rules.some((r) => r.organization_id === undefined && r.project_ids === undefined)) {
      leftOut.push({ kind: 'policy', id: p.id, name: p.name, reason: REASON.rootRule })
      continue
    }
    const name = nameFor(T.policy, identifierFrom(p.name, 'policy'))
    const body: HclBodyItem[] = [attr('organization_id', org.id), attr('name', p.name)]
    optional(body, 'description', p.description)
    optional(body, 'tags', p.tags)
    if (p.user_id !== undefined) body.push(principalAttr('user_id', userRef, p.user_id))
    else if (p.group_id !== undefined) body.push(principalAttr('group_id', groupRef, p.group_id))
    else if (p.application_id !== undefined) body.push(principalAttr('application_id', appRef, p.application_id))
    else body.push(attr('no_principal', true))
    for (const r of rules) body.push(blank, ruleBlock(r, iam.projectNames))
    add(T.policy, name, p.id, body)
  }

  for (const k of [...iam.apiKeys].sort(byNameThenId((x) => x.description, (x) => x.access_key))) {
    const label = k.description || k.access_key
    if (isManaged(k)) {
      leftOut.push({ kind: 'api_key', id: k.access_key, name: label, reason: REASON.managed })
      continue
    }
    if (k.application_id !== undefined && leftOutApps.has(k.application_id)) {
      leftOut.push({ kind: 'api_key', id: k.access_key, name: label, reason: REASON.keyOfLeftOut })
      continue
    }
    if (k.application_id === undefined && k.user_id === undefined) {
      leftOut.push({ kind: 'api_key', id: k.access_key, name: label, reason: REASON.noBearer })
      continue
    }
    const name = nameFor(T.apiKey, identifierFrom(k.description, 'api_key'))
    const body: HclBodyItem[] = []
    optional(body, 'description', k.description)
    body.push(k.application_id !== undefined ? principalAttr('application_id', appRef, k.application_id) : principalAttr('user_id', userRef, k.user_id!))
    // Whole seconds, as the provider keeps it in the state (RFC 3339 without a fraction): a
    // fraction here would read as a different time, and expires_at forces a new key.
    if (k.expires_at !== null) body.push(attr('expires_at', wholeSeconds(k.expires_at)))
    if (k.default_project_id !== '') {
      const [argument, value, comment] = project(k.default_project_id)
      body.push(attr(`default_${argument}`, value, comment))
    }
    const comments = [`Access key ${k.access_key}; its secret key is not exported (an imported key's secret_key is null).`]
    if (k.access_key === org.ownAccessKey) comments.push('IAM Desk signs its calls to this organization with this key: destroying it cuts IAM Desk off.')
    add(T.apiKey, name, k.access_key, body, comments)
  }

  for (const s of [...iam.sshKeys].sort(byNameThenId((x) => x.name, (x) => x.id))) {
    const name = nameFor(T.sshKey, identifierFrom(s.name, 'ssh_key'))
    const [argument, value, comment] = project(s.project_id)
    const body: HclBodyItem[] = [attr('name', s.name), attr('public_key', s.public_key), attr(argument, value, comment)]
    if (s.disabled) body.push(attr('disabled', true))
    add(T.sshKey, name, s.id, body)
  }

  const header = headerComments(iam, leftOut)
  const preamble: Entry = {
    block: block('terraform', [], [
      attr('required_version', '>= 1.5.0'),
      blank,
      block('required_providers', [], [attr('scaleway', { expr: '{\n      source = "scaleway/scaleway"\n    }' })]),
    ]),
  }
  const provider: Entry = {
    comments: ['Credentials: SCW_ACCESS_KEY and SCW_SECRET_KEY (or an scw profile) of this organization.'],
    block: block('provider', ['scaleway'], [attr('organization_id', org.id)]),
  }
  const text = `${header.map((l) => `# ${hclComment(l)}`.trimEnd()).join('\n')}\n\n${writeHcl([preamble, provider, ...resources, ...imports])}`
  return { fileName, text, resources: resources.length, leftOut }
}

/** `2026-01-02T03:04:05.678901Z` → `2026-01-02T03:04:05Z` (UTC). */
export function wholeSeconds(timestamp: string): string {
  return new Date(Math.floor(Date.parse(timestamp) / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function memberLabel(name: string | undefined, id: string): string {
  if (name === undefined) return id
  return name.includes('@') ? name.split('@')[0]! : name
}

function ruleBlock(r: Rule, projectNames: ReadonlyMap<string, string> | undefined): HclBlock {
  const body: HclBodyItem[] = []
  // permission_set_names is a set in the provider: sorted here so the text is stable.
  body.push(attr('permission_set_names', [...(r.permission_set_names ?? [])].sort()))
  if (r.organization_id !== undefined) body.push(attr('organization_id', r.organization_id))
  else {
    const ids = r.project_ids ?? []
    const known = ids.map((id) => projectNames?.get(id)).filter((n): n is string => n !== undefined)
    const comment = known.length === 0 ? undefined : `${known.length === 1 ? 'project' : 'projects'} ${known.join(', ')}`
    body.push(attr('project_ids', ids, comment))
  }
  if (r.condition !== '') body.push(attr('condition', r.condition))
  return block('rule', [], body)
}

function headerComments(iam: OrganizationIam, leftOut: LeftOut[]): string[] {
  const org = iam.organization
  const lines = [
    `Scaleway IAM of the organization ${quoteForComment(org.name)} (${org.id}), exported by IAM Desk from its cache (${org.lastSyncedAt === null ? 'never synced' : `last synced ${org.lastSyncedAt}`}).`,
    '',
    'A root module of its own: keep this file alone in its folder, then `terraform init` and',
    '`terraform plan`. The import blocks adopt the existing objects (Terraform 1.5 or later): the',
    'plan should import every resource and change nothing but each group\'s external_membership',
    '(false after an import; true here because members are scaleway_iam_group_membership',
    'resources), which lives in the Terraform state only: applying it calls no Scaleway API.',
    'Review every plan before you apply it.',
    '',
    'Left out, and why:',
    '- Secrets: no API key secret is in this file (IAM Desk never stores one; an imported key has',
    '  a null secret_key).',
    '- Permission sets, quotas, sessions (JWTs) and audit logs: Scaleway defines them; the provider',
    '  has no resource for them.',
    '- Users’ passwords, MFA, lock and invitation status: not arguments of scaleway_iam_user.',
  ]
  if (leftOut.length === 0) lines.push('- No user, application, group, policy or key of this organization was left out.')
  for (const o of leftOut) lines.push(`- ${o.kind.replace('_', ' ')} ${quoteForComment(o.name)} (${o.id}): ${o.reason}.`)
  return lines.flatMap((l) => wrapComment(l))
}

const quoteForComment = (s: string) => `"${hclComment(s)}"`

/** Long header lines wrapped at ~100 columns on spaces (a continuation is indented). */
function wrapComment(line: string): string[] {
  const out: string[] = []
  let rest = line
  const indent = line.startsWith('- ') ? '  ' : ''
  while (rest.length > 98) {
    const cut = rest.lastIndexOf(' ', 98)
    if (cut <= indent.length) break
    out.push(rest.slice(0, cut))
    rest = indent + rest.slice(cut + 1)
  }
  out.push(rest)
  return out
}

/**
 * `<organization>.tf` for each organization, from its name (the same rule as resource names);
 * two organizations with the same name get `_2`, … in the order given.
 */
export function fileNames(organizations: ReadonlyArray<{ name: string }>): string[] {
  const allocator = new NameAllocator()
  return organizations.map((o) => `${allocator.take(identifierFrom(o.name, 'organization'))}.tf`)
}

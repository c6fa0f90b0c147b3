// Checks a generated Terraform file the way `terraform validate` would for what IAM Desk writes
// (no terraform binary here): every resource's arguments and nested blocks against the
// provider's schema (terraform-schema.ts), one import block per resource with the documented id
// form, every reference pointing at a declared resource, no secret argument.
import { IMPORT_ID, PROVIDER_SCHEMA, SECRET_ARGUMENTS, type BlockSchema } from './terraform-schema'
import { parseHcl, stringsOf, type ParsedBlock } from './terraform-hcl-reader'

/** Names anyone in an organization could give a group or policy, each trying to break out. */
export const HOSTILE = [
  'plain',
  'quote " and backslash \\ and \\"',
  '${file("/etc/passwd")}',
  '%{ if true }x%{ endif }',
  '$${already} %%{escaped}',
  '$$${three}',
  '\\${backslash then interp}',
  'trailing dollar $',
  'new\nline\r\nand\ttab',
  'nul \u0000 bell \u0007 del \u007f c1 \u0085 ls \u2028',
  'unicode: Zoë Ørsted 東京 🚀 ﷽',
  'lone surrogate \ud800 end',
  '" }\nresource "null_resource" "pwn" {\n  x = "',
]

export function checkTerraformFile(text: string): string[] {
  const problems: string[] = []
  const blocks = parseHcl(text)
  const declared = new Set<string>()
  for (const b of blocks.filter((x) => x.type === 'resource')) {
    const [type, name] = b.labels
    const schema = type ? PROVIDER_SCHEMA[type] : undefined
    if (!schema || !name) {
      problems.push(`line ${b.line}: resource ${b.labels.join(' ')} is not one IAM Desk may write`)
      continue
    }
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) problems.push(`line ${b.line}: ${name} is not a valid name`)
    const address = `${type}.${name}`
    if (declared.has(address)) problems.push(`line ${b.line}: ${address} declared twice`)
    declared.add(address)
    checkBlock(b, schema, address, problems)
  }
  const imported = new Set<string>()
  for (const b of blocks.filter((x) => x.type === 'import')) {
    const to = b.attributes.get('to')
    const id = stringsOf(b.attributes.get('id') ?? '')[0]
    if (!to || id === undefined) {
      problems.push(`line ${b.line}: import without to or id`)
      continue
    }
    if (!declared.has(to)) problems.push(`line ${b.line}: import to ${to}, which is not declared`)
    if (imported.has(to)) problems.push(`line ${b.line}: ${to} imported twice`)
    imported.add(to)
    const form = IMPORT_ID[to.split('.')[0]!]
    if (form && !form.test(id)) problems.push(`line ${b.line}: import id ${id} of ${to} is not the documented form`)
  }
  for (const address of declared) if (!imported.has(address)) problems.push(`${address} has no import block`)
  // References: every `scaleway_iam_x.name.attr` outside strings names a declared resource.
  for (const b of blocks) walk(b, (attribute, value) => {
    for (const m of value.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/\b(scaleway_iam_[a-z_]+)\.([A-Za-z0-9_-]+)(\.[a-z_]+)?/g)) {
      const address = `${m[1]}.${m[2]}`
      if (!declared.has(address)) problems.push(`${attribute} refers to ${address}, which is not declared`)
    }
  })
  const others = blocks.filter((x) => !['resource', 'import', 'terraform', 'provider'].includes(x.type))
  for (const o of others) problems.push(`line ${o.line}: unexpected top-level block ${o.type}`)
  return problems
}

function checkBlock(b: ParsedBlock, schema: BlockSchema, where: string, problems: string[]): void {
  for (const name of b.attributes.keys()) {
    if (!schema.arguments.includes(name)) problems.push(`${where}: ${name} is not an argument of the provider's schema`)
    if (SECRET_ARGUMENTS.includes(name)) problems.push(`${where}: ${name} is a secret`)
  }
  for (const name of schema.required ?? []) if (!b.attributes.has(name)) problems.push(`${where}: required ${name} missing`)
  for (const group of schema.exactlyOne ?? []) {
    const set = group.filter((g) => b.attributes.has(g))
    if (set.length !== 1) problems.push(`${where}: exactly one of ${group.join(', ')} expected, got ${set.length}`)
  }
  for (const nested of b.blocks) {
    const nestedSchema = schema.blocks?.[nested.type]
    if (!nestedSchema) problems.push(`${where}: no nested block ${nested.type} in the provider's schema`)
    else checkBlock(nested, nestedSchema, `${where}.${nested.type}`, problems)
  }
  for (const [type, nestedSchema] of Object.entries(schema.blocks ?? {})) {
    const count = b.blocks.filter((x) => x.type === type).length
    if (count < (nestedSchema.min ?? 0)) problems.push(`${where}: needs at least ${nestedSchema.min} ${type} block(s)`)
  }
}

function walk(b: ParsedBlock, visit: (attribute: string, value: string) => void): void {
  for (const [name, value] of b.attributes) visit(`${b.type} ${b.labels.join('.')} ${name}`, value)
  for (const nested of b.blocks) walk(nested, visit)
}

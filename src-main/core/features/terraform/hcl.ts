// A small HCL writer for the Terraform export: quoted strings escaped for HCL's native syntax,
// identifiers Terraform accepts, and blocks laid out the way `terraform fmt` would (two-space
// indent, `=` aligned within each run of one-line arguments) so the files need no reformatting.
// Names and descriptions come from anyone in an organization: every one of them passes through
// hclString (values) or hclComment (comments), never straight into the text.

/** An argument's value: a string, a bool, a list of strings, or an expression (a reference). */
export type HclValue = string | boolean | readonly HclValue[] | HclExpr

/** Written as is: a reference such as `scaleway_iam_group.developers.id`. */
export interface HclExpr {
  readonly expr: string
}

export const ref = (resourceType: string, name: string, attribute = 'id'): HclExpr => ({ expr: `${resourceType}.${name}.${attribute}` })

export interface HclAttribute {
  kind: 'attribute'
  name: string
  value: HclValue
  /** A trailing `# …` on the same line (e.g. the project's name beside its id). */
  comment?: string
}

export interface HclBlock {
  kind: 'block'
  type: string
  labels: string[]
  body: HclBodyItem[]
}

/** A blank line between groups of arguments (fmt aligns `=` per group). */
export interface HclBlank {
  kind: 'blank'
}

export type HclBodyItem = HclAttribute | HclBlock | HclBlank

export const attr = (name: string, value: HclValue, comment?: string): HclAttribute =>
  comment === undefined ? { kind: 'attribute', name, value } : { kind: 'attribute', name, value, comment }
export const block = (type: string, labels: string[], body: HclBodyItem[]): HclBlock => ({ kind: 'block', type, labels, body })
export const blank: HclBlank = { kind: 'blank' }

/**
 * A quoted HCL string whose value is exactly `value`. Besides the JSON-like escapes (quote,
 * backslash, newline, control characters), HCL reads `${` and `%{` inside a quoted string as a
 * template: they are doubled (`$${`, `%%{`), or a policy named `${file("/etc/passwd")}` would be
 * evaluated by `terraform plan`. Other Unicode is written as is (the file is UTF-8); a lone
 * surrogate (not valid UTF-8) becomes U+FFFD.
 */
export function hclString(value: string): string {
  let out = '"'
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    const code = value.charCodeAt(i)
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if ((ch === '$' || ch === '%') && value[i + 1] === '{') out += ch + ch
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += ch + value[i + 1]!
      i++
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd'
    else out += ch
  }
  return out + '"'
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff

/**
 * Text safe inside a `#` comment: a comment ends at the line's end, so a name with a newline
 * could otherwise start a line of configuration. Control characters are shown escaped.
 */
export function hclComment(text: string): string {
  let out = ''
  for (const c of text) {
    const code = c.charCodeAt(0)
    if (c === '\n') out += '\\n'
    else if (c === '\r') out += '\\r'
    else if (c === '\t') out += '\\t'
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += c
  }
  return out
}

/** Terraform's identifier rule for resource names: a letter or `_`, then letters, digits, `_` or `-`. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/

/**
 * A resource name from an object's name: ASCII letters folded from accents (é → e), lower case,
 * every other run of characters one `_`; a name that would start with a digit gets the
 * fallback's prefix (`group_2024_ops`), an empty one is the fallback. Deterministic; uniqueness
 * is the caller's (NameAllocator).
 */
export function identifierFrom(name: string, fallback: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '')
  if (ascii === '') return fallback
  return /^[0-9]/.test(ascii) ? `${fallback}_${ascii}` : ascii
}

/** Hands out unique names within one resource type: `developers`, `developers_2`, … */
export class NameAllocator {
  readonly #taken = new Set<string>()

  take(wanted: string): string {
    let name = wanted
    for (let n = 2; this.#taken.has(name); n++) name = `${wanted}_${n}`
    this.#taken.add(name)
    return name
  }
}

function value(v: HclValue, indent: string): string {
  if (typeof v === 'string') return hclString(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (isExpr(v)) return v.expr
  if (v.length === 0) return '[]'
  // Short lists on one line, long ones (many project ids) one element per line.
  const items = v.map((item) => value(item, indent + '  '))
  const oneLine = `[${items.join(', ')}]`
  if (oneLine.length <= 80) return oneLine
  return `[\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}]`
}

const isExpr = (v: HclValue): v is HclExpr => typeof v === 'object' && !Array.isArray(v) && 'expr' in (v as object)

/** The body's lines at `indent`, `=` aligned across consecutive one-line attributes as fmt does. */
function body(items: readonly HclBodyItem[], indent: string): string[] {
  const lines: string[] = []
  let run: HclAttribute[] = []
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.name.length))
    const texts = run.map((a) => `${indent}${a.name.padEnd(width)} = ${value(a.value, indent)}`)
    // Trailing comments on consecutive lines start in one column, as fmt aligns them.
    for (let i = 0; i < run.length; ) {
      let j = i
      while (j < run.length && run[j]!.comment !== undefined) j++
      if (j === i) {
        lines.push(texts[i]!)
        i++
        continue
      }
      const column = Math.max(...texts.slice(i, j).map((t) => t.length))
      for (let k = i; k < j; k++) lines.push(`${texts[k]!.padEnd(column)} # ${hclComment(run[k]!.comment!)}`)
      i = j
    }
    run = []
  }
  for (const item of items) {
    if (item.kind === 'attribute') {
      const text = value(item.value, indent)
      if (!text.includes('\n')) {
        run.push(item)
        continue
      }
      // fmt leaves a line that opens a multi-line value out of the alignment (hclwrite gives it
      // no "assign" cell) and ends the run there.
      flush()
      lines.push(`${indent}${item.name} = ${text}`)
      continue
    }
    flush()
    if (item.kind === 'blank') lines.push('')
    else lines.push(...blockLines(item, indent))
  }
  flush()
  return lines
}

function blockLines(b: HclBlock, indent: string): string[] {
  const head = [b.type, ...b.labels.map(hclString)].join(' ')
  if (b.body.length === 0) return [`${indent}${head} {}`]
  return [`${indent}${head} {`, ...body(b.body, indent + '  '), `${indent}}`]
}

/** Top-level blocks separated by one blank line, optionally each preceded by comment lines. */
export function writeHcl(items: ReadonlyArray<{ comments?: string[]; block: HclBlock }>): string {
  return items
    .map(({ comments, block: b }) => [...(comments ?? []).map((c) => `# ${hclComment(c)}`.trimEnd()), ...blockLines(b, '')].join('\n'))
    .join('\n\n')
    .concat('\n')
}

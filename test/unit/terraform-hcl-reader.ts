// A reader of the HCL subset the Terraform export writes, for the tests: quoted strings decoded
// by HCL's own rules (hashicorp/hcl hclsyntax: a `$` or `%` followed by `{` opens a template
// sequence, `$${` and `%%{` are the literal escapes, backslash escapes as in JSON plus \U), and
// the block / argument structure line by line (the writer never puts a raw newline in a string).

/** The value of an HCL quoted string `"…"`; throws on a template sequence or a bad escape. */
export function decodeHclString(quoted: string): string {
  if (!quoted.startsWith('"') || !quoted.endsWith('"') || quoted.length < 2) throw new Error(`not a quoted string: ${quoted}`)
  const s = quoted.slice(1, -1)
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (ch === '\\') {
      const e = s[++i]
      if (e === 'n') out += '\n'
      else if (e === 'r') out += '\r'
      else if (e === 't') out += '\t'
      else if (e === '"') out += '"'
      else if (e === '\\') out += '\\'
      else if (e === 'u') {
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16))
        i += 4
      } else throw new Error(`bad escape \\${e} in ${quoted}`)
    } else if ((ch === '$' || ch === '%') && s[i + 1] === '{') {
      throw new Error(`template sequence ${ch}{ in ${quoted}`)
    } else if ((ch === '$' || ch === '%') && s[i + 1] === ch && s[i + 2] === '{') {
      out += `${ch}{`
      i += 2
    } else if (ch === '"') {
      throw new Error(`unescaped quote in ${quoted}`)
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`raw newline in ${quoted}`)
    } else out += ch
  }
  return out
}

export interface ParsedBlock {
  type: string
  labels: string[]
  /** Argument name → its raw value text (a multi-line list joined). */
  attributes: Map<string, string>
  blocks: ParsedBlock[]
  line: number
}

const BLOCK_OPEN = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)((?:\s+"(?:[^"\\]|\\.)*")*)\s*\{$/
const ATTRIBUTE = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*)$/

/** Top-level blocks of a file the writer produced (comments skipped). */
export function parseHcl(text: string): ParsedBlock[] {
  const lines = text.split('\n')
  const root: ParsedBlock = { type: '', labels: [], attributes: new Map(), blocks: [], line: 0 }
  const stack = [root]
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const top = stack[stack.length - 1]!
    if (trimmed === '}') {
      if (stack.length === 1) throw new Error(`line ${i + 1}: unbalanced }`)
      stack.pop()
      continue
    }
    const open = BLOCK_OPEN.exec(line)
    if (open && !line.includes('=')) {
      const labels = [...open[3]!.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => decodeHclString(m[0]))
      const b: ParsedBlock = { type: open[2]!, labels, attributes: new Map(), blocks: [], line: i + 1 }
      top.blocks.push(b)
      stack.push(b)
      continue
    }
    const empty = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\s+"(?:[^"\\]|\\.)*")*)\s*\{\}$/.exec(trimmed)
    if (empty) {
      top.blocks.push({ type: empty[1]!, labels: [...empty[2]!.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => decodeHclString(m[0])), attributes: new Map(), blocks: [], line: i + 1 })
      continue
    }
    const a = ATTRIBUTE.exec(line)
    if (!a) throw new Error(`line ${i + 1}: not HCL the writer produces: ${line}`)
    let value = stripComment(a[2]!)
    // A multi-line list or object: up to the line that closes it.
    const closer = value === '[' ? ']' : value === '{' ? '}' : null
    if (closer) {
      const indent = /^\s*/.exec(line)![0]
      while (++i < lines.length && lines[i] !== `${indent}${closer}`) value += lines[i]!.trim()
      value += closer
    }
    if (top.attributes.has(a[1]!)) throw new Error(`line ${i + 1}: ${a[1]} set twice`)
    top.attributes.set(a[1]!, value)
  }
  if (stack.length !== 1) throw new Error('unclosed block')
  return root.blocks
}

/** The value text without a trailing `# comment` (outside strings). */
function stripComment(value: string): string {
  let inString = false
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]
    if (inString && ch === '\\') i++
    else if (ch === '"') inString = !inString
    else if (!inString && ch === '#') return value.slice(0, i).trimEnd()
  }
  return value
}

/** The strings of a value: one for a quoted string, each element of a list. */
export function stringsOf(value: string): string[] {
  return [...value.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => decodeHclString(m[0]))
}

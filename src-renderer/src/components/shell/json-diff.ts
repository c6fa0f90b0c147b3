// Which top-level fields of an API object changed between two snapshots, for the change view.

export interface FieldDiff {
  field: string
  before: unknown
  after: unknown
}

function asRecord(v: unknown): Record<string, unknown> {
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]))
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Fields present in either snapshot whose values differ; absent = undefined. */
export function diffFields(before: unknown, after: unknown): FieldDiff[] {
  const b = asRecord(before)
  const a = asRecord(after)
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  return fields.filter((f) => !same(b[f], a[f])).map((field) => ({ field, before: b[field], after: a[field] }))
}

export function showValue(v: unknown): string {
  if (v === undefined) return '—'
  if (typeof v === 'string') return v
  return JSON.stringify(v, null, 2)
}

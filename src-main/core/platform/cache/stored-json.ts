// Everything that goes into a JSON column passes through here: secrets are dropped and keys
// are sorted, so that the stored text of two equal objects is equal (change detection
// compares text) whatever order the API or a caller used.

/** Field names that carry a secret anywhere in the Scaleway API or in our own objects. */
const SECRET_FIELD = /secret/i

function clean(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(clean)
  // A Secret (or anything else with its own toJSON) is stored as what it chooses to print.
  const withToJson = value as { toJSON?: () => unknown }
  if (typeof withToJson.toJSON === 'function') return clean(withToJson.toJSON())
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    if (SECRET_FIELD.test(key)) continue
    const v = (value as Record<string, unknown>)[key]
    if (v === undefined) continue
    out[key] = clean(v)
  }
  return out
}

/** A JSON text with every field whose name mentions a secret removed, keys sorted. */
export function storedJson(value: unknown): string {
  return JSON.stringify(clean(value)) ?? 'null'
}

export function parseStored(text: string): unknown {
  return JSON.parse(text) as unknown
}

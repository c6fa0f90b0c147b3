// List pages a sync fetched as raw JSON text (ScalewayClient.listPagesRaw), parsed and validated
// here, in the commit worker: the main thread only moves their bytes. A page that is not JSON or
// does not match the API's schema fails the organization's sync with `bad_response`, exactly as
// a page validated by the client would.
import { z } from 'zod'
import type { RawListKind } from '../scaleway/client'
import { ScalewayApiError, describeIssues } from '../scaleway/errors'
import { KINDS, type KindItems } from './kinds'

/** The same CoreError the client throws for a page it validates itself. */
const badResponse = (path: string, message: string) => new ScalewayApiError({ kind: 'bad_response', method: 'GET', path, message })

const listSchemas = new Map<RawListKind, z.ZodType<{ items: unknown[] }>>()
function listSchema<K extends RawListKind>(kind: K): z.ZodType<{ items: Array<KindItems[K]> }> {
  let schema = listSchemas.get(kind)
  if (!schema) {
    schema = z.object({ [kind]: z.array(KINDS[kind].schema as z.ZodType) }).transform((page) => ({ items: page[kind] as unknown[] }))
    listSchemas.set(kind, schema)
  }
  return schema as z.ZodType<{ items: Array<KindItems[K]> }>
}

/** Every item of the pages, in order; throws bad_response naming the path and the failing fields. */
export function itemsOfRawPages<K extends RawListKind>(kind: K, pages: readonly string[], path: string): Array<KindItems[K]> {
  const items: Array<KindItems[K]> = []
  for (const text of pages) {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw badResponse(path, `Scaleway answered GET ${path} with a body that is not JSON.`)
    }
    const r = listSchema(kind).safeParse(json)
    if (!r.success) {
      throw badResponse(path, `Scaleway answered GET ${path} with an unexpected shape (${describeIssues(r.error.issues, 5).join('; ')}).`)
    }
    for (const item of r.data.items) items.push(item)
  }
  return items
}

// Browse: lists, counts, details and the quick switcher, answered from the cache (offline too).
import { z } from 'zod'
import { ApiObject, Id, ResourceKind } from './common'

export const BrowseInput = z
  .object({
    kind: ResourceKind,
    /** Empty or absent: every organization. */
    organizationIds: z.array(Id).max(500).optional(),
    search: z.string().max(200).optional(),
    /** Kind-specific filters; main checks them against the kind's own schema. */
    filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    sort: z.object({ field: z.string().max(50), dir: z.enum(['asc', 'desc']) }).optional(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(500),
  })
  .strict()
export type BrowseInput = z.infer<typeof BrowseInput>

export const BrowseRow = z.object({ organizationId: z.string(), organizationName: z.string(), id: z.string(), item: ApiObject })
export type BrowseRow = z.infer<typeof BrowseRow>
export const BrowsePage = z.object({ total: z.number().int().nonnegative(), rows: z.array(BrowseRow), cacheAgeMs: z.number().nullable() })
export type BrowsePage = z.infer<typeof BrowsePage>
/** How many objects each list holds for a scope (the sidebar's counts), in one call. */
export const BrowseCounts = z.partialRecord(ResourceKind, z.number().int().nonnegative())
export type BrowseCounts = z.infer<typeof BrowseCounts>

export const DetailKind = z.enum(['users', 'applications', 'groups', 'policies', 'api_keys', 'ssh_keys', 'permission_sets', 'jwts', 'logs'])
export const DetailInput = z.object({ kind: DetailKind, organizationId: Id, id: Id }).strict()
/** The object and its relations, resolved from the cache (shape per kind, see core/features/browse/detail.query.ts). */
export const Detail = z.object({ kind: DetailKind, organizationId: z.string(), organizationName: z.string(), item: ApiObject, relations: z.record(z.string(), z.unknown()) })
export type Detail = z.infer<typeof Detail>

export const QuickFindHit = z.object({
  kind: z.enum(['organization', 'users', 'applications', 'groups', 'policies', 'api_keys']),
  organizationId: z.string(),
  organizationName: z.string(),
  id: z.string(),
  label: z.string(),
  sublabel: z.string(),
})
export type QuickFindHit = z.infer<typeof QuickFindHit>

export const browseCalls = {
  'browse.list': { input: BrowseInput, output: BrowsePage },
  'browse.counts': { input: z.object({ organizationIds: z.array(Id).max(500).optional() }).strict(), output: BrowseCounts },
  'browse.detail': { input: DetailInput, output: Detail },
  'browse.quickFind': { input: z.object({ query: z.string().min(1).max(200), limit: z.number().int().positive().max(50).optional() }).strict(), output: z.array(QuickFindHit) },
} as const

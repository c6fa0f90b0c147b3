// /account/v3/projects: the Account API's projects (wire shape from @scaleway/sdk-account's
// ProjectAPI: `{projects: [Project], total_count}`, paged by page/page_size, filtered by
// organization_id, name, project_ids, sorted by order_by, default created_at_asc). IAM Desk
// reads them to show project names where IAM only gives ids. Who may read them: auth.ts
// mayReadProjects (README.md, "Projects").
import type { Project } from '../../domain/schemas'
import { mayReadProjects, type Principal } from '../auth'
import { invalidArgument, notFound, permissionsDenied } from '../http/errors'
import { isUuid } from '../ids'
import { paginate } from '../http/query'
import type { RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import { ok, tsKey } from './common'

export const ACCOUNT_API = '/account/v3'
const ORDERS = ['created_at_asc', 'created_at_desc', 'name_asc', 'name_desc'] as const

function allowProjects(p: Principal, organizationId?: string): void {
  if (!mayReadProjects(p)) throw permissionsDenied('project', 'read')
  if (organizationId !== undefined && organizationId !== p.org.id) throw permissionsDenied('project', 'read')
}

export const projectRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${ACCOUNT_API}/projects`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const name = q.str('name', { min: 1, max: 255 })
      const ids = q.uuids('project_ids')
      const { page, pageSize } = q.page()
      q.done()
      allowProjects(ctx.principal, orgId)
      const wanted = ids && new Set(ids)
      const items = ctx.principal.org.projects.filter((p) => (name === undefined || p.name === name) && (wanted === undefined || wanted.has(p.id)))
      const { field, desc } = splitOrder(order)
      const sorted = sortBy(items, (p: Project) => (field === 'name' ? p.name.toLowerCase() : tsKey(p.created_at ?? null)), desc)
      return ok({ projects: paginate(sorted, page, pageSize), total_count: sorted.length })
    },
  },
  {
    method: 'GET',
    path: `${ACCOUNT_API}/projects/:id`,
    handler: (ctx) => {
      const id = ctx.params.id ?? ''
      if (!isUuid(id)) throw invalidArgument('project_id', 'format', 'value must be a valid UUID')
      allowProjects(ctx.principal)
      const found = ctx.principal.org.projects.find((p) => p.id === id.toLowerCase())
      if (found) return ok(found)
      const owner = ctx.store.ownerOrg.get(id)
      if (owner !== undefined && owner !== ctx.principal.org.id) throw permissionsDenied('project', 'read')
      throw notFound('project', id)
    },
  },
]

// Each organization's projects as the last sync left them, and whether that sync could list
// them. The sync reads them (GET /account/v3/projects) beside IAM; a credential holding IAM sets
// only gets 403, the sync skips the kind (sync-engine OPTIONAL_KINDS) and this answers `denied`
// with the reason, so every place that shows a project keeps the id and says why.
import type { OrganizationProjects, ProjectRef } from '../../../../src-preload/contract/projects'
import type { Cache } from '../../platform/cache/cache'

/** Why names are missing when the credential may not list projects, in the user's words. */
export const PROJECTS_DENIED_REASON =
  "This organization's API key may not list projects (it needs ProjectReadOnly, ProjectManager or OrganizationManager), so projects are shown by id."

export class ProjectsService {
  constructor(private readonly cache: Cache) {}

  list(organizationIds?: readonly string[]): OrganizationProjects[] {
    const orgs = this.cache.organizations.list().filter((o) => !organizationIds || organizationIds.includes(o.id))
    return orgs.map((o) => this.of(o.id))
  }

  of(organizationId: string): OrganizationProjects {
    const projects = this.projectsOf(organizationId)
    const last = this.cache.syncRuns.lastSuccessful(organizationId)
    const denied = last?.counts.skipped.find((s) => s.kind === 'projects')
    if (denied) return { organizationId, status: 'denied', reason: PROJECTS_DENIED_REASON, projects }
    // A sync by a version without projects leaves no row count for them: not read yet.
    if (!last || last.counts.rows.projects === undefined) return { organizationId, status: 'not_synced', reason: null, projects }
    return { organizationId, status: 'listed', reason: null, projects }
  }

  /** Cached projects of an organization, by name (default first on equal names). */
  projectsOf(organizationId: string): ProjectRef[] {
    return this.cache.resources
      .list(organizationId, 'projects')
      .map((p) => ({ id: p.id, name: p.name, description: p.description, isDefault: p.id === organizationId }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || Number(b.isDefault) - Number(a.isDefault))
  }

  /** Project id → name in one organization, for features that label ids (policy analysis, exports). */
  namesOf(organizationId: string): Map<string, string> {
    return new Map(this.projectsOf(organizationId).map((p) => [p.id, p.name]))
  }
}

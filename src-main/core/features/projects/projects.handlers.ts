import type { Handlers } from '../../router'
import type { ProjectsService } from './projects.service'

export function projectsHandlers(projects: ProjectsService): Pick<Handlers, 'projects.list'> {
  return {
    'projects.list': ({ organizationIds }) => projects.list(organizationIds),
  }
}

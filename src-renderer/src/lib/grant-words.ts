// Grants in the user's words (domain/grants.ts): where a grant applies and under what condition.
import type { Grant } from '../../../domain/grants'

/** "All projects", "The organization", "Project web-prod", "The root user". */
export function scopeWords(g: Grant): string {
  switch (g.scope.type) {
    case 'organization':
      return g.scopeType === 'projects' ? 'All projects' : 'The organization'
    case 'project':
      return `Project ${g.scope.projectName ?? g.scope.projectId.slice(0, 8)}`
    case 'account_root_user':
      return 'The root user'
  }
}

/** The no-new-access verdict as a headline. */
export function verdictWords(v: 'no_new_access' | 'review' | 'new_access', b = 'B', a = 'A'): string {
  switch (v) {
    case 'no_new_access':
      return `No new access: ${b} grants nothing ${a} does not`
    case 'review':
      return 'Changed conditions, review: no grant is new, but some are held under another condition'
    case 'new_access':
      return `New access: ${b} grants what ${a} does not`
  }
}

// Projects: each organization's projects (Account API v3, synced with IAM) so that project ids
// read as names — in rules' scopes, API keys' and SSH keys' default project, the credential
// report — and so a project can be picked by name wherever one is typed.
import { z } from 'zod'
import { Id } from './common'

export const ProjectRef = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** The organization's default project (its id is the organization's id on Scaleway). */
  isDefault: z.boolean(),
})
export type ProjectRef = z.infer<typeof ProjectRef>

/**
 * - `listed`: the last successful sync listed the projects (`projects`, by name).
 * - `denied`: the organization's credential may not list projects (403): ids are shown as ids
 *   and `reason` says why, in the user's words.
 * - `not_synced`: no sync has read projects yet (never synced, or synced by an older version).
 */
export const ProjectsStatus = z.enum(['listed', 'denied', 'not_synced'])
export type ProjectsStatus = z.infer<typeof ProjectsStatus>

export const OrganizationProjects = z.object({
  organizationId: z.string(),
  status: ProjectsStatus,
  reason: z.string().nullable(),
  projects: z.array(ProjectRef),
})
export type OrganizationProjects = z.infer<typeof OrganizationProjects>

export const projectsCalls = {
  /** The projects of these organizations (all of them when omitted), each sorted by name. */
  'projects.list': {
    input: z.object({ organizationIds: z.array(Id).max(1000).optional() }).strict(),
    output: z.array(OrganizationProjects),
  },
} as const

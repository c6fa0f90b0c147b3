import type { DetailRef } from '../../state/nav.svelte'

/** The detail kind of a principal or bearer kind ('user' → 'users'); null for none/unknown. */
export function principalRef(kind: string, organizationId: string, id: string | null | undefined): DetailRef | null {
  if (!id) return null
  switch (kind) {
    case 'user':
      return { kind: 'users', organizationId, id }
    case 'group':
      return { kind: 'groups', organizationId, id }
    case 'application':
      return { kind: 'applications', organizationId, id }
    case 'api_key':
      return { kind: 'api_keys', organizationId, id }
    case 'policy':
      return { kind: 'policies', organizationId, id }
    default:
      return null
  }
}

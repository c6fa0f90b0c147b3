// GET /organizations/{id} (docs/scaleway-iam-api.md §8). Not in schemas.ts because it is
// outside the synced resource kinds: profiles use it to show an organization's name.
import { z } from 'zod'
import { Uuid } from '../../../../domain/schemas'

export const Organization = z.object({
  id: Uuid,
  name: z.string(),
  alias: z.string().optional(),
  login_password_enabled: z.boolean().optional(),
  login_magic_code_enabled: z.boolean().optional(),
  login_oauth2_enabled: z.boolean().optional(),
  login_saml_enabled: z.boolean().optional(),
})
export type Organization = z.infer<typeof Organization>

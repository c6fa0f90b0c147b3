// Terraform export (issue 19): the IAM of one or several organizations as HCL for the Scaleway
// provider, with import blocks, generated from the cache (offline too). `terraform.preview`
// answers the files' text for the in-app preview (and the browser mode's downloads);
// `terraform.save` asks the user for a folder with the native dialog (Electron) and writes them
// there, each organization in a subfolder of its own (one root module each). No secret is in
// either: the cache holds none.
import { z } from 'zod'
import { Id } from './common'

export const TerraformInput = z.object({ organizationIds: z.array(Id).min(1).max(500) }).strict()
export type TerraformInput = z.infer<typeof TerraformInput>

export const TerraformLeftOut = z.object({
  kind: z.enum(['user', 'application', 'group', 'policy', 'api_key', 'ssh_key']),
  id: z.string(),
  name: z.string(),
  reason: z.string(),
})
export type TerraformLeftOut = z.infer<typeof TerraformLeftOut>

export const TerraformFile = z.object({
  organizationId: Id,
  organizationName: z.string(),
  /** `<organization>.tf`, unique within the answer. */
  fileName: z.string(),
  text: z.string(),
  /** Resources in the file, each with its import block. */
  resources: z.number().int().nonnegative(),
  leftOut: z.array(TerraformLeftOut),
})
export type TerraformFile = z.infer<typeof TerraformFile>

export const TerraformPreview = z.object({ files: z.array(TerraformFile) })
export type TerraformPreview = z.infer<typeof TerraformPreview>

export const TerraformSaved = z.discriminatedUnion('status', [
  /** Written: the folder the user chose and the files' paths relative to it. */
  z.object({ status: z.literal('saved'), folder: z.string(), files: z.array(z.string()) }),
  /** The user closed the folder dialog. */
  z.object({ status: z.literal('cancelled') }),
])
export type TerraformSaved = z.infer<typeof TerraformSaved>

export const terraformCalls = {
  /** The files of the chosen organizations, for the preview (and browser-mode downloads). */
  'terraform.preview': { input: TerraformInput, output: TerraformPreview },
  /**
   * Electron only: the native folder dialog, then `<folder>/<organization>/<organization>.tf`
   * per organization; refuses (and writes nothing) when one of those files already exists.
   */
  'terraform.save': { input: TerraformInput, output: TerraformSaved },
} as const

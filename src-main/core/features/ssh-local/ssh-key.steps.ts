// What the SSH key job steps do against Scaleway (docs/ssh-keys.md). Each reads before it
// writes, like every step (docs/jobs.md): an upload lists the organization's keys first, so a
// key added since the last sync — by a colleague, the console, or this job before a crash — is
// found and never uploaded twice into the same project (Scaleway itself accepts the same key again under a new id).
import type { JobStep } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import type { ScalewayClient } from '../../platform/scaleway/client'
import type { WriteKit } from '../writes/services'
import { gone, type StepOutcome } from '../jobs/steps'
import { blobOf } from './public-key'

export interface SshStepContext {
  kit: WriteKit
  client: ScalewayClient
  organizationId: string
  recordBefore(before: unknown): void
}

export async function runSshKeyStep(step: JobStep, ctx: SshStepContext): Promise<StepOutcome> {
  const { client, kit, organizationId: org } = ctx
  switch (step.action) {
    case 'sshKey.create': {
      const p = step.params.sshKey
      const blob = p ? blobOf(p.publicKey) : null
      if (!p || !blob) throw new AppError('invalid_input', 'This step holds no valid public key.')
      const current = await client.listSshKeys({ organization_id: org })
      const there = current.find((k) => k.project_id === p.projectId && blobOf(k.public_key) === blob)
      if (there) {
        kit.cache.resources.upsert(org, 'ssh_keys', there)
        return { state: 'already', message: `Already there as "${there.name}"${there.disabled ? ' (disabled)' : ''}.` }
      }
      const key = await client.createSshKey({ name: p.name, public_key: p.publicKey, project_id: p.projectId })
      kit.cache.resources.upsert(org, 'ssh_keys', key)
      return { state: 'done', message: `Uploaded as "${key.name}".` }
    }
    case 'sshKey.enable': {
      const key = await client.getSshKey(step.target.id)
      if (!key.disabled) return { state: 'already', message: 'Already enabled.' }
      ctx.recordBefore({ disabled: true })
      kit.cache.resources.upsert(org, 'ssh_keys', await client.updateSshKey(step.target.id, { disabled: false }))
      return { state: 'done', message: 'Enabled.' }
    }
    case 'sshKey.delete':
      return gone(() => client.deleteSshKey(step.target.id), () => kit.cache.resources.remove(org, 'ssh_keys', step.target.id), 'SSH key deleted.')
    default:
      throw new AppError('invalid_input', `Not an SSH key step: ${step.action}.`)
  }
}

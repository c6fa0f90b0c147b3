// Where a rotation keeps secrets between its steps: the OS keychain (or session memory, for an
// organization whose secret is kept for the session only), never SQLite, the journal or a log.
//
//  - pending  `rotation:<job>:<old access key>:new` — the new key's access key and secret, written
//    the moment Scaleway answers the create and kept until the secret is delivered (to the
//    organization's keychain entry, the scw config) or revealed, or the rotation is rolled back.
//    A resumed create finds it, so the new key is never created twice and its secret never lost.
//  - previous `rotation:<job>:<old access key>:previous` — the old key's secret, kept when a
//    delivery replaced it (IAM Desk's own keychain entry, an scw config profile) so a rollback can
//    put it back; dropped by the finish or the rollback.
//
// Account names cannot collide with a profile's (a UUID) or the keychain probe's.
import { Secret } from '../../platform/scaleway/secret'
import type { SecretStoreKind } from '../../platform/secrets/secret-store'
import type { SecretVault } from '../../platform/secrets/secret-vault'

export interface HeldKey {
  accessKey: string
  secret: Secret
}

const pendingName = (jobId: string, oldAccessKey: string) => `rotation:${jobId}:${oldAccessKey}:new`
const previousName = (jobId: string, oldAccessKey: string) => `rotation:${jobId}:${oldAccessKey}:previous`

/** Every keychain entry a key's rotation may hold (removing an organization deletes them all). */
export const rotationSecretNames = (jobId: string, oldAccessKey: string): string[] => [pendingName(jobId, oldAccessKey), previousName(jobId, oldAccessKey)]

export class RotationSecrets {
  constructor(
    private readonly vault: SecretVault,
    private readonly kind: SecretStoreKind,
  ) {}

  async pending(jobId: string, oldAccessKey: string): Promise<HeldKey | null> {
    const raw = await this.vault.get(pendingName(jobId, oldAccessKey), this.kind)
    if (!raw) return null
    try {
      const v = JSON.parse(raw.reveal()) as { accessKey?: unknown; secretKey?: unknown }
      if (typeof v.accessKey !== 'string' || typeof v.secretKey !== 'string') return null
      return { accessKey: v.accessKey, secret: new Secret(v.secretKey) }
    } catch {
      return null
    }
  }

  setPending(jobId: string, oldAccessKey: string, held: HeldKey): Promise<void> {
    return this.vault.set(pendingName(jobId, oldAccessKey), new Secret(JSON.stringify({ accessKey: held.accessKey, secretKey: held.secret.reveal() })), this.kind)
  }

  dropPending(jobId: string, oldAccessKey: string): Promise<void> {
    return this.vault.delete(pendingName(jobId, oldAccessKey), this.kind)
  }

  previous(jobId: string, oldAccessKey: string): Promise<Secret | null> {
    return this.vault.get(previousName(jobId, oldAccessKey), this.kind)
  }

  setPrevious(jobId: string, oldAccessKey: string, secret: Secret): Promise<void> {
    return this.vault.set(previousName(jobId, oldAccessKey), secret, this.kind)
  }

  dropPrevious(jobId: string, oldAccessKey: string): Promise<void> {
    return this.vault.delete(previousName(jobId, oldAccessKey), this.kind)
  }
}

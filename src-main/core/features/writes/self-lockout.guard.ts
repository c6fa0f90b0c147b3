// Feeds the pure self-lockout check (self-lockout.ts) with the organization's state from the
// cache, and turns a "lockout" verdict into a CONFLICT the UI can explain and override.
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { OrganizationProfile } from '../../platform/cache/organizations.repo'
import { displayName } from '../../platform/cache/kinds'
import type { ScalewayClient } from '../../platform/scaleway/client'
import { checkSelfLockout, type GuardRule, type GuardVerdict, type IamView, type ProposedChange } from './self-lockout'
import type { WriteRunner } from './write-runner'

export class SelfLockoutGuard {
  constructor(
    private readonly cache: Cache,
    private readonly runner: WriteRunner,
  ) {}

  /** The organization as the guard sees it; `rules` overrides the cached rules of policies. */
  async view(profile: OrganizationProfile, client: ScalewayClient, rules?: Map<string, readonly GuardRule[]>): Promise<IamView> {
    const r = this.cache.resources
    const org = profile.id
    // Our own key is in the cache after a sync; before one, ask Scaleway who holds it.
    const key = r.get(org, 'api_keys', profile.accessKey) ?? (await this.runner.read(() => client.getApiKey(profile.accessKey)))
    let bearerLabel: string
    let bearerIsOwner = false
    let bearer: IamView['bearer']
    if (key.user_id) {
      bearer = { type: 'user', id: key.user_id }
      const user = r.get(org, 'users', key.user_id) ?? (await this.runner.read(() => client.getUser(key.user_id!)))
      bearerIsOwner = user.type === 'owner'
      bearerLabel = `${bearerIsOwner ? 'owner' : 'user'} ${displayName(user)}`
    } else if (key.application_id) {
      bearer = { type: 'application', id: key.application_id }
      bearerLabel = `application "${r.get(org, 'applications', key.application_id)?.name ?? key.application_id}"`
    } else {
      throw new AppError('unexpected_answer', 'Scaleway did not say who holds the API key IAM Desk uses; the self-lockout guard cannot decide.')
    }
    return {
      organizationId: org,
      organizationName: profile.name,
      accessKey: profile.accessKey,
      bearer,
      bearerLabel,
      bearerIsOwner,
      groups: r.list(org, 'groups'),
      policies: r.list(org, 'policies'),
      rulesOf: (policyId) => rules?.get(policyId) ?? r.rulesOf(org, policyId),
    }
  }

  async verdict(profile: OrganizationProfile, client: ScalewayClient, change: ProposedChange, rules?: Map<string, readonly GuardRule[]>): Promise<GuardVerdict> {
    return checkSelfLockout(await this.view(profile, client, rules), change)
  }

  /** Refuses the change with CONFLICT `{ selfLockout: true }` unless `override` is set. */
  async enforce(profile: OrganizationProfile, client: ScalewayClient, change: ProposedChange, override: boolean | undefined, rules?: Map<string, readonly GuardRule[]>): Promise<void> {
    if (override) return
    const v = await this.verdict(profile, client, change, rules)
    if (!v.lockout) return
    throw new AppError('state_conflict', v.explanation, {
      selfLockout: true,
      explanation: v.explanation,
      grantsLost: v.grantsLost.map((g) => ({ policyId: g.policyId, policyName: g.policyName, viaGroupId: g.viaGroupId, viaGroupName: g.viaGroupName, permissionSets: g.permissionSets })),
    })
  }
}

// The "needs attention" home (issue 17): per scope, how many API keys are expired, never
// expire or are older than the rotation threshold, how many users have no MFA or are locked,
// how many policies have no principal, how many SSH keys share their public key with another,
// which organizations failed their last sync or have a stale cache — and, once the policy lint
// exists, its findings. Every count is asked of the cache exactly as the list or report it
// links to asks it (the same filters through the same queries), so a number and the rows behind
// its link never disagree.
import type { Cache } from '../../platform/cache/cache'
import type { CredentialsService } from '../credentials/credentials.service'
import type { SettingsService } from '../settings/settings.service'
import type { AttentionOrganization, HomeAttention } from '../../../../src-preload/contract/home'
import type { BrowseInputFor } from '../../../../src-preload/contract'
import type { ResourceKind } from '../../../../domain/kinds'

/**
 * THE SLOT FOR POLICY LINT FINDINGS. The policy lint (a later feature) provides this: its
 * finding count for the organizations in scope, or null while it has no data for them. Until
 * it is wired in app.ts the home says nothing about lint.
 */
export type LintFindingsSource = (organizationIds: readonly string[]) => { count: number } | null

export interface HomeDeps {
  cache: Cache
  credentials: Pick<CredentialsService, 'attention'>
  settings: SettingsService
  now: () => Date
  lintFindings?: LintFindingsSource
}

const HOUR_MS = 3_600_000

export class HomeService {
  readonly #d: HomeDeps

  constructor(deps: HomeDeps) {
    this.#d = deps
  }

  attention(input: { organizationIds?: string[] | undefined }): HomeAttention {
    const all = this.#d.cache.organizations.list()
    const scope = input.organizationIds?.length ? all.filter((o) => input.organizationIds!.includes(o.id)) : all
    const ids = scope.map((o) => o.id)
    const keys = this.#d.credentials.attention(input.organizationIds?.length ? { organizationIds: ids } : {})
    const staleAfterHours = this.#d.settings.get().cacheAgeWarnHours
    const staleBefore = this.#d.now().getTime() - staleAfterHours * HOUR_MS
    const named = (o: (typeof scope)[number]): AttentionOrganization => ({ organizationId: o.id, name: o.name, lastSyncAt: o.lastSyncAt })
    return {
      organizations: scope.length,
      apiKeys: {
        expired: keys.byReason.expired,
        neverExpire: keys.byReason.never_expires,
        olderThanThreshold: keys.byReason.old,
        ageThresholdDays: keys.ageThresholdDays,
      },
      users: {
        withoutMfa: this.#count('users', ids, { mfa: false }),
        locked: this.#count('users', ids, { locked: true }),
      },
      policiesWithoutPrincipal: this.#count('policies', ids, { principalKind: 'none' }),
      duplicateSshKeys: this.#count('ssh_keys', ids, { duplicate: true }),
      failedSyncs: scope.filter((o) => o.lastSyncStatus === 'failed').map(named),
      staleCaches: scope.filter((o) => o.lastSyncAt === null || Date.parse(o.lastSyncAt) < staleBefore).map(named),
      staleAfterHours,
      lintFindings: this.#d.lintFindings?.(ids) ?? null,
    }
  }

  /** How many rows the list of `kind` shows with these filters: the list's own query. */
  #count<K extends ResourceKind>(kind: K, organizationIds: string[], filters: NonNullable<BrowseInputFor<K>['filters']>): number {
    if (organizationIds.length === 0) return 0
    return this.#d.cache.browse({ kind, organizationIds, filters, offset: 0, limit: 1 } as BrowseInputFor<K>).total
  }
}

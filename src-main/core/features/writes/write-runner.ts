// Runs one write operation the same way every time: resolve the organization's profile and
// secret → client → (the caller's validation and guard) → journal entry → API call → cache
// update → event. The journal records what was planned, each step and the outcome, never a
// secret: plans are built by the callers from non-secret fields only, and the journal repo drops
// any field named like a secret as a second line of defence.
//
// A write is what Scaleway did: once its API call succeeded, a failing cache update does not
// make it fail. It is journaled as succeeded, its result goes back to the caller, and the cache
// is repaired by reading the objects back from Scaleway (or, when that is not enough, by a sync
// of the organization).
import { randomUUID } from 'node:crypto'
import { AppError, unreachable } from '../../errors/app-error'
import { isUnreachable, toContractError } from '../../errors/contract-error'
import type { Cache } from '../../platform/cache/cache'
import type { OrganizationProfile } from '../../platform/cache/organizations.repo'
import type { EventHub } from '../../event-hub'
import type { OrgsService } from '../orgs/orgs.service'
import type { ScalewayClient } from '../../platform/scaleway/client'
import { ScalewayApiError } from '../../platform/scaleway/errors'
import type { Secret } from '../../platform/scaleway/secret'
import type { ConnectivityTracker } from '../../connectivity'

export interface WriteDeps {
  cache: Cache
  orgs: Pick<OrgsService, 'secretOf'>
  clientFor: (apiUrl: string, secret: Secret) => ScalewayClient
  hub: EventHub
  connectivity?: ConnectivityTracker
  newId?: () => string
  now?: () => Date
  /** Syncs an organization again, in the background (a cache repair that re-reading cannot do). */
  resync?: (organizationId: string) => void
  /** How long a cache repair may take re-reading objects before it falls back on a sync. */
  repairTimeoutMs?: number
}

/** Kinds an object of which can be read back alone (GET by id). */
export type RereadKind = 'users' | 'applications' | 'groups' | 'policies' | 'api_keys' | 'ssh_keys' | 'jwts'

/**
 * How to repair the cache if a write's cache update fails: read these objects back from Scaleway
 * (one gone there is removed from the cache), or sync the whole organization ('resync') when the
 * update also did what Scaleway does by cascade (a deleted user's keys, groups, policies…).
 */
export type CacheRepair = ReadonlyArray<{ kind: RereadKind; id: string }> | 'resync'

export interface WriteContext {
  profile: OrganizationProfile
  client: ScalewayClient
  /** Records one step's outcome in the journal (no secrets: plain facts and ids). */
  step(what: string, detail?: Record<string, unknown>): void
  /**
   * Applies what Scaleway answered to the cache. Call it only after the API call succeeded: if
   * `update` throws, the write still succeeds (journaled with a note) and the runner repairs the
   * cache as `repair` says once the operation returns; this then returns undefined.
   */
  cache<R>(repair: CacheRepair, update: () => R): R | undefined
}

export interface Target {
  profile: OrganizationProfile
  client: ScalewayClient
}

export interface WriteSpec {
  /** The contract call, e.g. `groups.delete`. */
  operation: string
  /** What is about to happen, for the journal: ids, names, flags — never a secret or password. */
  plan: Record<string, unknown>
  /** Cache kinds the write changes (for the `writes.applied` event). */
  kinds: string[]
}

export class WriteRunner {
  readonly #d: WriteDeps
  readonly #newId: () => string
  readonly #now: () => Date

  constructor(deps: WriteDeps) {
    this.#d = deps
    this.#newId = deps.newId ?? randomUUID
    this.#now = deps.now ?? (() => new Date())
  }

  get cache(): Cache {
    return this.#d.cache
  }

  profile(organizationId: string): OrganizationProfile {
    const p = this.#d.cache.organizations.get(organizationId)
    if (!p) throw new AppError('not_in_desk', 'This organization is not in IAM Desk (it may have been removed).')
    return p
  }

  async client(profile: OrganizationProfile): Promise<ScalewayClient> {
    return this.#d.clientFor(profile.apiUrl, await this.#d.orgs.secretOf(profile))
  }

  /** The organization's profile and a client with its secret: resolved before any check. */
  async target(organizationId: string): Promise<Target> {
    const profile = this.profile(organizationId)
    return { profile, client: await this.client(profile) }
  }

  /** A read needed before a write (rules, the bearer): connectivity learnt, errors rethrown as they are. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const v = await fn()
      this.#d.connectivity?.reachable()
      return v
    } catch (err) {
      this.#learn(err)
      throw err
    }
  }

  /**
   * Journals and runs `fn`. On failure the entry ends `failed` with the contract's code and
   * message for the error (the router shows the same) and the error is rethrown as it is. A
   * failing cache update after a successful API call is no failure: see WriteContext.cache.
   */
  async run<T>(spec: WriteSpec, target: Target, fn: (ctx: WriteContext) => Promise<{ value: T; objectId: string | null }>): Promise<T> {
    const { profile, client } = target
    const journal = this.#d.cache.journal
    const id = this.#newId()
    journal.begin({ id, organizationId: profile.id, operation: spec.operation, plan: spec.plan })
    const repairs: CacheRepair[] = []
    const ctx: WriteContext = {
      profile,
      client,
      step: (what, detail) => {
        journal.appendStep(id, { what, at: this.#now().toISOString(), ...(detail ?? {}) })
      },
      cache: (repair, update) => {
        try {
          return update()
        } catch (err) {
          // Only the error's class name: a database message is no business of the journal.
          ctx.step('cache update failed', { cause: err instanceof Error ? err.name : typeof err })
          repairs.push(repair)
          return undefined
        }
      },
    }
    let result: { value: T; objectId: string | null }
    try {
      result = await fn(ctx)
    } catch (err) {
      this.#learn(err)
      const e = toContractError(err)
      journal.appendStep(id, { what: 'failed', code: e.code, message: e.message }, 'failed')
      throw err
    }
    this.#d.connectivity?.reachable()
    if (repairs.length === 0) {
      journal.appendStep(id, { what: 'done', objectId: result.objectId }, 'succeeded')
    } else {
      journal.appendStep(
        id,
        { what: 'done', objectId: result.objectId, note: 'Applied on Scaleway. The local cache could not be updated: it is being repaired from Scaleway.' },
        'succeeded',
      )
      await this.#repair(id, profile, client, repairs)
    }
    this.#d.hub.emit('writes.applied', { organizationId: profile.id, operation: spec.operation, kinds: spec.kinds, objectId: result.objectId })
    return result.value
  }

  /** The one connectivity rule (errors/contract-error.ts) applied to a failed call. */
  #learn(err: unknown): void {
    if (isUnreachable(err)) this.#d.connectivity?.unreachable(toContractError(err).message)
  }

  /**
   * Re-reads the objects a failed cache update was about and stores what Scaleway holds now;
   * anything it cannot do that way (a cascade, a failing read, a cache still failing) is left to
   * a sync of the organization. Never throws: the write itself has succeeded.
   */
  async #repair(journalId: string, profile: OrganizationProfile, client: ScalewayClient, repairs: readonly CacheRepair[]): Promise<void> {
    let resync = repairs.includes('resync')
    const seen = new Set<string>()
    const targets = repairs.flatMap((r) => (r === 'resync' ? [] : r)).filter((t) => !seen.has(`${t.kind}/${t.id}`) && seen.add(`${t.kind}/${t.id}`))
    const signal = AbortSignal.timeout(this.#d.repairTimeoutMs ?? 15_000)
    const reread: string[] = []
    for (const t of targets) {
      try {
        await this.#reread(profile.id, client, t.kind, t.id, signal)
        reread.push(`${t.kind}/${t.id}`)
      } catch {
        resync = true
      }
    }
    if (resync) this.#d.resync?.(profile.id)
    this.#d.cache.journal.appendStep(journalId, {
      what: resync ? 'cache repair: organization re-synced' : 'cache repaired',
      at: this.#now().toISOString(),
      reread,
      ...(resync ? { resync: true } : {}),
    })
  }

  async #reread(org: string, client: ScalewayClient, kind: RereadKind, id: string, signal: AbortSignal): Promise<void> {
    const r = this.#d.cache.resources
    const o = { signal }
    try {
      switch (kind) {
        case 'users':
          return r.upsert(org, kind, await client.getUser(id, o))
        case 'applications':
          return r.upsert(org, kind, await client.getApplication(id, o))
        case 'groups':
          return r.upsert(org, kind, await client.getGroup(id, o))
        case 'api_keys':
          return r.upsert(org, kind, { ...(await client.getApiKey(id, o)), secret_key: null })
        case 'ssh_keys':
          return r.upsert(org, kind, await client.getSshKey(id, o))
        case 'jwts':
          return r.upsert(org, kind, await client.getJwt(id, o))
        case 'policies': {
          const [policy, rules] = await Promise.all([client.getPolicy(id, o), client.listRules({ policy_id: id }, o)])
          return this.#d.cache.db.transaction(() => {
            r.upsert(org, kind, policy)
            r.replaceRules(org, id, rules)
          })()
        }
        default:
          throw unreachable(kind)
      }
    } catch (err) {
      // Gone on Scaleway (deleted by this write, or since): gone from the cache too.
      if (err instanceof ScalewayApiError && err.kind === 'not_found') {
        r.remove(org, kind, id)
        return
      }
      throw err
    }
  }

  /** The journal, newest first, optionally for one organization. */
  journal(organizationId: string | undefined, limit: number) {
    const entries = organizationId ? this.#d.cache.journal.recent(Math.max(limit * 20, 1000)).filter((e) => e.organizationId === organizationId) : this.#d.cache.journal.recent(limit)
    return entries.slice(0, limit)
  }
}

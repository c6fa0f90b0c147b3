// Runs one write operation the same way every time: resolve the organization's profile and
// secret → client → (the caller's validation and guard) → journal entry → API call → cache
// update → event. The journal records what was planned, each step and the outcome, never a
// secret: plans are built by the callers from non-secret fields only, and the journal repo drops
// any field named like a secret as a second line of defence.
import { randomUUID } from 'node:crypto'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { OrganizationProfile } from '../../platform/cache/organizations.repo'
import type { EventHub } from '../../event-hub'
import type { OrgsService } from '../orgs/orgs.service'
import type { ScalewayClient } from '../../platform/scaleway/client'
import { ScalewayApiError } from '../../platform/scaleway/errors'
import type { Secret } from '../../platform/scaleway/secret'
import type { ConnectivityTracker } from '../../connectivity'
import { fromApiError } from '../../errors/error-map'

export interface WriteDeps {
  cache: Cache
  orgs: Pick<OrgsService, 'secretOf'>
  clientFor: (apiUrl: string, secret: Secret) => ScalewayClient
  hub: EventHub
  connectivity?: ConnectivityTracker
  newId?: () => string
  now?: () => Date
}

export interface WriteContext {
  profile: OrganizationProfile
  client: ScalewayClient
  /** Records one step's outcome in the journal (no secrets: plain facts and ids). */
  step(what: string, detail?: Record<string, unknown>): void
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
    if (!p) throw new AppError('NOT_FOUND', 'This organization is not in IAM Desk (it may have been removed).')
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

  /** A read needed before a write (rules, the bearer): errors mapped, connectivity learnt. */
  async read<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const v = await fn()
      this.#d.connectivity?.reachable()
      return v
    } catch (err) {
      throw this.#toAppError(err, 'Nothing was changed.')
    }
  }

  /**
   * Journals and runs `fn`. On failure the entry ends `failed` with the error code (an offline
   * failure is never recorded as done) and the error crosses as an AppError.
   */
  async run<T>(spec: WriteSpec, target: Target, fn: (ctx: WriteContext) => Promise<{ value: T; objectId: string | null }>): Promise<T> {
    const { profile, client } = target
    const journal = this.#d.cache.journal
    const id = this.#newId()
    journal.begin({ id, organizationId: profile.id, operation: spec.operation, plan: spec.plan })
    const ctx: WriteContext = {
      profile,
      client,
      step: (what, detail) => {
        journal.appendStep(id, { what, at: this.#now().toISOString(), ...(detail ?? {}) })
      },
    }
    let result: { value: T; objectId: string | null }
    try {
      result = await fn(ctx)
    } catch (err) {
      const appErr = this.#toAppError(err, 'Nothing was changed.')
      journal.appendStep(id, { what: 'failed', code: appErr.code, message: appErr.message }, 'failed')
      throw appErr
    }
    this.#d.connectivity?.reachable()
    journal.appendStep(id, { what: 'done', objectId: result.objectId }, 'succeeded')
    this.#d.hub.emit('writes.applied', { organizationId: profile.id, operation: spec.operation, kinds: spec.kinds, objectId: result.objectId })
    return result.value
  }

  #toAppError(err: unknown, offlineTail: string): AppError {
    if (err instanceof AppError) return err
    if (err instanceof ScalewayApiError) {
      const mapped = fromApiError(err)
      if (mapped.code === 'OFFLINE') {
        if (err.kind === 'network' || err.kind === 'timeout') this.#d.connectivity?.unreachable(mapped.message)
        return new AppError('OFFLINE', `${mapped.message} ${err.mayHaveBeenApplied ? 'The change may or may not have been applied: refresh before trying again.' : offlineTail}`)
      }
      return mapped
    }
    return new AppError('INTERNAL', 'Something went wrong inside IAM Desk. Refresh before trying again.')
  }

  /** The journal, newest first, optionally for one organization. */
  journal(organizationId: string | undefined, limit: number) {
    const entries = organizationId ? this.#d.cache.journal.recent(Math.max(limit * 20, 1000)).filter((e) => e.organizationId === organizationId) : this.#d.cache.journal.recent(limit)
    return entries.slice(0, limit)
  }
}

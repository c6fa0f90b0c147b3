// What every per-kind write service gets: the runner (journal, errors, events), the cache
// effects (cascades) and the self-lockout guard.
import type { z } from 'zod'
import type { writeCalls, WriteCallName } from '../../../../src-preload/contract'
import type { Cache } from '../../platform/cache/cache'
import type { PermissionSet } from '../../../../domain/schemas'
import { CacheEffects } from './cache-effects'
import { SelfLockoutGuard } from './self-lockout.guard'
import { WriteRunner, type Target, type WriteDeps } from './write-runner'

export interface WriteKit {
  w: WriteRunner
  fx: CacheEffects
  guard: SelfLockoutGuard
  cache: Cache
  /** The organization's permission-set catalogue; fetched and cached when no sync has stored it yet. */
  catalogue(t: Target): Promise<PermissionSet[]>
}

export function createWriteKit(deps: WriteDeps): WriteKit {
  const w = new WriteRunner(deps)
  const cache = deps.cache
  return {
    w,
    fx: new CacheEffects(cache),
    guard: new SelfLockoutGuard(cache, w),
    cache,
    async catalogue(t) {
      const cached = cache.resources.list(t.profile.id, 'permission_sets')
      if (cached.length > 0) return cached
      const sets = await w.read(() => t.client.listPermissionSets({ organization_id: t.profile.id }))
      cache.db.transaction(() => {
        for (const s of sets) cache.resources.upsert(t.profile.id, 'permission_sets', s)
      })()
      return sets
    },
  }
}

/** `{ a: undefined }` → `{}`: optional fields the caller did not set are not sent at all. */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never
}

export type In<K extends WriteCallName> = z.output<(typeof writeCalls)[K]['input']>
export type Out<K extends WriteCallName> = z.input<(typeof writeCalls)[K]['output']>

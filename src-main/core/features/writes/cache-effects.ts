// Applies a successful write to the cache at once, including the cascades Scaleway performs
// itself (§6.5, §6.6, §6.2): deleting a user or an application deletes its API keys and leaves
// its policies without a principal; deleting a group leaves its policies without a principal;
// memberships follow. Lists then reflect the write without a full sync.
import type { Cache } from '../../platform/cache/cache'
import type { ApiKey, Policy } from '../../../../domain/schemas'

type Member = { type: 'user' | 'application'; id: string }

export class CacheEffects {
  constructor(private readonly cache: Cache) {}

  #tx<T>(fn: () => T): T {
    return this.cache.db.transaction(fn)()
  }

  /** Policies whose principal was `member` (or the group) lose it, as the API does. */
  #orphanPolicies(orgId: string, match: (p: Policy) => boolean): string[] {
    const r = this.cache.resources
    const ids: string[] = []
    for (const p of r.list(orgId, 'policies')) {
      if (!match(p)) continue
      const { user_id: _u, group_id: _g, application_id: _a, ...rest } = p
      r.upsert(orgId, 'policies', { ...rest, no_principal: true })
      ids.push(p.id)
    }
    return ids
  }

  #removeKeysOf(orgId: string, bearer: Member): string[] {
    const r = this.cache.resources
    const keys = r.list(orgId, 'api_keys').filter((k) => (bearer.type === 'user' ? k.user_id === bearer.id : k.application_id === bearer.id))
    for (const k of keys) r.remove(orgId, 'api_keys', k.access_key)
    return keys.map((k) => k.access_key)
  }

  #dropFromGroups(orgId: string, member: Member): void {
    const r = this.cache.resources
    for (const g of r.list(orgId, 'groups')) {
      const list = member.type === 'user' ? g.user_ids : g.application_ids
      if (!list.includes(member.id)) continue
      const next = list.filter((id) => id !== member.id)
      r.upsert(orgId, 'groups', member.type === 'user' ? { ...g, user_ids: next } : { ...g, application_ids: next })
    }
  }

  /** Deleting a user or an application (§6.5, §6.6). */
  removeBearer(orgId: string, bearer: Member): { removedApiKeys: string[]; orphanedPolicies: string[] } {
    return this.#tx(() => {
      this.cache.resources.remove(orgId, bearer.type === 'user' ? 'users' : 'applications', bearer.id)
      const removedApiKeys = this.#removeKeysOf(orgId, bearer)
      this.#dropFromGroups(orgId, bearer)
      const orphanedPolicies = this.#orphanPolicies(orgId, (p) => (bearer.type === 'user' ? p.user_id === bearer.id : p.application_id === bearer.id))
      if (bearer.type === 'user') {
        // Its sessions end with it.
        for (const j of this.cache.resources.list(orgId, 'jwts')) if (j.audience_id === bearer.id) this.cache.resources.remove(orgId, 'jwts', j.jti)
      }
      return { removedApiKeys, orphanedPolicies }
    })
  }

  /** Deleting a group (§6.2): memberships go with the row (foreign key), its policies lose their principal. */
  removeGroup(orgId: string, groupId: string): { orphanedPolicies: string[] } {
    return this.#tx(() => {
      this.cache.resources.remove(orgId, 'groups', groupId)
      return { orphanedPolicies: this.#orphanPolicies(orgId, (p) => p.group_id === groupId) }
    })
  }

  /** Deleting a policy: its rules go with it (foreign key). */
  removePolicy(orgId: string, policyId: string): void {
    this.cache.resources.remove(orgId, 'policies', policyId)
  }

  /** A created key (its secret already stripped) and its application's key count. */
  addApiKey(orgId: string, key: ApiKey): void {
    this.#tx(() => {
      const existed = this.cache.resources.get(orgId, 'api_keys', key.access_key) !== undefined
      this.cache.resources.upsert(orgId, 'api_keys', key)
      if (!existed && key.application_id) this.#bumpKeyCount(orgId, key.application_id, +1)
    })
  }

  removeApiKey(orgId: string, accessKey: string): void {
    this.#tx(() => {
      const key = this.cache.resources.get(orgId, 'api_keys', accessKey)
      this.cache.resources.remove(orgId, 'api_keys', accessKey)
      if (key?.application_id) this.#bumpKeyCount(orgId, key.application_id, -1)
    })
  }

  #bumpKeyCount(orgId: string, applicationId: string, delta: number): void {
    const app = this.cache.resources.get(orgId, 'applications', applicationId)
    if (app) this.cache.resources.upsert(orgId, 'applications', { ...app, nb_api_keys: Math.max(0, app.nb_api_keys + delta) })
  }
}

// All organizations, the secret → API key map used to authenticate, and an id → owning
// organization index so a request for another organization's object can be told apart from
// a request for an object that does not exist.
import type { Project } from '../../domain/schemas'
import type { SeedOrganization } from '../seed'
import { accessKeyFrom, createRng, isoMicros, uuidFrom } from '../ids'
import { OrgState, type StoredApiKey } from './org-state'

export class Store {
  readonly orgs = new Map<string, OrgState>()
  /** secret key → { organization, access key }. Secrets are never returned after creation. */
  readonly secrets = new Map<string, { orgId: string; accessKey: string }>()
  /** access key → secret, to drop the secret when the key is deleted. */
  readonly secretOfKey = new Map<string, string>()
  /**
   * access key → creation time (ms, emulator clock) of keys created through the API: a key
   * still propagating answers 401 (auth.ts). Seeded keys are not in it: they exist "already".
   */
  readonly keyCreatedAt = new Map<string, number>()
  /** any object id (or access key / jti) → owning organization id. */
  readonly ownerOrg = new Map<string, string>()
  /** Groups with a write in progress: concurrent writes get 409 transient_state. */
  readonly updatingGroups = new Set<string>()
  readonly #rng: () => number
  /**
   * Bumped after every request that may change something (any method but GET): the JSON text
   * kept for stored objects (jsonOf) is reused only within one revision.
   */
  revision = 0
  readonly #json = new WeakMap<object, { revision: number; text: string }>()

  constructor(
    readonly now: () => Date,
    seed: number,
  ) {
    this.#rng = createRng(seed ^ 0x5eed1d5)
  }

  /**
   * A stored object's JSON text, kept until the next write. List pages are assembled from it:
   * the real API's serialisation costs this machine nothing, and the emulator should not either,
   * so that on a shared machine the bench measures the client, not its stand-in server.
   */
  jsonOf(obj: object): string {
    const kept = this.#json.get(obj)
    if (kept && kept.revision === this.revision) return kept.text
    const text = JSON.stringify(obj)
    this.#json.set(obj, { revision: this.revision, text })
    return text
  }

  /** Serialises every stored object ahead of the first request (see jsonOf). */
  prepareJson(): void {
    for (const org of this.orgs.values()) {
      for (const coll of [org.users, org.applications, org.apiKeys, org.groups, org.policies, org.sshKeys, org.logs, org.jwts]) {
        for (const obj of coll.values()) this.jsonOf(obj)
      }
    }
  }

  newId(): string {
    return uuidFrom(this.#rng)
  }

  newAccessKey(): string {
    let k = accessKeyFrom(this.#rng)
    while (this.ownerOrg.has(k)) k = accessKeyFrom(this.#rng)
    return k
  }

  timestamp(): string {
    return isoMicros(this.now())
  }

  own(orgId: string, id: string): void {
    this.ownerOrg.set(id, orgId)
  }

  disown(id: string): void {
    this.ownerOrg.delete(id)
  }

  registerSecret(orgId: string, accessKey: string, secret: string): void {
    this.secrets.set(secret, { orgId, accessKey })
    this.secretOfKey.set(accessKey, secret)
  }

  forgetSecret(accessKey: string): void {
    const s = this.secretOfKey.get(accessKey)
    if (s !== undefined) this.secrets.delete(s)
    this.secretOfKey.delete(accessKey)
    this.keyCreatedAt.delete(accessKey)
  }

  load(seed: SeedOrganization): OrgState {
    // Projects as the Account API v3 serves them (`@scaleway/sdk-account` Project): without a
    // seeded creation time, a project is as old as the organization's owner.
    const since = seed.owner.created_at ?? this.timestamp()
    const projects = seed.projects.map((p): Project => {
      const at = p.createdMs === undefined ? since : isoMicros(new Date(p.createdMs))
      return { id: p.id, name: p.name, organization_id: seed.organization.id, created_at: at, updated_at: at, description: p.description ?? '', status: 'active' }
    })
    const org = new OrgState(seed.organization.id, seed.organization.name, projects)
    this.orgs.set(org.id, org)
    const own = (id: string): void => this.own(org.id, id)
    own(org.id)
    for (const p of seed.projects) own(p.id)
    for (const u of seed.users) {
      org.users.set(u.id, { ...u })
      own(u.id)
    }
    if (!org.users.get(seed.owner.id)) {
      org.users.set(seed.owner.id, { ...seed.owner })
      own(seed.owner.id)
    }
    for (const a of seed.applications) {
      org.applications.set(a.id, { ...a, nb_api_keys: 0 })
      own(a.id)
    }
    const keys = seed.apiKeys.some((k) => k.access_key === seed.ownerApiKey.access_key)
      ? seed.apiKeys
      : [seed.ownerApiKey, ...seed.apiKeys]
    for (const k of keys) {
      const { secret_key: secret, ...rest } = k
      const stored: StoredApiKey = { ...rest, secret_key: null }
      org.putApiKey(stored)
      if (stored.application_id) {
        const app = org.applications.get(stored.application_id)
        if (app) app.nb_api_keys++
      }
      this.registerSecret(org.id, k.access_key, secret)
      own(k.access_key)
    }
    for (const g of seed.groups) {
      org.putGroup({ ...g, user_ids: [...g.user_ids], application_ids: [...g.application_ids], tags: [...g.tags] })
      own(g.id)
    }
    for (const p of seed.policies) {
      org.putPolicy({ ...p })
      own(p.id)
      org.setRules(p.id, (seed.rules[p.id] ?? []).map((r) => ({ ...r })))
    }
    for (const s of seed.sshKeys) {
      org.sshKeys.set(s.id, { ...s })
      own(s.id)
    }
    for (const l of seed.logs) {
      org.logs.set(l.id, { ...l })
      own(l.id)
    }
    for (const j of seed.jwts) {
      org.jwts.set(j.jti, { ...j })
      own(j.jti)
    }
    return org
  }
}

// Organizations: add one from an access key + secret key, import from the Scaleway CLI config,
// rename, remove. A secret is stored (keychain, or session memory by choice) only after the
// API has confirmed the key, its organization and its right to read IAM.
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { OrganizationProfile } from '../../platform/cache/organizations.repo'
import { ScalewayApiError } from '../../platform/scaleway/errors'
import type { ScalewayClient } from '../../platform/scaleway/client'
import { Secret } from '../../platform/scaleway/secret'
import type { SecretVault } from '../../platform/secrets/secret-vault'
import type { SecretStoreKind } from '../../platform/secrets/secret-store'
import { ACCESS_KEY_PATTERN, apiUrlWarning, type CheckedScwCandidate } from './scw-candidates'
import type { ScwConfigScan } from './scw-config'
import { toContractError } from '../../errors/contract-error'
import { checkApiUrl, type ImportCandidate, type ImportPreview, type ImportResult, type Organization } from '../../../../src-preload/contract'

export const DEFAULT_API_URL = 'https://api.scaleway.com'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PALETTE = ['#4f3ccf', '#0b7a75', '#b4442d', '#7a5c00', '#2456a6', '#8c2f83', '#3d7a2a', '#a63d5c']

export type ClientFactory = (apiUrl: string, secret: Secret) => ScalewayClient

export interface OrgsServiceOptions {
  cache: Cache
  vault: SecretVault
  clientFor: ClientFactory
  scanScwConfig: () => Promise<ScwConfigScan>
  now?: () => Date
  /**
   * Other keychain entries the organization owns (key rotation's pending and previous secrets):
   * deleted with it, or they would outlive the journal that names them.
   */
  ownedSecrets?: (organizationId: string) => string[]
}

export interface AddOrganizationRequest {
  accessKey: string
  secretKey: string
  apiUrl?: string | undefined
  name?: string | undefined
  storage?: SecretStoreKind | undefined
}

export class OrgsService {
  readonly #o: OrgsServiceOptions
  readonly #now: () => Date

  constructor(options: OrgsServiceOptions) {
    this.#o = options
    this.#now = options.now ?? (() => new Date())
  }

  async list(): Promise<Organization[]> {
    const profiles = this.#o.cache.organizations.list()
    return Promise.all(profiles.map((p) => this.toView(p)))
  }

  async toView(p: OrganizationProfile): Promise<Organization> {
    const hasSecret = (await this.#o.vault.get(p.id, p.secretStorage).catch(() => null)) !== null
    const lastRun = this.#o.cache.syncRuns.list(p.id, 1)[0]
    return {
      id: p.id,
      name: p.name,
      accessKey: p.accessKey,
      apiUrl: p.apiUrl,
      defaultProjectId: p.defaultProjectId,
      secretStorage: p.secretStorage,
      hasSecret,
      color: p.color ?? PALETTE[0]!,
      addedAt: p.addedAt,
      lastSyncAt: p.lastSyncAt,
      lastSyncStatus: p.lastSyncStatus,
      lastSyncError: lastRun && lastRun.status !== 'ok' ? (lastRun.errorMessage ?? null) : null,
      pinned: p.pinned,
      folder: p.folder,
    }
  }

  /** The secret of an organization, or a clear error saying why it is not available. */
  async secretOf(p: OrganizationProfile): Promise<Secret> {
    // A profile stored before the API URL rule (or edited by hand in the cache) must not get
    // its secret sent over plain http:// to another machine.
    const url = checkApiUrl(p.apiUrl)
    if (!url.ok) {
      throw new AppError('invalid_input', `${sentence(url.problem)} Remove ${p.name} and add it again with an https:// API URL.`)
    }
    const secret = await this.#o.vault.get(p.id, p.secretStorage)
    if (!secret) {
      throw new AppError(
        'credentials',
        p.secretStorage === 'session'
          ? `The secret key of ${p.name} was kept for the previous session only. Add the organization again to sync it.`
          : `The keychain has no secret key for ${p.name}. Add the organization again to sync it.`,
      )
    }
    return secret
  }

  async add(req: AddOrganizationRequest): Promise<Organization> {
    const accessKey = req.accessKey.trim().toUpperCase()
    if (!ACCESS_KEY_PATTERN.test(accessKey)) {
      throw new AppError('invalid_input', 'An access key is "SCW" followed by 17 letters or digits, e.g. SCW1A2B3C4D5E6F7G8H9.', { field: 'accessKey' })
    }
    if (!UUID.test(req.secretKey.trim())) {
      throw new AppError('invalid_input', 'A secret key looks like 11111111-2222-3333-4444-555555555555.', { field: 'secretKey' })
    }
    const checked = checkApiUrl(req.apiUrl || DEFAULT_API_URL)
    if (!checked.ok) throw new AppError('invalid_input', sentence(checked.problem), { field: 'apiUrl' })
    const apiUrl = checked.url

    const secret = new Secret(req.secretKey.trim())
    const storage = await this.#o.vault.storageFor(req.storage)
    const found = await this.#identify(accessKey, secret, apiUrl)
    if (this.#o.cache.organizations.get(found.organizationId)) {
      const existing = this.#o.cache.organizations.require(found.organizationId)
      throw new AppError('state_conflict', `${existing.name} is already in IAM Desk (access key ${existing.accessKey}).`, { organizationId: existing.id })
    }
    await this.#o.vault.set(found.organizationId, secret, storage)
    const count = this.#o.cache.organizations.list().length
    const profile = this.#o.cache.organizations.add({
      id: found.organizationId,
      name: req.name?.trim() || found.name,
      accessKey,
      apiUrl,
      secretStorage: storage,
      defaultProjectId: found.defaultProjectId,
      color: PALETTE[count % PALETTE.length]!,
      addedAt: this.#now().toISOString(),
    })
    return this.toView(profile)
  }

  /**
   * Ask the API who this key is: the key itself (unknown / expired keys fail here), its
   * bearer (which gives the organization), and the organization's name when readable.
   */
  async #identify(accessKey: string, secret: Secret, apiUrl: string): Promise<{ organizationId: string; name: string; defaultProjectId: string | null }> {
    const client = this.#o.clientFor(apiUrl, secret)
    try {
      const key = await client.getApiKey(accessKey)
      let organizationId: string
      if (key.user_id) organizationId = (await client.getUser(key.user_id)).organization_id
      else if (key.application_id) organizationId = (await client.getApplication(key.application_id)).organization_id
      else throw new AppError('unexpected_answer', 'Scaleway did not say who this API key belongs to.')
      let name = `Organization ${organizationId.slice(0, 8)}`
      try {
        name = (await client.getOrganization(organizationId)).name || name
      } catch (err) {
        // Reading the organization's name needs a permission many IAM keys lack: keep the fallback.
        if (!(err instanceof ScalewayApiError) || (err.kind !== 'permissions_denied' && err.kind !== 'not_found')) throw err
      }
      return { organizationId, name, defaultProjectId: key.default_project_id || null }
    } catch (err) {
      if (err instanceof ScalewayApiError) {
        if (err.kind === 'permissions_denied') {
          throw new AppError('not_permitted', 'This API key cannot read IAM in its organization. Give its user or application the IAMReadOnly or IAMManager permission set.', {
            missing: err.details,
          })
        }
        if (err.kind === 'not_found') {
          throw new AppError('credentials', 'This access key does not belong to the organization of this secret key. Check that both come from the same API key.')
        }
      }
      throw err
    }
  }

  async rename(id: string, name: string): Promise<Organization> {
    this.#require(id)
    return this.toView(this.#o.cache.organizations.rename(id, name))
  }

  /** The user's sidebar order: pinned or not, and which folder (null: none). */
  async arrange(id: string, change: { pinned?: boolean; folder?: string | null }): Promise<Organization> {
    this.#require(id)
    return this.toView(this.#o.cache.organizations.update(id, change))
  }

  /**
   * Removes the profile, its keychain entry, every other secret it owns (named before the cache
   * forgets the journal that names them) and every cached object of the organization.
   */
  async remove(id: string): Promise<string> {
    const p = this.#require(id)
    for (const name of this.#o.ownedSecrets?.(p.id) ?? []) await this.#o.vault.delete(name, p.secretStorage)
    await this.#o.vault.delete(p.id, p.secretStorage)
    this.#o.cache.organizations.remove(p.id)
    return p.id
  }

  #require(id: string): OrganizationProfile {
    const p = this.#o.cache.organizations.get(id)
    if (!p) throw new AppError('not_in_desk', 'This organization is not in IAM Desk (it may have been removed).')
    return p
  }

  // ------------------------------------------------------------------------ CLI import

  async importPreview(): Promise<ImportPreview & { secrets: Map<string, CheckedScwCandidate> }> {
    const scan = await this.#o.scanScwConfig()
    const secrets = new Map<string, CheckedScwCandidate>()
    if (!scan.ok) return { configPath: scan.configPath, problem: scan.error, candidates: [], secrets }
    const knownKeys = new Set(this.#o.cache.organizations.list().map((p) => p.accessKey))
    const candidates: ImportCandidate[] = scan.candidates.map((c) => {
      const key = `${c.source}:${c.profileName}`
      secrets.set(key, c)
      let status: ImportCandidate['status']
      let reasons: string[] = []
      if (c.check.status === 'invalid') {
        status = 'invalid'
        reasons = c.check.reasons
      } else if (c.check.status === 'duplicate') {
        status = 'duplicate'
        reasons = [c.check.reason]
      } else if (c.accessKey && knownKeys.has(c.accessKey)) {
        status = 'already_added'
        reasons = ['This access key is already in IAM Desk.']
      } else status = 'new'
      return {
        key,
        profileName: c.profileName,
        source: c.source,
        active: c.active,
        accessKey: c.accessKey ?? null,
        organizationId: c.organizationId ?? null,
        apiUrl: c.apiUrl ?? null,
        apiUrlWarning: status === 'new' ? apiUrlWarning(c) : null,
        status,
        reasons,
      }
    })
    const problem = scan.configPath === null && candidates.length === 0 ? `No Scaleway CLI configuration found (looked in ${scan.searched.join(', ')}).` : null
    return { configPath: scan.configPath, problem, candidates, secrets }
  }

  async import(keys: string[], storage?: SecretStoreKind): Promise<ImportResult> {
    const preview = await this.importPreview()
    const results: ImportResult['results'] = []
    for (const key of keys) {
      const view = preview.candidates.find((c) => c.key === key)
      const candidate = preview.secrets.get(key)
      if (!view || !candidate) {
        results.push({ key, profileName: key, outcome: 'failed', reason: 'This profile is no longer in the Scaleway CLI configuration.', organization: null })
        continue
      }
      if (view.status !== 'new') {
        results.push({ key, profileName: view.profileName, outcome: 'skipped', reason: view.reasons.join(' ') || view.status, organization: null })
        continue
      }
      try {
        const organization = await this.add({
          accessKey: candidate.accessKey ?? '',
          secretKey: candidate.secretKey?.reveal() ?? '',
          apiUrl: candidate.apiUrl,
          storage,
        })
        results.push({ key, profileName: view.profileName, outcome: 'imported', reason: null, organization })
      } catch (err) {
        const reason = toContractError(err).message
        const skipped = err instanceof AppError && err.kind === 'state_conflict'
        results.push({ key, profileName: view.profileName, outcome: skipped ? 'skipped' : 'failed', reason, organization: null })
      }
    }
    return { results }
  }
}

/** "the API URL is …" → "The API URL is ….": a check's phrase as a message. */
function sentence(phrase: string): string {
  return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`
}

import type { Database } from 'better-sqlite3'
import { z } from 'zod'

export const SyncStatus = z.enum(['ok', 'failed', 'cancelled'])
export type SyncStatus = z.infer<typeof SyncStatus>

/**
 * An organization profile as stored: everything but its secret key, which lives only in the
 * OS keychain (or in memory for a session) under the profile id.
 */
export const OrganizationProfile = z.object({
  id: z.string().min(1),
  name: z.string(),
  accessKey: z.string(),
  apiUrl: z.string(),
  defaultProjectId: z.string().nullable(),
  secretStorage: z.enum(['keychain', 'session']),
  addedAt: z.string(),
  lastSyncAt: z.string().nullable(),
  lastSyncStatus: SyncStatus.nullable(),
  color: z.string().nullable(),
  /** Shown at the top of the sidebar (the user's choice, local only). */
  pinned: z.boolean(),
  /** The sidebar folder the user filed it in, or null. */
  folder: z.string().nullable(),
})
export type OrganizationProfile = z.infer<typeof OrganizationProfile>

export type NewOrganization = Pick<OrganizationProfile, 'id' | 'name' | 'accessKey' | 'apiUrl' | 'secretStorage'> &
  Partial<Pick<OrganizationProfile, 'defaultProjectId' | 'color' | 'addedAt'>>

export type OrganizationPatch = Partial<
  Pick<OrganizationProfile, 'name' | 'accessKey' | 'apiUrl' | 'defaultProjectId' | 'secretStorage' | 'color' | 'pinned' | 'folder'>
>

interface Row {
  id: string
  name: string
  access_key: string
  api_url: string
  default_project_id: string | null
  secret_storage: string
  added_at: string
  last_sync_at: string | null
  last_sync_status: string | null
  color: string | null
  pinned: number
  folder: string | null
}

const fromRow = (r: Row): OrganizationProfile =>
  OrganizationProfile.parse({
    id: r.id,
    name: r.name,
    accessKey: r.access_key,
    apiUrl: r.api_url,
    defaultProjectId: r.default_project_id,
    secretStorage: r.secret_storage,
    addedAt: r.added_at,
    lastSyncAt: r.last_sync_at,
    lastSyncStatus: r.last_sync_status,
    color: r.color,
    pinned: r.pinned === 1,
    folder: r.folder,
  })

export class OrganizationsRepo {
  readonly #insert
  readonly #get
  readonly #list
  readonly #update
  readonly #remove
  readonly #syncResult

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.#insert = db.prepare(
      `INSERT INTO organizations (id, name, access_key, api_url, default_project_id, secret_storage, added_at, color)
       VALUES (@id, @name, @access_key, @api_url, @default_project_id, @secret_storage, @added_at, @color)`,
    )
    this.#get = db.prepare<[string], Row>('SELECT * FROM organizations WHERE id = ?')
    this.#list = db.prepare<[], Row>('SELECT * FROM organizations ORDER BY name COLLATE NOCASE, id')
    this.#update = db.prepare(
      `UPDATE organizations SET name = @name, access_key = @access_key, api_url = @api_url,
         default_project_id = @default_project_id, secret_storage = @secret_storage, color = @color,
         pinned = @pinned, folder = @folder
       WHERE id = @id`,
    )
    this.#remove = db.prepare<[string]>('DELETE FROM organizations WHERE id = ?')
    this.#syncResult = db.prepare(
      `UPDATE organizations SET last_sync_status = @status,
         last_sync_at = CASE WHEN @status = 'ok' THEN @at ELSE last_sync_at END
       WHERE id = @id`,
    )
  }

  /** Only the known profile fields are read, so an object carrying a secret stores none of it. */
  add(org: NewOrganization): OrganizationProfile {
    this.#insert.run({
      id: org.id,
      name: org.name,
      access_key: org.accessKey,
      api_url: org.apiUrl,
      default_project_id: org.defaultProjectId ?? null,
      secret_storage: org.secretStorage,
      added_at: org.addedAt ?? this.now().toISOString(),
      color: org.color ?? null,
    })
    return this.require(org.id)
  }

  get(id: string): OrganizationProfile | undefined {
    const row = this.#get.get(id)
    return row ? fromRow(row) : undefined
  }

  require(id: string): OrganizationProfile {
    const org = this.get(id)
    if (!org) throw new Error(`unknown organization ${id}`)
    return org
  }

  list(): OrganizationProfile[] {
    return this.#list.all().map(fromRow)
  }

  update(id: string, patch: OrganizationPatch): OrganizationProfile {
    const cur = this.require(id)
    this.#update.run({
      id,
      name: patch.name ?? cur.name,
      access_key: patch.accessKey ?? cur.accessKey,
      api_url: patch.apiUrl ?? cur.apiUrl,
      default_project_id: patch.defaultProjectId !== undefined ? patch.defaultProjectId : cur.defaultProjectId,
      secret_storage: patch.secretStorage ?? cur.secretStorage,
      color: patch.color !== undefined ? patch.color : cur.color,
      pinned: (patch.pinned ?? cur.pinned) ? 1 : 0,
      folder: patch.folder !== undefined ? patch.folder : cur.folder,
    })
    return this.require(id)
  }

  rename(id: string, name: string): OrganizationProfile {
    return this.update(id, { name })
  }

  /** Removes the profile and, by ON DELETE CASCADE, every row cached for it. */
  remove(id: string): boolean {
    return this.#remove.run(id).changes > 0
  }

  /** `lastSyncAt` is the age of the cached data, so only a successful sync moves it. */
  recordSyncResult(id: string, status: SyncStatus, at: string): void {
    this.#syncResult.run({ id, status, at })
  }
}

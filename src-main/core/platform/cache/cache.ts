import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Database as Db } from 'better-sqlite3'
import { BrowseQueries, type BrowseKind, type BrowseQuery, type BrowseResult } from '../../features/browse/browse.query'
import { CacheError } from './cache-error'
import { DetailQueries } from '../../features/browse/detail.query'
import { HistoryRepo } from './history.repo'
import { JobsRepo } from './jobs.repo'
import { JournalRepo } from './journal.repo'
import type { KindItems } from './kinds'
import { MIGRATIONS } from './migrations'
import type { Migration } from './migrations/migration'
import { migrate } from './migrations/migrate'
import { OrganizationsRepo } from './organizations.repo'
import { ResourcesRepo } from './resources.repo'
import { SnapshotRepo } from './snapshot.repo'
import { SyncRunsRepo } from './sync-runs.repo'

export interface OpenCacheOptions {
  /** Path of the database file, or ':memory:'. */
  file: string
  now?: () => Date
  log?: (msg: string) => void
  /** Tests only: the migrations to apply (defaults to every released migration). */
  migrations?: readonly Migration[]
  /**
   * A second connection to a file the app has just opened (the commit worker's): the first one
   * checked its integrity and moved it aside if unreadable, so this one skips the check (a full
   * read of the file: ~0.5 s at fleet size) and never moves the file itself.
   */
  second?: boolean
}

export interface Cache {
  readonly file: string
  /** Set when the previous file was unreadable and was moved aside: a message for the UI. */
  readonly recoveredFrom?: string
  /** The connection itself, for core modules that need a transaction across repositories. */
  readonly db: Db
  readonly organizations: OrganizationsRepo
  readonly resources: ResourcesRepo
  readonly snapshots: SnapshotRepo
  readonly syncRuns: SyncRunsRepo
  readonly history: HistoryRepo
  readonly journal: JournalRepo
  readonly jobs: JobsRepo
  readonly details: DetailQueries
  browse<K extends BrowseKind>(query: BrowseQuery<K>): BrowseResult<KindItems[K]>
  close(): void
}

const CORRUPTION_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT'])

class UnreadableDatabase extends Error {}

function isUnreadable(err: unknown): boolean {
  if (err instanceof UnreadableDatabase) return true
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && [...CORRUPTION_CODES].some((c) => code === c || code.startsWith(`${c}_`))
}

function openDatabase(file: string, migrations: readonly Migration[], check = true): Db {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    // NORMAL is safe in WAL mode against a killed process (only a power cut can lose the
    // last commits, never corrupt the file) and much faster than FULL for sync commits.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    const verdict = check ? db.pragma('quick_check', { simple: true }) : 'ok'
    if (verdict !== 'ok') throw new UnreadableDatabase(`integrity check failed: ${String(verdict)}`)
    migrate(db, migrations)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-')

/** The cache holds every organization's IAM data (never a secret key): owner only. */
export const CACHE_FILE_MODE = 0o600
export const CACHE_DIR_MODE = 0o700

/**
 * The database and its -wal and -shm files, owner read/write only. A new database file is
 * created 0600 before SQLite opens it (SQLite gives the -wal and -shm files the database's
 * mode); files left by an older IAM Desk or created under a lax umask are chmod-ed at every
 * start. A no-op on Windows, where the folder's ACL decides.
 */
function restrictCacheFiles(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', CACHE_FILE_MODE))
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, CACHE_FILE_MODE)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
}

/**
 * Opens (creating or migrating as needed) the local cache. A database from a newer IAM Desk
 * is refused with `cache_too_new`; a file that is not a readable database is moved aside to
 * `<file>.corrupt-<timestamp>` and a fresh cache is built in its place (it is only a cache:
 * a sync fills it again), with `recoveredFrom` saying so.
 */
export function openCache(options: OpenCacheOptions): Cache {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => undefined)
  const migrations = options.migrations ?? MIGRATIONS
  const { file } = options
  const inMemory = file === ':memory:' || file === ''
  if (!inMemory) {
    mkdirSync(dirname(file), { recursive: true, mode: CACHE_DIR_MODE })
    restrictCacheFiles(file)
  }

  let recoveredFrom: string | undefined
  let db: Db
  try {
    db = openDatabase(file, migrations, !options.second)
  } catch (err) {
    if (err instanceof CacheError || inMemory || options.second || !isUnreadable(err)) throw err
    const aside = `${file}.corrupt-${stamp(now())}`
    renameSync(file, aside)
    // The WAL belongs to the file moved aside; a stale one would be replayed into the new file.
    if (existsSync(`${file}-wal`)) renameSync(`${file}-wal`, `${aside}-wal`)
    rmSync(`${file}-shm`, { force: true })
    recoveredFrom = `The cache file could not be read (${(err as Error).message}). It was moved to ${aside} and an empty cache was created; sync your organizations to fill it again.`
    log(recoveredFrom)
    restrictCacheFiles(file)
    db = openDatabase(file, migrations)
  }
  // Opening in WAL mode made the -wal and -shm files: make sure of their mode too.
  if (!inMemory) restrictCacheFiles(file)

  const organizations = new OrganizationsRepo(db, now)
  const resources = new ResourcesRepo(db)
  const syncRuns = new SyncRunsRepo(db)
  const history = new HistoryRepo(db)
  const journal = new JournalRepo(db, now)
  const jobs = new JobsRepo(db, now)
  const snapshots = new SnapshotRepo(db, organizations, resources, history, syncRuns)
  const browser = new BrowseQueries(db, now)
  const details = new DetailQueries(db, now)

  return {
    file,
    ...(recoveredFrom !== undefined ? { recoveredFrom } : {}),
    db,
    organizations,
    resources,
    snapshots,
    syncRuns,
    history,
    journal,
    jobs,
    details,
    browse: (query) => browser.browse(query),
    close: () => db.close(),
  }
}

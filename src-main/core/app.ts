// Composition root of the core: builds every service from injected side effects and returns
// the router that both the Electron shell (ipc.ts) and browser mode (web/) serve.
import { mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { createRouter, type Handlers, type Router } from './router'
import { EventHub } from './event-hub'
import { AppError } from './app-error'
import { openCache, type Cache } from './cache/cache'
import { OffThreadCommitter, findCommitWorker } from './cache/off-thread-commit'
import { ScalewayClient } from './scaleway/client'
import type { Secret } from './scaleway/secret'
import { HostLimiterRegistry } from './scaleway/limiter'
import { KeytarSecretStore } from './secrets/keytar-secret-store'
import { probeKeychain, type KeychainProbeResult } from './secrets/probe-keychain'
import { SecretVault } from './secrets/secret-vault'
import type { SecretStore } from './secrets/secret-store'
import { scanScwConfig } from './orgs/scw-config'
import { OrgsService } from './orgs/orgs.service'
import { SyncEngine } from './sync/sync.service'
import { BrowseService } from './services/browse.service'
import { ConnectivityTracker } from './services/connectivity'
import { SyncRunner } from './services/sync-runner'
import { DemoService } from './services/demo.service'
import { mapError } from './services/error-map'
import { writeHandlers } from './writes/write.handlers'
import type { AppInfo } from '../../src-preload/contract'

export interface AppOptions {
  mode: AppInfo['mode']
  version: string
  demo?: boolean
  platform?: string
  /** Where the cache lives; undefined = in memory (tests). */
  dataDir?: string
  /** Environment and home folder used to find the Scaleway CLI config. */
  env?: Readonly<Record<string, string | undefined>>
  homeDir?: string
  /** Tests inject a fake keychain; the app uses keytar. */
  keychain?: SecretStore
  probeKeychain?: () => Promise<KeychainProbeResult>
  now?: () => Date
  log?: (message: string) => void
}

export interface App {
  router: Router
  hub: EventHub
  cache: Cache
  close(): Promise<void>
}

export async function createApp(options: AppOptions): Promise<App> {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => {})
  const hub = new EventHub()

  let file = ':memory:'
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
    file = path.join(options.dataDir, 'cache.sqlite')
  }
  const cache = openCache({ file, now, log })
  if (cache.recoveredFrom) log(cache.recoveredFrom)
  // A file cache is committed by a worker thread, so a large sync's commit never freezes the
  // window or the other organizations' syncs. An in-memory cache (tests) commits in-thread.
  const workerUrl = file === ':memory:' ? null : findCommitWorker()
  const committer = workerUrl ? new OffThreadCommitter(file, workerUrl) : undefined

  const vault = new SecretVault({
    keychain: options.keychain ?? new KeytarSecretStore(),
    probe: options.probeKeychain ?? (() => probeKeychain()),
  })
  // One limiter per API host for the whole app: every client to a host shares its concurrency
  // budget and its Retry-After backoff.
  const limiters = new HostLimiterRegistry()
  const clientFor = (apiUrl: string, secret: Secret) => new ScalewayClient({ apiUrl, secretKey: secret, limiters })
  const env = options.env ?? process.env
  const orgs = new OrgsService({
    cache,
    vault,
    clientFor,
    scanScwConfig: () => scanScwConfig({ env, homeDir: options.homeDir ?? homedir() }),
    now,
  })
  const connectivity = new ConnectivityTracker(hub, now)
  const engine = new SyncEngine({
    cache,
    now,
    ...(committer ? { commit: (id, snapshot, run) => committer.commit(id, snapshot, run), staging: committer } : {}),
    clientFor: async (org) => {
      try {
        return clientFor(org.apiUrl, await orgs.secretOf(org))
      } catch (err) {
        // The engine records `kind` as the failure code of the organization's sync.
        throw Object.assign(new Error(err instanceof AppError ? err.message : 'The secret key is not available.'), { kind: 'no_secret' })
      }
    },
  })
  const syncRunner = new SyncRunner(engine, cache, hub, connectivity, orgs)
  const browse = new BrowseService(cache, now)
  const demo = new DemoService(orgs, log)

  /** Adds an organization, learning connectivity from the outcome. */
  const addOrg = async (input: Parameters<OrgsService['add']>[0]) => {
    try {
      const org = await orgs.add(input)
      connectivity.reachable()
      hub.emit('orgs.changed', { organizations: await orgs.list() })
      return org
    } catch (err) {
      if (err instanceof AppError && err.code === 'OFFLINE') connectivity.unreachable(err.message)
      throw err
    }
  }

  const handlers: Handlers = {
    'app.info': async () => {
      const k = await vault.status()
      return {
        name: 'IAM Desk',
        version: options.version,
        mode: options.mode,
        platform: options.platform ?? process.platform,
        demo: options.demo ?? false,
        keychain: k.available ? { available: true } : { available: false, reason: k.reason, help: k.help },
      }
    },
    'app.connectivity': () => connectivity.state,

    'orgs.list': () => orgs.list(),
    'orgs.add': (input) => addOrg(input),
    'orgs.importPreview': async () => {
      const { configPath, problem, candidates } = await orgs.importPreview()
      return { configPath, problem, candidates }
    },
    'orgs.import': async (input) => {
      const result = await orgs.import(input.keys, input.storage)
      hub.emit('orgs.changed', { organizations: await orgs.list() })
      return result
    },
    'orgs.remove': async ({ id }) => {
      const removed = await orgs.remove(id)
      hub.emit('orgs.changed', { organizations: await orgs.list() })
      return { removed }
    },
    'orgs.rename': async ({ id, name }) => {
      const org = await orgs.rename(id, name)
      hub.emit('orgs.changed', { organizations: await orgs.list() })
      return org
    },
    'orgs.useSessionStorage': async () => {
      vault.sessionByChoice = true
      const k = await vault.status()
      return k.available ? { available: true } : { available: false, reason: k.reason, help: k.help }
    },

    'demo.start': async () => {
      await demo.start()
      const list = await orgs.list()
      hub.emit('orgs.changed', { organizations: list })
      return list
    },

    'sync.start': ({ organizationIds }) => syncRunner.start(organizationIds),
    'sync.cancel': () => ({ cancelled: syncRunner.cancel() }),
    'sync.status': () => syncRunner.status(),

    'browse.list': (input) => browse.list(input),
    'browse.counts': ({ organizationIds }) => browse.counts(organizationIds),
    'browse.detail': ({ kind, organizationId, id }) => browse.detail(kind, organizationId, id),
    'browse.quickFind': ({ query, limit }) => browse.quickFind(query, limit),

    'history.changes': (input) => browse.changes(input),
    'history.syncRuns': ({ organizationId, limit }) => browse.syncRuns(organizationId, limit),
    ...writeHandlers({ cache, orgs, clientFor, hub, connectivity, now }),
  }
  const router = createRouter(handlers, { mapError, log })

  return {
    router,
    hub,
    cache,
    async close() {
      engine.cancel()
      await demo.stop()
      await committer?.close()
      cache.close()
    },
  }
}

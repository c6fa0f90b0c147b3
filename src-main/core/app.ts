// Composition root of the core — wiring only: builds every service from injected side effects,
// gathers each feature's handlers and returns the router that both the Electron shell (ipc.ts)
// and browser mode (web/) serve. Features emit their own events.
import { chmodSync, mkdirSync } from 'node:fs'
import { homedir, hostname } from 'node:os'
import path from 'node:path'
import { createRouter, type Handlers, type Router } from './router'
import { EventHub } from './event-hub'
import { CACHE_DIR_MODE, openCache, type Cache } from './platform/cache/cache'
import { OffThreadCommitter, findCommitWorker } from './platform/cache/off-thread-commit'
import { ScalewayClient } from './platform/scaleway/client'
import type { Secret } from './platform/scaleway/secret'
import { HostLimiterRegistry } from './platform/scaleway/limiter'
import { KeytarSecretStore } from './platform/secrets/keytar-secret-store'
import { probeKeychain, type KeychainProbeResult } from './platform/secrets/probe-keychain'
import { SecretVault } from './platform/secrets/secret-vault'
import type { SecretStore } from './platform/secrets/secret-store'
import { readTextFileIfExists, scanScwConfig, scwConfigPathCandidates } from './features/orgs/scw-config'
import { OrgsService } from './features/orgs/orgs.service'
import { SyncEngine } from './features/sync/sync-engine'
import { BrowseService } from './features/browse/browse.service'
import { browseHandlers } from './features/browse/browse.handlers'
import { HistoryService } from './features/history/history.service'
import { historyHandlers } from './features/history/history.handlers'
import { appHandlers } from './features/app/app.handlers'
import { orgsHandlers } from './features/orgs/orgs.handlers'
import { demoHandlers } from './features/demo/demo.handlers'
import { syncHandlers } from './features/sync/sync.handlers'
import { ConnectivityTracker } from './connectivity'
import { SyncRunner } from './features/sync/sync.service'
import { DemoService, type DemoLauncher } from './features/demo/demo.service'
import { writeHandlers } from './features/writes/write.handlers'
import { createWriteKit } from './features/writes/services'
import type { WriteDeps } from './features/writes/write-runner'
import { JobEngine, type JobEngineDeps } from './features/jobs/job-engine'
import { JobsService } from './features/jobs/jobs.service'
import { jobsHandlers } from './features/jobs/jobs.handlers'
import { RotationAutoFinish } from './features/jobs/rotation-auto-finish'
import type { RotationDeps } from './features/jobs/rotation.steps'
import { PeopleService } from './features/people/people.service'
import { peopleHandlers } from './features/people/people.handlers'
import { SettingsService } from './features/settings/settings.service'
import { settingsHandlers } from './features/settings/settings.handlers'
import { ProjectsService } from './features/projects/projects.service'
import { projectsHandlers } from './features/projects/projects.handlers'
import { CredentialsService } from './features/credentials/credentials.service'
import { credentialsHandlers } from './features/credentials/credentials.handlers'
import { scwAccessKeysReader } from './features/credentials/scw-keys'
import { PolicyAnalysisService } from './features/policy-analysis/policy-analysis.service'
import { policyAnalysisHandlers } from './features/policy-analysis/policy-analysis.handlers'
import { AccessService } from './features/access/access.service'
import { accessHandlers } from './features/access/access.handlers'
import { projectNamesFrom, projectNamesFromCache } from './features/policy-analysis/policy-reader'
import { TerraformService, type ChooseFolder } from './features/terraform/terraform.service'
import { terraformHandlers } from './features/terraform/terraform.handlers'
import { SshLocalService } from './features/ssh-local/ssh-local.service'
import { sshLocalHandlers } from './features/ssh-local/ssh-local.handlers'
import { readAgent } from './features/ssh-local/ssh-agent'
import { FileDelivery, type SaveDialog } from './platform/delivery'
import { ExportService } from './features/export/export.service'
import { exportHandlers } from './features/export/export.handlers'
import { exportSources } from './features/export/export.sources'
import { HomeService } from './features/home/home.service'
import { homeHandlers } from './features/home/home.handlers'
import type { AppInfo } from '../../src-preload/contract'

export interface AppOptions {
  mode: AppInfo['mode']
  version: string
  demo?: boolean
  /** Starts the demo's API (the entry points pass the built-in emulator); absent = no demo. */
  launchDemo?: DemoLauncher
  /** Tests tune the job engine (backoff, organizations at once). */
  jobs?: Pick<JobEngineDeps, 'backoffMs' | 'organizationConcurrency' | 'conflictAttempts'>
  /** Tests make key rotation's verification wait on the emulator's clock, and point at an scw config. */
  rotation?: Partial<Pick<RotationDeps, 'sleep' | 'verifyTimeoutMs' | 'verifyIntervalMs' | 'scwConfigPath'>>
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
  /**
   * Browser mode's `--demo --test-clock` only (never the Electron build): moves `now`, which the
   * built-in demo API shares, forward — end-to-end tests end a rotation's grace period this way.
   */
  testClock?: { advance(ms: number): Date }
  log?: (message: string) => void
  /** The shell's native folder dialog (Electron); absent in browser mode (downloads instead). */
  chooseFolder?: ChooseFolder
  /** Electron's native "choose files" dialog for SSH public keys (absent in browser mode). */
  chooseFiles?: (defaultFolder: string) => Promise<string[]>
  /** Electron's native save dialog (src-main/index.ts); absent in browser mode, where files are downloads. */
  saveDialog?: SaveDialog
}

export interface App {
  router: Router
  hub: EventHub
  cache: Cache
  /** Files for the user (exports): browser mode's server streams the downloads it offers. */
  delivery: FileDelivery
  close(): Promise<void>
}

export async function createApp(options: AppOptions): Promise<App> {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => {})
  const hub = new EventHub()

  let file = ':memory:'
  if (options.dataDir) {
    // 0700 even when the folder already existed (mkdir's mode only applies to a new folder).
    mkdirSync(options.dataDir, { recursive: true, mode: CACHE_DIR_MODE })
    chmodSync(options.dataDir, CACHE_DIR_MODE)
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
    log,
  })
  // One limiter per API host for the whole app: every client to a host shares its concurrency
  // budget. A sync's client names its organization as its rate key, so a 429 pauses and slows
  // that organization only (limiter.ts: AIMD per organization inside the host's bound); other
  // clients share the host's window.
  const limiters = new HostLimiterRegistry()
  const clientFor = (apiUrl: string, secret: Secret, rateKey?: string) => new ScalewayClient({ apiUrl, secretKey: secret, limiters, ...(rateKey ? { rateKey } : {}) })
  const env = options.env ?? process.env
  const orgs = new OrgsService({
    cache,
    vault,
    clientFor,
    scanScwConfig: () => scanScwConfig({ env, homeDir: options.homeDir ?? homedir() }),
    now,
    // `jobs` is built below; only called when an organization is removed.
    ownedSecrets: (id) => jobs.rotationSecretNames(id),
  })
  const connectivity = new ConnectivityTracker(hub, now)
  const settings = new SettingsService(cache.db, now)
  const engine = new SyncEngine({
    cache,
    now,
    fullSyncPolicy: () => {
      const s = settings.get()
      return { every: s.fullSyncEvery, daily: s.fullSyncDaily }
    },
    ...(committer ? { commit: (id, snapshot, run) => committer.commit(id, snapshot, run), staging: committer } : {}),
    // No secret (or no keychain) fails the organization's sync with that CoreError, as a write would.
    clientFor: async (org) => clientFor(org.apiUrl, await orgs.secretOf(org), org.id),
  })
  const syncRunner = new SyncRunner(engine, cache, hub, connectivity, orgs)
  const demo = new DemoService(orgs, options.launchDemo, log, () => syncRunner.start())

  const writeDeps: WriteDeps = {
    cache,
    orgs,
    clientFor,
    hub,
    connectivity,
    now,
    // A write whose cache update failed and cannot be repaired object by object: a full sync (an
    // incremental one would trust the cached rules of policies whose updated_at it already has).
    resync: (organizationId) => void syncRunner.start([organizationId], { full: true }).catch((err: unknown) => log(`writes: re-sync after a failed cache update failed with ${err instanceof Error ? err.name : typeof err}`)),
  }
  const jobKit = createWriteKit(writeDeps)
  const homeDir = options.homeDir ?? homedir()
  const rotation: RotationDeps = {
    vault,
    clientFor,
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // The config file scw itself would read (SCW_CONFIG_PATH, then the XDG locations).
    scwConfigPath: async () => {
      for (const p of scwConfigPathCandidates(env, homeDir)) if ((await readTextFileIfExists(p).catch(() => null)) !== null) return p
      return null
    },
    homeDir,
    orgsChanged: () => void orgs.list().then((organizations) => hub.emit('orgs.changed', { organizations }), () => undefined),
    ...options.rotation,
  }
  const jobs = new JobsService({ cache, kit: jobKit, engine: new JobEngine({ kit: jobKit, hub, rotation, ...options.jobs }), rotation })
  const autoFinish = new RotationAutoFinish({ jobs, settings, hub, now, log })
  const testClock = options.testClock
  // A moved test clock may have ended grace periods: the setting's check runs at once.
  const advanceClock = testClock
    ? (ms: number) => {
        const at = testClock.advance(ms)
        void autoFinish.check()
        return at
      }
    : undefined
  // The scw config is read for its access keys only (scw-keys.ts drops the secrets).
  const scwAccessKeys = scwAccessKeysReader(() => scanScwConfig({ env, homeDir: options.homeDir ?? homedir() }))

  const sshLocal = new SshLocalService({
    cache,
    kit: jobKit,
    folderSetting: () => settings.get().sshFolder,
    homeDir,
    hostName: hostname(),
    readAgent: () => readAgent(env.SSH_AUTH_SOCK),
    ...(options.chooseFiles ? { chooseFiles: options.chooseFiles } : {}),
  })
  const credentials = new CredentialsService({ cache, settings, scwAccessKeys, now, keysInGrace: () => jobs.rotationsInGrace() })
  const delivery = new FileDelivery({ ...(options.saveDialog ? { saveDialog: options.saveDialog } : {}), now: () => now().getTime(), log })
  const projectNames = projectNamesFrom(new ProjectsService(cache))
  const analysis = new PolicyAnalysisService(cache, projectNames.names, projectNames.whyUnknown)
  const access = new AccessService(cache, projectNames.names, now, hub)
  const exports = new ExportService({ hub, delivery, sources: exportSources({ cache, credentials, jobs, analysis, access, now }), log })

  const handlers: Handlers = {
    ...appHandlers({
      info: { name: 'IAM Desk', version: options.version, mode: options.mode, platform: options.platform ?? process.platform, demo: options.demo ?? false },
      vault,
      connectivity,
    }),
    ...orgsHandlers({ orgs, vault, hub, connectivity }),
    ...demoHandlers({ demo, orgs, hub, advanceClock }),
    ...syncHandlers(syncRunner),
    ...browseHandlers(new BrowseService(cache, now)),
    ...historyHandlers(new HistoryService(cache)),
    ...peopleHandlers(new PeopleService(cache)),
    ...writeHandlers(writeDeps),
    ...jobsHandlers(jobs),
    ...settingsHandlers(settings, hub),
    ...credentialsHandlers(credentials),
    ...policyAnalysisHandlers(analysis),
    ...accessHandlers(access),
    ...terraformHandlers(new TerraformService(cache, options.chooseFolder, projectNamesFromCache(cache))),
    ...sshLocalHandlers(sshLocal, jobs),
    ...exportHandlers(exports),
    ...projectsHandlers(new ProjectsService(cache)),
    // No lintFindings source yet: the policy lint plugs in here (home.service.ts, LintFindingsSource).
    ...homeHandlers(new HomeService({ cache, credentials, settings, now, lintFindings: (ids) => ({ count: access.lint(ids).findings.length }) })),
  }
  const router = createRouter(handlers, { log })
  autoFinish.start()

  return {
    router,
    hub,
    cache,
    delivery,
    async close() {
      await autoFinish.stop()
      engine.cancel()
      await demo.stop()
      await committer?.close()
      cache.close()
    },
  }
}

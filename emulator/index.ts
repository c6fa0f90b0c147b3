// In-process entry point: startEmulator() → { url, organizations, admin, close }.
// Used by tests, benchmarks and the app's demo mode; the CLI wraps it.
import type { AddressInfo } from 'node:net'
import { demoOrganizations, seedOrganizations, type SeedSizes } from './seed'
import { FaultInjector, type Faults } from './faults'
import { RateLimiter, type RateLimit } from './rate-limit'
import { createEmulatorServer, keyPropagation, resetCounters, setKeyPropagation, setQuota, setRateLimit, type ServerState } from './server'
import type { QuotaName } from './store/org-state'
import { Store } from './store/store'

export type { Faults } from './faults'
export type { SeedSizes } from './seed'
export type { RateLimit } from './rate-limit'

export interface StartEmulatorOptions {
  /** 0 = a random free port. */
  port?: number
  host?: '127.0.0.1'
  seed?: number
  /** Number of seeded organizations (ignored with `demo`). Default 1. */
  orgs?: number
  sizes?: Partial<SeedSizes>
  /** The three believable demo organizations instead of generated ones. */
  demo?: boolean
  faults?: Partial<Faults>
  /** A per-organization token bucket (rate-limit.ts): 429 + Retry-After past it. */
  rateLimit?: RateLimit | null
  now?: () => Date
}

export interface EmulatorOrganization {
  name: string
  organization_id: string
  project_id: string
  /** The owner's API key. */
  access_key: string
  secret_key: string
}

export interface EmulatorAdmin {
  setFaults(f: Partial<Faults>): void
  faults(): Faults
  requestCount(): number
  /** 409 transient_state answers so far (concurrent group writes and injected conflicts). */
  conflictCount(): number
  /** 429s answered by the rate limit (setRateLimit) so far. */
  rateLimitedCount(): number
  /** Zeroes the counters. */
  resetCounters(): void
  /**
   * Every organization gets its own token bucket: `requestsPerSecond` sustained, `burst` at
   * once, refilled on the emulator's clock (`now`). null removes the limit.
   */
  setRateLimit(limit: RateLimit | null): void
  rateLimit(): RateLimit | null
  /** Sets one quota (e.g. 'api_keys') for one organization, or for all when omitted. */
  setQuota(name: QuotaName, limit: number, organizationId?: string): void
  /**
   * Seconds a new API key answers 401 in one organization (or in all when omitted); null goes
   * back to the faults' keyPropagationSeconds. Measured on the emulator's clock (`now`).
   */
  setKeyPropagation(seconds: number | null, organizationId?: string): void
  keyPropagation(): { default_seconds: number; organizations: Record<string, number> }
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string
  organizations: EmulatorOrganization[]
  admin: EmulatorAdmin
  close(): Promise<void>
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const now = opts.now ?? (() => new Date())
  const seed = opts.seed ?? 1
  const host = opts.host ?? '127.0.0.1'
  const store = new Store(now, seed)
  const seeded = opts.demo
    ? demoOrganizations(now())
    : seedOrganizations({ seed, orgs: opts.orgs ?? 1, sizes: opts.sizes ?? {}, now: now() })
  const organizations: EmulatorOrganization[] = seeded.map((o) => {
    store.load(o)
    return {
      name: o.organization.name,
      organization_id: o.organization.id,
      project_id: o.projects[0]?.id ?? o.organization.id,
      access_key: o.ownerApiKey.access_key,
      secret_key: o.ownerApiKey.secret_key,
    }
  })
  store.prepareJson()
  const state: ServerState = { store, faults: new FaultInjector(seed, opts.faults ?? {}), requestCount: 0, conflictCount: 0, rateLimiter: new RateLimiter() }
  if (opts.rateLimit) setRateLimit(state, opts.rateLimit)
  const server = createEmulatorServer(state)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    organizations,
    admin: {
      setFaults: (f) => state.faults.set(f),
      faults: () => state.faults.current,
      requestCount: () => state.requestCount,
      conflictCount: () => state.conflictCount,
      rateLimitedCount: () => state.rateLimiter.refused,
      resetCounters: () => resetCounters(state),
      setRateLimit: (limit) => setRateLimit(state, limit),
      rateLimit: () => state.rateLimiter.limit,
      setKeyPropagation: (seconds, organizationId) => setKeyPropagation(store, seconds, organizationId),
      keyPropagation: () => keyPropagation(state),
      setQuota: (name, limit, organizationId) => {
        setQuota(store, name, limit, organizationId)
        store.revision++
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      }),
  }
}

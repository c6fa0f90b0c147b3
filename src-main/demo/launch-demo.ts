// The demo's API: the built-in Scaleway IAM emulator with its three demo organizations, started
// in this process. Only entry points (web/cli.ts, index.ts) import this file, so the emulator —
// its seeding, faults and admin endpoint — never becomes part of the app's core.
import { startEmulator } from '../../emulator'
import type { DemoApi } from '../core/features/demo/demo.service'

/** `now`: the clock the demo API keeps (the web CLI's test clock shares IAM Desk's with it). */
export async function launchDemo(now?: () => Date): Promise<DemoApi> {
  const emulator = await startEmulator({ demo: true, port: 0, ...(now ? { now } : {}) })
  return {
    url: emulator.url,
    organizations: emulator.organizations.map((o) => ({ name: o.name, accessKey: o.access_key, secretKey: o.secret_key })),
    close: () => emulator.close(),
  }
}

/**
 * The clock of `--demo --test-clock` (browser mode, for end-to-end tests): real time plus an
 * offset that only ever grows, shared by IAM Desk and its demo API, so a test can end a key
 * rotation's grace period (`demo.advanceClock`) without waiting.
 */
export class TestClock {
  #offsetMs = 0
  now = (): Date => new Date(Date.now() + this.#offsetMs)
  advance(ms: number): Date {
    this.#offsetMs += Math.max(0, ms)
    return this.now()
  }
}

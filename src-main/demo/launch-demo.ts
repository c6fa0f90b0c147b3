// The demo's API: the built-in Scaleway IAM emulator with its three demo organizations, started
// in this process. Only entry points (web/cli.ts, index.ts) import this file, so the emulator —
// its seeding, faults and admin endpoint — never becomes part of the app's core.
import { startEmulator } from '../../emulator'
import type { DemoApi } from '../core/features/demo/demo.service'

export async function launchDemo(): Promise<DemoApi> {
  const emulator = await startEmulator({ demo: true, port: 0 })
  return {
    url: emulator.url,
    organizations: emulator.organizations.map((o) => ({ name: o.name, accessKey: o.access_key, secretKey: o.secret_key })),
    close: () => emulator.close(),
  }
}

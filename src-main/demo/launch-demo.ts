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
    drift: () => editBackupPolicy(emulator.url, emulator.organizations[0]),
    close: () => emulator.close(),
  }
}

/**
 * Northwind's "Backups to object storage" gets a condition on the bucket name, through the API
 * as its owner would: the sync after it records a second rules version (policy analysis's
 * timeline), and the condition is one the lint flags (a resource.name condition without
 * `|| !has(resource.id)`).
 */
async function editBackupPolicy(url: string, org: { organization_id: string; secret_key: string } | undefined): Promise<void> {
  if (!org) return
  const headers = { 'X-Auth-Token': org.secret_key, 'Content-Type': 'application/json' }
  const api = `${url}/iam/v1alpha1`
  const found = (await (await fetch(`${api}/policies?organization_id=${org.organization_id}&policy_name=${encodeURIComponent('Backups to object storage')}`, { headers })).json()) as { policies: Array<{ id: string }> }
  const policy = found.policies[0]
  if (!policy) return
  const { rules } = (await (await fetch(`${api}/rules?policy_id=${policy.id}`, { headers })).json()) as { rules: Array<{ permission_set_names: string[]; project_ids?: string[]; organization_id?: string; condition: string }> }
  const edited = rules.map((r) => ({
    permission_set_names: r.permission_set_names,
    condition: "resource.name.startsWith('backup-')",
    ...(r.project_ids ? { project_ids: r.project_ids } : { organization_id: r.organization_id }),
  }))
  await fetch(`${api}/rules`, { method: 'PUT', headers, body: JSON.stringify({ policy_id: policy.id, rules: edited }) })
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

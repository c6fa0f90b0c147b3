// Smoke test of the fleet benchmark's own code (test/bench/fleet.ts, never run in npm test):
// the writes that change 1 % of an organization are accepted by the emulator and change what
// they say, so the benchmark's re-sync has real changes to find.
import { afterEach, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { CHANGES, changeOnePercent } from '../bench/fleet'

let emu: RunningEmulator | undefined
afterEach(async () => {
  await emu?.close()
})

it('changes 1 % of each writable kind through the API', async () => {
  emu = await startEmulator({ orgs: 1, seed: 9, sizes: { users: 12, applications: 6, apiKeys: 25, groups: 3, policies: 4, sshKeys: 4, logs: 0, jwts: 0 } })
  const org = emu.organizations[0]!
  const changed = await changeOnePercent(emu.url, org)
  expect(changed).toBe(CHANGES.reduce((n, c) => n + c.count, 0))
  const res = await fetch(`${emu.url}/iam/v1alpha1/api-keys?organization_id=${org.organization_id}&page_size=100`, { headers: { 'x-auth-token': org.secret_key } })
  const keys = ((await res.json()) as { api_keys: Array<{ description: string }> }).api_keys
  expect(keys.filter((k) => k.description.startsWith('changed ')).length).toBe(CHANGES.find((c) => c.list === 'api-keys')!.count)
})

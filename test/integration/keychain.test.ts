// The OS keychain for real: keytar → libsecret → Secret Service (gnome-keyring).
// Run under scripts/with-keyring.sh, which starts a private D-Bus session with a throwaway
// unlocked keyring and sets IAM_DESK_KEYRING=1:
//   bash scripts/with-keyring.sh npx vitest run test/integration/keychain.test.ts
// Without it the round-trip tests skip, except under CI=true, where they must fail: CI is
// where we prove the keychain path works.
// The unavailable cases run each probe in a child process with its own environment, since
// libsecret keeps its D-Bus connection for the life of a process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { KeytarSecretStore } from '../../src-main/core/platform/secrets/keytar-secret-store'
import { probeKeychain, type KeychainProbeResult } from '../../src-main/core/platform/secrets/probe-keychain'

const REPO = resolve(__dirname, '../..')
const keyringUp = process.env.IAM_DESK_KEYRING === '1'
const inCi = process.env.CI === 'true'
const onPath = (tool: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, tool)))
const canStartBus = onPath('dbus-run-session') && onPath('gnome-keyring-daemon')

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keychain-test-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe.runIf(keyringUp || inCi)('the real keychain (gnome-keyring on a private D-Bus)', () => {
  it('is there: under CI a missing keychain fails instead of skipping', () => {
    expect(keyringUp, 'CI=true but no keyring: run the tests through scripts/with-keyring.sh').toBe(true)
  })

  it('probeKeychain answers available', async () => {
    expect(await probeKeychain({ timeoutMs: 10_000 })).toEqual({ available: true })
  })

  it('stores, reads, overwrites and deletes a secret through keytar', async () => {
    const store = new KeytarSecretStore({ timeoutMs: 10_000 })
    const profileId = randomUUID()
    expect(await store.get(profileId)).toBeNull()
    await store.set(profileId, new Secret('11111111-1111-4111-8111-111111111111'))
    expect((await store.get(profileId))?.reveal()).toBe('11111111-1111-4111-8111-111111111111')
    await store.set(profileId, new Secret('22222222-2222-4222-8222-222222222222'))
    expect((await store.get(profileId))?.reveal()).toBe('22222222-2222-4222-8222-222222222222')
    expect(await store.delete(profileId)).toBe(true)
    expect(await store.get(profileId)).toBeNull()
    expect(await store.delete(profileId)).toBe(false)
  })
})

/** Run probeKeychain in a fresh Node process with the given environment; its JSON answer. */
async function probeInChild(env: NodeJS.ProcessEnv, wrap: string[] = []): Promise<KeychainProbeResult> {
  const script = join(dir, `probe-${randomUUID()}.mts`)
  const probeModule = join(REPO, 'src-main/core/platform/secrets/probe-keychain.ts')
  writeFileSync(
    script,
    `import { probeKeychain } from ${JSON.stringify(probeModule)}\n` +
      `console.log(JSON.stringify(await probeKeychain({ timeoutMs: 5000 })))\n`,
  )
  const [cmd, ...args] = [...wrap, process.execPath, '--import', 'tsx', script]
  const { stdout } = await new Promise<{ stdout: string }>((done, fail) => {
    // The kill timeout is a safety net for a hung probe (the probe's own 5 s timeout should
    // answer first); a killed child fails the test with its signal.
    execFile(cmd!, args, { cwd: REPO, env, timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) fail(new Error(`probe child failed (${err.signal ?? err.code}): ${stderr}`))
      else done({ stdout })
    })
  })
  const lastLine = stdout.trim().split('\n').at(-1) ?? ''
  return JSON.parse(lastLine) as KeychainProbeResult
}

/** An environment without any desktop session: no display, no bus, a private home. */
function bareEnv(name: string): NodeJS.ProcessEnv {
  const home = join(dir, name)
  for (const sub of ['home', 'data', 'config', 'cache', 'run']) mkdirSync(join(home, sub), { recursive: true, mode: 0o700 })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(home, 'home'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_RUNTIME_DIR: join(home, 'run'),
  }
  for (const v of ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'GNOME_KEYRING_CONTROL', 'IAM_DESK_KEYRING']) delete env[v]
  return env
}

describe('the keychain unavailable', () => {
  it('D-Bus address pointing nowhere: dbus_unavailable, with help, without hanging', async () => {
    const env = { ...bareEnv('nowhere'), DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}` }
    const result = await probeInChild(env)
    expect(result).toMatchObject({ available: false, reason: 'dbus_unavailable' })
    if (result.available) return
    expect(result.help).toContain('D-Bus')
    expect(result.help).toContain('apt install gnome-keyring')
    expect(result.help).toContain('session-only secrets')
  })

  it('no D-Bus session at all: dbus_unavailable', async () => {
    expect(await probeInChild(bareEnv('no-bus'))).toMatchObject({ available: false, reason: 'dbus_unavailable' })
  })

  it.runIf(canStartBus)('a bus with no Secret Service: no_secret_service, says what to install', async () => {
    // A session bus that knows no service files, so nothing provides org.freedesktop.secrets.
    const conf = join(dir, 'bare-bus.conf')
    writeFileSync(
      conf,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
    )
    const result = await probeInChild(bareEnv('no-service'), ['dbus-run-session', `--config-file=${conf}`, '--'])
    expect(result).toMatchObject({ available: false, reason: 'no_secret_service' })
    if (result.available) return
    expect(result.help).toContain('apt install gnome-keyring')
  })

  it.runIf(canStartBus)('gnome-keyring with no unlocked keyring and no display to prompt: locked', async () => {
    // The bus starts gnome-keyring on demand; it has no login keyring and its prompt cannot
    // open without a display, so the probe must answer rather than wait.
    const result = await probeInChild(bareEnv('locked'), ['dbus-run-session', '--'])
    expect(result).toMatchObject({ available: false, reason: 'locked' })
    if (result.available) return
    expect(result.help).toMatch(/unlock/i)
  })
})

// Settings through the contract, as the Settings view uses them: every setting round-trips, a
// value out of its bounds is refused with the field named, and the one rule between two settings
// (the cache age turns amber before red) is refused whole, naming both thresholds — nothing of
// the refused patch is stored, and only stored changes are pushed to the other windows.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src-main/core/app'
import { SETTING_DEFAULTS, type Result, type Settings } from '../../src-preload/contract'
import { FileSecretStore } from './jobs-helpers'

describe('settings.get / settings.set', () => {
  let app: App
  let dir: string
  const pushed: Settings[] = []
  const send = (name: string, input: unknown) => app.router.dispatch(name, input) as Promise<Result<Settings>>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'settings-test-'))
    app = await createApp({ mode: 'browser', version: 't', dataDir: dir, env: {}, homeDir: join(dir, 'home'), keychain: new FileSecretStore(join(dir, 'kc.json')), probeKeychain: async () => ({ available: true }) })
    app.hub.subscribe((name, payload) => name === 'settings.changed' && pushed.push(payload as Settings))
  })
  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers the defaults, then every setting as changed, and pushes the change', async () => {
    expect(await send('settings.get', {})).toEqual({ ok: true, value: SETTING_DEFAULTS })
    const patch = { apiKeyExpiryDays: null, cacheAgeWarnHours: 2, cacheAgeAlertHours: 5, sshFolder: '/tmp/keys', fullSyncDaily: false }
    const r = await send('settings.set', patch)
    expect(r).toEqual({ ok: true, value: { ...SETTING_DEFAULTS, ...patch } })
    expect(pushed.at(-1)).toEqual({ ...SETTING_DEFAULTS, ...patch })
    expect(await send('settings.get', {})).toEqual(r)
  })

  it('refuses a value out of its bounds, naming the field', async () => {
    const before = pushed.length
    const r = await send('settings.set', { credentialAgeDays: 0 })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('BAD_REQUEST')
    expect(r.error.details?.fields).toEqual([expect.objectContaining({ argument_name: 'credential_age_days' })])
    expect(pushed.length).toBe(before)
  })

  it('refuses red before amber, whole: alone, or beside a valid change in the same patch', async () => {
    const before = pushed.length
    // Stored: amber after 2 hours, red after 5. Red after 1 alone breaks the rule.
    const alone = await send('settings.set', { cacheAgeAlertHours: 1 })
    expect(alone.ok).toBe(false)
    if (alone.ok) return
    expect(alone.error.code).toBe('BAD_REQUEST')
    expect(alone.error.message).toBe('The cache age cannot turn red (after 1 hour) before it turns amber (after 2 hours).')
    expect(alone.error.details?.fields).toEqual([expect.objectContaining({ argument_name: 'cache_age_alert_hours' })])
    // Amber after 6 (with red still after 5) is refused with the amber field named, and the
    // valid change beside it is not stored either.
    const both = await send('settings.set', { cacheAgeWarnHours: 6, credentialAgeDays: 30 })
    expect(both.ok).toBe(false)
    if (both.ok) return
    expect(both.error.details?.fields).toEqual([expect.objectContaining({ argument_name: 'cache_age_warn_hours' })])
    const now = await send('settings.get', {})
    expect(now.ok && now.value).toMatchObject({ cacheAgeWarnHours: 2, cacheAgeAlertHours: 5, credentialAgeDays: SETTING_DEFAULTS.credentialAgeDays })
    expect(pushed.length).toBe(before)
    // Both moved at once, in one patch, is fine; so is red equal to amber.
    expect(await send('settings.set', { cacheAgeWarnHours: 200, cacheAgeAlertHours: 300 })).toMatchObject({ ok: true, value: { cacheAgeWarnHours: 200, cacheAgeAlertHours: 300 } })
    expect(await send('settings.set', { cacheAgeWarnHours: 300 })).toMatchObject({ ok: true, value: { cacheAgeWarnHours: 300, cacheAgeAlertHours: 300 } })
  })
})

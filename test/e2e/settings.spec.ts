// The Settings view on the demo (one app start): a new API-key expiry reaches another window at
// once and becomes the New API key dialog's default; a value out of bounds shows the labelled message and is not stored; the
// cache-age thresholds keep red after amber as typed, colour the lists' cache age (the page's
// clock moved forward) and survive a reload; "Restore default" puts each back.
import type { Page } from '@playwright/test'
import { expect, openDemo, test } from './browse-helpers'
import { shot, type RunningApp } from './fixtures'
import { dialog } from './writes-helpers'

interface StoredSettings {
  apiKeyExpiryDays: number | null
  cacheAgeWarnHours: number
  cacheAgeAlertHours: number
  credentialAgeDays: number
}

/** The settings as main stores them, asked over the HTTP API (not through the page). */
async function stored(app: RunningApp): Promise<StoredSettings> {
  const res = await fetch(`${new URL(app.url).origin}/rpc/settings.get`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: '{}',
  })
  return ((await res.json()) as { value: StoredSettings }).value
}

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })
const toasts = (page: Page) => page.getByRole('status', { name: 'Confirmations' })

async function showSettings(page: Page): Promise<void> {
  await sidebar(page).getByRole('button', { name: 'Settings', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
}

test('settings: API-key expiry, labelled refusals, cache-age colours, reload and restore', async ({ page, demo }) => {
  test.setTimeout(90_000)
  // The page's own clock, so the cache age can grow by hours without waiting for them.
  await page.clock.install()
  await page.setViewportSize({ width: 1440, height: 900 })
  await openDemo(page, demo)
  // A second window, open on Settings, to see a change arrive there without a reload.
  const other = await page.context().newPage()
  await other.goto(`${demo.url}#/settings`)
  await expect(other.getByLabel('Expire after', { exact: true })).toHaveValue('90')
  await page.bringToFront()
  await showSettings(page)
  await expect(page).toHaveURL(/#\/settings$/)
  for (const group of ['New API keys', 'Cache age', 'Credential report', 'Sync', 'Key rotation', 'SSH keys from this computer']) {
    await expect(page.getByRole('heading', { level: 2, name: group })).toBeVisible()
  }
  await expect(page.getByRole('radio', { name: 'Never' })).toBeVisible()
  await expect(page.getByText('Irreversible: a deleted key cannot be brought back.')).toBeVisible()
  await page.screenshot({ path: shot('settings-1440') })
  await page.getByLabel('Folder', { exact: true }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: shot('settings-1440-bottom') })

  // A new default expiry: saved on Enter, confirmed, and the New API key dialog starts on it.
  const expiry = page.getByLabel('Expire after', { exact: true })
  await expiry.fill('30')
  await expiry.press('Enter')
  await expect(toasts(page)).toContainText('Saved. New API keys expire after 30 days unless you choose otherwise.')
  expect((await stored(demo)).apiKeyExpiryDays).toBe(30)
  await expect(other.getByLabel('Expire after', { exact: true })).toHaveValue('30')
  await other.close()
  await sidebar(page).getByRole('button', { name: 'API keys', exact: true }).click()
  await page.getByRole('button', { name: 'New API key', exact: true }).click()
  const create = dialog(page, 'New API key')
  await expect(create.getByLabel('Expires')).toHaveValue('30')
  await expect(create).toContainText('New keys expire in 30 days by default')
  await create.getByRole('button', { name: 'Cancel' }).click()
  await showSettings(page)

  // Out of bounds: the labelled message as typed, kept as typed, nothing stored.
  await expiry.fill('0')
  await expect(page.getByText('Expire after: a whole number of days from 1 to 3,650.')).toBeVisible()
  await expiry.press('Enter')
  await expiry.press('Tab')
  await expect(expiry).toHaveValue('0')
  await expect(expiry).toHaveAttribute('aria-invalid', 'true')
  expect((await stored(demo)).apiKeyExpiryDays).toBe(30)
  await page.screenshot({ path: shot('settings-invalid') })
  // "Never" is a choice, and "Restore default" brings 90 days back (the typed 0 goes with it).
  await page.getByRole('radio', { name: 'Never' }).check()
  await expect.poll(async () => (await stored(demo)).apiKeyExpiryDays).toBeNull()
  await page.getByRole('button', { name: 'Restore default (90 days)' }).first().click()
  await expect(toasts(page)).toContainText('Default restored. New API keys expire after 90 days')
  await expect(expiry).toHaveValue('90')
  expect((await stored(demo)).apiKeyExpiryDays).toBe(90)

  // Cache age: amber after 1 hour; red before amber is refused as typed…
  const warn = page.getByLabel('Amber after', { exact: true })
  const alert = page.getByLabel('Red after', { exact: true })
  await warn.fill('1')
  await warn.press('Enter')
  await expect.poll(async () => (await stored(demo)).cacheAgeWarnHours).toBe(1)
  await alert.fill('2')
  await alert.press('Enter')
  await expect.poll(async () => (await stored(demo)).cacheAgeAlertHours).toBe(2)
  await warn.fill('3')
  await expect(page.getByText('Amber after cannot be more than Red after (2 hours): raise Red after first.')).toBeVisible()
  await warn.press('Enter')
  expect((await stored(demo)).cacheAgeWarnHours).toBe(1)
  await page.screenshot({ path: shot('settings-cache-age-rule') })
  // …and once red is raised, the waiting amber value is stored too.
  await alert.fill('5')
  await alert.press('Enter')
  await expect.poll(async () => stored(demo)).toMatchObject({ cacheAgeWarnHours: 3, cacheAgeAlertHours: 5 })
  await expect(warn).not.toHaveAttribute('aria-invalid', 'true')

  // The lists' cache age follows: 4 hours later it is amber (past 3), red once red is 3 hours too.
  await page.clock.fastForward('04:00:00')
  await sidebar(page).getByRole('button', { name: 'Users', exact: true }).click()
  const age = page.getByRole('search').locator('[data-tone]')
  await expect(age).toHaveAttribute('data-tone', 'warn')
  await expect(age).toHaveAttribute('title', /older than 3 hours/)
  await page.screenshot({ path: shot('settings-cache-amber') })
  await showSettings(page)
  await alert.fill('3')
  await alert.press('Enter')
  await expect.poll(async () => (await stored(demo)).cacheAgeAlertHours).toBe(3)
  await sidebar(page).getByRole('button', { name: 'Users', exact: true }).click()
  await expect(age).toHaveAttribute('data-tone', 'alert')

  // A new start of the window shows what is stored; "Restore default" puts both back (red
  // first: amber must stay below it).
  await page.goto(`${demo.url}#/settings`)
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(warn).toHaveValue('3')
  await expect(alert).toHaveValue('3')
  await page.getByRole('button', { name: 'Restore default (168 hours)' }).click()
  await page.getByRole('button', { name: 'Restore default (24 hours)' }).click()
  await expect.poll(async () => stored(demo)).toMatchObject({ cacheAgeWarnHours: 24, cacheAgeAlertHours: 168 })
  await expect(page.getByRole('button', { name: 'Restore default (24 hours)' })).toBeDisabled()

  // The credential report's own threshold control is the same setting.
  const threshold = page.getByLabel('Age threshold', { exact: true })
  await threshold.fill('45')
  await threshold.press('Enter')
  await expect.poll(async () => (await stored(demo)).credentialAgeDays).toBe(45)
  await sidebar(page).getByRole('button', { name: 'Credentials', exact: true }).click()
  await expect(page.getByLabel('Age threshold', { exact: true })).toHaveValue('45')
  await expect(page.getByRole('checkbox', { name: 'Older than 45 days' })).toBeVisible()

  await page.setViewportSize({ width: 1024, height: 700 })
  await showSettings(page)
  await page.screenshot({ path: shot('settings-1024') })
})

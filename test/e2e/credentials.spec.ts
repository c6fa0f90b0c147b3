// The credential report on the demo: every API key of the three organizations with its status,
// IAM Desk's own keys and the keys of a local scw config marked, a filter that narrows it, the age
// threshold, a CSV export with its header row, and the sidebar's count of keys needing attention.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test as base, type Page } from '@playwright/test'
import { shot, startWebApp, stopWebApp, type RunningApp } from './fixtures'
import { expect, exportAs, openDemo } from './browse-helpers'
import { rpc } from './onboarding-helpers'

/** The demo, with the Scaleway CLI config pointed at a file of the test's (written once the keys are known). */
const test = base.extend<{ demo: RunningApp & { scwConfig: string } }>({
  demo: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-e2e-scw-'))
    const scwConfig = path.join(dir, 'config.yaml')
    const app = await startWebApp(['--demo'], { SCW_CONFIG_PATH: scwConfig, SCW_ACCESS_KEY: '', SCW_SECRET_KEY: '' })
    await use({ ...app, scwConfig })
    await stopWebApp(app)
    rmSync(dir, { recursive: true, force: true })
  },
})
const SCW_SECRET = '5ec0e7c4-e2e0-4aaa-8bbb-00000000c11a'

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })
const rows = (page: Page) => page.getByRole('grid', { name: 'Credential report' }).locator('[role="row"][data-index]')
const status = (page: Page) => page.getByRole('search').getByRole('status')

async function shownCount(page: Page): Promise<number> {
  await expect(status(page)).toHaveText(/^\d[\d,]* keys?$/)
  return Number((await status(page).textContent())!.split(' ')[0]!.replace(/,/g, ''))
}

/** The query whose answer the report shows now (the view's `data-shown-key`). */
async function shownQuery(page: Page): Promise<Record<string, unknown>> {
  const key = await page.locator('section.credentials[data-shown-key]').getAttribute('data-shown-key')
  return key ? (JSON.parse(key) as Record<string, unknown>) : {}
}

test('the credential report lists every demo key with its status; filters narrow it; CSV export; sidebar count', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1600, height: 900 })
  await openDemo(page, demo)
  // Tom's old laptop key is in the local scw config (with a secret the report must never show).
  const keys = await rpc<{ rows: Array<{ id: string; item: { description: string } }> }>(demo, 'browse.list', { kind: 'api_keys', search: 'Tom - old laptop', offset: 0, limit: 5 })
  if (!keys.ok) throw new Error(keys.error.message)
  const tomsKey = keys.value.rows[0]!.id
  writeFileSync(demo.scwConfig, `profiles:\n  laptop:\n    access_key: ${tomsKey}\n    secret_key: ${SCW_SECRET}\n`)

  // The sidebar counts the keys needing attention beside "Credentials".
  const entry = sidebar(page).getByRole('button', { name: 'Credentials', exact: true })
  const badge = entry.locator('.attention')
  await expect(badge).toHaveText(/^\d+$/)
  const attention = Number(await badge.textContent())
  expect(attention).toBeGreaterThan(5)
  await expect(entry).toHaveAccessibleDescription(`${attention} keys need attention`)

  await entry.click()
  await expect(page.getByRole('heading', { name: 'Credentials', level: 1 })).toBeVisible()
  await expect(rows(page).first()).toBeVisible()
  const all = await shownCount(page)
  // 12 + 6 + 10 keys of the demo's people and applications, the consultant's 2, the admin's…
  expect(all).toBeGreaterThanOrEqual(28)
  await expect(page.getByText(`${attention} need attention`)).toBeVisible()

  // Problems first: expired keys lead, every status appears, IAM Desk's own keys are marked.
  await expect(rows(page).first()).toContainText('EXPIRED')
  for (const label of ['EXPIRING', 'OLD']) {
    await expect(rows(page).filter({ hasText: label }).first(), label).toBeAttached()
  }
  await page.getByRole('grid', { name: 'Credential report' }).getByRole('button', { name: /^Status/ }).click()
  await expect.poll(async () => ((await shownQuery(page)).sort as { dir?: string } | undefined)?.dir).toBe('desc')
  await expect(rows(page).first()).toContainText('ACTIVE')
  await page.getByRole('grid', { name: 'Credential report' }).getByRole('button', { name: /^Status/ }).click()
  await expect.poll(async () => ((await shownQuery(page)).sort as { dir?: string } | undefined)?.dir).toBe('asc')
  const header = page.getByRole('columnheader', { name: /Last activity \(bearer\)/ })
  await expect(header).toHaveAttribute('title', /bearer's last activity, not this key's/)
  // Marks: Tom's key is in the scw config; each organization's owner key is IAM Desk's own.
  await expect(rows(page).filter({ hasText: tomsKey })).toContainText('SCW CLI')
  await expect(page.getByText('scw config: 1 key')).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill('Margaret')
  await expect.poll(() => shownQuery(page)).toMatchObject({ search: 'Margaret' })
  await expect(rows(page).filter({ hasText: 'IAM DESK' }).first()).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill('')
  await expect.poll(() => shownCount(page)).toBe(all)
  await page.getByRole('searchbox', { name: 'Search API keys' }).blur()
  await page.screenshot({ path: shot('credentials-report') })
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Never expires' })
  await expect(rows(page).filter({ hasText: 'IAM DESK' })).toHaveCount(3)
  await page.screenshot({ path: shot('credentials-own-keys') })

  // A filter narrows it: one status, each row says so; expired keys only, then.
  for (const [option, value, label] of [
    ['Never expires', 'never_expires', 'NO EXPIRY'],
    ['Expiring within 7 days', 'expiring', 'EXPIRING'],
    ['Active', 'active', 'ACTIVE'],
  ] as const) {
    await page.getByLabel('Status', { exact: true }).selectOption({ label: option })
    await expect.poll(() => shownQuery(page)).toMatchObject({ statuses: [value] })
    const n = await shownCount(page)
    expect(n, option).toBeGreaterThan(0)
    expect(n, option).toBeLessThan(all)
    await expect(rows(page).filter({ hasText: label })).toHaveCount(n)
  }
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Expired (still listed)' })
  await expect.poll(() => shownQuery(page)).toMatchObject({ statuses: ['expired'] })
  const expired = await shownCount(page)
  expect(expired).toBeGreaterThan(0)
  expect(expired).toBeLessThan(all)
  await expect(rows(page)).toHaveCount(expired)
  await expect(rows(page).filter({ hasText: 'EXPIRED' })).toHaveCount(expired)
  // And by bearer type: applications' expired keys.
  await page.getByLabel('Bearer', { exact: true }).selectOption({ label: 'Applications' })
  await expect.poll(() => shownQuery(page)).toMatchObject({ statuses: ['expired'], bearerType: 'application' })
  const apps = await shownCount(page)
  expect(apps).toBeLessThan(expired)
  await expect(rows(page).filter({ hasText: 'application' })).toHaveCount(apps)

  // The export holds every matching key (not one page), with a header row.
  const [download] = await Promise.all([page.waitForEvent('download'), exportAs(page, 'CSV')])
  expect(download.suggestedFilename()).toMatch(/^iam-desk-credentials-\d{4}-\d{2}-\d{2}\.csv$/)
  const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n')
  expect(lines[0]).toBe(
    'organization,organization_id,access_key,bearer,bearer_type,bearer_id,description,default_project_id,created_at,age_days,expires_at,days_left,status,needs_attention,creation_ip,bearer_key_count,iam_desk_key,scw_config_profiles,bearer_last_login_at,bearer_last_log_at,bearer_last_activity_at,in_grace_until,replaced_by',
  )
  expect(lines).toHaveLength(1 + apps)
  for (const line of lines.slice(1)) expect(line).toMatch(/,application,.*,expired,/)
  // The JSON export of everything: every key, Tom's marked, no secret.
  await page.getByRole('button', { name: 'Clear', exact: true }).click()
  await expect.poll(() => shownCount(page)).toBe(all)
  const [json] = await Promise.all([page.waitForEvent('download'), exportAs(page, 'JSON')])
  const text = await readFile((await json.path())!, 'utf8')
  const objects = JSON.parse(text) as Array<{ accessKey: string; scwProfiles: string[] }>
  expect(objects).toHaveLength(all)
  expect(objects.find((o) => o.accessKey === tomsKey)?.scwProfiles).toEqual(['laptop'])
  expect(text).not.toContain(SCW_SECRET)

  // Older than the threshold: a new threshold applies to the filter and the sidebar's count.
  await page.getByLabel(/Older than \d+ days/).check()
  await expect.poll(() => shownQuery(page)).toMatchObject({ olderThanDays: 90 })
  const old90 = await shownCount(page)
  const threshold = page.getByLabel('Age threshold')
  await threshold.fill('1000')
  await threshold.press('Enter')
  await expect(page.getByLabel('Older than 1000 days')).toBeChecked()
  await expect.poll(() => shownQuery(page)).toMatchObject({ olderThanDays: 1000 })
  expect(await shownCount(page)).toBeLessThan(old90)
  await expect.poll(async () => Number(await badge.textContent())).toBeLessThan(attention)
})

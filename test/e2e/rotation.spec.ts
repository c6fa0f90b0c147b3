// API-key rotation from the credential report (docs/rotation.md) on the demo: choose an
// application's key, plan (shown before anything is sent), apply with progress, reveal the new
// secret once (copied), close; then roll the rotation back.
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { shot } from './fixtures'
import { expect, test } from './browse-helpers'
import { NORTHWIND, dialog, openDemoIdle, orgId, rpc } from './writes-helpers'

type ReportRow = { accessKey: string; bearerName: string | null; status: string; ownKey: boolean; scwProfiles: string[] }

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })

test('rotate an application key from the credential report: plan, apply, reveal once, then roll back', async ({ page, demo, context }) => {
  test.setTimeout(120_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openDemoIdle(page, demo)

  // An active application key of Northwind, not used by the scw config (its secret is revealed).
  const org = await orgId(demo)
  const report = await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', {
    organizationIds: [org.id],
    bearerType: 'application',
    statuses: ['active'],
    offset: 0,
    limit: 100,
  })
  const key = report.rows.find((r) => !r.ownKey && r.scwProfiles.length === 0 && r.bearerName)
  expect(key, 'an active application key in the demo').toBeTruthy()
  const oldKey = key!.accessKey
  // And an expired key: it cannot be rotated, the plan says why.
  const expired = (await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], statuses: ['expired'], offset: 0, limit: 10 })).rows[0]
  expect(expired, 'an expired key in the demo').toBeTruthy()

  await sidebar(page).getByRole('button', { name: /^Credentials/ }).click()
  await expect(page.getByRole('heading', { name: 'Credentials', level: 1 })).toBeVisible()
  await expect(page.getByRole('grid', { name: 'Credential report' }).locator('[role="row"][data-index]').first()).toBeVisible()

  await page.getByRole('button', { name: 'Rotate…' }).click()
  const rotate = dialog(page, 'Rotate API keys')
  const keys = rotate.getByRole('list', { name: 'Keys to rotate' })
  await expect(keys.getByRole('checkbox', { name: `Rotate ${oldKey}` })).toBeVisible()
  const plan = rotate.getByRole('button', { name: /^Plan/ })
  await expect(plan).toHaveAttribute('aria-disabled', 'true')
  // "Select all shown" checks every key listed, and unchecks them all.
  const all = rotate.getByRole('checkbox', { name: /^Select all shown/ })
  await all.check()
  const shown = await keys.getByRole('checkbox').count()
  await expect(keys.getByRole('checkbox', { checked: true })).toHaveCount(shown)
  await expect(rotate.getByRole('button', { name: `Plan rotating ${shown} keys` })).toBeVisible()
  await all.uncheck()
  await expect(keys.getByRole('checkbox', { checked: true })).toHaveCount(0)
  await keys.getByRole('checkbox', { name: `Rotate ${oldKey}` }).check()
  await keys.getByRole('checkbox', { name: `Rotate ${expired!.accessKey}` }).check()
  await expect(rotate.getByRole('combobox', { name: /Grace period/ })).toHaveValue('24')
  await expect(rotate.getByRole('radio', { name: /Same lifetime as the old key/ })).toBeChecked()
  await page.screenshot({ path: shot('rotation-choose') })
  await rotate.getByRole('button', { name: 'Plan rotating 2 keys' }).click()

  // The plan: every step of the key, nothing sent yet.
  const planned = dialog(page, 'Check the rotation plan')
  await expect(planned.getByText('Nothing has been sent yet.')).toBeVisible()
  const steps = planned.getByRole('list', { name: `Steps in ${NORTHWIND}` })
  await expect(steps).toContainText('Create the replacement of')
  await expect(steps).toContainText('Check the replacement works for')
  await expect(steps).toContainText('Deliver the new secret replacing')
  await expect(steps).toContainText('Start the grace period of the old key')
  await expect(steps).toContainText(`Cannot be rotated: it has already expired`)
  await expect(planned).toContainText('1 cannot be rotated')
  await page.screenshot({ path: shot('rotation-plan') })

  await planned.getByRole('button', { name: 'Apply…' }).click()
  const confirm = dialog(page, 'Apply the bulk change?')
  const typeIt = confirm.getByLabel(/^Type apply to confirm/)
  if ((await typeIt.count()) > 0) await typeIt.fill('apply')
  await confirm.getByRole('button', { name: /^Apply \d+ change/ }).click()

  // The job runs with progress; once it ends, the secret to reveal is offered on its own.
  const job = dialog(page, 'Rotate API keys')
  await expect(job.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 })
  const reveal = dialog(page, 'Reveal the new secret keys')
  await expect(reveal).toBeVisible()
  await reveal.getByRole('button', { name: 'Reveal', exact: true }).click()

  const secrets = dialog(page, 'New secret keys')
  const item = secrets.getByRole('listitem')
  await expect(item).toHaveCount(1)
  await expect(item).toContainText(oldKey)
  const newKey = (await secrets.getByTestId('rotated-access-key').textContent())!.trim()
  const secret = (await secrets.getByTestId('rotated-secret-key').textContent())!.trim()
  expect(newKey).toMatch(/^SCW[A-Z0-9]{17}$/)
  expect(newKey).not.toBe(oldKey)
  expect(secret).toMatch(/^[0-9a-f-]{36}$/)
  await page.screenshot({ path: shot('rotation-reveal') })

  // Escape before copying asks first.
  await page.keyboard.press('Escape')
  await expect(secrets.getByRole('alert')).toContainText('You will not see these secrets again.')
  await secrets.getByRole('button', { name: 'Back to the secrets' }).click()
  await secrets.getByRole('button', { name: `Copy secret key of ${newKey}` }).click()
  await expect(secrets.getByRole('button', { name: `Copy secret key of ${newKey}` })).toHaveText('Copied')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
  await secrets.getByRole('button', { name: 'Done…' }).click()
  await secrets.getByRole('button', { name: 'Close: I will not see them again' }).click()
  await expect(secrets).toBeHidden()

  // Shown once: nothing waits any more.
  const again = await rpc<{ keys: unknown[] }>(demo, 'jobs.rotationReveal', { id: (await rpc<Array<{ id: string; kind: string }>>(demo, 'jobs.list', {})).find((j) => j.kind === 'rotation')!.id })
  expect(again.keys).toEqual([])
  const rotated = job.getByRole('list', { name: 'Rotated keys' })
  await expect(rotated).toContainText(newKey)
  await expect(rotated).toContainText('in grace')

  // Roll back: planned, applied, the new key gone and the rotation rolled back.
  await job.getByRole('button', { name: 'Roll back…' }).click()
  const back = page.getByRole('dialog', { name: /Rotate API keys|Check the rotation plan/ })
  await expect(back.getByRole('heading', { name: /roll/i }).first()).toBeVisible()
  await back.getByRole('button', { name: 'Apply…' }).click()
  const confirmBack = dialog(page, 'Apply the bulk change?')
  const typeBack = confirmBack.getByLabel(/^Type apply to confirm/)
  if ((await typeBack.count()) > 0) await typeBack.fill('apply')
  await confirmBack.getByRole('button', { name: /^Apply \d+ change/ }).click()
  await expect(back.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 })
  await expect
    .poll(async () => (await rpc<Array<{ oldAccessKey: string; state: string }>>(demo, 'jobs.rotations', {})).find((r) => r.oldAccessKey === oldKey)?.state)
    .toBe('rolled_back')
})

test('the new secrets can be saved to a new file in the one reveal; closing then asks nothing', async ({ page, demo }) => {
  test.setTimeout(120_000)
  await openDemoIdle(page, demo)
  const org = await orgId(demo)
  const report = await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], bearerType: 'application', statuses: ['active'], offset: 0, limit: 100 })
  const oldKey = report.rows.find((r) => !r.ownKey && r.scwProfiles.length === 0 && r.bearerName)!.accessKey

  await sidebar(page).getByRole('button', { name: /^Credentials/ }).click()
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill(oldKey)
  await expect(page.getByRole('grid', { name: 'Credential report' }).locator('[role="row"][data-index]')).toHaveCount(1)
  await page.getByRole('button', { name: 'Rotate…' }).click()
  const rotate = dialog(page, 'Rotate API keys')
  await rotate.getByRole('checkbox', { name: /^Select all shown/ }).check()
  await rotate.getByRole('combobox', { name: /Grace period/ }).selectOption({ label: '1 hour' })
  await rotate.getByRole('radio', { name: 'Never', exact: true }).check()
  await rotate.getByRole('button', { name: 'Plan rotating 1 key' }).click()
  const planned = dialog(page, 'Check the rotation plan')
  await expect(planned).toContainText('old keys expire 1 hour after their new key is delivered')
  await expect(planned).toContainText('never expires')
  await planned.getByRole('button', { name: 'Apply…' }).click()
  const confirm = dialog(page, 'Apply the bulk change?')
  await confirm.getByRole('button', { name: /^Apply \d+ change/ }).click()

  const reveal = dialog(page, 'Reveal the new secret keys')
  await expect(reveal).toBeVisible({ timeout: 60_000 })
  await reveal.getByRole('checkbox', { name: /Also save them to a new file/ }).check()
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iam-desk-rot-')), 'keys.env')
  await reveal.getByRole('textbox', { name: 'Path of the new file' }).fill(file)
  await reveal.getByRole('button', { name: 'Reveal and save' }).click()
  const secrets = dialog(page, 'New secret keys')
  await expect(secrets.getByRole('status').first()).toContainText(`Saved to ${file}`)
  const secret = (await secrets.getByTestId('rotated-secret-key').textContent())!.trim()
  const text = readFileSync(file, 'utf8')
  expect(text).toContain(`SCW_SECRET_KEY=${secret}`)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  // Saved: Escape closes without asking.
  await page.keyboard.press('Escape')
  await expect(secrets).toBeHidden()
})

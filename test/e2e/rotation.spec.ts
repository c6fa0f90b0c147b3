// API-key rotation from the credential report (docs/rotation.md) on the demo: choose an
// application's key, plan (shown before anything is sent), apply with progress, reveal the new
// secret once (copied), close; then roll the rotation back.
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

  await sidebar(page).getByRole('button', { name: /^Credentials/ }).click()
  await expect(page.getByRole('heading', { name: 'Credentials', level: 1 })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill(oldKey)
  await expect(page.getByRole('grid', { name: 'Credential report' }).locator('[role="row"][data-index]')).toHaveCount(1)

  await page.getByRole('button', { name: 'Rotate…' }).click()
  const rotate = dialog(page, 'Rotate API keys')
  const keys = rotate.getByRole('list', { name: 'Keys to rotate' })
  await expect(keys.getByRole('listitem')).toHaveCount(1)
  const plan = rotate.getByRole('button', { name: /^Plan/ })
  await expect(plan).toHaveAttribute('aria-disabled', 'true')
  await rotate.getByRole('checkbox', { name: /^Select all shown/ }).check()
  await expect(keys.getByRole('checkbox', { name: `Rotate ${oldKey}` })).toBeChecked()
  await expect(rotate.getByRole('combobox', { name: /Grace period/ })).toHaveValue('24')
  await expect(rotate.getByRole('radio', { name: /Same lifetime as the old key/ })).toBeChecked()
  await rotate.getByRole('button', { name: 'Plan rotating 1 key' }).click()

  // The plan: every step of the key, nothing sent yet.
  const planned = dialog(page, 'Check the rotation plan')
  await expect(planned.getByText('Nothing has been sent yet.')).toBeVisible()
  const steps = planned.getByRole('list', { name: `Steps in ${NORTHWIND}` })
  await expect(steps).toContainText('Create the new key')
  await expect(steps).toContainText('Check the new key works')
  await expect(steps).toContainText('Deliver the new secret')
  await expect(steps).toContainText("Start the old key's grace period")
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

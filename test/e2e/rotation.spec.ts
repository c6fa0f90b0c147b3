// API-key rotation from the credential report (docs/rotation.md) on one demo started with
// `--test-clock` (IAM Desk and its demo API share a clock the test moves forward, so a grace
// period ends without waiting), in order:
//  1. rotate one key ticked in the report's table: plan (with a key that cannot be rotated and
//     why), apply, reveal once (copied), done; the report then shows the old key in grace,
//     replaced by the new one (filter and export);
//  2. a bulk rotation of every application key older than the threshold in every organization
//     ("select all matching"): plan, progress, the secrets saved to a 0600 file in the one
//     reveal, the job's report in "Bulk changes"; then rolled back from there;
//  3. the grace period ends: the start notice offers "Finish…", which plans and applies it;
//  4. "Finish due rotations automatically": switched on, a due rotation finishes on its own and
//     the window says so.
import { test as base, expect, type Page } from '@playwright/test'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { shot, startWebApp, stopWebApp, type RunningApp } from './fixtures'
import { dataRows, exportAs } from './browse-helpers'
import { NORTHWIND, dialog, openDemoIdle, orgId, rpc } from './writes-helpers'

type ReportRow = { accessKey: string; organizationId: string; bearerName: string | null; status: string; ownKey: boolean; scwProfiles: string[]; grace: { until: string; replacedBy: string | null } | null }
type Rotation = { jobId: string; oldAccessKey: string; newAccessKey: string | null; state: string }

const test = base.extend<{ demo: RunningApp }>({
  demo: async ({}, use) => use(shared!),
})
let shared: Awaited<ReturnType<typeof startWebApp>> | null = null
/** The Scaleway CLI config this IAM Desk reads (written by the first test, then removed). */
const scwFile = path.join(mkdtempSync(path.join(tmpdir(), 'iam-desk-scw-')), 'config.yaml')
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  shared = await startWebApp(['--demo', '--test-clock'], { SCW_CONFIG_PATH: scwFile })
})
test.afterAll(async () => {
  if (shared) await stopWebApp(shared)
})

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })
const grid = (page: Page) => page.getByRole('grid', { name: 'Credential report' })
const rotations = (demo: RunningApp) => rpc<Rotation[]>(demo, 'jobs.rotations', {})

async function openReport(page: Page, demo: RunningApp): Promise<void> {
  await openDemoIdle(page, demo)
  await sidebar(page).getByRole('button', { name: /^Credentials/ }).click()
  await expect(page.getByRole('heading', { name: 'Credentials', level: 1 })).toBeVisible()
  await expect(dataRows(page).first()).toBeVisible()
}

async function confirmApply(page: Page, from: ReturnType<typeof dialog> | Page): Promise<void> {
  await from.getByRole('button', { name: 'Apply…' }).click()
  const confirm = dialog(page, 'Apply the bulk change?')
  const typeIt = confirm.getByLabel(/^Type apply to confirm/)
  if ((await typeIt.count()) > 0) await typeIt.fill('apply')
  await confirm.getByRole('button', { name: /^Apply \d+ change/ }).click()
}

let firstOld = ''
let firstNew = ''

test('a key the scw config uses: its new secret goes to the config, or is revealed once when unticked', async ({ page, demo }) => {
  test.setTimeout(60_000)
  await openReport(page, demo)
  const org = await orgId(demo)
  const active = await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], bearerType: 'application', statuses: ['active'], offset: 0, limit: 100 })
  const key = active.rows.filter((r) => !r.ownKey && r.bearerName).at(-1)!.accessKey
  writeFileSync(scwFile, `profiles:\n  ci:\n    access_key: ${key}\n    secret_key: 11111111-2222-4333-8444-555555555555\n`, { mode: 0o600 })
  await expect.poll(async () => (await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { search: key, offset: 0, limit: 1 })).rows[0]?.scwProfiles, { timeout: 15_000 }).toEqual(['ci'])
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill(key)
  await expect(dataRows(page)).toHaveCount(1)
  await expect(dataRows(page).first()).toContainText('SCW CLI')
  await grid(page).getByRole('checkbox', { name: `Select ${key}` }).check()
  await page.getByRole('button', { name: 'Rotate 1 key…' }).click()
  const rotate = dialog(page, 'Rotate API keys')
  const toConfig = rotate.getByRole('checkbox', { name: /Write the new secret into the Scaleway CLI config/ })
  await expect(toConfig).toBeChecked()
  await expect(rotate).toContainText('profiles ci')
  await rotate.getByRole('button', { name: 'Plan', exact: true }).click()
  const planned = dialog(page, 'Check the rotation plan')
  await expect(planned).toContainText('new secrets: 1 to the Scaleway CLI config')
  await planned.getByRole('button', { name: 'Change the request' }).click()
  await toConfig.uncheck()
  await rotate.getByRole('button', { name: 'Plan', exact: true }).click()
  await expect(planned).toContainText('new secrets: 1 to reveal once')
  await planned.getByRole('button', { name: 'Change the request' }).click()
  await rotate.getByRole('button', { name: 'Cancel' }).click()
  // Nothing was sent, nothing is held: both plans were given up.
  expect((await rpc<Array<{ kind: string; state: string }>>(demo, 'jobs.list', {})).filter((j) => j.kind === 'rotation').map((j) => j.state)).toEqual(['abandoned', 'abandoned'])
  expect(readFileSync(scwFile, 'utf8')).toContain(key)
  rmSync(scwFile)
})

test('rotate one key ticked in the report: plan, apply, reveal once, done; the report shows it in grace (filter, export)', async ({ page, demo, context }) => {
  test.setTimeout(90_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openReport(page, demo)
  const org = await orgId(demo)
  const active = await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], bearerType: 'application', statuses: ['active'], offset: 0, limit: 100 })
  firstOld = active.rows.find((r) => !r.ownKey && r.scwProfiles.length === 0 && r.bearerName)!.accessKey
  const expired = (await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], statuses: ['expired'], offset: 0, limit: 10 })).rows[0]!

  // Nothing ticked: Rotate waits for a choice.
  await expect(page.getByRole('button', { name: 'Rotate…' })).toBeDisabled()
  for (const key of [firstOld, expired.accessKey]) {
    await page.getByRole('searchbox', { name: 'Search API keys' }).fill(key)
    await expect(dataRows(page)).toHaveCount(1)
    await grid(page).getByRole('checkbox', { name: `Select ${key}` }).check()
  }
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill('')
  await expect(page.getByRole('region', { name: 'Selected keys' })).toContainText('2 keys selected')
  await page.getByRole('button', { name: 'Rotate 2 keys…' }).click()

  const rotate = dialog(page, 'Rotate API keys')
  await expect(rotate.getByRole('region', { name: 'Keys to rotate' })).toContainText(firstOld)
  await expect(rotate).toContainText('1 expired key: cannot be rotated')
  await expect(rotate.getByRole('combobox', { name: /Grace period/ })).toHaveValue('24')
  await rotate.getByRole('combobox', { name: /Grace period/ }).selectOption({ label: '1 hour' })
  await expect(rotate.getByRole('radio', { name: /Same lifetime as the old key/ })).toBeChecked()
  await page.screenshot({ path: shot('rotation-choose') })
  await rotate.getByRole('button', { name: 'Plan', exact: true }).click()

  // The plan: every step of the key, nothing sent yet; the expired key listed with the reason.
  const planned = dialog(page, 'Check the rotation plan')
  await expect(planned.getByText('Nothing has been sent yet.')).toBeVisible()
  const steps = planned.getByRole('list', { name: `Steps in ${NORTHWIND}` })
  await expect(steps).toContainText('Create the replacement of')
  await expect(steps).toContainText('Check the replacement works for')
  await expect(steps).toContainText('Deliver the new secret replacing')
  await expect(steps).toContainText('Start the grace period of the old key')
  await expect(steps).toContainText('Cannot be rotated: it has already expired')
  await expect(planned).toContainText('old keys expire 1 hour after their new key is delivered')
  await page.screenshot({ path: shot('rotation-plan') })
  await confirmApply(page, planned)

  // Progress to the end; then the secret to reveal is offered on its own.
  const job = dialog(page, 'Rotate API keys')
  await expect(job.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 })
  const reveal = dialog(page, 'Reveal the new secret keys')
  await reveal.getByRole('button', { name: 'Reveal', exact: true }).click()
  const secrets = dialog(page, 'New secret keys')
  await expect(secrets.getByRole('listitem')).toHaveCount(1)
  firstNew = (await secrets.getByTestId('rotated-access-key').textContent())!.trim()
  const secret = (await secrets.getByTestId('rotated-secret-key').textContent())!.trim()
  expect(firstNew).toMatch(/^SCW[A-Z0-9]{17}$/)
  expect(secret).toMatch(/^[0-9a-f-]{36}$/)
  await page.screenshot({ path: shot('rotation-reveal') })
  // Escape before copying asks first.
  await page.keyboard.press('Escape')
  await expect(secrets.getByRole('alert')).toContainText('You will not see these secrets again.')
  await secrets.getByRole('button', { name: 'Back to the secrets' }).click()
  await secrets.getByRole('button', { name: `Copy secret key of ${firstNew}` }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
  await secrets.getByRole('button', { name: 'Done…' }).click()
  await secrets.getByRole('button', { name: 'Close: I will not see them again' }).click()
  await expect(secrets).toBeHidden()
  const jobId = (await rotations(demo)).find((r) => r.oldAccessKey === firstOld)!.jobId
  expect((await rpc<{ keys: unknown[] }>(demo, 'jobs.rotationReveal', { id: jobId })).keys).toEqual([])
  await expect(job.getByRole('list', { name: 'Rotated keys' })).toContainText('in grace')
  await job.getByRole('button', { name: 'Close', exact: true }).last().click()

  // The report: the old key waits in grace, replaced by the new one; its own filter; the export says so.
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Replaced, in grace' })
  await expect(dataRows(page)).toHaveCount(1)
  const row = dataRows(page).first()
  await expect(row).toContainText(firstOld)
  await expect(row).toContainText('IN GRACE')
  await expect(row).toContainText(`→ ${firstNew}`)
  await expect(row).toContainText(new RegExp(`In grace until .*, replaced by ${firstNew}`))
  await page.screenshot({ path: shot('rotation-report-grace') })
  const download = page.waitForEvent('download')
  await exportAs(page.getByRole('region', { name: 'Report settings and export' }), 'CSV')
  const csv = readFileSync(await (await download).path(), 'utf8')
  expect(csv.split('\r\n')[0]).toMatch(/,in_grace_until,replaced_by$/)
  expect(csv).toContain(`,${firstNew}\r\n`)
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2)
})

test('bulk: every application key older than the threshold in every organization, selected at once; progress, report, secrets saved to a file; then rolled back', async ({ page, demo }) => {
  test.setTimeout(120_000)
  await openReport(page, demo)
  await page.getByRole('combobox', { name: 'Bearer' }).selectOption({ label: 'Applications' })
  await page.getByLabel(/Older than \d+ days/).check()
  const matching = await rpc<{ total: number; rows: ReportRow[] }>(demo, 'credentials.report', { bearerType: 'application', olderThanDays: 90, inGrace: false, offset: 0, limit: 500 })
  const all = await rpc<{ total: number; rows: ReportRow[] }>(demo, 'credentials.report', { bearerType: 'application', olderThanDays: 90, offset: 0, limit: 500 })
  expect(new Set(all.rows.map((r) => r.organizationId)).size, 'old application keys in several organizations').toBeGreaterThan(1)
  await expect(page.getByRole('search').getByRole('status')).toHaveText(`${all.total} keys`)
  await grid(page).getByRole('checkbox', { name: `Select all ${all.total} keys matching` }).check()
  await expect(page.getByRole('region', { name: 'Selected keys' })).toContainText(`${all.total} keys selected`)
  await page.getByRole('button', { name: `Rotate ${all.total} keys…` }).click()
  const rotate = dialog(page, 'Rotate API keys')
  await rotate.getByRole('button', { name: 'Plan', exact: true }).click()
  const planned = dialog(page, 'Check the rotation plan')
  await expect(planned).toContainText(/\d+ API keys to rotate in [2-9] organizations/)
  await confirmApply(page, planned)

  const job = dialog(page, 'Rotate API keys')
  const progress = job.getByRole('progressbar', { name: 'Overall progress' })
  await expect(progress).toBeVisible()
  await page.screenshot({ path: shot('rotation-bulk-progress') })
  await expect(progress).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 })
  const reveal = dialog(page, 'Reveal the new secret keys')
  await reveal.getByRole('checkbox', { name: /Also save them to a new file/ }).check()
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'iam-desk-rot-')), 'keys.env')
  await reveal.getByRole('textbox', { name: 'Path of the new file' }).fill(file)
  await reveal.getByRole('button', { name: 'Reveal and save' }).click()
  const secrets = dialog(page, 'New secret keys')
  await expect(secrets.getByRole('status').first()).toContainText(`Saved to ${file}`)
  const shownKeys = await secrets.getByTestId('rotated-secret-key').allTextContents()
  expect(shownKeys.length).toBeGreaterThan(1)
  const text = readFileSync(file, 'utf8')
  for (const s of shownKeys) expect(text).toContain(`SCW_SECRET_KEY=${s.trim()}`)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  await page.keyboard.press('Escape')
  await expect(secrets).toBeHidden()

  // The job in "Bulk changes": its report (one line per step), then roll the whole job back —
  // planned, applied, every new key gone.
  await job.getByRole('button', { name: 'Show in Bulk changes' }).click()
  const detail = page.getByRole('article')
  await expect(detail.getByRole('list', { name: 'Rotated keys' })).toContainText('in grace')
  const download = page.waitForEvent('download')
  await exportAs(detail, 'CSV', 'Export report')
  const report = readFileSync(await (await download).path(), 'utf8')
  expect(report.split('\r\n').filter(Boolean).length).toBeGreaterThan(4 * shownKeys.length)
  await page.screenshot({ path: shot('rotation-bulk-done') })
  await detail.getByRole('button', { name: 'Roll back…' }).click()
  await expect(detail).toContainText(/Roll back \d+ key rotations/)
  await page.screenshot({ path: shot('rotation-rollback-plan') })
  await confirmApply(page, detail)
  await expect(detail.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 })
  const bulkJob = (await rotations(demo)).find((r) => r.oldAccessKey === matching.rows.find((x) => x.status !== 'expired')!.accessKey)!.jobId
  await expect.poll(async () => (await rotations(demo)).filter((r) => r.jobId === bulkJob).every((r) => r.state === 'rolled_back')).toBe(true)
})

test('the grace period ends: the start notice offers Finish, planned and applied; the old key is deleted', async ({ page, demo }) => {
  test.setTimeout(60_000)
  await rpc(demo, 'demo.advanceClock', { hours: 2 })
  expect((await rotations(demo)).find((r) => r.oldAccessKey === firstOld)!.state).toBe('due')
  await openDemoIdle(page, demo)
  const notice = page.getByRole('log', { name: 'Notices' })
  await expect(notice).toContainText('1 old key is past its grace period')
  await page.screenshot({ path: shot('rotation-finish-notice') })
  await notice.getByRole('button', { name: 'Finish…' }).click()
  const finish = page.getByRole('article').filter({ hasText: `Finish the rotation of ${firstOld}` })
  await expect(finish).toContainText(`Deletes the old key ${firstOld}`)
  await confirmApply(page, finish)
  await expect(finish.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 })
  await expect.poll(async () => (await rotations(demo)).find((r) => r.oldAccessKey === firstOld)!.state).toBe('finished')
  const org = await orgId(demo)
  const left = await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], search: firstOld, offset: 0, limit: 10 })
  expect(left.rows.map((r) => r.accessKey)).not.toContain(firstOld)
})

test('"Finish due rotations automatically": a rotation that becomes due finishes on its own, and the window says so', async ({ page, demo }) => {
  test.setTimeout(60_000)
  const org = await orgId(demo)
  const active = await rpc<{ rows: ReportRow[] }>(demo, 'credentials.report', { organizationIds: [org.id], bearerType: 'application', statuses: ['active'], inGrace: false, offset: 0, limit: 100 })
  const key = active.rows.find((r) => !r.ownKey && r.scwProfiles.length === 0)!.accessKey
  // Rotated over the API (the UI flow is the first test's), its secret revealed.
  const plan = await rpc<{ id: string }>(demo, 'jobs.planRotation', { keys: [{ organizationId: org.id, accessKey: key }], graceHours: 1 })
  await rpc(demo, 'jobs.apply', { id: plan.id })
  expect((await rpc<{ keys: unknown[] }>(demo, 'jobs.rotationReveal', { id: plan.id })).keys).toHaveLength(1)

  await openReport(page, demo)
  const auto = page.getByRole('checkbox', { name: 'Finish due rotations automatically' })
  await expect(auto).not.toBeChecked()
  await auto.check()
  await expect.poll(async () => (await rpc<{ finishDueRotations: boolean }>(demo, 'settings.get', {})).finishDueRotations).toBe(true)
  await rpc(demo, 'demo.advanceClock', { hours: 2 })
  const notice = page.getByRole('log', { name: 'Notices' })
  await expect(notice).toContainText('Finished automatically: 1 old key deleted.', { timeout: 30_000 })
  await page.screenshot({ path: shot('rotation-auto-finished') })
  expect((await rotations(demo)).find((r) => r.oldAccessKey === key)!.state).toBe('finished')
  // A window opened afterwards (main finishes due rotations at its start, before any window
  // listens) is told too.
  await openDemoIdle(page, demo)
  await expect(notice).toContainText('Finished automatically: 1 old key deleted.')
  await notice.getByRole('button', { name: 'Show it' }).last().click()
  await expect(page.getByRole('article').filter({ hasText: 'started automatically' })).toBeVisible()
})

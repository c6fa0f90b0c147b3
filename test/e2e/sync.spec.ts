// Sync: progress per organization and kind, then the result; the change view after a second
// sync that follows a change made in Scaleway.
import { startEmulator, type RunningEmulator } from '../../emulator'
import { test, expect, shot } from './fixtures'
import { addOrgByRpc, sidebar, syncPanel, waitSyncFinished, syncAllButton } from './onboarding-helpers'

let emulator: RunningEmulator
test.beforeEach(async () => {
  emulator = await startEmulator({ orgs: 2, sizes: { users: 6 } })
})
test.afterEach(async () => {
  await emulator.close()
})

test('sync all shows a bar per organization and kind, then what changed', async ({ page, app }) => {
  // Slow answers so the progress is on screen long enough to be seen.
  emulator.admin.setFaults({ latencyMs: 300 })
  for (const org of emulator.organizations) await addOrgByRpc(app, org, emulator.url)
  await page.goto(app.url)
  await expect(sidebar(page).getByRole('list', { name: 'Organizations' }).getByRole('listitem')).toHaveCount(2)
  await expect(sidebar(page).getByText('never synced')).toHaveCount(2)

  await syncAllButton(page).click()
  const panel = syncPanel(page)
  await expect(panel.getByRole('heading', { name: 'Syncing 2 organizations…' })).toBeVisible()
  await expect(panel.getByRole('progressbar', { name: /: Users$/ }).first()).toBeVisible()
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeVisible()
  await page.screenshot({ path: shot('sync-progress') })

  await waitSyncFinished(page)
  for (const org of emulator.organizations) {
    const section = panel.getByRole('region', { name: `Sync of ${org.name}` })
    await expect(section).toContainText('synced')
    await expect(section).toContainText('+6 users')
    await expect(section.getByRole('progressbar', { name: `${org.name}: overall` })).toHaveAttribute('aria-valuenow', '100')
  }
  await expect(sidebar(page).getByText(/synced (just now|1 minute ago)/)).toHaveCount(2)
  await page.screenshot({ path: shot('sync-result') })
})

test('cancel stops a running sync and keeps the previous data', async ({ page, app }) => {
  emulator.admin.setFaults({ latencyMs: 400 })
  await addOrgByRpc(app, emulator.organizations[0]!, emulator.url)
  await page.goto(app.url)
  await syncAllButton(page).click()
  await syncPanel(page).getByRole('button', { name: 'Cancel' }).click()
  await expect(syncPanel(page).getByRole('heading', { name: 'Sync cancelled' })).toBeVisible({ timeout: 30_000 })
  await expect(syncPanel(page)).toContainText('the data of the previous sync is kept')
  await expect(sidebar(page).getByText('never synced')).toBeVisible()
  await page.screenshot({ path: shot('sync-cancelled') })
})

test('the change view lists what a second sync found, with a before/after diff', async ({ page, app }) => {
  const org = emulator.organizations[0]!
  await addOrgByRpc(app, org, emulator.url)
  await page.goto(app.url)
  await syncAllButton(page).click()
  await waitSyncFinished(page)
  await syncPanel(page).getByRole('button', { name: 'Close the sync panel' }).click()

  // Someone adds a user in the Scaleway console meanwhile.
  const res = await fetch(`${emulator.url}/iam/v1alpha1/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': org.secret_key },
    body: JSON.stringify({ organization_id: org.organization_id, email: 'new.person@example.com', tags: ['e2e'] }),
  })
  expect(res.status).toBe(200)

  await syncAllButton(page).click()
  await waitSyncFinished(page)
  await expect(syncPanel(page)).toContainText('+1 user')
  await syncPanel(page).getByRole('button', { name: 'Close the sync panel' }).click()

  await sidebar(page).getByRole('button', { name: 'What changed' }).click()
  await expect(page.getByRole('heading', { name: 'What changed', level: 1 })).toBeVisible()
  const changes = page.getByRole('list', { name: 'Changes' })
  const added = changes.getByRole('listitem').filter({ hasText: 'new.person' }).filter({ hasNotText: 'log entry' })
  await expect(added).toContainText('added')
  await expect(added).toContainText('user')
  // By name and e-mail, the id on hover.
  await expect(added.locator('summary')).toContainText('· new.person@example.com')
  await expect(added.locator('summary [title]').first()).toHaveAttribute('title', /^user id [0-9a-f-]{36}$/)
  // The log entry of that creation names the object, not its id.
  await expect(changes.getByRole('listitem').filter({ hasText: 'log entry' }).first()).toContainText('created user new.person@example.com')
  await added.locator('summary').click()
  await expect(added.getByRole('row', { name: /email/ })).toContainText('new.person@example.com')

  // Filter by kind: API keys did not change.
  await page.getByLabel('Kind').selectOption('api_keys')
  await expect(changes.getByRole('listitem')).toHaveCount(0)
  await expect(page.getByText(/No api keys changed/i)).toBeVisible()
  await page.getByLabel('Kind').selectOption('users')
  await expect(added).toBeVisible()

  // The runs: picking the second one shows only its changes.
  await page.getByLabel('Kind').selectOption('')
  const runs = page.getByRole('list', { name: 'Sync runs' }).getByRole('button')
  await expect(runs).toHaveCount(2)
  await page.screenshot({ path: shot('changes-view') })
  // Picking the first sync shows its own changes only: the new user is not among them.
  await runs.nth(1).click()
  await expect(runs.nth(1)).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('heading', { name: /Changes in the sync of/ })).toBeVisible()
  await expect(added).toHaveCount(0)
  await runs.nth(0).click()
  await expect(added).toBeVisible()
})

// Offline: Scaleway unreachable → a banner says since when and how old the data is; the lists
// stay browsable from the cache; write actions are disabled with the reason.
import { startEmulator } from '../../emulator'
import { test, expect, shot } from './fixtures'
import { addOrgByRpc, sidebar, syncPanel, waitSyncFinished, syncAllButton } from './onboarding-helpers'

test('with the emulator stopped, a sync turns the banner on and the cache stays browsable', async ({ page, app }) => {
  const emulator = await startEmulator({ orgs: 1, sizes: { users: 3 } })
  const org = emulator.organizations[0]!
  await addOrgByRpc(app, org, emulator.url)
  await page.goto(app.url)
  await syncAllButton(page).click()
  await waitSyncFinished(page)
  await syncPanel(page).getByRole('button', { name: 'Close the sync panel' }).click()

  await emulator.close()
  await page.getByRole('button', { name: 'Sync all organizations' }).click()
  const banner = page.getByRole('status').filter({ hasText: 'Scaleway is unreachable' })
  await expect(banner).toBeVisible({ timeout: 30_000 })
  await expect(banner).toContainText(/since \d{1,2}:\d{2}/)
  await expect(banner).toContainText(/showing cached data from (just now|\d+ minutes? ago)/)
  await expect(syncPanel(page)).toContainText(/unreachable/i)

  // Write actions say why they are off.
  const syncAll = syncAllButton(page)
  await expect(syncAll).toBeDisabled()
  await expect(syncAll).toHaveAttribute('title', /Scaleway is unreachable/)
  await expect(sidebar(page).getByRole('button', { name: 'Add organization by key' })).toBeDisabled()

  // The cached users are still there.
  await sidebar(page).getByRole('button', { name: 'Users', exact: true }).click()
  await expect(page.getByRole('main')).toContainText(/@/)
  await page.screenshot({ path: shot('offline-banner') })
})

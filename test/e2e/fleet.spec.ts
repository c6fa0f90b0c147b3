// Many organizations: the sidebar filters them, pins some to the top and files others in
// folders; the one sync control's menu runs a full sync; the sync panel groups a dozen
// organizations (running / waiting / done) under a tally instead of a dozen blocks.
import { startEmulator, type RunningEmulator } from '../../emulator'
import { test, expect, shot } from './fixtures'
import { addOrgByRpc, sidebar, syncPanel, syncAllButton, waitSyncFinished } from './onboarding-helpers'

let emulator: RunningEmulator
test.beforeEach(async () => {
  emulator = await startEmulator({ orgs: 12, sizes: { users: 3, applications: 2, apiKeys: 2, groups: 1, policies: 2, sshKeys: 1, logs: 2, jwts: 0 } })
})
test.afterEach(async () => {
  await emulator.close()
})

test('a dozen organizations: filter, pin, folders, grouped sync progress, full sync from the menu', async ({ page, app }) => {
  for (const org of emulator.organizations) await addOrgByRpc(app, org, emulator.url)
  const [first, second, third] = emulator.organizations.map((o) => o.name).sort((a, b) => a.localeCompare(b))
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(app.url)
  const side = sidebar(page)

  // The filter box narrows the list by any word of the name.
  const word = first!.split(' ')[1]!
  await side.getByRole('searchbox', { name: 'Filter organizations' }).fill(word)
  const matching = emulator.organizations.filter((o) => o.name.toLowerCase().includes(word.toLowerCase()))
  await expect(side.getByRole('list', { name: 'Organizations' }).getByRole('listitem')).toHaveCount(matching.length)
  await side.getByRole('searchbox', { name: 'Filter organizations' }).fill('')

  // Pin one: it heads the sidebar under "Pinned".
  await side.getByRole('button', { name: `Actions for ${third}` }).click()
  await page.getByRole('menuitem', { name: 'Pin to top' }).click()
  await expect(side.getByRole('list', { name: 'Pinned' }).getByRole('listitem')).toHaveCount(1)
  await expect(side.getByRole('list', { name: 'Pinned' })).toContainText(third!)

  // File two in a folder; "only" shows just that folder's organizations.
  for (const name of [first!, second!]) {
    await side.getByRole('button', { name: `Actions for ${name}` }).click()
    await page.getByRole('menuitem', { name: 'Move to folder…' }).click()
    const dialog = page.getByRole('dialog', { name: `Move ${name} to a folder` })
    await dialog.getByLabel('Folder').fill('Clients')
    await dialog.getByRole('button', { name: 'Move' }).click()
    await expect(dialog).toBeHidden()
  }
  await expect(side.getByRole('list', { name: 'Clients' }).getByRole('listitem')).toHaveCount(2)
  await expect(side.getByRole('list', { name: 'Other organizations' }).getByRole('listitem')).toHaveCount(9)
  await side.getByRole('button', { name: 'Show only the organizations of Clients' }).click()
  await expect(page.getByRole('banner')).toContainText('2 organizations')
  await side.getByRole('button', { name: /All organizations/ }).click()
  // A folder folds.
  await side.getByRole('button', { name: /^Clients/, expanded: true }).click()
  await expect(side.getByRole('list', { name: 'Clients' })).toBeHidden()
  await page.screenshot({ path: shot('fleet-sidebar') })

  // Sync all: with a dozen organizations the panel shows a tally and groups.
  emulator.admin.setFaults({ latencyMs: 120 })
  await syncAllButton(page).click()
  const panel = syncPanel(page)
  await expect(panel.getByText(/\d+ done · \d+ running · \d+ waiting/)).toBeVisible()
  await expect(panel.getByText(/^Waiting \(\d+\)$/)).toBeVisible()
  await page.screenshot({ path: shot('fleet-sync-grouped') })
  await waitSyncFinished(page)
  await expect(panel.getByText('12 done · 0 running · 0 waiting')).toBeVisible()
  emulator.admin.setFaults({ latencyMs: 0 })
  await panel.getByRole('button', { name: 'Close the sync panel' }).click()

  // The menu's full sync re-reads every rule of the selected organization, and says so.
  await side.getByRole('button', { name: third!, exact: true }).click()
  await page.getByRole('button', { name: 'More sync options' }).click()
  const options = page.getByRole('group', { name: 'Sync options' })
  await expect(options.getByLabel('Full sync every how many syncs')).toHaveValue('10')
  await expect(options.getByRole('checkbox', { name: 'and once a day' })).toBeChecked()
  await page.screenshot({ path: shot('fleet-sync-menu') })
  await options.getByRole('button', { name: `Full sync of ${third}` }).click()
  await waitSyncFinished(page)
  await expect(panel.getByRole('region', { name: `Sync of ${third}` })).toContainText('· full')
})

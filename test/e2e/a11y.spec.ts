// Keyboard, accessible names, dialogs, themes and sizes of the shell; rename and remove.
import { startEmulator, type RunningEmulator } from '../../emulator'
import { test, expect, shot } from './fixtures'
import { addOrgByRpc, sidebar, syncPanel, waitSyncFinished, syncAllButton } from './onboarding-helpers'

let emulator: RunningEmulator
test.beforeEach(async () => {
  emulator = await startEmulator({ orgs: 2, sizes: { users: 3 } })
})
test.afterEach(async () => {
  await emulator.close()
})

async function withTwoOrgs(app: Parameters<typeof addOrgByRpc>[0]) {
  for (const org of emulator.organizations) await addOrgByRpc(app, org, emulator.url)
}

test('every button and input of the shell has an accessible name', async ({ page, app }) => {
  await withTwoOrgs(app)
  await page.goto(app.url)
  await expect(sidebar(page).getByRole('list', { name: 'Organizations' }).getByRole('listitem')).toHaveCount(2)
  const unnamed = await page.evaluate(() => {
    const bad: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('nav button, nav input, header button, header input')) {
      const labelled = el.getAttribute('aria-label') || el.textContent?.trim() || (el.id && document.querySelector(`label[for="${el.id}"]`))
      if (!labelled) bad.push(el.outerHTML.slice(0, 120))
    }
    return bad
  })
  expect(unnamed).toEqual([])
})

test('rename and remove an organization from its menu, the confirmation naming it', async ({ page, app }) => {
  await withTwoOrgs(app)
  const [a, b] = emulator.organizations
  await page.goto(app.url)

  // Keyboard: open the menu, arrow to Rename.
  await sidebar(page).getByRole('button', { name: `Actions for ${a!.name}` }).click()
  const menu = page.getByRole('menu', { name: `Actions for ${a!.name}` })
  await expect(menu.getByRole('menuitem', { name: 'Sync now' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Rename…' })).toBeFocused()
  await page.keyboard.press('Enter')
  const rename = page.getByRole('dialog', { name: `Rename ${a!.name}` })
  await expect(rename).toHaveAttribute('aria-modal', 'true')
  await rename.getByLabel('Name').fill('Production')
  await rename.getByRole('button', { name: 'Rename' }).click()
  await expect(sidebar(page).getByRole('button', { name: 'Production', exact: true })).toBeVisible()

  await sidebar(page).getByRole('button', { name: `Actions for ${b!.name}` }).click()
  await page.getByRole('menuitem', { name: 'Remove…' }).click()
  const remove = page.getByRole('dialog', { name: `Remove ${b!.name}?` })
  await expect(remove).toContainText(b!.name)
  await expect(remove).toContainText(/secret key/)
  await expect(remove).toContainText(/cached data/)
  await expect(remove.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await page.screenshot({ path: shot('remove-confirmation') })
  // Escape closes without removing.
  await page.keyboard.press('Escape')
  await expect(remove).toBeHidden()
  await expect(sidebar(page).getByRole('button', { name: b!.name, exact: true })).toBeVisible()

  await sidebar(page).getByRole('button', { name: `Actions for ${b!.name}` }).click()
  await page.getByRole('menuitem', { name: 'Remove…' }).click()
  await remove.getByRole('button', { name: `Remove ${b!.name}` }).click()
  await expect(sidebar(page).getByRole('button', { name: b!.name, exact: true })).toBeHidden()
  await expect(sidebar(page).getByRole('list', { name: 'Organizations' }).getByRole('listitem')).toHaveCount(1)
})

test('multi-select feeds the scope; dark theme at 1920×1080 and light at 1280×800', async ({ page, app }) => {
  await withTwoOrgs(app)
  const [a, b] = emulator.organizations
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(app.url)
  await syncAllButton(page).click()
  await waitSyncFinished(page)

  await sidebar(page).getByRole('button', { name: a!.name, exact: true }).click()
  await expect(page.getByRole('banner')).toContainText(a!.name)
  await sidebar(page).getByRole('checkbox', { name: `Include ${b!.name} in the selection` }).check()
  await expect(page.getByRole('banner')).toContainText('2 organizations')
  await sidebar(page).getByRole('button', { name: 'All organizations' }).click()
  await expect(page.getByRole('banner')).toContainText('All organizations (2)')

  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(bg).toBe('rgb(22, 24, 29)')
  await page.screenshot({ path: shot('shell-dark-1920') })

  await syncPanel(page).getByRole('button', { name: 'Close the sync panel' }).click()
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1280, height: 800 })
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)')
  // Visible focus: Tab lands on something with an outline.
  await page.keyboard.press('Tab')
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
  expect(outline).toBe('solid')
  await page.screenshot({ path: shot('shell-light-1280') })
})

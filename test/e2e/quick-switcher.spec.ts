// Ctrl/Cmd+K finds anything across organizations; arrows + Enter open it; Escape closes and
// gives focus back.
import { test, expect, shot } from './fixtures'
import { rpc, sidebar, waitSyncFinished } from './onboarding-helpers'

test('the quick switcher finds a user across organizations and opens it', async ({ page, app }) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: /Explore demo organizations/ }).click()
  await waitSyncFinished(page)

  // Pick a real user of the demo data to search for.
  const page1 = await rpc<{ rows: Array<{ id: string; item: { email: string } }> }>(app, 'browse.list', { kind: 'users', offset: 0, limit: 1 })
  if (!page1.ok) throw new Error(page1.error.message)
  const email = page1.value.rows[0]!.item.email
  const needle = email.split('@')[0]!

  const findButton = page.getByRole('button', { name: /Find anything/ })
  await findButton.focus()
  await page.keyboard.press('Control+K')
  const dialog = page.getByRole('dialog', { name: 'Find anything' })
  await expect(dialog).toBeVisible()
  const input = dialog.getByRole('combobox', { name: /Search organizations, users/ })
  await expect(input).toBeFocused()
  await input.fill(needle)
  const options = dialog.getByRole('option')
  await expect(options.first()).toBeVisible()
  const target = options.filter({ hasText: email }).first()
  await expect(target).toContainText('User')
  await page.screenshot({ path: shot('quick-switcher') })

  // Arrow down to the hit, then Enter.
  const count = await options.count()
  let index = 0
  for (; index < count; index++) if ((await options.nth(index).textContent())?.includes(email)) break
  for (let i = 0; i < index; i++) await input.press('ArrowDown')
  await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true')
  await input.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible()
  await expect(sidebar(page).getByRole('button', { name: 'Users', exact: true })).toHaveAttribute('aria-current', 'page')

  // Escape closes and focus returns where it was.
  await findButton.focus()
  await page.keyboard.press('Control+K')
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(findButton).toBeFocused()

  // An organization hit selects that organization.
  await page.keyboard.press('Control+K')
  const orgs = await rpc<Array<{ id: string; name: string }>>(app, 'orgs.list')
  if (!orgs.ok) throw new Error(orgs.error.message)
  const second = orgs.value[1]!
  await input.fill(second.name)
  await dialog.getByRole('option').filter({ hasText: 'Organization' }).filter({ hasText: second.name }).first().click()
  await expect(sidebar(page).getByRole('button', { name: second.name, exact: true })).toHaveAttribute('aria-current', 'true')
})

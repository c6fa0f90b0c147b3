// Keyboard: opening a detail puts focus in it and Esc gives it back to the row; `/` focuses the
// list's search; `?` lists the shortcuts; the quick switcher's pick is focused too.
import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

test('focus follows the detail in and back; / searches; ? lists the shortcuts', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const pane = page.getByRole('complementary', { name: 'User details' })

  // Enter on a row: the detail opens with focus in it (its title), Esc returns to that row.
  const row = dataRows(page).nth(2)
  await row.focus()
  await page.keyboard.press('Enter')
  await expect(pane.getByRole('heading', { level: 2 })).toBeFocused()
  await page.screenshot({ path: shot('keyboard-detail-focused') })
  // A few Tabs reach the detail's first control, inside the pane.
  await page.keyboard.press('Tab')
  expect(await pane.evaluate((el) => el.contains(document.activeElement))).toBe(true)
  await page.keyboard.press('Escape')
  await expect(pane).toHaveCount(0)
  await expect(row).toBeFocused()

  // A click opens it too, and focus goes in.
  await dataRows(page).nth(4).click()
  await expect(pane.getByRole('heading', { level: 2 })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dataRows(page).nth(4)).toBeFocused()

  // `/` puts the cursor in the list's search; typed into a field it stays a character.
  await page.keyboard.press('/')
  const search = page.getByRole('searchbox', { name: 'Search Users' })
  await expect(search).toBeFocused()
  await page.keyboard.type('a/')
  await expect(search).toHaveValue('a/')
  await search.fill('')

  // `?` (outside a field) lists the shortcuts; Esc closes the list.
  await dataRows(page).first().focus()
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toBeVisible()
  await expect(help.getByText('Search the current list')).toBeVisible()
  await page.screenshot({ path: shot('keyboard-shortcuts') })
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)

  // The quick switcher: the object it opens gets focus.
  await page.keyboard.press('Control+K')
  const finder = page.getByRole('dialog', { name: 'Find anything' })
  await finder.getByRole('combobox').fill('@')
  await expect(finder.getByRole('option').first()).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(finder).toHaveCount(0)
  await expect(page.getByRole('complementary', { name: /details$/ }).getByRole('heading', { level: 2 })).toBeFocused()
})

// The lists' grids beside an overlaying detail pane, at 1024×700: the "N columns hidden" line
// stays true when the pane opens or closes and when another list (other columns) is shown, and
// the People grid leaves room after its last column so every column can be scrolled clear of the
// pane, its header focus scrolling back into sight — as the resource lists do (layout.spec).
import type { Locator, Page } from '@playwright/test'
import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

/** The labels the "N columns hidden: …" line names ([] when every column is in sight). */
async function hiddenColumns(page: Page): Promise<string[]> {
  const note = page.getByText(/^\d+ columns? hidden: /)
  if ((await note.count()) === 0) return []
  return (await note.textContent())!.replace(/^\d+ columns? hidden: /, '').split(', ').map((l) => l.trim())
}

/** The column headers more than half out of the grid's visible part (left of a pane's edge at `paneLeft`). */
async function outOfSight(grid: Locator, paneLeft = 1e9): Promise<string[]> {
  return grid.evaluate((g, edge) => {
    const left = g.getBoundingClientRect().left
    const right = Math.min(left + g.clientWidth, edge)
    return [...g.querySelectorAll<HTMLElement>('[data-column]')]
      .filter((h) => {
        const r = h.getBoundingClientRect()
        return Math.min(r.right, right) - Math.max(r.left, left) < r.width / 2
      })
      .map((h) => h.textContent!.replace(/[▲▼]/g, '').trim())
  }, paneLeft)
}

/** How far each header cell's left edge is from its column's cell in the first row (0 when aligned). */
async function misalignment(grid: Locator): Promise<number> {
  return grid.evaluate((g) => {
    const heads = [...g.querySelectorAll<HTMLElement>('[role="row"][aria-rowindex="1"] > [role="columnheader"]')]
    const cells = [...g.querySelectorAll<HTMLElement>('[role="row"][data-index="0"] > [role="gridcell"]')]
    return Math.max(...heads.map((h, i) => Math.abs(h.getBoundingClientRect().left - (cells[i]?.getBoundingClientRect().left ?? Infinity))))
  })
}

test('1024×700: the hidden-columns line follows the pane and the list; People columns scroll clear of the pane', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const users = page.getByRole('grid', { name: 'Users' })

  // Without the pane: the columns the window cuts off (none once the sidebar folds to its rail).
  await expect(users.getByRole('columnheader').first()).toBeVisible()
  const narrow = await outOfSight(users)
  await expect.poll(() => hiddenColumns(page)).toEqual(narrow)

  // The pane opens over the list's right part: the columns under it are named too, at once
  // (nothing was scrolled or resized).
  await dataRows(page).nth(1).click()
  const pane = page.getByRole('complementary', { name: 'User details' })
  await expect(pane).toBeVisible()
  const paneLeft = (await pane.boundingBox())!.x
  await expect.poll(() => hiddenColumns(page)).toEqual(await outOfSight(users, paneLeft))
  // The rows get the same room after their last column as the header: columns stay aligned.
  expect(await misalignment(users)).toBeLessThanOrEqual(1)
  const covered = await hiddenColumns(page)
  expect(covered.length).toBeGreaterThan(narrow.length)
  await page.screenshot({ path: shot('grid-1024-users-pane-hidden-columns') })

  // It closes: back to what the window alone hides.
  await page.keyboard.press('Escape')
  await expect(pane).toBeHidden()
  await expect.poll(() => hiddenColumns(page)).toEqual(narrow)

  // Another list (other columns) while the pane hid some: the line names that list's.
  await dataRows(page).nth(1).click()
  await expect(pane).toBeVisible()
  await showSection(page, 'API keys')
  const keys = page.getByRole('grid', { name: 'API keys' })
  await expect(keys.getByRole('columnheader').first()).toBeVisible()
  await expect.poll(async () => hiddenColumns(page)).toEqual(await outOfSight(keys))

  // People: the pane overlays its grid too; its grid gets room after the last column, so
  // scrolled right, every column stands clear of the pane ...
  await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: 'People', exact: true }).click()
  const people = page.getByRole('grid', { name: 'People' })
  await people.locator('[role="row"][data-index]').nth(1).click()
  const personPane = page.getByRole('complementary', { name: 'Person details' })
  await expect(personPane).toBeVisible()
  const personLeft = (await personPane.boundingBox())!.x
  await expect.poll(() => hiddenColumns(page)).toEqual(await outOfSight(people, personLeft))
  expect(await hiddenColumns(page)).toContain('API keys')
  await people.evaluate((g) => (g.scrollLeft = g.scrollWidth))
  const last = people.getByRole('columnheader', { name: 'API keys' })
  expect((await last.boundingBox())!.x + (await last.boundingBox())!.width).toBeLessThanOrEqual(personLeft + 1)
  await expect.poll(() => hiddenColumns(page)).not.toContain('API keys')
  expect(await misalignment(people)).toBeLessThanOrEqual(1)
  await page.screenshot({ path: shot('grid-1024-people-scrolled-clear-of-pane') })

  // ... and the header reached by keyboard (select all) is brought back into sight.
  await people.getByRole('checkbox', { name: /^Select all / }).focus()
  await expect.poll(() => people.evaluate((g) => g.scrollLeft)).toBe(0)
  await expect.poll(() => hiddenColumns(page)).toContain('API keys')
})

// Layout at the window sizes people use (1024×700, 1440×900, 1920×1080): columns a narrow window
// keeps out of sight are named beside the list, tabbing through the headers keeps the focused one
// in sight (clear of the detail pane that overlays the list), and a wide window shows whole
// organization names.
import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

test('narrow and wide windows: hidden columns named, header focus stays in sight, whole organization names', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const grid = page.getByRole('grid', { name: 'Users' })

  // The list is wider than the window: the columns out of sight are named beside it.
  const note = page.getByText(/^\d+ columns? hidden: /)
  await expect(note).toBeVisible()
  await expect(note).toContainText('Last login')

  // Open a detail (it overlays the list's right part at this width), then Tab through the headers:
  // each focused header stays within the part of the list the pane leaves visible.
  await dataRows(page).nth(1).click()
  const pane = page.getByRole('complementary', { name: 'User details' })
  await expect(pane).toBeVisible()
  const paneLeft = (await pane.boundingBox())!.x
  await page.screenshot({ path: shot('layout-1024-users-detail') })
  const headers = grid.getByRole('columnheader').getByRole('button')
  const count = await headers.count()
  expect(count).toBeGreaterThan(5)
  await headers.first().focus()
  for (let i = 0; i < count; i++) {
    await expect(headers.nth(i)).toBeFocused()
    const seen = await grid.evaluate((g) => {
      const f = document.activeElement!.getBoundingClientRect()
      return { left: f.left, right: f.right, gridLeft: g.getBoundingClientRect().left, scrollLeft: g.scrollLeft }
    })
    expect(seen.left, `header ${i + 1} starts in sight`).toBeGreaterThanOrEqual(seen.gridLeft - 1)
    expect(seen.right, `header ${i + 1} ends left of the detail pane (scrollLeft ${seen.scrollLeft})`).toBeLessThanOrEqual(paneLeft + 1)
    if (i < count - 1) await page.keyboard.press('Tab')
  }
  await page.screenshot({ path: shot('layout-1024-headers-tabbed') })

  await page.setViewportSize({ width: 1440, height: 900 })
  await page.screenshot({ path: shot('layout-1440-users-detail') })

  // 1920: every column fits (no note) and the organization column holds the longest demo name.
  await page.setViewportSize({ width: 1920, height: 1080 })
  await expect(note).toHaveCount(0)
  const cell = grid.getByRole('gridcell', { name: 'Northwind Analytics', exact: true }).first()
  await expect(cell).toBeVisible()
  expect(await cell.evaluate((c) => (c.querySelector('.text') as HTMLElement).scrollWidth <= (c.querySelector('.text') as HTMLElement).clientWidth)).toBe(true)
  await page.screenshot({ path: shot('layout-1920-users-detail') })

  for (const [w, h] of [[1024, 700], [1440, 900], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h })
    await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: 'Needs attention', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Needs attention' })).toBeVisible()
    await page.screenshot({ path: shot(`layout-${w}-home`) })
  }
})

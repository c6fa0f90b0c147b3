// Layout at the window sizes people use (1024×700, 1440×900, 1920×1080): columns a narrow window
// keeps out of sight are named beside the list, tabbing through the headers keeps the focused one
// in sight (clear of the detail pane that overlays the list), and a wide window shows whole
// organization names. Below 1100 px the sidebar folds to a rail of icons and avatars that keeps
// every control's name, expands over the content (Esc or a click outside folds it) and can be
// pinned expanded.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })
const width = async (page: Page) => (await sidebar(page).boundingBox())!.width

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('nav').analyze()
  expect(result.passes.length, where).toBeGreaterThan(5)
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}

test('narrow and wide windows: hidden columns named, header focus stays in sight, whole organization names', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  // The narrowest list: a 1024 px window with the sidebar pinned expanded (the rail would leave
  // room for every column of Users).
  await page.addInitScript(() => localStorage.setItem('iam-desk.sidebar.pinned', 'true'))
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

test('1024×700: the sidebar is a rail of named icons that expands over the content, folds on Esc and can be pinned', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await openDemo(page, demo)
  const side = sidebar(page)
  const main = page.getByRole('main', { name: 'Main area' })
  expect(await width(page)).toBeGreaterThanOrEqual(48)
  expect(await width(page)).toBeLessThanOrEqual(64)
  const mainLeft = (await main.boundingBox())!.x
  expect(mainLeft).toBeLessThanOrEqual(64)

  // Sections keep their names (the count stays out of it) and work; the name is the tooltip.
  const apiKeys = side.getByRole('button', { name: 'API keys', exact: true })
  await expect(apiKeys).toHaveAttribute('title', 'API keys')
  await apiKeys.click()
  await expect(page.getByRole('grid', { name: 'API keys' })).toBeVisible()
  await expect(apiKeys).toHaveAttribute('aria-current', 'page')
  // An avatar chooses the scope like the organization's row; "All organizations" gives it back.
  await side.getByRole('button', { name: 'Northwind Analytics', exact: true }).click()
  const scope = page.getByRole('banner').locator('.scope')
  await expect(scope).toHaveText('Northwind Analytics')
  await expect(side.getByRole('button', { name: 'Northwind Analytics', exact: true })).toHaveAttribute('aria-current', 'true')
  await side.getByRole('button', { name: /^All organizations/ }).click()
  await expect(scope).toHaveText('All organizations (3)')
  // The top bar has the room the rail frees: the scope is shown whole.
  expect(await scope.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true)
  // The organizations' checkboxes and menus are in the expanded sidebar, not in the rail.
  await expect(side.getByRole('checkbox', { name: 'Include Northwind Analytics in the selection' })).toBeHidden()
  await expect(side.getByRole('button', { name: 'Actions for Northwind Analytics' })).toBeHidden()
  await page.screenshot({ path: shot('layout-1024-rail') })
  const found = await seriousViolations(page, 'rail')

  // Expand: the full sidebar over the content (the list does not move), its controls reachable.
  const expand = side.getByRole('button', { name: 'Expand sidebar' })
  await expand.click()
  await expect(expand).toHaveAttribute('aria-expanded', 'true')
  expect(await width(page)).toBeGreaterThan(250)
  expect((await main.boundingBox())!.x).toBe(mainLeft)
  await expect(side.getByRole('checkbox', { name: 'Include Northwind Analytics in the selection' })).toBeVisible()
  await expect(side.getByRole('button', { name: 'Actions for Northwind Analytics' })).toBeVisible()
  await expect(side.getByRole('button', { name: 'Add organization by key' })).toBeVisible()
  await side.getByRole('button', { name: 'Users', exact: true }).focus()
  await page.screenshot({ path: shot('layout-1024-expanded') })
  found.push(...(await seriousViolations(page, 'expanded')))
  expect(found).toEqual([])
  // The ⋯ menu's Escape closes the menu only; the next one folds the sidebar, focus back on Expand.
  await side.getByRole('button', { name: 'Actions for Northwind Analytics' }).click()
  await expect(page.getByRole('menu')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect(expand).toHaveAttribute('aria-expanded', 'true')
  await page.keyboard.press('Escape')
  await expect(expand).toHaveAttribute('aria-expanded', 'false')
  await expect(expand).toBeFocused()
  expect(await width(page)).toBeLessThanOrEqual(64)

  // A click outside folds it; choosing a section from the expanded sidebar does too.
  await expand.click()
  await page.mouse.click(700, 400)
  await expect(expand).toHaveAttribute('aria-expanded', 'false')
  await expand.click()
  await side.getByRole('button', { name: 'Policies', exact: true }).click()
  await expect(page.getByRole('grid', { name: 'Policies' })).toBeVisible()
  await expect(expand).toHaveAttribute('aria-expanded', 'false')

  // Pinned: the full sidebar beside the content, remembered across a reload; unpinned: the rail.
  await expand.click()
  const pin = side.getByRole('button', { name: 'Keep sidebar expanded' })
  await pin.click()
  await expect(pin).toHaveAttribute('aria-pressed', 'true')
  expect((await main.boundingBox())!.x).toBeGreaterThan(250)
  // A new start of the window (the token is in the full address, as the user opens it).
  await page.goto(`${demo.url}#/policies`)
  await expect(sidebar(page).getByRole('button', { name: 'Keep sidebar expanded' })).toHaveAttribute('aria-pressed', 'true')
  await expect(side.getByRole('button', { name: 'Expand sidebar' })).toHaveCount(0)
  await page.screenshot({ path: shot('layout-1024-pinned') })
  await side.getByRole('button', { name: 'Keep sidebar expanded' }).click()
  await expect(expand).toBeFocused()
  expect(await width(page)).toBeLessThanOrEqual(64)

  // 1440: the full sidebar as before, no rail controls.
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect.poll(() => width(page)).toBeGreaterThan(250)
  await expect(side.getByRole('button', { name: 'Expand sidebar' })).toHaveCount(0)
  await expect(side.getByRole('button', { name: 'Keep sidebar expanded' })).toHaveCount(0)
  await expect(side.getByText('IAM Desk', { exact: true })).toBeVisible()
})


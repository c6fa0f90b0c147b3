// Accessibility pass: axe-core on the demo's main views; serious and critical violations fail.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

async function serious(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  // axe did look: rules passed on this page (an empty or unloaded page passes almost none).
  expect(result.passes.length, where).toBeGreaterThan(10)
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}

test('axe finds no serious violation in the main views', async ({ page, demo }) => {
  // Seven views, each read whole by axe: more than the default minute on a busy machine.
  test.setTimeout(120_000)
  await openDemo(page, demo)
  const found: string[] = []
  await showSection(page, 'API keys')
  found.push(...(await serious(page, 'API keys list')))
  await dataRows(page).first().click()
  await expect(page.getByRole('complementary', { name: 'API key details' })).toBeVisible()
  found.push(...(await serious(page, 'API key detail')))
  for (const section of ['Credentials', 'People', 'Bulk changes', 'Access', 'Policy analysis', 'Settings']) {
    await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: section, exact: true }).click()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    found.push(...(await serious(page, section)))
  }
  expect(found).toEqual([])
})

// Exports in browser mode (issue 19): a filtered, sorted list exported as CSV and JSON from its
// toolbar's Export control arrives as a download (streamed by the server from a one-time link)
// whose rows are exactly the list's — every row of the filter, in the list's order, nothing
// else. One demo start for the whole file.
import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import { shot } from './fixtures'
import { exportAs, expect, openDemo, shownCount, shownFilters, showSection, test } from './browse-helpers'
import { rpc } from './onboarding-helpers'

async function text(download: Download): Promise<string> {
  return readFile((await download.path())!, 'utf8')
}

/** The query whose answer the list shows (BrowseList's data-shown-key). */
async function shownQuery(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse((await page.locator('section.list[data-shown-key]').getAttribute('data-shown-key'))!) as Record<string, unknown>
}

test('a filtered, sorted list exports exactly its rows as CSV and JSON downloads', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const all = await shownCount(page)
  await page.getByLabel('MFA', { exact: true }).selectOption({ label: 'MFA off' })
  await expect.poll(() => shownFilters(page)).toEqual({ mfa: false })
  // Sorted by e-mail, Z to A (the list starts A to Z): the export keeps the list's order.
  await page.getByRole('columnheader', { name: 'Email' }).getByRole('button').click()
  await expect.poll(async () => (await shownQuery(page)).sort).toEqual({ field: 'email', dir: 'desc' })
  const n = await shownCount(page)
  expect(n).toBeGreaterThan(0)
  expect(n).toBeLessThan(all)
  // What the list shows, every row of it (asked over the same API, beyond the visible window).
  const listed = await rpc<{ rows: Array<{ organizationId: string; item: { email: string } }> }>(demo, 'browse.list', { ...(await shownQuery(page)), offset: 0, limit: 500 })
  if (!listed.ok) throw new Error(listed.error.message)
  const emails = listed.value.rows.map((r) => r.item.email)
  expect(emails).toHaveLength(n)

  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('menu', { name: 'Export as' })).toBeVisible()
  await page.screenshot({ path: shot('export-menu') })
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^CSV/ }).click()])
  expect(csvDownload.suggestedFilename()).toMatch(/^iam-desk-users-\d{4}-\d{2}-\d{2}\.csv$/)
  const lines = (await text(csvDownload)).split('\r\n')
  expect(lines.pop()).toBe('')
  const header = lines[0]!.split(',')
  expect(header.slice(0, 4)).toEqual(['organization_id', 'organization_name', 'id', 'email'])
  // Demo e-mails and ids hold no comma or quote: a plain split reads these columns.
  const cells = lines.slice(1).map((l) => l.split(','))
  expect(cells.map((c) => c[header.indexOf('email')])).toEqual(emails)
  expect(new Set(cells.map((c) => c[header.indexOf('mfa')]))).toEqual(new Set(['false']))
  // The control says what was written.
  await expect(page.getByRole('status').filter({ hasText: /\.csv: / })).toHaveText(`${csvDownload.suggestedFilename()}: ${n} users`)

  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), exportAs(page, 'JSON')])
  expect(jsonDownload.suggestedFilename()).toMatch(/^iam-desk-users-\d{4}-\d{2}-\d{2}\.json$/)
  const objects = JSON.parse(await text(jsonDownload)) as Array<{ email: string; mfa: boolean; organization_id: string; organization_name: string }>
  expect(objects.map((o) => o.email)).toEqual(emails)
  for (const o of objects) {
    expect(o.mfa).toBe(false)
    expect(o.organization_name).toMatch(/\w/)
  }
  expect(objects.map((o) => o.organization_id)).toEqual(listed.value.rows.map((r) => r.organizationId))
  await page.screenshot({ path: shot('export-done') })

  // A download link is used once: following it again gets nothing.
  expect((await fetch(csvDownload.url())).status).toBe(404)
})

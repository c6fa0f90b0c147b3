// Shared steps of the browse and detail end-to-end tests: an IAM Desk started in demo mode
// (the built-in emulator's three demo organizations, synced at start).
import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { startWebApp, stopWebApp, type RunningApp } from './fixtures'

export const test = base.extend<{ demo: RunningApp }>({
  demo: async ({}, use) => {
    const app = await startWebApp(['--demo'])
    await use(app)
    await stopWebApp(app)
  },
})
export { expect }

/** The list's data rows (the header row has no data-index). */
export const dataRows = (page: Page) => page.locator('[role="grid"] [role="row"][data-index]')

/** Whether the app's start-up sync still runs, asked over its HTTP API (not the UI). */
async function syncRunning(app: RunningApp): Promise<boolean> {
  const res = await fetch(`${new URL(app.url).origin}/rpc/sync.status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: '{}',
  })
  const body = (await res.json()) as { ok: boolean; value?: { running: boolean } }
  return body.value?.running ?? true
}

export async function openDemo(page: Page, app: RunningApp): Promise<void> {
  // The users list's address (the app opens on its "needs attention" home otherwise).
  await page.goto(`${app.url}#/users`)
  // Demo mode opens onto the demo organizations once their first sync filled the cache.
  await expect(dataRows(page).first()).toBeVisible({ timeout: 30_000 })
  // Rows show as soon as the first organization is in the cache; wait for the start-up sync of
  // all three to end, so lists do not change under the test.
  await expect.poll(() => syncRunning(app), { timeout: 45_000 }).toBe(false)
  // The page must learn that the sync ended even when it missed the `sync.finished` push (it
  // can fire before the event stream is open): the renderer then asks main until the run is
  // over. No reload here — a "Syncing…" panel that outlives the sync is a bug to see.
  await expect(page.getByRole('complementary', { name: /^Syncing/ }), '"Syncing…" still shown after the sync ended').toHaveCount(0, { timeout: 5_000 })
  // The shell shows the sync's result in a panel over the right side: put it away, it would
  // cover the detail pane.
  const syncPanel = page.getByRole('complementary', { name: /^Sync/ })
  if ((await syncPanel.count()) > 0) {
    await syncPanel.getByRole('button', { name: /^Close/ }).click()
    await expect(syncPanel).toHaveCount(0)
  }
}

export async function showSection(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: label, exact: true }).click()
  await expect(page.getByRole('grid', { name: label })).toBeVisible()
}

/** The count the toolbar announces, as a number ("1,234 API keys" → 1234). */
export async function shownCount(page: Page): Promise<number> {
  const status = page.getByRole('search').getByRole('status')
  await expect(status).toHaveText(/^\d/)
  const text = (await status.textContent()) ?? ''
  return Number(text.split(' ')[0]!.replace(/,/g, ''))
}

/**
 * The filters of the query whose answer the list shows now (BrowseList's `data-shown-key`, the
 * JSON of that query; {} for none). Wait on this after changing a filter: the count and the rows
 * of the previous query stay on screen until the new answer arrives, so "fewer than before" can
 * already be true of a stale list.
 */
export async function shownFilters(page: Page): Promise<Record<string, unknown>> {
  const key = await page.locator('section.list[data-shown-key]').getAttribute('data-shown-key')
  return key ? ((JSON.parse(key) as { filters?: Record<string, unknown> }).filters ?? {}) : {}
}

/** Export ▾ → CSV or JSON in a view (the page, or a part of it holding one Export control). */
export async function exportAs(scope: Page | Locator, format: 'CSV' | 'JSON', label = 'Export'): Promise<void> {
  await scope.getByRole('button', { name: label, exact: true }).click()
  await scope.getByRole('menuitem', { name: new RegExp(`^${format}\\b`) }).click()
}

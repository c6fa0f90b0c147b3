// Shared steps of the write end-to-end tests (demo mode: the built-in emulator's three demo
// organizations, each added with its owner's API key).
import type { Locator, Page } from '@playwright/test'
import type { RunningApp } from './fixtures'
import { dataRows, expect } from './browse-helpers'


export const NORTHWIND = 'Northwind Analytics'

/** Calls IAM Desk's RPC as the page does (browser mode), for set-up and checks. */
export async function rpc<T = unknown>(app: RunningApp, name: string, input: unknown): Promise<T> {
  const res = await fetch(`${new URL(app.url).origin}/rpc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: JSON.stringify(input),
  })
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } }
  if (!body.ok) throw new Error(`${name} failed: ${body.error?.message}`)
  return body.value as T
}

export async function orgId(app: RunningApp, name = NORTHWIND): Promise<{ id: string; accessKey: string }> {
  const orgs = await rpc<Array<{ id: string; name: string; accessKey: string }>>(app, 'orgs.list', {})
  const org = orgs.find((o) => o.name === name)
  if (!org) throw new Error(`no organization ${name}`)
  return org
}

/** Shows a section, searches it and opens the one row found; returns the detail pane. */
export async function openDetail(page: Page, section: string, search: string, pane: string, organization = NORTHWIND): Promise<Locator> {
  // Close any open pane first, so the pane found below is the new object's, not the last one's.
  const open = page.getByRole('button', { name: 'Close details' })
  if ((await open.count()) > 0) await open.click()
  // Not showSection: a section whose search matches nothing shows no grid.
  await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: section, exact: true }).click()
  await page.getByRole('searchbox', { name: `Search ${section}` }).fill(search)
  // The demo organizations share some names (every one has a "backup-agent"): pick by org.
  // And by the searched text: until the search's answer arrives the grid still shows the last
  // list, whose row could be clicked just as it is redrawn with another organization's object.
  const row = dataRows(page).filter({ hasText: organization }).filter({ hasText: search })
  await expect(row).toHaveCount(1)
  await row.click()
  const detail = page.getByRole('complementary', { name: pane })
  await expect(detail).toBeVisible()
  return detail
}

/** Searches the current section and expects `count` rows. */
export async function expectRows(page: Page, section: string, search: string, count: number, organization = NORTHWIND): Promise<void> {
  await page.getByRole('searchbox', { name: `Search ${section}` }).fill(search)
  await expect(dataRows(page).filter({ hasText: organization })).toHaveCount(count)
}

export const dialog = (page: Page, name: string | RegExp): Locator => page.getByRole('dialog', { name })

/**
 * Opens the demo once its start-up sync (started by the server) is over: a write racing that
 * sync could be overwritten by it, and the page then loads onto a settled cache.
 */
export async function openDemoIdle(page: Page, app: RunningApp): Promise<void> {
  await expect
    .poll(async () => {
      const s = await rpc<{ running: boolean; lastSummaries: unknown[] }>(app, 'sync.status', {})
      return !s.running && s.lastSummaries.length === 3
    }, { timeout: 60_000 })
    .toBe(true)
  // The users list's address (the app opens on its "needs attention" home otherwise).
  await page.goto(`${app.url}#/users`)
  await expect(dataRows(page).first()).toBeVisible({ timeout: 30_000 })
}

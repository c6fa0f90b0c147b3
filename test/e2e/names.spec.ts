// Names, not ids: an API key's bearer, a policy's principal and a log's actor and resource are
// shown by name (resolved by the core from the same organization's cache), the id on hover.
import type { Page } from '@playwright/test'
import { shot, type RunningApp } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

async function rpc<T>(app: RunningApp, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${new URL(app.url).origin}/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: JSON.stringify(input),
  })
  const body = (await res.json()) as { ok: boolean; value: T }
  expect(body.ok).toBe(true)
  return body.value
}

type Row = { organizationId: string; item: Record<string, unknown> }
/** The name the cache holds for an object, asked as its own list (not through the names). */
async function nameInCache(app: RunningApp, kind: 'users' | 'applications' | 'groups', organizationId: string, id: string): Promise<string> {
  const page = await rpc<{ rows: Row[] }>(app, 'browse.list', { kind, organizationIds: [organizationId], search: id, offset: 0, limit: 5 })
  const row = page.rows.find((r) => r.item.id === id)
  expect(row, `${kind} ${id} in the cache`).toBeTruthy()
  return String(kind === 'users' ? row!.item.email : row!.item.name)
}

/** The cells of one column (by its header) in the rows shown. */
async function columnCells(page: Page, header: string) {
  const headers = (await page.getByRole('columnheader').allTextContents()).map((h) => h.trim())
  const i = headers.findIndex((h) => h.startsWith(header))
  expect(i, `column ${header} in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0)
  return dataRows(page).locator(`[role="gridcell"]:nth-child(${i + 1})`)
}

test('API keys, policies and logs name their bearer, principal, actor and resource', async ({ page, demo }) => {
  await openDemo(page, demo)

  // API keys: the first key of a user and the first of an application, by name, the id on hover.
  const keys = await rpc<{ rows: Array<Row & { names?: Record<string, string | null> }> }>(demo, 'browse.list', { kind: 'api_keys', offset: 0, limit: 200 })
  for (const bearer of ['user', 'application'] as const) {
    const key = keys.rows.find((r) => r.item[`${bearer}_id`])!
    const id = String(key.item[`${bearer}_id`])
    const expected = await nameInCache(demo, bearer === 'user' ? 'users' : 'applications', key.organizationId, id)
    expect(key.names?.bearer_name).toBe(expected)
    await showSection(page, 'API keys')
    await page.getByRole('searchbox', { name: 'Search API keys' }).fill(String(key.item.access_key))
    await expect(dataRows(page)).toHaveCount(1)
    const cell = (await columnCells(page, 'Bearer')).first()
    await expect(cell).toContainText(expected)
    await expect(cell).toContainText(bearer.toUpperCase())
    await expect(cell).toHaveAttribute('title', `${bearer} ${id}`)
    // The list is searched by the bearer as it shows it, not only by its id.
    await page.getByRole('searchbox', { name: 'Search API keys' }).fill(expected)
    await expect((await columnCells(page, 'Bearer')).first()).toContainText(expected)
  }
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill('')
  await page.screenshot({ path: shot('names-api-keys') })

  // Policies: a group's policy names the group.
  const policies = await rpc<{ rows: Array<Row & { names?: Record<string, string | null> }> }>(demo, 'browse.list', { kind: 'policies', filters: { principalKind: 'group' }, offset: 0, limit: 5 })
  const policy = policies.rows[0]!
  const groupName = await nameInCache(demo, 'groups', policy.organizationId, String(policy.item.group_id))
  expect(policy.names?.principal_name).toBe(groupName)
  await showSection(page, 'Policies')
  await page.getByRole('searchbox', { name: 'Search Policies' }).fill(String(policy.item.id))
  await expect(dataRows(page)).toHaveCount(1)
  await expect((await columnCells(page, 'Principal')).first()).toContainText(groupName)
  await page.getByRole('searchbox', { name: 'Search Policies' }).fill(groupName)
  await expect(dataRows(page).filter({ hasText: String(policy.item.name) }).first()).toBeVisible()
  await page.getByRole('searchbox', { name: 'Search Policies' }).fill('')
  await page.screenshot({ path: shot('names-policies') })

  // Logs: an actor that is a cached user is shown by email, not by id.
  await showSection(page, 'Logs')
  const logs = await rpc<{ rows: Array<Row & { names?: Record<string, string | null> }> }>(demo, 'browse.list', { kind: 'logs', offset: 0, limit: 1 })
  const log = logs.rows[0]!
  const actors = await columnCells(page, 'Actor')
  if (log.names?.bearer_name) await expect(actors.first()).toHaveText(log.names.bearer_name)
  else await expect(actors.first()).toHaveText(String(log.item.bearer_id))
  const named = await rpc<{ rows: Array<Row & { names?: Record<string, string | null> }> }>(demo, 'browse.list', { kind: 'logs', offset: 0, limit: 500 })
  expect(named.rows.some((r) => r.names?.bearer_name), 'some log actor named').toBe(true)
  expect(named.rows.some((r) => r.names?.resource_name), 'some log resource named').toBe(true)
  await page.screenshot({ path: shot('names-logs') })
})

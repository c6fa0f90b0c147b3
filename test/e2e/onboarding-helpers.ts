// Shared steps of the shell's end-to-end tests: talk to the app's RPC like the renderer does,
// add an organization through the form, wait for a sync to end.
import type { Page } from '@playwright/test'
import { expect, type RunningApp } from './fixtures'
import type { EmulatorOrganization } from '../../emulator'

export async function rpc<T = unknown>(app: RunningApp, name: string, input: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }> {
  const origin = new URL(app.url).origin
  const res = await fetch(`${origin}/rpc/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: JSON.stringify(input),
  })
  return (await res.json()) as never
}

/** Adds an emulator organization without the UI (for tests about something else). */
export async function addOrgByRpc(app: RunningApp, org: EmulatorOrganization, apiUrl: string): Promise<{ id: string; name: string }> {
  const input = { accessKey: org.access_key, secretKey: org.secret_key, apiUrl }
  let r = await rpc<{ id: string; name: string }>(app, 'orgs.add', input)
  if (!r.ok && r.error.code === 'KEYCHAIN_UNAVAILABLE') {
    // No Secret Service on this machine: what a user would do — keep it for the session.
    await rpc(app, 'orgs.useSessionStorage')
    r = await rpc(app, 'orgs.add', { ...input, storage: 'session' })
  }
  if (!r.ok) throw new Error(`orgs.add failed: ${r.error.code} ${r.error.message}`)
  return r.value
}

/** Fills and submits the add form; accepts session-only storage if the keychain is missing. */
export async function addOrgByForm(page: Page, org: EmulatorOrganization, apiUrl: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Add an organization' })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Access key').fill(org.access_key)
  await dialog.getByLabel('Secret key').fill(org.secret_key)
  await dialog.getByText('Advanced').click()
  await dialog.getByLabel('API URL').fill(apiUrl)
  await acceptSessionOnlyIfNoKeychain(page)
  await dialog.getByRole('button', { name: 'Add organization' }).click()
  const session = dialog.getByRole('button', { name: 'Keep secrets for this session only' })
  await Promise.race([dialog.waitFor({ state: 'detached' }), session.waitFor({ state: 'visible' })])
  if (await session.isVisible()) await session.click()
  await expect(dialog).toBeHidden()
}

export function syncPanel(page: Page) {
  return page.getByRole('complementary', { name: /Sync/ })
}

export async function waitSyncFinished(page: Page): Promise<void> {
  await expect(syncPanel(page).getByRole('heading', { name: /^Sync finished/ })).toBeVisible({ timeout: 30_000 })
}

/** The header's one sync control: "Sync all organizations" when no organization is selected. */
export function syncAllButton(page: Page) {
  return page.getByRole('banner').getByRole('button', { name: 'Sync all organizations', exact: true })
}

export function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Organizations and sections' })
}

/** Where no Secret Service runs (CI, this machine), a user ticks "session only": so do we. */
export async function acceptSessionOnlyIfNoKeychain(page: Page): Promise<void> {
  const box = page.getByRole('dialog').getByRole('checkbox', { name: /Keep secrets for this session only/ })
  if (await box.isVisible()) await box.check()
}

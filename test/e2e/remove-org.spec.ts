// Removing an organization names everything it destroys — including the new secret of a key
// rotation that was never revealed (its keychain entry goes with the organization).
import type { Page } from '@playwright/test'
import { shot } from './fixtures'
import { expect, openDemo, test } from './browse-helpers'
import { rpc } from './writes-helpers'

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })

test('the remove dialog warns about unrevealed rotation secrets', async ({ page, demo }) => {
  await openDemo(page, demo)
  const orgs = await rpc<Array<{ id: string; name: string }>>(demo, 'orgs.list', {})
  const kestrel = orgs.find((o) => o.name === 'Kestrel Robotics')!
  const keys = await rpc<{ rows: Array<{ item: { access_key: string; application_id?: string; expires_at: string | null } }> }>(demo, 'browse.list', {
    kind: 'api_keys', organizationIds: [kestrel.id], offset: 0, limit: 100,
  })
  const key = keys.rows.find((r) => r.item.application_id && (r.item.expires_at === null || Date.parse(r.item.expires_at) > Date.now()))!.item
  const job = await rpc<{ id: string }>(demo, 'jobs.planRotation', { keys: [{ organizationId: kestrel.id, accessKey: key.access_key }], graceHours: 1 })
  await rpc(demo, 'jobs.apply', { id: job.id })
  await expect.poll(async () => (await rpc<Array<{ awaitingReveal: boolean }>>(demo, 'jobs.rotations', { organizationId: kestrel.id })).some((r) => r.awaitingReveal), { timeout: 30_000 }).toBe(true)

  await sidebar(page).getByRole('button', { name: 'Actions for Kestrel Robotics' }).click()
  await page.getByRole('menuitem', { name: 'Remove…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Remove Kestrel Robotics?' })
  await expect(dialog).toContainText('never revealed')
  await expect(dialog).toContainText('reveal it first in Credentials')
  await page.screenshot({ path: shot('remove-org-unrevealed') })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
})

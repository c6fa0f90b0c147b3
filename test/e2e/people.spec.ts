// The People section: one row per person across organizations (users matched by e-mail,
// whatever its case), instant search, the Applications tab, and a person's detail per
// organization. On the demo, and on two emulator organizations that share a person.
import type { Page } from '@playwright/test'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import { test as demoTest, expect, openDemo } from './browse-helpers'
import { test, shot } from './fixtures'
import { addOrgByRpc, rpc, sidebar } from './onboarding-helpers'

const DEMO_ORGS = ['Northwind Analytics', 'Atelier Lumière', 'Kestrel Robotics']

const peopleRows = (page: Page) => page.getByRole('grid', { name: 'People' }).locator('[role="row"][data-index]')

async function showPeople(page: Page): Promise<void> {
  await sidebar(page).getByRole('button', { name: 'People', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible()
  await expect(peopleRows(page).first()).toBeVisible()
}

demoTest('the People section lists the demo people with their organizations; a search narrows it', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showPeople(page)

  const status = page.getByRole('search').getByRole('status')
  await expect(status).toHaveText(/^\d+ people$/)
  const total = Number((await status.textContent())!.split(' ')[0])
  expect(total).toBeGreaterThanOrEqual(20)
  // Every row names at least one demo organization, and only demo organizations.
  const rows = peopleRows(page)
  const n = await rows.count()
  expect(n).toBeGreaterThan(5)
  for (let i = 0; i < Math.min(n, 8); i++) {
    const orgs = await rows.nth(i).locator('[data-organization]').evaluateAll((els) => els.map((e) => e.getAttribute('data-organization')))
    expect(orgs.length, `row ${i} shows no organization`).toBeGreaterThan(0)
    for (const o of orgs) expect(DEMO_ORGS).toContain(o)
  }
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.screenshot({ path: shot('people-view') })

  // Instant search: e-mail, name or username.
  const search = page.getByRole('searchbox', { name: 'Search people' })
  await search.fill('HALE')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('margaret.hale@northwind-analytics.com')
  await expect(rows.first()).toContainText('Margaret Hale')
  await expect(rows.first()).toContainText('Northwind Analytics')
  await expect(status).toHaveText('1 person')
  await search.fill('Lefèvre')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Atelier Lumière')
  await search.fill('nobody-here')
  await expect(page.getByRole('heading', { name: 'No people match' })).toBeVisible()

  // The scope applies: one organization selected, only its people.
  await search.fill('')
  await sidebar(page).getByRole('button', { name: 'Kestrel Robotics', exact: true }).click()
  await expect(status).not.toHaveText(`${total} people`)
  for (const o of await rows.locator('[data-organization]').evaluateAll((els) => els.map((e) => e.getAttribute('data-organization')))) {
    expect(o).toBe('Kestrel Robotics')
  }

  // Applications, grouped by name: every demo organization has a backup-agent.
  await sidebar(page).getByRole('button', { name: /^All organizations/ }).click()
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Applications' }).click()
  const apps = page.getByRole('grid', { name: 'Applications' }).locator('[role="row"][data-index]')
  await expect(apps.first()).toBeVisible()
  await page.screenshot({ path: shot('people-applications') })
  await page.getByRole('searchbox', { name: 'Search applications' }).fill('backup-agent')
  await expect(apps).toHaveCount(1)
  await expect(apps.first()).toContainText('3 organizations')
})

let emulator: RunningEmulator
test.beforeEach(async () => {
  emulator = await startEmulator({ orgs: 2, sizes: { users: 3 } })
})
test.afterEach(async () => {
  await emulator.close()
})

/** Calls the emulator's Scaleway API as the organization's owner. */
async function scw<T>(org: EmulatorOrganization, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emulator.url}/iam/v1alpha1${path}`, {
    method,
    headers: { 'X-Auth-Token': org.secret_key, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** The same person in both organizations (e-mail in another case), in a group that has a policy. */
async function seedSharedPerson(): Promise<Array<{ org: EmulatorOrganization; group: string; policy: string }>> {
  const emails = ['Dana.Shared@Example.com', 'dana.shared@example.COM']
  const out = []
  for (const [i, org] of emulator.organizations.entries()) {
    const user = await scw<{ id: string }>(org, 'POST', '/users', {
      organization_id: org.organization_id,
      member: { email: emails[i], username: `dana-shared-${i}`, first_name: 'Dana', last_name: 'Shared', password: '' },
    })
    const { policies } = await scw<{ policies: Array<{ name: string; group_id?: string }> }>(org, 'GET', `/policies?organization_id=${org.organization_id}&page_size=100`)
    const viaGroup = policies.find((p) => p.group_id)
    if (!viaGroup) throw new Error(`no group policy in ${org.name}`)
    const group = await scw<{ name: string }>(org, 'POST', `/groups/${viaGroup.group_id}/add-member`, { user_id: user.id })
    out.push({ org, group: group.name, policy: viaGroup.name })
  }
  return out
}

test('a person in two organizations is one row showing both; the detail shows each organization', async ({ page, app }) => {
  const shared = await seedSharedPerson()
  for (const org of emulator.organizations) await addOrgByRpc(app, org, emulator.url)
  const synced = await rpc<unknown[]>(app, 'sync.start', {})
  expect(synced.ok).toBe(true)

  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(app.url)
  await showPeople(page)
  await page.getByRole('searchbox', { name: 'Search people' }).fill('dana.shared')
  const rows = peopleRows(page)
  await expect(rows).toHaveCount(1)
  const row = rows.first()
  await expect(row).toContainText('Dana Shared')
  for (const { org, group } of shared) {
    await expect(row.locator(`[data-organization="${org.name}"]`)).toContainText(group)
  }

  // The selection: tick the row; "select all shown" ticks every row of the search, and unticks them.
  const selected = page.getByRole('region', { name: 'Selected people' })
  const rowBox = row.getByRole('checkbox', { name: /^Select dana\.shared@example\.com$/i })
  await rowBox.check()
  await expect(selected).toContainText('1 person selected')
  await selected.getByRole('button', { name: 'Clear selection' }).click()
  await expect(rowBox).not.toBeChecked()
  const all = page.getByRole('checkbox', { name: 'Select all 1 person shown' })
  await all.check()
  await expect(selected).toContainText('1 person selected')
  await expect(rowBox).toBeChecked()
  await all.uncheck()
  await expect(rowBox).not.toBeChecked()
  await expect(selected).not.toContainText('selected')

  await row.click()
  const pane = page.getByRole('complementary', { name: 'Person details' })
  await expect(pane.getByRole('heading', { name: 'Dana Shared', level: 2 })).toBeVisible()
  await expect(pane).toContainText('2 organizations')
  for (const { org, group, policy } of shared) {
    const block = pane.getByRole('region', { name: org.name })
    await expect(block.getByRole('button', { name: group, exact: true }).first()).toBeVisible()
    await expect(block).toContainText(policy)
    await expect(block).toContainText(`through group ${group}`)
  }
  await page.screenshot({ path: shot('people-detail') })

  // Each organization links to the user's own detail there.
  const first = shared[0]!
  await pane.getByRole('region', { name: first.org.name }).getByRole('button', { name: 'User details' }).click()
  await expect(page.getByRole('complementary', { name: /^user details$/i })).toContainText('Dana Shared')
})

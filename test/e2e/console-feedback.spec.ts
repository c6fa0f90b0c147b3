// Feedback and defaults (issue 17): a change gets a visible toast naming the object with a link
// to it, and a created object opens; create dialogs start on the organization in scope and ask
// when several are; a new API key expires in 90 days unless "Never" is chosen; names and rules
// are checked as the user types and refusals use the form's labels; the rules editor opens on
// the categories holding chosen sets and its review lists the rules that stay.
// One demo start for the whole file (the tests share it, in order).
import type { Browser, Page } from '@playwright/test'
import { expect, shot, startWebApp, stopWebApp, test, type RunningApp } from './fixtures'
import { dataRows } from './browse-helpers'
import { NORTHWIND, dialog, orgId, rpc } from './writes-helpers'

const API_FIELD_NAMES = /project_ids|permission_set_names|organization_id|default_project_id|expires_at/

test.describe.configure({ mode: 'serial' })

let app: RunningApp & { child: import('node:child_process').ChildProcess }
let page: Page

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  app = await startWebApp(['--demo'])
  await expect
    .poll(async () => {
      const s = await rpc<{ running: boolean; lastSummaries: unknown[] }>(app, 'sync.status', {})
      return !s.running && s.lastSummaries.length === 3
    }, { timeout: 60_000 })
    .toBe(true)
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(`${app.url}#/applications`)
  await expect(dataRows(page).first()).toBeVisible({ timeout: 30_000 })
  const panel = page.getByRole('complementary', { name: /^Sync/ })
  if ((await panel.count()) > 0) await panel.getByRole('button', { name: /^Close/ }).click()
})

test.afterAll(async () => {
  await page?.close()
  if (app) await stopWebApp(app)
})

const sidebar = () => page.getByRole('navigation', { name: 'Organizations and sections' })
const toasts = () => page.getByRole('status', { name: 'Confirmations' })

test('a create shows a toast with a working link, opens the object, and never takes the focus', async () => {
  await sidebar().getByRole('button', { name: 'Applications', exact: true }).click()
  await page.getByRole('button', { name: 'New application' }).click()
  const create = dialog(page, 'New application')
  // "All organizations" in scope: the dialog asks, it does not pick the first one.
  const org = create.getByLabel('Organization', { exact: true })
  await expect(org).toHaveValue('')
  await expect(create).toContainText('Several organizations are in scope: choose where it goes.')
  await create.getByLabel('Name').fill('e2e-toast')
  await expect(create.getByRole('button', { name: 'Create application' })).toHaveAttribute('aria-disabled', 'true')
  await org.selectOption({ label: NORTHWIND })
  await create.getByRole('button', { name: 'Create application' }).click()
  await expect(create).toBeHidden()

  const toast = toasts().getByRole('group', { name: 'Confirmation' }).filter({ hasText: 'Created application e2e-toast.' })
  await expect(toast).toBeVisible()
  // The focus is not moved into the toast.
  expect(await page.evaluate(() => !!document.activeElement?.closest('[aria-label="Confirmations"]'))).toBe(false)
  // The created object is open in the detail pane.
  const pane = page.getByRole('complementary', { name: 'application details' })
  await expect(pane.getByRole('heading', { name: 'e2e-toast' })).toBeVisible()
  await page.screenshot({ path: shot('console-toast-created') })
  // In a narrow window the toasts sit beside the folded sidebar, not where the full one ends.
  const size = page.viewportSize()!
  await page.setViewportSize({ width: 1024, height: 700 })
  const left = (await toast.boundingBox())!.x
  expect(left).toBeGreaterThanOrEqual(60)
  expect(left).toBeLessThan(100)
  await page.screenshot({ path: shot('console-toast-beside-rail') })
  await page.setViewportSize(size)

  // The link opens it again once the pane is closed.
  await page.getByRole('button', { name: 'Close details' }).click()
  await expect(pane).toBeHidden()
  await toast.getByRole('link', { name: 'Show application e2e-toast' }).click()
  await expect(pane.getByRole('heading', { name: 'e2e-toast' })).toBeVisible()
  expect(page.url()).toContain('detail=applications/')

  // A second change stacks a second toast under the first; each can be dismissed.
  await pane.getByRole('button', { name: 'Edit application' }).click()
  const edit = dialog(page, 'Edit application e2e-toast')
  await edit.getByLabel('Description').fill('edited')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit).toBeHidden()
  await expect(toasts().getByRole('group', { name: 'Confirmation' })).toHaveCount(2)
  const saved = toasts().getByRole('group', { name: 'Confirmation' }).filter({ hasText: 'Saved application e2e-toast.' })
  await expect(saved.getByRole('link', { name: 'Show application' })).toBeVisible()
  await toast.getByRole('button', { name: /^Dismiss/ }).click()
  await expect(toast).toHaveCount(0)
  await expect(toasts().getByRole('group', { name: 'Confirmation' })).toHaveCount(1)
  await saved.getByRole('button', { name: /^Dismiss/ }).click()
  await expect(toasts().getByRole('group', { name: 'Confirmation' })).toHaveCount(0)
})

test('create dialogs start on the organization in scope', async () => {
  const northwind = await orgId(app)
  await page.getByRole('button', { name: 'Close details' }).click()
  await sidebar().getByRole('button', { name: NORTHWIND, exact: true }).click()
  await sidebar().getByRole('button', { name: 'Groups', exact: true }).click()
  await page.getByRole('button', { name: 'New group' }).click()
  const create = dialog(page, 'New group')
  await expect(create.getByLabel('Organization', { exact: true })).toHaveValue(northwind.id)
  await expect(create).not.toContainText('choose where it goes')
  await create.getByRole('button', { name: 'Cancel' }).click()
})

test('a new API key expires in 90 days by default; Never is still a choice', async () => {
  const northwind = await orgId(app)
  await sidebar().getByRole('button', { name: 'API keys', exact: true }).click()
  await page.getByRole('button', { name: 'New API key' }).click()
  const create = dialog(page, 'New API key')
  const expires = create.getByLabel('Expires')
  await expect(expires).toHaveValue('90')
  await expect(expires.locator('option', { hasText: 'Never' })).toHaveCount(1)
  await expect(create).toContainText('New keys expire in 90 days by default')
  await create.getByLabel('Description').fill('e2e default expiry')
  const before = Date.now()
  await create.getByRole('button', { name: 'Create API key' }).click()
  const reveal = dialog(page, 'Save the secret key')
  await expect(reveal).toContainText('shown only this once')
  // The key made has the default expiry (read from the cache, as the list shows it).
  const page1 = await rpc<{ rows: Array<{ item: { description: string; expires_at: string | null; access_key: string } }> }>(app, 'browse.list', {
    kind: 'api_keys',
    organizationIds: [northwind.id],
    search: 'e2e default expiry',
    offset: 0,
    limit: 5,
  })
  const key = page1.rows.find((r) => r.item.description === 'e2e default expiry')!.item
  const days = (Date.parse(key.expires_at!) - before) / 86_400_000
  expect(days).toBeGreaterThan(89.9)
  expect(days).toBeLessThan(90.1)
  // The toast names the key (never its secret) and links to it; it opened behind the reveal.
  await expect(toasts()).toContainText(`Created API key ${key.access_key}`)
  await reveal.getByRole('button', { name: 'I have saved the secret key' }).click()
  await expect(reveal).toBeHidden()
  await expect(page.getByRole('complementary', { name: 'API key details' })).toContainText(key.access_key)
})

test('names and rules are checked as the user types; refusals use the form\'s labels', async () => {
  await page.getByRole('button', { name: 'Close details' }).click()
  await sidebar().getByRole('button', { name: 'Policies', exact: true }).click()
  await page.getByRole('button', { name: 'New policy' }).click()
  const create = dialog(page, 'New policy')
  const name = create.getByLabel('Name')
  await name.fill('bad/name!')
  // Before any click on Create.
  await expect(name).toHaveAttribute('aria-invalid', 'true')
  await expect(create).toContainText('may hold letters, digits, spaces and _ ( ) . - only')
  await name.fill('e2e-labels')
  await expect(name).not.toHaveAttribute('aria-invalid')

  await create.getByRole('button', { name: 'Add a rule' }).click()
  const rule = create.getByRole('group', { name: 'Rule 1', exact: true })
  const find = rule.getByLabel('Find permission sets for rule 1')
  await find.fill('IAMManager')
  await rule.getByRole('checkbox', { name: /^IAMManager/ }).check()
  await find.fill('InstancesReadOnly')
  await rule.getByRole('checkbox', { name: /^InstancesReadOnly/ }).check()
  // Mixed scope types, said as soon as the second set is picked.
  await expect(rule).toContainText('Permission sets: one rule cannot mix scope types')
  await expect(rule).toContainText('IAMManager is organization-wide')
  await page.screenshot({ path: shot('console-live-validation') })
  await find.fill('IAMManager')
  await rule.getByRole('checkbox', { name: /^IAMManager/ }).uncheck()
  await expect(rule).not.toContainText('cannot mix scope types')

  // A refusal from main (no project given) reads with the form's labels.
  await rule.getByLabel('Chosen projects').check()
  // No project at all: untick the picker's projects and leave the typed ids empty.
  const projects = rule.getByRole('group', { name: 'Projects of rule 1' })
  const ticked = projects.getByRole('checkbox', { checked: true })
  while ((await ticked.count()) > 0) await ticked.first().uncheck()
  await projects.getByRole('textbox').fill('')
  await create.getByRole('button', { name: 'Create policy' }).click()
  await expect(rule).toContainText('Projects: choose at least one project')
  const alert = create.getByRole('alert')
  await expect(alert).toContainText('Rule 1, Projects')
  expect(await create.textContent()).not.toMatch(API_FIELD_NAMES)
  await page.screenshot({ path: shot('console-form-labels') })
  await create.getByRole('button', { name: 'Cancel' }).click()
})

test('the rules editor opens on the chosen sets\' categories; its review lists what stays', async () => {
  await sidebar().getByRole('button', { name: 'Policies', exact: true }).click()
  await page.getByRole('searchbox', { name: 'Search Policies' }).fill('Developers - production')
  await dataRows(page).filter({ hasText: 'Developers - production and staging' }).first().click()
  const pane = page.getByRole('complementary', { name: 'policy details' })
  await pane.getByRole('button', { name: 'Edit rules' }).click()
  const editor = dialog(page, 'Edit the rules of Developers - production and staging')
  const rule1 = editor.getByRole('group', { name: 'Rule 1', exact: true })
  await expect(rule1.getByRole('group', { name: 'Permission sets for rule 1' }).getByRole('checkbox', { checked: true })).toHaveCount(4)
  // Every chosen set is in an open category (visible without a click); others stay closed.
  for (const name of ['InstancesFullAccess', 'KubernetesFullAccess', 'ContainerRegistryFullAccess', 'LoadBalancersFullAccess']) {
    await expect(rule1.getByRole('checkbox', { name: new RegExp(`^${name}`) })).toBeVisible()
  }
  const closed = await rule1.locator('details:not([open])').count()
  expect(closed).toBeGreaterThan(0)
  await page.screenshot({ path: shot('console-rules-expanded') })

  // Change rule 2 only: the review shows the change, and rule 1 among the unchanged, collapsed.
  const rule2 = editor.getByRole('group', { name: 'Rule 2', exact: true })
  await rule2.getByLabel('Find permission sets for rule 2').fill('CockpitReadOnly')
  await rule2.getByRole('checkbox', { name: /^CockpitReadOnly/ }).uncheck()
  await editor.getByRole('button', { name: 'Review changes' }).click()
  const review = editor.getByRole('region', { name: 'What will change' })
  await expect(review).toContainText('−CockpitReadOnly')
  const kept = review.locator('details.kept')
  await expect(kept).toContainText('1 rule stays unchanged')
  await expect(kept).not.toHaveAttribute('open')
  await expect(kept.getByRole('list', { name: 'Unchanged rules' })).toBeHidden()
  await kept.locator('summary').click()
  await expect(kept.getByRole('list', { name: 'Unchanged rules' })).toContainText('InstancesFullAccess')
  await page.screenshot({ path: shot('console-rules-review') })
  await editor.getByRole('button', { name: 'Cancel' }).click()
})

test('the "needs attention" home opens first and its counts match the cache and the lists they open', async () => {
  const DAY = 86_400_000
  // The cache's objects, fetched whole and counted here by hand (not through the app's filters).
  const all = async <T>(kind: string): Promise<T[]> => {
    const out: T[] = []
    for (let offset = 0; ; offset += 500) {
      const p = await rpc<{ total: number; rows: Array<{ item: T }> }>(app, 'browse.list', { kind, offset, limit: 500 })
      out.push(...p.rows.map((r) => r.item))
      if (out.length >= p.total) return out
    }
  }
  const now = Date.now()
  const users = await all<{ mfa: boolean; locked: boolean }>('users')
  const policies = await all<{ user_id?: string; group_id?: string; application_id?: string }>('policies')
  const keys = await all<{ expires_at: string | null; created_at: string | null }>('api_keys')
  const ssh = await all<{ fingerprint: string }>('ssh_keys')
  const prints = ssh.map((k) => k.fingerprint)
  const expected = {
    expired: keys.filter((k) => k.expires_at !== null && Date.parse(k.expires_at) <= now).length,
    never: keys.filter((k) => k.expires_at === null).length,
    old: keys.filter((k) => k.created_at !== null && Date.parse(k.created_at) < now - 90 * DAY).length,
    mfa: users.filter((u) => !u.mfa).length,
    locked: users.filter((u) => u.locked).length,
    principal: policies.filter((p) => !p.user_id && !p.group_id && !p.application_id).length,
    ssh: prints.filter((f) => prints.indexOf(f) !== prints.lastIndexOf(f)).length,
  }
  // The demo holds some of each (so the lines below are really shown and really checked).
  // (The demo seeds no locked user and no shared SSH key: those lines must then say 0.)
  for (const [what, n] of Object.entries(expected)) if (what !== 'locked' && what !== 'ssh') expect(n, what).toBeGreaterThan(0)

  // A start without an address opens on the home, all organizations in scope.
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'Needs attention', level: 1 })).toBeVisible({ timeout: 30_000 })
  await sidebar().getByRole('button', { name: 'All organizations' }).click()
  const lines = page.getByRole('list', { name: 'Needs attention' })
  // A line with something to look at shows its number; one at zero sits, folded, under
  // "checks with nothing to look at" as "0 …".
  const count = async (id: string) => {
    const line = page.locator(`[data-line="${id}"]`)
    await expect(line).toHaveCount(1)
    const n = line.locator('.n')
    return Number((((await n.count()) ? await n.textContent() : (await line.textContent())!.trim().split(' ')[0]) ?? '').replace(/\D/g, ''))
  }
  await expect(lines).toBeVisible()
  expect(await count('expired')).toBe(expected.expired)
  expect(await count('never')).toBe(expected.never)
  expect(await count('old')).toBe(expected.old)
  expect(await count('mfa')).toBe(expected.mfa)
  expect(await count('principal')).toBe(expected.principal)
  expect(await count('ssh')).toBe(expected.ssh)
  expect(await count('locked')).toBe(expected.locked)
  // The policy lint's line counts what the Access section's findings list (the same call).
  const lint = await rpc<{ findings: unknown[] }>(app, 'access.lint', {})
  expect(await count('lint')).toBe(lint.findings.length)
  await page.screenshot({ path: shot('console-home') })

  // Each link lands on the list (or report) filtered so, showing the same number.
  const listed = async () => {
    const s = page.getByRole('search').getByRole('status')
    await expect(s).toHaveText(/^\d/)
    return Number((await s.textContent())!.split(' ')[0]!.replace(/,/g, ''))
  }
  await lines.getByRole('link', { name: /users without MFA/ }).click()
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible()
  await expect(page.getByLabel('MFA', { exact: true })).toHaveValue('2')
  await expect.poll(listed).toBe(expected.mfa)
  await page.goBack()
  await lines.getByRole('link', { name: /without a principal/ }).click()
  await expect(page.getByLabel('Principal', { exact: true })).toHaveValue('4')
  await expect.poll(listed).toBe(expected.principal)
  await page.goBack()
  await lines.getByRole('link', { name: /policy lint/ }).click()
  await expect(page.getByText(`${lint.findings.length} findings in the organizations in scope.`)).toBeVisible()
  await page.goBack()
  if (expected.ssh > 0) {
    await lines.getByRole('link', { name: /share a public key/ }).click()
    await expect(page.getByRole('heading', { name: 'SSH keys', level: 1 })).toBeVisible()
    await expect.poll(listed).toBe(expected.ssh)
    await page.goBack()
  }
  await lines.getByRole('link', { name: /expired/ }).click()
  await expect(page.getByRole('heading', { name: 'Credentials', level: 1 })).toBeVisible()
  await expect.poll(async () => {
    const s = page.getByRole('search').getByRole('status')
    return Number(((await s.textContent()) ?? '').split(' ')[0]!.replace(/,/g, ''))
  }).toBe(expected.expired)
})

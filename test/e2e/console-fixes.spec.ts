// The console's "broken or unsafe" fixes (issue 17), each against what used to happen: Clone
// opens a dialog instead of writing at once; the one-time secret is not lost to Escape or ✕;
// Back and Forward stay in the app and restore the view; sidebar counts follow a create; a
// projects-scoped set given to a whole organization reads "all projects of"; the quick
// switcher uses the registry's words, says something useful under a name and finds permission
// sets and SSH keys.
import type { Page } from '@playwright/test'
import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'
import { sidebar } from './onboarding-helpers'
import { NORTHWIND, dialog, openDetail, openDemoIdle, orgId, rpc } from './writes-helpers'

const ATELIER = 'Atelier Lumière'

async function policyCount(app: Parameters<typeof rpc>[0], organizationId: string): Promise<number> {
  return (await rpc<{ total: number }>(app, 'browse.list', { kind: 'policies', organizationIds: [organizationId], offset: 0, limit: 1 })).total
}

const sectionButton = (page: Page, label: string) => sidebar(page).getByRole('button', { name: label, exact: true })

test('Clone opens a dialog: name, target organization, principal, rules that cannot go there, a confirmation, then the copy', async ({ page, demo }) => {
  const northwind = await orgId(demo)
  const atelier = await orgId(demo, ATELIER)
  await openDemoIdle(page, demo)
  const before = { northwind: await policyCount(demo, northwind.id), atelier: await policyCount(demo, atelier.id) }

  // Into another organization: Terraform has a project-scoped rule and an organization-wide one.
  const pane = await openDetail(page, 'Policies', 'Terraform', 'policy details')
  await pane.getByRole('button', { name: 'Clone policy' }).click()
  const clone = dialog(page, 'Clone policy Terraform')
  await expect(clone).toBeVisible()
  // Nothing is written by opening it.
  expect(await policyCount(demo, northwind.id)).toBe(before.northwind)
  await expect(clone.getByLabel('Name of the copy')).toHaveValue('Copy of Terraform')
  await clone.getByLabel('Name of the copy').fill('Terraform for Atelier')
  const into = clone.getByRole('group', { name: 'Clone into' })
  await into.getByLabel(NORTHWIND).uncheck()
  await into.getByLabel(ATELIER).check()

  // The principal (application terraform) is Northwind's: it cannot be kept in Atelier.
  const principal = clone.getByRole('region', { name: `Principal in ${ATELIER}` })
  await expect(principal).toContainText(`belongs to ${NORTHWIND}: it cannot be kept in ${ATELIER}`)
  await principal.getByLabel('A group').check()
  await principal.getByRole('searchbox', { name: 'Search principals' }).fill('Developers')
  await principal.getByRole('option').getByRole('button', { name: 'Developers' }).click()

  // Projects are mapped by name: Atelier has "production" but no "staging" or "data-lake"; those
  // are listed, and going on without them needs the user's consent.
  const refused = clone.getByRole('group', { name: 'Rules that cannot be cloned into another organization' })
  await expect(refused).toContainText('Rule 1 (AllProductsFullAccess)')
  await expect(refused).toContainText(`projects “staging”, “data-lake” have no project of the same name in ${ATELIER}; the rule goes with the others`)
  const review = clone.getByRole('button', { name: 'Review' })
  await expect(review).toHaveAttribute('aria-disabled', 'true')
  await refused.getByLabel(`Clone into ${ATELIER} without what cannot be mapped`).check()
  await expect(review).not.toHaveAttribute('aria-disabled')
  await page.screenshot({ path: shot('console-clone-dialog') })

  await review.click()
  const summary = clone.getByRole('region', { name: 'This creates' })
  await expect(summary).toContainText(`Policy “Terraform for Atelier” in ${ATELIER}, with its 2 rules (rule 1 without “staging”, “data-lake”), group Developers.`)
  await page.screenshot({ path: shot('console-clone-confirm') })
  expect(await policyCount(demo, atelier.id)).toBe(before.atelier)
  await clone.getByRole('button', { name: 'Create policy' }).click()
  await expect(clone).toBeHidden()

  // The copy opens: in Atelier, rule 1 on Atelier's production, the organization-wide rule scoped to Atelier, Developers as principal.
  const copy = page.getByRole('complementary', { name: 'policy details' })
  await expect(copy.getByRole('heading', { name: 'Terraform for Atelier' })).toBeVisible()
  await expect(copy).toContainText(ATELIER)
  await expect(copy.getByRole('listitem', { name: 'Rule 1' })).toContainText('production')
  await expect(copy.getByRole('listitem', { name: 'Rule 1' })).not.toContainText('staging')
  await expect(copy.getByRole('listitem', { name: 'Rule 2' })).toContainText(`organization ${ATELIER}`)
  await expect(copy.getByRole('listitem', { name: 'Rule 2' })).toContainText('IAMManager')
  await expect(copy.getByRole('button', { name: 'Developers' })).toBeVisible()
  expect(await policyCount(demo, atelier.id)).toBe(before.atelier + 1)
  expect(await policyCount(demo, northwind.id)).toBe(before.northwind)

  // In its own organization: the principal is kept by default, every rule copied.
  const developers = await openDetail(page, 'Policies', 'Developers - production and staging', 'policy details')
  await developers.getByRole('button', { name: 'Clone policy' }).click()
  const again = dialog(page, 'Clone policy Developers - production and staging')
  await expect(again.getByRole('region', { name: `Principal in ${NORTHWIND}` })).toContainText('keeps Developers (group)')
  await again.getByRole('button', { name: 'Review' }).click()
  await expect(again.getByRole('region', { name: 'This creates' })).toContainText(
    `Policy “Copy of Developers - production and staging” in ${NORTHWIND}, with its 2 rules, group Developers (kept).`,
  )
  await again.getByRole('button', { name: 'Create policy' }).click()
  await expect(again).toBeHidden()
  await expect(copy.getByRole('heading', { name: 'Copy of Developers - production and staging' })).toBeVisible()
  await expect(copy.getByRole('button', { name: 'Developers' })).toBeVisible()
  await expect(copy.getByRole('listitem', { name: 'Rule 2' })).toBeVisible()
  expect(await policyCount(demo, northwind.id)).toBe(before.northwind + 1)
})

test('the one-time secret: Escape, ✕ and clicking outside do not lose it unless both values were copied', async ({ page, demo, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openDemoIdle(page, demo)
  await showSection(page, 'API keys')
  await page.getByRole('button', { name: 'New API key' }).click()
  const create = dialog(page, 'New API key')
  await create.getByLabel('Organization', { exact: true }).selectOption({ label: NORTHWIND })
  await create.getByLabel('Description').fill('e2e guarded secret')
  await create.getByRole('button', { name: 'Create API key' }).click()
  const reveal = dialog(page, 'Save the secret key')
  const secret = reveal.getByTestId('revealed-secret-key')
  await expect(secret).toBeVisible()
  const ask = reveal.getByRole('alert')

  await page.keyboard.press('Escape')
  await expect(ask).toHaveText(/You have not copied the secret key — close anyway\?/)
  await expect(reveal.getByRole('button', { name: 'Keep it open' })).toBeFocused()
  await expect(secret).toBeVisible()
  await page.screenshot({ path: shot('console-secret-guard') })
  await reveal.getByRole('button', { name: 'Keep it open' }).click()
  await expect(ask).toHaveCount(0)

  await reveal.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(ask).toBeVisible()
  await reveal.getByRole('button', { name: 'Keep it open' }).click()

  // Outside the dialog, on its backdrop: nothing closes.
  await page.mouse.click(8, 8)
  await expect(secret).toBeVisible()

  // Only the secret copied: the access key is still to copy.
  await reveal.getByRole('button', { name: 'Copy secret key' }).click()
  await expect(reveal.getByRole('button', { name: 'Copy secret key' })).toHaveText('Copied')
  await page.keyboard.press('Escape')
  await expect(ask).toHaveText(/You have not copied the access key — close anyway\?/)
  await reveal.getByRole('button', { name: 'Close anyway' }).click()
  await expect(reveal).toBeHidden()

  // Both copied: Escape closes at once.
  await page.getByRole('button', { name: 'New API key' }).click()
  await create.getByLabel('Organization', { exact: true }).selectOption({ label: NORTHWIND })
  await create.getByRole('button', { name: 'Create API key' }).click()
  await reveal.getByRole('button', { name: 'Copy access key' }).click()
  await expect(reveal.getByRole('button', { name: 'Copy access key' })).toHaveText('Copied')
  await reveal.getByRole('button', { name: 'Copy secret key' }).click()
  await expect(reveal.getByRole('button', { name: 'Copy secret key' })).toHaveText('Copied')
  await page.keyboard.press('Escape')
  await expect(reveal).toBeHidden()
})

test('Back and Forward stay in the app and restore section, scope, search, filters and the open detail', async ({ page, demo }) => {
  await openDemo(page, demo)
  const origin = new URL(page.url()).origin
  // Users: search, a filter, a detail.
  await showSection(page, 'Users')
  await page.getByRole('searchbox', { name: 'Search Users' }).fill('sam')
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Member' })
  const sam = dataRows(page).filter({ hasText: NORTHWIND }).filter({ hasText: 'sam.whitfield' })
  await expect(sam).toHaveCount(1)
  await sam.click()
  const userPane = page.getByRole('complementary', { name: 'user details' })
  await expect(userPane.getByRole('heading', { name: 'Sam Whitfield' })).toBeVisible()
  const usersAddress = new URL(page.url()).hash
  expect(usersAddress).toMatch(/^#\/users\?q=sam&f=type:2&detail=users\//)

  // Then Policies, then Policies of Northwind only, then one policy.
  await sectionButton(page, 'Policies').click()
  await expect(page.getByRole('grid', { name: 'Policies' })).toBeVisible()
  await sidebar(page).getByRole('button', { name: NORTHWIND, exact: true }).click()
  await expect(sidebar(page).getByRole('button', { name: NORTHWIND, exact: true })).toHaveAttribute('aria-current', 'true')
  // Click once the list shows the one organization's rows: a row re-rendered between the press
  // and the release of a click never gets it (seen once in CI on a loaded machine).
  await expect(page.locator('section[data-shown-key]')).toHaveAttribute('data-shown-key', /"organizationIds":\["[^"]+"\]/)
  await dataRows(page).filter({ hasText: 'Billing access' }).click()
  await expect(page.getByRole('complementary', { name: 'policy details' }).getByRole('heading', { name: 'Billing access' })).toBeVisible()

  // Back: the policy closes, then the scope widens again, then Users as they were.
  await page.goBack()
  await expect(page.getByRole('complementary', { name: 'policy details' })).toHaveCount(0)
  await expect(sectionButton(page, 'Policies')).toHaveAttribute('aria-current', 'page')
  await page.goBack()
  await expect(sidebar(page).getByRole('button', { name: /^All organizations/ })).toHaveAttribute('aria-current', 'true')
  await expect(sectionButton(page, 'Policies')).toHaveAttribute('aria-current', 'page')
  await page.goBack()
  await expect(sectionButton(page, 'Users')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('searchbox', { name: 'Search Users' })).toHaveValue('sam')
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue('2')
  await expect(userPane.getByRole('heading', { name: 'Sam Whitfield' })).toBeVisible()
  expect(new URL(page.url()).origin).toBe(origin)
  await page.screenshot({ path: shot('console-back-restored') })

  // Forward, and the keyboard and mouse buttons do the same.
  await page.goForward()
  await expect(sectionButton(page, 'Policies')).toHaveAttribute('aria-current', 'page')
  await page.locator('body').focus()
  await page.keyboard.press('Alt+ArrowLeft')
  await expect(sectionButton(page, 'Users')).toHaveAttribute('aria-current', 'page')
  await expect(userPane).toBeVisible()
  await page.keyboard.press('Alt+ArrowRight')
  await expect(sectionButton(page, 'Policies')).toHaveAttribute('aria-current', 'page')
  // Mouse button 4 ("back", DOM button 3) and 5 ("forward", 4).
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 3, bubbles: true })))
  await expect(sectionButton(page, 'Users')).toHaveAttribute('aria-current', 'page')
  await page.evaluate(() => window.dispatchEvent(new MouseEvent('mouseup', { button: 4, bubbles: true })))
  await expect(sectionButton(page, 'Policies')).toHaveAttribute('aria-current', 'page')

  // An address opened afresh (the start URL with it) shows that place.
  await page.goto(`${demo.url}${usersAddress}`)
  await expect(userPane.getByRole('heading', { name: 'Sam Whitfield' })).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Search Users' })).toHaveValue('sam')
  await expect(page.getByLabel('Type', { exact: true })).toHaveValue('2')
})

test('sidebar counts follow a create at once, without a sync', async ({ page, demo }) => {
  await openDemoIdle(page, demo)
  const applications = sectionButton(page, 'Applications')
  await expect(applications).toContainText(/\d/)
  const before = Number((await applications.locator('.n').textContent())!.replace(/\D/g, ''))
  await showSection(page, 'Applications')
  await page.getByRole('button', { name: 'New application' }).click()
  const create = dialog(page, 'New application')
  await create.getByLabel('Organization', { exact: true }).selectOption({ label: NORTHWIND })
  await create.getByLabel('Name').fill('e2e-counted')
  await create.getByRole('button', { name: 'Create application' }).click()
  await expect(create).toBeHidden()
  await expect(applications.locator('.n')).toHaveText(String(before + 1))
  // The same number as the list beside it.
  await expect(page.getByRole('search').getByRole('status')).toHaveText(`${before + 1} applications`)
})

test('a projects-scoped set given to the whole organization reads "all projects of" it', async ({ page, demo }) => {
  await openDemo(page, demo)
  const pane = await openDetail(page, 'Policies', 'Auditors read-only', 'policy details')
  // Rule 1: organization-level sets (IAM, audit trail, billing). Rule 2: AllProductsReadOnly, a projects set.
  await expect(pane.getByRole('listitem', { name: 'Rule 1' })).toContainText(`scope organization ${NORTHWIND}`)
  const rule2 = pane.getByRole('listitem', { name: 'Rule 2' })
  await expect(rule2).toContainText('AllProductsReadOnly')
  await expect(rule2).toContainText(`scope all projects of ${NORTHWIND}`)
  await expect(rule2).not.toContainText('scope organization')
})

test('quick switcher: the registry’s words, a useful second line, permission sets and SSH keys', async ({ page, demo }) => {
  await openDemo(page, demo)
  const find = dialog(page, 'Find anything')
  const input = find.getByRole('combobox')
  await page.keyboard.press('Control+K')
  await input.fill('Site deploys')
  const hit = find.getByRole('option').filter({ hasText: 'Site deploys' })
  await expect(hit).toHaveCount(1)
  await expect(hit.locator('.kind')).toHaveText('Policy')
  // Its description is empty: the second line says what it is, not its id.
  const atelier = await orgId(demo, ATELIER)
  const site = (await rpc<{ rows: Array<{ id: string }> }>(demo, 'browse.list', { kind: 'policies', organizationIds: [atelier.id], search: 'Site deploys', offset: 0, limit: 1 })).rows[0]!
  await expect(hit).not.toContainText(site.id)
  await expect(hit).toContainText('1 rule, for an application')
  await page.screenshot({ path: shot('console-quick-switcher') })

  // API keys keep their words too ("API key", not "Api key" or "API keys").
  await input.fill('Margaret - laptop CLI')
  await expect(find.getByRole('option').filter({ hasText: 'Margaret - laptop CLI' }).locator('.kind')).toHaveText('API key')

  // A permission set, opened in its section.
  await input.fill('AllProductsReadOnly')
  // Listed once for every organization (the catalogue is shared), saying where.
  const set = find.getByRole('option').filter({ hasText: 'Permission set' })
  await expect(set).toHaveCount(1)
  await expect(set).toContainText('in 3 of 3 organizations')
  await set.click()
  await expect(find).toBeHidden()
  await expect(sectionButton(page, 'Permission sets')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('complementary', { name: 'permission set details' }).getByRole('heading', { name: 'AllProductsReadOnly' })).toBeVisible()

  // An SSH key, opened in its section.
  await page.keyboard.press('Control+K')
  await input.fill('margaret-macbook')
  const key = find.getByRole('option').filter({ hasText: 'SSH key' }).filter({ hasText: 'margaret-macbook' })
  await expect(key).toHaveCount(1)
  await input.press('Enter')
  await expect(sectionButton(page, 'SSH keys')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('complementary', { name: 'SSH key details' }).getByRole('heading', { name: 'margaret-macbook' })).toBeVisible()
})

// Permission sets appear once (issue 17): the catalogue is the same in every organization, so
// the list shows each set once with where it is found, and a set's detail lists the policies
// granting it across the organizations in scope, each a link to the policy.
import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, shownCount, test } from './browse-helpers'

test('the permission sets list shows each set once; a set lists the policies using it', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Permission sets')
  // The demo's three organizations each hold the 168-set catalogue: 168 rows, not 504.
  expect(await shownCount(page)).toBe(168)
  await expect(page.getByRole('columnheader', { name: 'Organizations' })).toBeVisible()

  await page.getByRole('searchbox', { name: 'Search Permission sets' }).fill('IAMManager')
  await expect(dataRows(page)).toHaveCount(1)
  await expect(dataRows(page).first()).toContainText('in 3 of 3')
  await page.screenshot({ path: shot('permission-sets-once') })

  await dataRows(page).first().click()
  const pane = page.getByRole('complementary', { name: 'permission set details' })
  await expect(pane.getByRole('heading', { name: 'IAMManager' })).toBeVisible()
  await expect(pane.getByText('the same in each')).toBeVisible()
  const using = pane.locator('section').filter({ has: page.getByRole('heading', { name: /^Policies using it/ }) })
  // Kestrel Robotics' Administrators policy gives IAMManager to its Administrators group.
  const admins = using.getByRole('listitem').filter({ hasText: 'Kestrel Robotics' }).filter({ has: page.getByRole('button', { name: 'Administrators' }) })
  await expect(admins).toHaveCount(1)
  await expect(admins).toContainText('group Administrators')
  await page.screenshot({ path: shot('permission-set-policies') })

  await admins.getByRole('button', { name: 'Administrators' }).click()
  const policy = page.getByRole('complementary', { name: 'policy details' })
  await expect(policy.getByRole('heading', { name: 'Administrators' })).toBeVisible()
  await expect(policy.getByText('Kestrel Robotics').first()).toBeVisible()
})

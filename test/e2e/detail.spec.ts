import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, test } from './browse-helpers'

test('detail links: user → group → policy → rules with their permission sets', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  await page.getByRole('searchbox', { name: 'Search Users' }).fill('anna.schneider')
  await expect(dataRows(page)).toHaveCount(1)
  await dataRows(page).first().click()

  const user = page.getByRole('complementary', { name: 'user details' })
  await expect(user.getByRole('heading', { name: 'Anna Schneider' })).toBeVisible()
  await expect(user.getByText('Kestrel Robotics')).toBeVisible()
  // Dates read "… ago" with the exact time on hover.
  const lastLogin = user.locator('time').first()
  await expect(lastLogin).toHaveText(/ago$/)
  await expect(lastLogin).toHaveAttribute('title', /\d{4}, \d\d:\d\d:\d\d/)
  // Policies reached through a group say so, with a link to that group.
  const policies = user.locator('section').filter({ has: page.getByRole('heading', { name: /^Policies/ }) })
  await expect(policies.getByText('through group')).toHaveCount(2)
  await expect(user.getByRole('button', { name: 'SCW2N08HYFYFKBHT3K10' })).toBeVisible()
  await page.screenshot({ path: shot('detail-user') })

  const groupsSection = user.locator('section').filter({ has: page.getByRole('heading', { name: /^Groups/ }) })
  await groupsSection.getByRole('button', { name: 'Administrators' }).click()
  const group = page.getByRole('complementary', { name: 'group details' })
  await expect(group.getByRole('heading', { name: 'Administrators' })).toBeVisible()
  // The list behind follows to the groups section.
  await expect(page.getByRole('grid', { name: 'Groups' })).toBeVisible()
  await expect(group.getByRole('button', { name: 'Anna Schneider' })).toBeVisible()
  await expect(group.getByRole('button', { name: 'Lukas Hoffmann' })).toBeVisible()
  await page.screenshot({ path: shot('detail-group') })

  await group.locator('section').filter({ has: page.getByRole('heading', { name: /^Policies/ }) }).getByRole('button', { name: 'Administrators' }).click()
  const policy = page.getByRole('complementary', { name: 'policy details' })
  await expect(policy.getByRole('heading', { name: 'Administrators' })).toBeVisible()
  await expect(policy.getByRole('button', { name: 'Administrators' })).toBeVisible() // the principal group
  const rule1 = policy.getByRole('listitem', { name: 'Rule 1' })
  await expect(rule1.getByText('IAMManager')).toBeVisible()
  await expect(rule1.getByText(/Full access to create, read, list, edit and delete users/)).toBeVisible()
  await expect(rule1.getByText('Kestrel Robotics')).toBeVisible() // the scope, by name
  await page.screenshot({ path: shot('detail-policy') })

  // And back to the group through the principal link.
  await policy.getByRole('button', { name: 'Administrators' }).click()
  await expect(page.getByRole('complementary', { name: 'group details' })).toBeVisible()
})

test('copying an id puts it on the clipboard and says "Copied"', async ({ page, demo, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openDemo(page, demo)
  await showSection(page, 'API keys')
  await page.getByRole('searchbox', { name: 'Search API keys' }).fill('SCW2N08HYFYFKBHT3K10')
  await expect(dataRows(page)).toHaveCount(1)
  await dataRows(page).first().click()
  const pane = page.getByRole('complementary', { name: 'API key details' })
  await expect(pane.getByRole('heading', { name: 'SCW2N08HYFYFKBHT3K10' })).toBeVisible()
  await expect(pane.getByText('EXPIRING SOON')).toBeVisible()
  const copy = pane.getByRole('button', { name: 'Copy access key' })
  await copy.click()
  await expect(copy).toHaveText('Copied')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('SCW2N08HYFYFKBHT3K10')
  await page.screenshot({ path: shot('detail-api-key-copied') })

  // The bearer is a link to the user who holds the key.
  await pane.getByRole('button', { name: 'Anna Schneider' }).click()
  await expect(page.getByRole('complementary', { name: 'user details' }).getByRole('heading', { name: 'Anna Schneider' })).toBeVisible()
})

test('every kind with a detail opens one, and Escape or the close button closes it', async ({ page, demo }) => {
  await openDemo(page, demo)
  for (const [section, pane] of [
    ['Applications', 'application details'],
    ['SSH keys', 'SSH key details'],
    ['Permission sets', 'permission set details'],
    ['Sessions', 'session details'],
    ['Logs', 'log entry details'],
  ] as const) {
    await showSection(page, section)
    await dataRows(page).first().click()
    const aside = page.getByRole('complementary', { name: pane })
    await expect(aside.getByRole('button', { name: /^Copy / }).first()).toBeVisible()
    await page.screenshot({ path: shot(`detail-${section.toLowerCase().replace(/ /g, '-')}`) })
    if (section === 'Logs') await page.keyboard.press('Escape')
    else await aside.getByRole('button', { name: 'Close details' }).click()
    await expect(aside).toHaveCount(0)
  }
})

test('detail pane beside the list at 1920×1080', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openDemo(page, demo)
  await showSection(page, 'Policies')
  await dataRows(page).first().click()
  await expect(page.getByRole('complementary', { name: 'policy details' }).getByRole('listitem', { name: 'Rule 1' })).toBeVisible()
  await page.screenshot({ path: shot('detail-policy-1920') })
})

import { shot } from './fixtures'
import { dataRows, expect, openDemo, showSection, shownCount, shownFilters, test } from './browse-helpers'

const SECTIONS: Array<{ label: string; column: string }> = [
  { label: 'Users', column: 'Email' },
  { label: 'Applications', column: 'Description' },
  { label: 'Groups', column: 'Members' },
  { label: 'Policies', column: 'Principal' },
  { label: 'API keys', column: 'Access key' },
  { label: 'SSH keys', column: 'Fingerprint' },
  { label: 'Permission sets', column: 'Scope type' },
  { label: 'Quotas', column: 'Limit' },
  { label: 'Sessions', column: 'User agent' },
  { label: 'Logs', column: 'Action' },
]

test('every section lists the demo organizations from the cache', async ({ page, demo }) => {
  await openDemo(page, demo)
  for (const { label, column } of SECTIONS) {
    await showSection(page, label)
    await expect(page.getByRole('columnheader', { name: column })).toBeVisible()
    // Three demo organizations are covered: the list says whose each row is.
    await expect(page.getByRole('columnheader', { name: 'Organization' })).toBeVisible()
    await expect(dataRows(page).first()).toBeVisible()
    expect(await shownCount(page)).toBeGreaterThan(0)
    await expect(page.getByRole('search').getByText(/cached (just now|\d+ minutes? ago)/)).toBeVisible()
    await page.screenshot({ path: shot(`browse-${label.toLowerCase().replace(/ /g, '-')}`) })
  }
})

test('search narrows the list at once and says when nothing matches', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const all = await shownCount(page)
  const search = page.getByRole('searchbox', { name: 'Search Users' })
  await search.fill('schneider')
  await expect.poll(() => shownCount(page)).toBeLessThan(all)
  const emails = await dataRows(page).locator('[role="gridcell"]:nth-child(3)').allTextContents().then((xs) => xs.map((x) => x.trim()))
  expect(emails.length).toBeGreaterThan(0)
  for (const e of emails) expect(e.toLowerCase()).toContain('schneider')
  await page.screenshot({ path: shot('browse-users-search') })

  await search.fill('no-such-person-anywhere')
  await expect(page.getByRole('heading', { name: 'No users match' })).toBeVisible()
  await expect(dataRows(page)).toHaveCount(0)
  await page.screenshot({ path: shot('browse-users-no-match') })
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect.poll(() => shownCount(page)).toBe(all)
})

test('user filters: MFA off and locked', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const all = await shownCount(page)
  await page.getByLabel('MFA', { exact: true }).selectOption({ label: 'MFA off' })
  // Wait for the answer to this very query: the previous list stays shown until it arrives.
  await expect.poll(() => shownFilters(page)).toEqual({ mfa: false })
  expect(await shownCount(page)).toBeLessThan(all)
  const n = await dataRows(page).count()
  expect(n).toBeGreaterThan(0)
  await expect(dataRows(page).filter({ hasText: 'NO MFA' })).toHaveCount(n)
  await page.getByLabel('MFA', { exact: true }).selectOption({ label: 'Any' })
  await page.getByLabel('Locked', { exact: true }).selectOption({ label: 'Locked' })
  // "Fewer than all" is already true of the MFA-off list still on screen: wait for the locked one.
  await expect.poll(() => shownFilters(page)).toEqual({ locked: true })
  expect(await shownCount(page)).toBeLessThan(all)
  const locked = await dataRows(page).count()
  expect(locked).toBeGreaterThan(0)
  await expect(dataRows(page).filter({ hasText: 'LOCKED' })).toHaveCount(locked)
  await page.screenshot({ path: shot('browse-users-locked') })
})

test('API keys: the credential overview flags expired, expiring and never-expiring keys', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'API keys')
  const all = await shownCount(page)
  await page.screenshot({ path: shot('browse-api-keys-overview') })
  const expiry = page.getByLabel('Expiry', { exact: true })
  const counts: Record<string, number> = {}
  for (const [option, badge, filters] of [
    ['Expired', 'EXPIRED', { expired: true }],
    ['Expiring within 7 days', 'EXPIRING SOON', { expiringWithinDays: 7 }],
    ['No expiry', 'NO EXPIRY', { noExpiry: true }],
  ] as const) {
    await expiry.selectOption({ label: option })
    // The previous option's list (already shorter than all) stays until this one's answer.
    await expect.poll(() => shownFilters(page)).toEqual(filters)
    expect(await shownCount(page)).toBeLessThan(all)
    const n = await dataRows(page).count()
    expect(n, `${option} keys in the demo`).toBeGreaterThan(0)
    counts[option] = await shownCount(page)
    await expect(dataRows(page).filter({ hasText: badge })).toHaveCount(n)
    await page.screenshot({ path: shot(`browse-api-keys-${badge.toLowerCase().replace(/ /g, '-')}`) })
  }
  await expiry.selectOption({ label: 'Any' })
  await page.getByLabel('Bearer', { exact: true }).selectOption({ label: 'Applications' })
  await expect.poll(() => shownFilters(page)).toEqual({ bearerType: 'application' })
  expect(await shownCount(page)).toBeLessThan(all)
  const bearers = await dataRows(page).locator('[role="gridcell"]:nth-child(4)').allTextContents().then((xs) => xs.map((x) => x.trim()))
  // Each bearer is named, its kind in a badge after the name (names.spec checks the names).
  expect(new Set(bearers.map((b) => b.slice(-'application'.length).toLowerCase()))).toEqual(new Set(['application']))

  // Several values at once, by keyboard: "expired or never" lists both sets together.
  await page.getByLabel('Bearer', { exact: true }).selectOption({ label: 'Any' })
  await expiry.selectOption({ label: 'Expired' })
  await expect.poll(() => shownFilters(page)).toEqual({ expired: true })
  await expiry.selectOption({ label: 'Several…' })
  const group = page.getByRole('group', { name: 'Expiry' })
  await expect(group.getByRole('checkbox', { name: 'Expired', exact: true })).toBeFocused()
  await expect(group.getByRole('checkbox', { name: 'Expired', exact: true })).toBeChecked()
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab')
  await expect(group.getByRole('checkbox', { name: 'No expiry' })).toBeFocused()
  await page.keyboard.press('Space')
  await expect.poll(() => shownFilters(page)).toEqual({ expiry: ['expired', 'never'] })
  await expect.poll(() => shownCount(page)).toBe(counts['Expired']! + counts['No expiry']!)
  // The address keeps the set (written a moment after the last change).
  await expect.poll(() => page.url()).toContain('f=expiry:1%2C5')
  await page.screenshot({ path: shot('browse-api-keys-expired-or-never') })
  await page.keyboard.press('Escape')
  await expect(group).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Expiry: Expired, No expiry' })).toBeFocused()
  // Another section, then Back: the list comes back with the same set.
  await showSection(page, 'Users')
  await page.goBack()
  await expect(page.getByRole('button', { name: 'Expiry: Expired, No expiry' })).toBeVisible()
  await expect.poll(() => shownFilters(page)).toEqual({ expiry: ['expired', 'never'] })
})

test('policies filter by principal kind and permission set; logs by action', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Policies')
  const all = await shownCount(page)
  await page.getByLabel('Principal', { exact: true }).selectOption({ label: 'Groups' })
  await expect.poll(() => shownCount(page)).toBeLessThan(all)
  // The policies list leads with a tick box (two ticked policies are compared): organization, name, then principal.
  const principals = await dataRows(page).locator('[role="gridcell"]:nth-child(4)').allTextContents().then((xs) => xs.map((x) => x.trim()))
  expect(new Set(principals.map((p) => p.slice(-'group'.length).toLowerCase()))).toEqual(new Set(['group']))
  await page.getByLabel('Principal', { exact: true }).selectOption({ label: 'Any' })
  await page.getByLabel('Permission set', { exact: true }).fill('IAMManager')
  await expect.poll(() => shownFilters(page)).toEqual({ permissionSetName: 'IAMManager' })
  expect(await shownCount(page)).toBeLessThan(all)
  await page.screenshot({ path: shot('browse-policies-permission-set') })

  await showSection(page, 'Logs')
  const logs = await shownCount(page)
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Deleted' })
  await expect.poll(() => shownCount(page)).toBeLessThan(logs)
  const n = await dataRows(page).count()
  await expect(dataRows(page).filter({ hasText: 'DELETED' })).toHaveCount(n)
  await page.getByLabel('From', { exact: true }).fill('2999-01-01')
  await expect(page.getByRole('heading', { name: 'No log entries match' })).toBeVisible()
  await page.screenshot({ path: shot('browse-logs-filtered') })
})

test('sorting by a column header flips the order and says so', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  const header = page.getByRole('columnheader', { name: 'Email' })
  await expect(header).toHaveAttribute('aria-sort', 'ascending')
  const emails = () => dataRows(page).locator('[role="gridcell"]:nth-child(3)').allTextContents().then((xs) => xs.map((x) => x.trim()))
  const asc = await emails()
  expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })))
  await header.getByRole('button').click()
  await expect(header).toHaveAttribute('aria-sort', 'descending')
  await expect.poll(async () => (await emails())[0]).not.toBe(asc[0])
  const desc = await emails()
  expect(desc[0]! >= desc[desc.length - 1]!).toBe(true)
  await page.getByRole('columnheader', { name: 'Last login' }).getByRole('button').click()
  await expect(page.getByRole('columnheader', { name: 'Last login' })).toHaveAttribute('aria-sort', 'ascending')
  await expect(header).toHaveAttribute('aria-sort', 'none')
  await page.screenshot({ path: shot('browse-users-sorted') })
})

test('keyboard: arrows move through rows and Enter opens the detail', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Groups')
  await dataRows(page).first().focus()
  await page.keyboard.press('ArrowDown')
  await expect(dataRows(page).nth(1)).toBeFocused()
  const name = (await dataRows(page).nth(1).locator('[role="gridcell"]').nth(1).textContent())!.trim()
  await page.keyboard.press('Enter')
  const pane = page.getByRole('complementary', { name: 'group details' })
  await expect(pane.getByRole('heading', { level: 2, name })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(pane).toHaveCount(0)
})

test('one organization selected: no organization column', async ({ page, demo }) => {
  await openDemo(page, demo)
  await showSection(page, 'Users')
  await page.getByRole('list', { name: 'Organizations' }).getByRole('button').first().click()
  await expect(page.getByRole('columnheader', { name: 'Organization' })).toHaveCount(0)
  await expect(dataRows(page).first()).toBeVisible()
  await page.screenshot({ path: shot('browse-users-one-org') })
})

test('readable at 1920×1080', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await openDemo(page, demo)
  await showSection(page, 'API keys')
  await dataRows(page).first().click()
  await expect(page.getByRole('complementary', { name: 'API key details' })).toBeVisible()
  await page.screenshot({ path: shot('browse-api-keys-1920') })
})

import { test, expect, shot } from './fixtures'

test('first run shows the empty state with three ways in', async ({ page, app }) => {
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'No organizations yet' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Add an organization' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Import from the Scaleway CLI' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Explore demo organizations' })).toBeVisible()
  // The token leaves the address bar once the page has it.
  expect(page.url()).not.toContain('token=')
  await expect(page.getByText(/browser mode/)).toBeVisible()
  await page.screenshot({ path: shot('empty-state'), fullPage: true })
})

test('the page refuses to load without the token', async ({ page, app }) => {
  const res = await page.goto(app.url.replace(/\?token=.*/, ''))
  expect(res?.status()).toBe(401)
  await expect(page.getByText(/missing or wrong token/)).toBeVisible()
})

test('dark mode follows the OS setting', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'No organizations yet' })).toBeVisible()
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(bg).toBe('rgb(22, 24, 29)')
  await page.screenshot({ path: shot('empty-state-dark'), fullPage: true })
})

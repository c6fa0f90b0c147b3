// Browser mode shows the app's icon in the tab: index.html names /favicon.ico, which the server
// answers (without the token: it holds no data) with resources/icon.svg as image/svg+xml, and
// Chromium draws it, with no console error or failed request on the way.
import { expect, test } from './fixtures'

test('browser mode: the page names /favicon.ico, served as SVG, which Chromium loads and draws without an error', async ({ page, app }) => {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`))
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`)
  })

  await page.goto(app.url)
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.ico')

  const origin = new URL(app.url).origin
  const icon = await page.request.get(`${origin}/favicon.ico`)
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toBe('image/svg+xml')

  // Chromium decodes it as an image (what the tab does), under the page's own CSP (img-src 'self').
  const drawn = await page.evaluate(async () => {
    const img = new Image()
    img.src = new URL(document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href).href
    await img.decode()
    return { width: img.naturalWidth, height: img.naturalHeight }
  })
  expect(drawn.width).toBeGreaterThan(0)
  expect(drawn.height).toBeGreaterThan(0)
  await expect(page.getByRole('heading').first()).toBeVisible()
  expect(problems).toEqual([])
})

// Browser mode's promises, seen from a real browser: live updates do not depend on a cookie
// (another port of 127.0.0.1 could plant one), a refused event stream is said out loud, the
// app also works when opened as localhost:<port>, and the favicon does not 404.
import { startEmulator } from '../../emulator'
import { test, expect } from './fixtures'
import { addOrgByRpc, sidebar, waitSyncFinished, syncAllButton } from './onboarding-helpers'

const isEventStream = (url: string) => new URL(url).pathname === '/events'

test('keeps live updates when another port of 127.0.0.1 plants a token cookie', async ({ page, app, context }) => {
  const emulator = await startEmulator({ orgs: 1, sizes: { users: 2 } })
  try {
    await addOrgByRpc(app, emulator.organizations[0]!, emulator.url)
    // What a page on 127.0.0.1:<any port> can do: cookies ignore ports, a longer path wins.
    await context.addCookies([
      { name: 'iam_desk_token', value: 'zzz', domain: '127.0.0.1', path: '/events' },
      { name: 'iam_desk_token', value: 'zzz', domain: '127.0.0.1', path: '/' },
    ])
    const stream = page.waitForResponse((r) => isEventStream(r.url()))
    await page.goto(app.url)
    const res = await stream
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toBe('text/event-stream')
    // The sync panel's progress and result arrive over the event stream.
    await syncAllButton(page).click()
    await waitSyncFinished(page)
  } finally {
    await emulator.close()
  }
})

test('says so when the event stream is refused instead of going silently stale', async ({ page, app }) => {
  await page.route((url) => isEventStream(url.href), (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: '{"ok":false}' }),
  )
  await page.goto(app.url)
  await expect(page.getByRole('log', { name: 'Notices' })).toContainText('Live updates stopped')
})

test('works when opened as localhost:<port>', async ({ page, app }) => {
  const stream = page.waitForResponse((r) => isEventStream(r.url()))
  await page.goto(app.url.replace('://127.0.0.1:', '://localhost:'))
  expect((await stream).status()).toBe(200)
  await expect(sidebar(page)).toBeVisible()
})

test('serves a favicon: no 404 and no console error on load', async ({ page, app }) => {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`)
  })
  await page.goto(app.url)
  await expect(sidebar(page)).toBeVisible()
  const icon = await page.request.get(new URL('/favicon.ico', app.url).href)
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toBe('image/svg+xml')
  expect(problems).toEqual([])
})

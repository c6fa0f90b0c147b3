// UI benchmark (issue 5): 20,000 API keys in the cache, the API keys list in Chromium.
//   (a) keystroke in the search box → updated list in the DOM (and the frame after), 24 samples;
//       baseline: the same browse.list call made directly from the page (no UI), same run.
//   (b) fresh page start → first rows shown from the cache; then section switch → first API keys.
// Reports only; never asserts on time. The last two lines are read by other tools: keep their form.
import { cpus, loadavg } from 'node:os'
import { chromium, type Locator, type Page } from 'playwright-core'
import { startEmulator } from '../../emulator'
import { median, percentile, startBenchApp } from './ui-app'

const API_KEYS = 20_000
const SEARCH_ROUNDS = 8
const CHARS_PER_ROUND = 3
const FRESH_STARTS = 5

declare global {
  interface Window {
    __bench?: { t0: number; answered: number; done?: Promise<{ dom: number; frame: number; render: number }> }
  }
}

function fmt(ms: number): string {
  return ms.toFixed(1).padStart(8)
}

/**
 * Types `rounds` searches of `chars` characters each into the list's search box (cleared between
 * rounds), like someone looking an access key up (SCW + Crockford base32), and answers, for each
 * keystroke, the time from its keydown to the list showing that search. The clock starts on the
 * search box itself: a page can hold other search boxes (the organizations filter of a fleet).
 */
export async function typeSearchRounds(
  page: Page,
  search: Locator,
  o: { rounds: number; chars: number; seed: number; afterEach?: (typed: string) => Promise<void> },
): Promise<Array<{ typed: string; shown: { dom: number; frame: number; render: number } }>> {
  await page.evaluate(() => (window.__bench ??= { t0: 0, answered: 0 }))
  await search.evaluate((el) => el.addEventListener('keydown', () => (window.__bench!.t0 = performance.now()), { capture: true }))
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  let rng = o.seed
  const nextChar = () => {
    rng = (rng * 1103515245 + 12345) & 0x7fffffff
    return alphabet[rng % alphabet.length]!
  }
  const out: Array<{ typed: string; shown: { dom: number; frame: number; render: number } }> = []
  for (let round = 0; round < o.rounds; round++) {
    await armShown(page, '')
    await search.fill('')
    await page.evaluate(() => window.__bench!.done)
    let typed = ''
    for (let c = 0; c < o.chars; c++) {
      const ch = round === 0 && c === 0 ? 'S' : nextChar()
      typed += ch
      await armShown(page, typed)
      await page.keyboard.press(ch)
      out.push({ typed, shown: await page.evaluate(() => window.__bench!.done!) })
      // A list that says it has matches shows some: a fast empty page is not a result.
      const seen = await page.evaluate(() => ({
        total: Number((document.querySelector('section[data-shown-key] [role="status"]')?.textContent ?? '').replace(/[^0-9]/g, '') || 0),
        rows: document.querySelectorAll('[role="row"][data-index]').length,
      }))
      if (seen.total > 0 && seen.rows === 0) throw new Error(`bench: the list says ${seen.total} matches for "${typed}" but shows no row`)
      await o.afterEach?.(typed)
    }
  }
  return out
}

/** Arms an observer that resolves once the list shows rows for `search` ('' = no search). */
export async function armShown(page: Page, search: string): Promise<void> {
  await page.evaluate((expected) => {
    const bench = window.__bench!
    bench.done = new Promise((resolve) => {
      const section = document.querySelector('section[data-shown-key]')!
      const matches = () => {
        const key = section.getAttribute('data-shown-key')
        if (!key) return false
        const q = JSON.parse(key) as { search?: string }
        return (q.search ?? '') === expected
      }
      const finish = () => {
        const at = performance.now()
        const dom = at - bench.t0
        requestAnimationFrame(() => setTimeout(() => resolve({ dom, frame: performance.now() - bench.t0, render: at - bench.answered }), 0))
      }
      if (matches()) return finish()
      const obs = new MutationObserver(() => {
        if (matches()) {
          obs.disconnect()
          finish()
        }
      })
      obs.observe(section, { attributes: true, attributeFilter: ['data-shown-key'] })
    })
  }, search)
}

async function directCall(page: Page, token: string, search: string): Promise<number> {
  return page.evaluate(
    async ({ token, search }) => {
      const t0 = performance.now()
      const res = await fetch('/rpc/browse.list', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ kind: 'api_keys', search, sort: { field: 'created_at', dir: 'desc' }, offset: 0, limit: 200 }),
      })
      await res.json()
      return performance.now() - t0
    },
    { token, search },
  )
}

export default async function runUiBench(): Promise<void> {
  console.log(`ui: seeding the emulator with ${API_KEYS.toLocaleString('en')} API keys…`)
  const emulator = await startEmulator({ orgs: 1, seed: 7, sizes: { apiKeys: API_KEYS, users: 50, applications: 20, groups: 5, policies: 10, sshKeys: 4, logs: 60, jwts: 5 } })
  const app = await startBenchApp()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  })
  // tsx compiles the in-page callbacks with esbuild's keepNames, which calls a `__name` helper
  // that only exists in Node: give the page a no-op one before any of them runs.
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript({ content: 'globalThis.__name = (f) => f' })
    return context
  }
  try {
    const seeded = emulator.organizations[0]!
    const org = await app.rpc<{ id: string }>('orgs.add', { accessKey: seeded.access_key, secretKey: seeded.secret_key, apiUrl: emulator.url, storage: 'session' })
    const syncStart = performance.now()
    const summaries = await app.rpc<Array<{ status: string }>>('sync.start', { organizationIds: [org.id] })
    console.log(`ui: synced in ${(performance.now() - syncStart).toFixed(0)} ms (${summaries.map((s) => s.status).join(', ')})`)
    const listed = await app.rpc<{ total: number }>('browse.list', { kind: 'api_keys', offset: 0, limit: 1 })
    console.log(`ui: ${listed.total.toLocaleString('en')} API keys in the cache`)

    // (b) fresh starts: navigation start → first rows of the opening list, then API keys.
    const firstRows: number[] = []
    const scriptsReady: number[] = []
    const keysAfterSwitch: number[] = []
    for (let i = 0; i < FRESH_STARTS; i++) {
      const context = await newContext()
      const page = await context.newPage()
      await page.addInitScript(() => {
        const w = window as unknown as { __firstRows?: Promise<number> }
        w.__firstRows = new Promise((resolve) => {
          const seen = () => document.querySelector('[role="row"][data-index]')
          const obs = new MutationObserver(() => {
            if (seen()) {
              obs.disconnect()
              resolve(performance.now())
            }
          })
          obs.observe(document, { childList: true, subtree: true })
        })
      })
      // The users list's address: the app opens on its home otherwise, and this measures a list.
      await page.goto(`${app.url}#/users`)
      firstRows.push(await page.evaluate(() => (window as unknown as { __firstRows: Promise<number> }).__firstRows))
      scriptsReady.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd))
      const t = await page.evaluate(async () => {
        const button = [...document.querySelectorAll('nav button')].find((b) => b.textContent?.trim().startsWith('API keys')) as HTMLButtonElement
        const t0 = performance.now()
        button.click()
        return new Promise<number>((resolve) => {
          const check = () => {
            const section = document.querySelector('section[data-shown-key]')
            const key = section?.getAttribute('data-shown-key') ?? ''
            if (key.includes('"api_keys"') && document.querySelector('[role="row"][data-index]')) return resolve(performance.now() - t0)
            requestAnimationFrame(check)
          }
          check()
        })
      })
      keysAfterSwitch.push(t)
      await context.close()
    }

    // (a) search latency on the 20,000-key list.
    const context = await newContext()
    const page = await context.newPage()
    await page.goto(app.url)
    await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: 'API keys', exact: true }).click()
    await page.locator('[role="row"][data-index]').first().waitFor()
    const search = page.getByRole('searchbox', { name: 'Search API keys' })
    await page.evaluate(() => {
      window.__bench = { t0: 0, answered: 0 }
      // When the app's last browse answer was parsed: splits the latency into server and UI.
      const json = Response.prototype.json
      Response.prototype.json = async function (this: Response) {
        const body = await json.call(this)
        if (this.url.endsWith('/rpc/browse.list')) window.__bench!.answered = performance.now()
        return body
      }
    })
    const dom: number[] = []
    const frame: number[] = []
    const direct: number[] = []
    const render: number[] = []
    const afterEach = async (typed: string) => void direct.push(await directCall(page, app.token, typed))
    for (const { shown } of await typeSearchRounds(page, search, { rounds: SEARCH_ROUNDS, chars: CHARS_PER_ROUND, seed: 12345, afterEach })) {
      dom.push(shown.dom)
      frame.push(shown.frame)
      render.push(shown.render)
    }
    await context.close()

    const rows: Array<[string, number[]]> = [
      ['search: keystroke → list updated (DOM)', dom],
      ['search: keystroke → next frame', frame],
      ['search: answer parsed → list updated (DOM)', render],
      ['baseline: browse.list round trip, no UI', direct],
      ['baseline: fresh start → scripts loaded', scriptsReady],
      ['fresh start → first rows (opening list)', firstRows],
      ['section switch → first API keys rows', keysAfterSwitch],
    ]
    console.log('')
    console.log(`${'measure'.padEnd(44)}${'n'.padStart(4)}${'median'.padStart(9)}${'p90'.padStart(9)}${'max'.padStart(9)}  (ms)`)
    for (const [label, xs] of rows) {
      console.log(`${label.padEnd(44)}${String(xs.length).padStart(4)}${fmt(median(xs)).padStart(9)}${fmt(percentile(xs, 90)).padStart(9)}${fmt(Math.max(...xs)).padStart(9)}`)
    }
    console.log(`ui overhead over the raw call: ${(median(dom) / median(direct)).toFixed(2)}× (median DOM update / median round trip)`)
    console.log(`first rows after the scripts loaded: ${(median(firstRows) - median(scriptsReady)).toFixed(1)} ms (median difference)`)
    console.log(`machine load average while measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`)
    console.log('')
    const firstApiKeys = median(firstRows.map((t, i) => t + keysAfterSwitch[i]!))
    console.log(`ui: API keys rows ${firstApiKeys.toFixed(1)} ms from a fresh start when switched to at once`)
    console.log(`ui: search median ${median(frame).toFixed(1)} ms (goal < 50 ms)`)
    console.log(`ui: first rows ${median(firstRows).toFixed(1)} ms (goal < 1000 ms)`)
  } finally {
    await browser.close()
    await app.stop()
    await emulator.close()
  }
}

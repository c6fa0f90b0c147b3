// Which API URLs may receive an organization's secret key. Plain TypeScript without zod, so
// the renderer can import this module alone (its form hints and warnings) while main enforces
// it (orgs.service.ts: add, import, and before a stored secret is handed to a client).

/** The host of Scaleway's public API. */
export const SCALEWAY_API_HOST = 'api.scaleway.com'

export type ApiUrlCheck =
  | {
      ok: true
      /** The URL without trailing slashes. */
      url: string
      /** host[:port], for messages. */
      host: string
      /** false: the secret key goes to a host other than api.scaleway.com. */
      official: boolean
    }
  | { ok: false; problem: string }

/**
 * Which API URLs may receive an organization's secret key: https:// to any host, plain http://
 * only to this computer (localhost, 127.0.0.0/8, ::1 — the emulator and the tests). No user
 * name, password, query or fragment. `problem` is a lower-case phrase ("the API URL …").
 */
export function checkApiUrl(raw: string): ApiUrlCheck {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { ok: false, problem: 'the API URL is not an https:// address' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'the API URL is not an https:// address' }
  // Credentials in the URL would be sent to whatever host it names and end up in the cache.
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'the API URL contains a user name or password' }
  if (url.search !== '' || url.hash !== '') return { ok: false, problem: 'the API URL contains a query (?…) or a fragment (#…)' }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem: `the API URL uses plain http:// to ${url.host}, which would send the secret key unencrypted (http:// is accepted only for this computer: localhost, 127.0.0.1, ::1)`,
    }
  }
  return { ok: true, url: url.href.replace(/\/+$/, ''), host: url.host, official: url.protocol === 'https:' && url.host === SCALEWAY_API_HOST }
}

/** localhost, 127.0.0.0/8 or ::1, as the WHATWG URL parser writes them (it normalises 127.1, 0x7f.1, [0:0::1]). */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}

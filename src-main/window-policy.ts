// The Electron window's security settings as plain data and pure functions, so they are unit
// tested under Node (the Electron binary cannot run everywhere). window.ts and ipc.ts apply them.
// Reference: https://www.electronjs.org/docs/latest/tutorial/security

/** The renderer is served from this privileged custom scheme, never from a dev server in production. */
export const APP_SCHEME = 'iam-desk'
export const APP_ORIGIN = `${APP_SCHEME}://app`

/**
 * The window's Content-Security-Policy, sent as a header on every response of the app://
 * protocol (appProtocolResponse). Not through `webRequest.onHeadersReceived`: that hook does
 * not see responses of a custom protocol, so a CSP set only there is never applied.
 */
export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

export interface WindowOptions {
  width: number
  height: number
  minWidth: number
  minHeight: number
  show: boolean
  title: string
  backgroundColor: string
  webPreferences: {
    preload: string
    sandbox: true
    contextIsolation: true
    nodeIntegration: false
    nodeIntegrationInWorker: false
    nodeIntegrationInSubFrames: false
    webviewTag: false
    webSecurity: true
    allowRunningInsecureContent: false
    experimentalFeatures: false
    navigateOnDragDrop: false
    spellcheck: false
  }
}

export function buildWindowOptions(preloadPath: string, dark: boolean): WindowOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'IAM Desk',
    backgroundColor: dark ? '#16181d' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  }
}

// Node's URL reports origin "null" for custom schemes, so compare scheme and host instead.
function isAppUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === 'app'
}

/** Navigation away from the app is always refused (links to docs open in the OS browser). */
export function isAllowedNavigation(url: string): boolean {
  try {
    return isAppUrl(new URL(url))
  } catch {
    return false
  }
}

/** `window.open`: denied; http(s) links are handed to the OS browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  let external = false
  try {
    const { protocol } = new URL(url)
    external = protocol === 'https:'
  } catch {
    external = false
  }
  return { action: 'deny', openExternally: external }
}

/**
 * The renderer's own copy of the policy, as `<meta http-equiv="Content-Security-Policy">` in
 * src-renderer/index.html (a unit test keeps the two equal). Browsers enforce every policy they
 * are given, so this one only adds limits: it holds even where a header is lost, and it lets
 * browser mode reach its own server (`connect-src 'self'`: /rpc and /events), which the
 * Electron header still forbids in the window. `frame-ancestors` is not allowed in a meta tag.
 */
export const RENDERER_META_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')

/** The headers of a response of the app:// protocol: the upstream ones plus the CSP. */
export function appProtocolHeaders(upstream: HeadersInit | undefined): Headers {
  const headers = new Headers(upstream)
  headers.set('Content-Security-Policy', ELECTRON_CSP)
  headers.set('X-Content-Type-Options', 'nosniff')
  return headers
}

/**
 * What the app:// protocol handler answers: the file read by `net.fetch`, or a 404 when the
 * request is not for a file of the renderer (`upstream` null); both carry the CSP.
 */
export function appProtocolResponse(upstream: Response | null): Response {
  if (!upstream) return new Response('Not found', { status: 404, headers: appProtocolHeaders({ 'Content-Type': 'text/plain; charset=utf-8' }) })
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: appProtocolHeaders(upstream.headers) })
}

/** Who asks for a permission (Electron's PermissionRequest / check handler details). */
export interface PermissionRequester {
  isMainFrame: boolean
  /** The requesting page's URL (or origin, for a permission check). */
  requestingUrl: string | undefined
}

/**
 * Every permission is denied except `clipboard-sanitized-write` for the app's own main frame:
 * the Copy buttons and the one-time secret of a new API key use navigator.clipboard.writeText.
 * Reading the clipboard, camera, notifications, geolocation, …: IAM Desk needs none.
 */
export function permissionDecision(permission: string, requester: PermissionRequester): boolean {
  if (permission !== 'clipboard-sanitized-write') return false
  if (!requester.isMainFrame || requester.requestingUrl === undefined) return false
  return isAllowedNavigation(requester.requestingUrl)
}

/** An IPC call is honoured only from our own main frame, never an iframe or a foreign page. */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null): boolean {
  if (!frame || !frame.isMainFrame) return false
  try {
    return isAppUrl(new URL(frame.url))
  } catch {
    return false
  }
}

/** Maps a request path of the custom scheme to a file of the built renderer, or null. */
export function resolveAppFile(rendererDir: string, requestUrl: string, join: (...p: string[]) => string, sep: string): string | null {
  let pathname: string
  try {
    const url = new URL(requestUrl)
    if (!isAppUrl(url)) return null
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html'
  const file = join(rendererDir, pathname)
  if (!file.startsWith(rendererDir + sep)) return null
  return file
}

import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  APP_ORIGIN,
  ELECTRON_CSP,
  RENDERER_META_CSP,
  appProtocolResponse,
  buildWindowOptions,
  isAllowedNavigation,
  isTrustedSender,
  permissionDecision,
  resolveAppFile,
  windowOpenDecision,
} from '../../src-main/window-policy'

describe('Electron window policy', () => {
  it('builds a sandboxed, isolated window without Node', () => {
    const o = buildWindowOptions('/app/out/preload/index.cjs', false)
    expect(o.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/app/out/preload/index.cjs',
    })
  })

  it('has a strict CSP', () => {
    expect(ELECTRON_CSP).toContain("default-src 'none'")
    expect(ELECTRON_CSP).toContain("script-src 'self'")
    expect(ELECTRON_CSP).not.toContain('unsafe-eval')
    expect(ELECTRON_CSP).toContain("object-src 'none'")
  })

  it('denies navigation away from the app', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`)).toBe(true)
    expect(isAllowedNavigation('https://evil.example/')).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false)
    expect(isAllowedNavigation('not a url')).toBe(false)
  })

  it('denies window.open, handing https links to the OS browser only', () => {
    expect(windowOpenDecision('https://www.scaleway.com/en/docs/')).toEqual({ action: 'deny', openExternally: true })
    expect(windowOpenDecision('http://insecure.example/')).toEqual({ action: 'deny', openExternally: false })
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false })
  })

  it('sets the CSP header on every answer of the app:// protocol handler (onHeadersReceived does not see it)', async () => {
    const upstream = new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } })
    const served = appProtocolResponse(upstream)
    expect(served.status).toBe(200)
    expect(served.headers.get('Content-Security-Policy')).toBe(ELECTRON_CSP)
    expect(served.headers.get('Content-Type')).toBe('text/html')
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(await served.text()).toBe('<!doctype html>')
    const missing = appProtocolResponse(null)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('Content-Security-Policy')).toBe(ELECTRON_CSP)
  })

  it('ships a <meta> CSP in index.html, equal to RENDERER_META_CSP and as strict as the header', () => {
    const html = readFileSync(path.join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(RENDERER_META_CSP)
    // Before anything the policy must cover.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'))
    const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values.join(' ')]))
    const header = directives(ELECTRON_CSP)
    for (const [name, value] of directives(RENDERER_META_CSP)) {
      // Browser mode needs its own server for /rpc and /events; Electron's header still says 'none'.
      if (name === 'connect-src') expect(value).toBe("'self'")
      else expect(value, name).toBe(header.get(name))
    }
    expect(RENDERER_META_CSP).not.toContain('unsafe-eval')
  })

  it('denies every permission request but the clipboard write of our main frame', () => {
    const ours = { isMainFrame: true, requestingUrl: `${APP_ORIGIN}/index.html` }
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) expect(permissionDecision(p, ours), p).toBe(false)
  })

  it('allows clipboard-sanitized-write for the app main frame, so Copy buttons and the one-time secret work', () => {
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: `${APP_ORIGIN}/index.html` })).toBe(true)
    // The permission check handler gives an origin rather than a URL.
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: APP_ORIGIN })).toBe(true)
  })

  it('denies clipboard-sanitized-write to a subframe, a foreign page or an unknown requester', () => {
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: false, requestingUrl: `${APP_ORIGIN}/index.html` })).toBe(false)
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: 'https://evil.example/' })).toBe(false)
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: 'iam-desk://other/index.html' })).toBe(false)
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: undefined })).toBe(false)
    expect(permissionDecision('clipboard-sanitized-write', { isMainFrame: true, requestingUrl: 'file:///etc/passwd' })).toBe(false)
  })

  it('trusts IPC only from our main frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: true })).toBe(true)
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, isMainFrame: false })).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })

  it('serves only files inside the renderer folder', () => {
    const dir = path.resolve('/app/out/renderer')
    expect(resolveAppFile(dir, `${APP_ORIGIN}/`, path.join, path.sep)).toBe(path.join(dir, 'index.html'))
    expect(resolveAppFile(dir, `${APP_ORIGIN}/assets/a.js`, path.join, path.sep)).toBe(path.join(dir, 'assets/a.js'))
    expect(resolveAppFile(dir, `${APP_ORIGIN}/..%2F..%2Fsecrets`, path.join, path.sep)).toBeNull()
    expect(resolveAppFile(dir, 'https://evil.example/index.html', path.join, path.sep)).toBeNull()
  })
})

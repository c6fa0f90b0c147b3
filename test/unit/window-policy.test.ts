import { describe, expect, it } from 'vitest'
import path from 'node:path'
import {
  APP_ORIGIN,
  ELECTRON_CSP,
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

  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(permissionDecision(p)).toBe(false)
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

// Creates the hardened main window. All settings come from window-policy.ts (unit tested).
import { BrowserWindow, nativeTheme, session, shell } from 'electron'
import path from 'node:path'
import {
  APP_ORIGIN,
  ELECTRON_CSP,
  buildWindowOptions,
  isAllowedNavigation,
  permissionDecision,
  windowOpenDecision,
} from './window-policy'

export function createMainWindow(): BrowserWindow {
  const preload = path.join(import.meta.dirname, '../preload/index.cjs')
  // The scanner cannot see options built by a function; buildWindowOptions is unit tested (window-policy.test.ts).
  const win = new BrowserWindow(buildWindowOptions(preload, nativeTheme.shouldUseDarkColors)) // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK: sandbox and contextIsolation are true in buildWindowOptions; a middle-click's new window is denied by setWindowOpenHandler below

  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionDecision(permission, { isMainFrame: details.isMainFrame, requestingUrl: details.requestingUrl })),
  )
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    permissionDecision(permission, { isMainFrame: details.isMainFrame, requestingUrl: details.requestingUrl ?? requestingOrigin }),
  )
  // The app:// responses get their CSP from the protocol handler (index.ts), since this hook
  // does not see a custom protocol; this covers anything else the session might load.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } }) // eng-disable CSP_GLOBAL_CHECK: ELECTRON_CSP is a constant (window-policy.ts, default-src 'none'), which the scanner cannot read through a variable
  })

  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault()
  })
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url)
    if (decision.openExternally) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK: windowOpenDecision lets only https: URLs out
    return { action: decision.action }
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())

  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}

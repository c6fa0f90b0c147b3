// Electron entry: single-instance lock, the app:// protocol for the built renderer, the IPC
// bindings and the window. Everything with logic lives in core/.
import { app, BrowserWindow, dialog, net, protocol } from 'electron'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createApp } from './core/app'
import { APP_VERSION } from './core/version'
import { registerIpc } from './ipc'
import { launchDemo } from './demo/launch-demo'
import { createMainWindow } from './window'
import { APP_SCHEME, appProtocolResponse, resolveAppFile } from './window-policy'

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
])

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let win: BrowserWindow | null = null
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  app.whenReady().then(async () => {
    const rendererDir = path.join(import.meta.dirname, '../renderer')
    // Every answer carries the CSP header (webRequest hooks do not see this protocol).
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(rendererDir, request.url, path.join, path.sep)
      return appProtocolResponse(file ? await net.fetch(pathToFileURL(file).toString()) : null)
    })
    // The cache lives in the OS's per-user app data folder (e.g. ~/.config/IAM Desk).
    // `--demo`: start on the built-in emulator's demo organizations, in a throwaway data folder.
    const demo = process.argv.includes('--demo')
    const dataDir = demo ? mkdtempSync(path.join(tmpdir(), 'iam-desk-demo-')) : app.getPath('userData')
    // The Terraform export's folder: the native dialog, a new folder allowed.
    const chooseFolder = async (title: string): Promise<string | null> => {
      const options = { title, buttonLabel: 'Save here', properties: ['openDirectory' as const, 'createDirectory' as const] }
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    }
    // "Choose a file…" for SSH public keys: the native dialog; main reads what was chosen.
    const chooseFiles = async (defaultPath: string): Promise<string[]> => {
      const options = { title: 'Choose SSH public keys', defaultPath, properties: ['openFile', 'multiSelections', 'showHiddenFiles'] as Array<'openFile' | 'multiSelections' | 'showHiddenFiles'>, filters: [{ name: 'Public keys', extensions: ['pub'] }, { name: 'All files', extensions: ['*'] }] }
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return r.canceled ? [] : r.filePaths
    }
    // Exports (and any file core writes for the user) go where the native save dialog says;
    // core gets only this function, never electron itself.
    const saveDialog = async ({ fileName }: { fileName: string }): Promise<string | null> => {
      const options = { defaultPath: path.join(app.getPath('downloads'), fileName) }
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return r.canceled || !r.filePath ? null : r.filePath
    }
    const core = await createApp({ mode: 'electron', version: APP_VERSION, demo, launchDemo, dataDir, chooseFolder, chooseFiles, saveDialog, log: (m) => console.error(m) })
    registerIpc(core.router, core.hub, () => win)
    if (demo) {
      const started = await core.router.dispatch('demo.start', {})
      if (started.ok) void core.router.dispatch('sync.start', {})
    }
    win = createMainWindow()
    app.on('window-all-closed', () => {
      void core.close().finally(() => app.quit())
    })
  })
}

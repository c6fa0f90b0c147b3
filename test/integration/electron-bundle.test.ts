// The built Electron main bundle, loaded under plain Node with a stand-in for 'electron':
// its imports resolve (no __dirname in ESM, externals installed) and its start-up registers
// one IPC handler per contract call, the app:// scheme and a hardened window.
import { describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { callNames } from '../../src-preload/contract'
import { ELECTRON_CSP } from '../../src-main/window-policy'

describe('the Electron main bundle', () => {
  it('starts under a stand-in Electron and sets up IPC, the protocol and the window', () => {
    // Always from the current sources: a stale bundle would prove nothing.
    execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
    const home = mkdtempSync(path.join(tmpdir(), 'iam-desk-bundle-'))
    try {
      const r = spawnSync(process.execPath, ['--import', './test/fixtures/electron-stub/register.mjs', 'out/main/index.js'], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, IAM_DESK_STUB_USER_DATA: path.join(home, 'user-data'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
      })
      expect(r.status, r.stderr).toBe(0)
      const calls = JSON.parse(r.stdout.trim().split('\n').pop()!) as string[]
      expect(calls).toContain('requestSingleInstanceLock')
      expect(calls).toContain('registerSchemesAsPrivileged:iam-desk')
      expect(calls).toContain('protocol.handle:iam-desk')
      expect(calls.filter((c) => c.startsWith('ipcMain.handle:')).map((c) => c.slice('ipcMain.handle:'.length)).sort()).toEqual([...callNames].sort())
      expect(calls).toContain('BrowserWindow:{"sandbox":true,"contextIsolation":true,"nodeIntegration":false}')
      expect(calls).toContain('setPermissionRequestHandler')
      expect(calls).toContain('loadURL:iam-desk://app/index.html')
      // The CSP rides on the protocol handler's answers, the page and a 404 alike.
      expect(calls).toContain('net.fetch:index.html')
      expect(calls).toContain(`protocol.response:200:${ELECTRON_CSP}`)
      expect(calls).toContain(`protocol.response:404:${ELECTRON_CSP}`)
      // The cache is a file in the user's app data folder, not in memory.
      expect(calls).toContain('getPath:userData')
      expect(existsSync(path.join(home, 'user-data', 'cache.sqlite'))).toBe(true)
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
    // It builds the whole app first: slower than the suite's 30 s on a loaded 2-core machine.
  }, 120_000)
})

// Binds each contract call to ipcMain, one handler per call, through one wrapper:
// sender check (our main frame only) → router (zod input → service → zod output → Result).
import { ipcMain, type BrowserWindow } from 'electron'
import type { Router } from './core/router'
import type { EventHub } from './core/event-hub'
import { isTrustedSender } from './window-policy'

export const EVENT_CHANNEL = 'iam-desk:event'

export function registerIpc(router: Router, hub: EventHub, getWindow: () => BrowserWindow | null): () => void {
  for (const name of router.names) {
    ipcMain.handle(name, async (event, input: unknown) => {
      const frame = event.senderFrame
      if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null)) {
        return { ok: false, error: { code: 'PERMISSION_DENIED', message: 'Calls are accepted from the IAM Desk window only.' } }
      }
      return router.dispatch(name, input)
    })
  }
  const unsubscribe = hub.subscribe((name, payload) => {
    getWindow()?.webContents.send(EVENT_CHANNEL, { name, payload })
  })
  return () => {
    unsubscribe()
    for (const name of router.names) ipcMain.removeHandler(name)
  }
}

// Exposes `window.iam`: exactly one function per contract call and one `onX(cb) → unsubscribe`
// per event. Never ipcRenderer itself, never a generic invoke, never the process environment, and never the
// raw IpcRendererEvent.
import { contextBridge, ipcRenderer } from 'electron'
import { buildBridge } from './bridge'

const EVENT_CHANNEL = 'iam-desk:event'

const bridge = buildBridge({
  invoke: (name, input) => ipcRenderer.invoke(name, input),
  subscribe: (listener) => {
    const handler = (_event: unknown, message: { name: string; payload: unknown }) => listener(message.name, message.payload)
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler)
  },
})

contextBridge.exposeInMainWorld('iam', bridge)

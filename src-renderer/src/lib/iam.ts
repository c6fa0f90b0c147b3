// The renderer's only door to main. Electron: `window.iam` from the preload. Browser mode: the
// same bridge over HTTP (`POST /rpc/<call>`) and Server-Sent Events. Nothing else in the UI
// knows which one is in use.
import { buildBridge } from '../../../src-preload/bridge'
import type { IamBridge } from '../../../src-preload/contract'

declare global {
  interface Window {
    iam?: IamBridge
  }
}

const TOKEN_KEY = 'iam-desk-token'

function takeToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    // Keep the token out of the address bar, history and screenshots.
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function httpBridge(): IamBridge {
  const token = takeToken()
  const listeners = new Set<(name: string, payload: unknown) => void>()
  let source: EventSource | null = null
  const deliver = (name: string, payload: unknown) => {
    for (const l of listeners) l(name, payload)
  }
  const ensureStream = () => {
    if (source) return
    // The token rides in the stream's URL (EventSource cannot send a header); the server
    // compares it in constant time. No cookie: those are shared by every port of 127.0.0.1.
    source = new EventSource(`/events?token=${encodeURIComponent(token)}`)
    source.onmessage = (e: MessageEvent<string>) => {
      const { name, payload } = JSON.parse(e.data) as { name: string; payload: unknown }
      deliver(name, payload)
    }
    // A dropped connection is retried by the browser; a refused one (wrong token, IAM Desk
    // restarted) is final: say so instead of leaving the window silently stale.
    source.onerror = () => {
      if (source?.readyState !== EventSource.CLOSED) return
      deliver('app.notice', {
        level: 'error',
        message: 'Live updates stopped: IAM Desk refused the event stream. Open the URL printed in the terminal again.',
      })
    }
  }
  return buildBridge({
    async invoke(name, input) {
      try {
        const res = await fetch(`/rpc/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        })
        return await res.json()
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'IAM Desk stopped answering. Is it still running?' } }
      }
    },
    subscribe(listener) {
      ensureStream()
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  })
}

/** The bridge for this window, made once at start (main.ts) and handed to the state from there. */
export function connectBridge(): IamBridge {
  return window.iam ?? httpBridge()
}

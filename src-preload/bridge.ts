// Builds the `window.iam` object from the contract over any transport: Electron IPC (preload)
// or HTTP + Server-Sent Events (browser mode). Shared so both expose exactly the same shape.
import { callNames, eventNames, bridgeName, eventBridgeName, type IamBridge, type Result } from './contract'

export interface Transport {
  invoke(name: string, input: unknown): Promise<unknown>
  /** Delivers every pushed event; returns an unsubscribe function. */
  subscribe(listener: (name: string, payload: unknown) => void): () => void
}

export function buildBridge(transport: Transport): IamBridge {
  const bridge: Record<string, unknown> = {}
  for (const name of callNames) {
    bridge[bridgeName(name)] = (input: unknown) => transport.invoke(name, input ?? {}) as Promise<Result<unknown>>
  }
  for (const name of eventNames) {
    bridge[eventBridgeName(name)] = (cb: (payload: unknown) => void) =>
      transport.subscribe((eventName, payload) => {
        if (eventName === name) cb(payload)
      })
  }
  return Object.freeze(bridge) as IamBridge
}

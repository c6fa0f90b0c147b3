// Composition root of the core: builds every service from injected side effects and returns
// the router that both the Electron shell (ipc.ts) and browser mode (web/) serve.
import { createRouter, type Handlers, type Router } from './router'
import { EventHub } from './event-hub'
import type { AppInfo } from '../../src-preload/contract'

export interface AppOptions {
  mode: AppInfo['mode']
  version: string
  demo?: boolean
  platform?: string
  log?: (message: string) => void
}

export interface App {
  router: Router
  hub: EventHub
  close(): Promise<void>
}

export async function createApp(options: AppOptions): Promise<App> {
  const hub = new EventHub()
  const handlers: Handlers = {
    'app.info': () => ({
      name: 'IAM Desk',
      version: options.version,
      mode: options.mode,
      platform: options.platform ?? process.platform,
      demo: options.demo ?? false,
      keychain: { available: false, reason: 'not_checked' },
    }),
  }
  const router = createRouter(handlers, { log: options.log })
  return {
    router,
    hub,
    async close() {},
  }
}

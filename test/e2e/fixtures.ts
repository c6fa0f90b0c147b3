// Each test gets its own IAM Desk in browser mode: a fresh data folder and a server on a free
// port, started exactly as a user starts it, and stopped afterwards.
import { test as base, expect } from '@playwright/test'
import path from 'node:path'
import { startWebApp, stopWebApp, type RunningApp } from './web-app'

export const test = base.extend<{ app: RunningApp }>({
  app: async ({}, use) => {
    const app = await startWebApp()
    await use(app)
    await stopWebApp(app)
  },
})

export { expect, startWebApp, stopWebApp, type RunningApp }

export function shot(name: string): string {
  return path.join('test-results', 'screenshots', `${name}.png`)
}

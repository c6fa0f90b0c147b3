import { defineConfig } from '@playwright/test'

// End-to-end tests: the real app in browser mode, driven in Debian's Chromium (project
// `browser`), and the Electron window itself through Playwright's _electron (project `electron`,
// skipped with one line where the Electron binary is not installed).
export default defineConfig({
  projects: [
    { name: 'browser', testDir: 'test/e2e' },
    { name: 'electron', testDir: 'test/e2e-electron' },
  ],
  outputDir: 'test-results/e2e-artifacts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
})

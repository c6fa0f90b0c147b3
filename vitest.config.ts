import { defineConfig } from 'vitest/config'

// Unit and integration tests run under plain Node (no Electron). End-to-end tests live in
// test/e2e and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/emulator/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})

// Cache files were left 0644 when the data folder already existed (mkdir's mode only applies
// to a new folder, SQLite creates its files under the umask): the folder must be 0700 and the
// database, WAL and SHM files 0600 after every start of the app.
import { afterEach, beforeEach, expect, it } from 'vitest'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createApp } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'

let root: string
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'iam-desk-perms-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const mode = (f: string) => statSync(f).mode & 0o777
const posix = process.platform === 'win32' ? it.skip : it

async function start(dataDir: string) {
  return createApp({ mode: 'browser', version: 'test', dataDir, keychain: new MemorySecretStore(), probeKeychain: async () => ({ available: true }), env: {}, homeDir: root })
}

posix('makes a pre-existing 0755 data folder 0700 and its 0644 cache, WAL and SHM files 0600 at start', async () => {
  const dataDir = path.join(root, 'IAM Desk')
  // A first start leaves the database; then the folder and files are widened (an older build,
  // a restore from a backup, a copy by hand), and a stale WAL and SHM are lying next to it.
  await (await start(dataDir)).close()
  const file = path.join(dataDir, 'cache.sqlite')
  for (const f of [`${file}-wal`, `${file}-shm`]) if (!existsSync(f)) writeFileSync(f, '')
  for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644)
  chmodSync(dataDir, 0o755)

  const app = await start(dataDir)
  try {
    expect(mode(dataDir)).toBe(0o700)
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600)
  } finally {
    await app.close()
  }
})

posix('creates the data folder 0700 and the cache file 0600 in a pre-existing 0755 parent', async () => {
  mkdirSync(path.join(root, 'config'), { mode: 0o755 })
  const dataDir = path.join(root, 'config', 'IAM Desk')
  const app = await start(dataDir)
  try {
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(path.join(dataDir, 'cache.sqlite'))).toBe(0o600)
  } finally {
    await app.close()
  }
})

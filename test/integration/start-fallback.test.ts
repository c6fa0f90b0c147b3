// `npm start` where no Electron binary exists (this project's CI, headless servers): one clear
// sentence, then browser mode — not a crash.
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

function electronInstalled(): boolean {
  try {
    createRequire(import.meta.url)('electron')
    return true
  } catch {
    return false
  }
}

describe.skipIf(electronInstalled())('npm start without the Electron binary', () => {
  it('says so and starts browser mode', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-desk-start-'))
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          if (/IAM Desk is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[a-f0-9]+/.test(out)) resolve()
        })
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)))
      })
      const lines = out.trim().split('\n')
      expect(lines[0]).toBe('The Electron binary is not installed on this machine. Starting IAM Desk in browser mode instead.')
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

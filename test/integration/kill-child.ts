// Runs a TypeScript script in a child process and kills it with SIGKILL — when it prints
// `marker`, or when the test calls the `kill` it is handed — so a test can prove what a crash
// at that moment leaves behind. Fails if the child exits without being killed.
import { spawn } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export function runAndKill(script: string, args: string[], marker: string, armKill?: (kill: () => void) => void): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  return new Promise((done, fail) => {
    // node --import tsx (not the tsx CLI, which forks a second process that SIGKILL would miss).
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let killed = false
    const kill = () => {
      killed = true
      child.kill('SIGKILL')
    }
    armKill?.(kill)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes(marker)) kill()
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', fail)
    child.on('exit', (_code, signal) => (killed ? done({ signal, out }) : fail(new Error(`child exited before being killed (${marker}): ${out}\n${err}`))))
  })
}

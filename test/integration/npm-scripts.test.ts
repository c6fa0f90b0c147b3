// Lines other tools read, checked through npm exactly as a user runs them.
import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'

function firstStdoutLine(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: true })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) {
        // npm → sh → tsx → node: stop the whole process group.
        process.kill(-child.pid!, 'SIGTERM')
        resolve(out.slice(0, nl))
      }
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code} before a line: ${out}`)))
  })
}

describe('npm run emulator -- --json', () => {
  it('prints one JSON object as the very first stdout line (no npm banner)', async () => {
    const line = await firstStdoutLine('npm', ['run', 'emulator', '--', '--port', '0', '--orgs', '2', '--seed', '7', '--json'])
    const parsed = JSON.parse(line) as { url: string; organizations: Array<Record<string, string>> }
    expect(parsed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(parsed.organizations).toHaveLength(2)
    for (const o of parsed.organizations) {
      expect(Object.keys(o).sort()).toEqual(['access_key', 'name', 'organization_id', 'project_id', 'secret_key'])
    }
  })
})

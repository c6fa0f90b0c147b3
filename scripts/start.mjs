// `npm start`: the Electron app. Where the Electron binary is missing (headless servers, CI,
// machines that cannot download it), say so in one sentence and start browser mode instead.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when it was never downloaded.
    return createRequire(import.meta.url)('electron')
  } catch {
    return null
  }
}

function startBrowserMode(reason) {
  console.log(`${reason} Starting IAM Desk in browser mode instead.`)
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src-main/web/cli.ts'), ...args], { stdio: 'inherit', cwd: root })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
}

const binary = electronBinary()
if (!binary) {
  startBrowserMode('The Electron binary is not installed on this machine.')
} else {
  const child = spawn(binary, [root, ...args], { stdio: 'inherit', cwd: root })
  child.on('error', () => startBrowserMode('Electron could not be started.'))
  child.on('exit', (code) => process.exit(code ?? 0))
}

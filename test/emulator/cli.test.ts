// The CLI's --json contract: the first stdout line is one JSON object with the url and each
// organization's owner key, and the server behind it answers.
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { API, raw } from './helpers'

let child: ChildProcess | undefined
afterEach(async () => {
  const c = child
  child = undefined
  if (!c?.pid || c.exitCode !== null) return
  const exited = new Promise((resolve) => c.once('exit', resolve))
  // npx → tsx → node: signal the whole process group so no grandchild outlives the test.
  process.kill(-c.pid, 'SIGTERM')
  await exited
})

function firstLine(args: string[]): Promise<string> {
  child = spawn('npx', ['tsx', 'emulator/cli.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  return new Promise((resolve, reject) => {
    rl.once('line', (line) => resolve(line))
    child?.once('exit', (code) => reject(new Error(`cli exited with ${code}`)))
  })
}

describe('emulator CLI', () => {
  it('prints exactly one JSON object on its first line with --json', async () => {
    const line = await firstLine(['--port', '0', '--json', '--orgs', '2', '--seed', '7'])
    const info = JSON.parse(line)
    expect(Object.keys(info)).toEqual(['url', 'organizations'])
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(info.organizations).toHaveLength(2)
    const o = info.organizations[0]
    expect(Object.keys(o)).toEqual(['name', 'organization_id', 'project_id', 'access_key', 'secret_key'])
    expect(o.access_key).toMatch(/^SCW[0-9A-Z]{17}$/)
    const r = await raw(`${info.url}${API}/users?type=owner`, { headers: { 'X-Auth-Token': o.secret_key } })
    expect(r.status).toBe(200)
    expect(r.json.users[0].organization_id).toBe(o.organization_id)
  })
  it('starts with --group-conflict-rate: the faults read it back and group writes answer 409 transient_state', async () => {
    const line = await firstLine(['--port', '0', '--json', '--seed', '7', '--group-conflict-rate', '1'])
    const info = JSON.parse(line)
    const o = info.organizations[0]
    expect((await raw(`${info.url}/__emulator/faults`)).json.groupConflictRate).toBe(1)
    const headers = { 'X-Auth-Token': o.secret_key, 'Content-Type': 'application/json' }
    const g = await raw(`${info.url}${API}/groups`, { method: 'POST', headers, body: JSON.stringify({ name: 'Developers', organization_id: o.organization_id }) })
    expect(g.status).toBe(200)
    const r = await raw(`${info.url}${API}/groups/${g.json.id}`, { method: 'PATCH', headers, body: JSON.stringify({ description: 'x' }) })
    expect(r.status).toBe(409)
    expect(r.json).toEqual({ current_state: 'updating', message: 'resource is in a transient state', resource: 'group', resource_id: g.json.id, type: 'transient_state' })
    expect((await raw(`${info.url}/__emulator/stats`)).json.conflict_count).toBe(1)
  })
  it('starts with --key-propagation-seconds: a new key answers 401 until the delay has passed', async () => {
    const line = await firstLine(['--port', '0', '--json', '--seed', '7', '--key-propagation-seconds', '3600'])
    const info = JSON.parse(line)
    const o = info.organizations[0]
    expect((await raw(`${info.url}/__emulator/key-propagation`)).json).toEqual({ default_seconds: 3600, organizations: {} })
    const headers = { 'X-Auth-Token': o.secret_key, 'Content-Type': 'application/json' }
    const owner = (await raw(`${info.url}${API}/users?type=owner`, { headers })).json.users[0]
    const key = await raw(`${info.url}${API}/api-keys`, { method: 'POST', headers, body: JSON.stringify({ user_id: owner.id, description: 'new' }) })
    expect(key.status).toBe(200)
    const r = await raw(`${info.url}${API}/api-keys/${key.json.access_key}`, { headers: { 'X-Auth-Token': key.json.secret_key } })
    expect(r.status).toBe(401)
    expect(r.json.reason).toBe('not_found')
  })
})

// SSH keys from this computer against the emulator: the matrix's cell states, a bulk upload of
// 4 keys × 3 organizations where some are already there under other names (never a duplicate),
// a stale cache (a key added on Scaleway after the sync, and one added between plan and apply,
// are not uploaded again), enabling a disabled key and removing one (planned as irreversible).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import { createApp, type App } from '../../src-main/core/app'
import type { Job, JobSummary, KeyMatrix, Result } from '../../src-preload/contract'
import { api, FileSecretStore } from './jobs-helpers'

const SSH = fileURLToPath(new URL('../fixtures/ssh-home/.ssh', import.meta.url))
const pub = (name: string) => readFileSync(join(SSH, name), 'utf8').trim()
const ED = pub('id_ed25519.pub') // alice@laptop
const RSA = pub('id_rsa.pub') // alice@old-laptop
const DEPLOY = pub('deploy_ecdsa384.pub') // build-bot
const ECDSA = pub('id_ecdsa.pub') // no comment
const FOUR = [ED, RSA, DEPLOY, ECDSA]
const blob = (k: string) => k.split(/\s+/).slice(0, 2).join(' ')

type Key = { id: string; name: string; public_key: string; disabled: boolean }

describe('SSH keys from this computer × three organizations', () => {
  let emulator: RunningEmulator
  let app: App
  let dir: string
  let orgs: EmulatorOrganization[]
  const call = async <T,>(name: string, input: unknown): Promise<T> => {
    const r = (await app.router.dispatch(name, input)) as Result<T>
    if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`)
    return r.value
  }
  const keysOf = async (o: EmulatorOrganization) => (await api<{ ssh_keys: Key[] }>(emulator, o, 'GET', `/ssh-keys?organization_id=${o.organization_id}&page_size=100`)).ssh_keys
  const addKey = (o: EmulatorOrganization, name: string, public_key: string) => api<Key>(emulator, o, 'POST', '/ssh-keys', { name, public_key, project_id: o.project_id })
  const cell = (m: KeyMatrix, key: string, orgIndex: number) => m.rows.find((r) => blob(r.key.publicKey) === blob(key))!.cells.find((c) => c.organizationId === orgs[orgIndex]!.organization_id)!

  beforeAll(async () => {
    emulator = await startEmulator({ orgs: 3, sizes: { users: 1, applications: 0, groups: 0, policies: 0, apiKeys: 0, sshKeys: 1, logs: 0, jwts: 0 } })
    orgs = emulator.organizations
    dir = mkdtempSync(join(tmpdir(), 'ssh-local-test-'))
    // No ssh-agent: SSH_AUTH_SOCK is not set in this app's environment.
    app = await createApp({ mode: 'browser', version: 't', dataDir: dir, env: {}, homeDir: join(dir, 'home'), keychain: new FileSecretStore(join(dir, 'kc.json')), probeKeychain: async () => ({ available: true }), jobs: { backoffMs: () => 1 }, chooseFiles: async () => ['id_rsa', 'id_ed25519.pub', 'link_to_private.pub'].map((f) => join(SSH, f)) })
    await call('settings.set', { sshFolder: SSH })
    // Already there before the sync: ED in org 0 under another name, DEPLOY disabled in org 1,
    // RSA in org 2 under its own comment.
    await addKey(orgs[0]!, 'laptop (old name)', ED)
    const d = await addKey(orgs[1]!, 'build-bot', DEPLOY)
    await api(emulator, orgs[1]!, 'PATCH', `/ssh-keys/${d.id}`, { disabled: true })
    await addKey(orgs[2]!, 'alice@old-laptop', RSA)
    for (const o of orgs) await call('orgs.add', { accessKey: o.access_key, secretKey: o.secret_key, apiUrl: emulator.url })
    await call('sync.start', {})
  }, 60_000)
  afterAll(async () => {
    await app.close()
    await emulator.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('the matrix: the folder setting, every local key once, each cell state, remote keys no local key matches', async () => {
    const m = await call<KeyMatrix>('sshLocal.matrix', { picked: [{ name: 'outside.pub', text: readFileSync(join(SSH, '../../outside.pub'), 'utf8') }] })
    expect(m.scan).toMatchObject({ folder: SSH, folderFromSetting: true, folderExists: true, agent: { state: 'not_running', message: 'No ssh-agent is running (SSH_AUTH_SOCK is not set).' } })
    // bundle.pub repeats id_rsa.pub and deploy_ecdsa384.pub: one row each, with both files as sources.
    expect(m.rows.map((r) => r.key.comment || r.key.suggestedName).sort()).toEqual(['alice@laptop', 'alice@old-laptop', 'build-bot', 'ci@runner', 'id_ecdsa.pub@' + m.scan.hostName].sort())
    expect(m.scan.picked).toEqual([{ name: 'outside.pub', path: 'outside.pub', verdict: 'keys', reason: '1 key.', keys: 1 }])
    // outside.pub holds the same key as ci_ed25519.pub: the picked file joins that row.
    expect(m.rows.find((r) => r.key.comment === 'ci@runner')!.key.sources).toEqual([{ kind: 'file', path: join(SSH, 'ci_ed25519.pub'), line: 1 }, { kind: 'picked', name: 'outside.pub' }])
    expect(m.rows.find((r) => r.key.comment === 'alice@old-laptop')!.key.sources.map((s) => s.kind === 'file' && s.path.split('/').pop())).toEqual(['bundle.pub', 'id_rsa.pub'])
    expect(cell(m, ED, 0)).toMatchObject({ state: 'present_other_name', remote: [{ name: 'laptop (old name)' }] })
    expect(cell(m, ED, 1).state).toBe('missing')
    expect(cell(m, DEPLOY, 1)).toMatchObject({ state: 'present_disabled', remote: [{ name: 'build-bot', disabled: true }] })
    expect(cell(m, RSA, 2).state).toBe('present')
    // The default project comes first among where a key can go.
    for (const o of m.organizations) expect(o.projects[0]?.id).toBe(o.defaultProjectId)
    // The emulator's own seeded key in each organization is on Scaleway only.
    expect(m.remoteOnly).toHaveLength(3)
    expect(m.remoteOnly.every((r) => r.createdAt && r.organizationName)).toBe(true)
    expect(JSON.stringify(m)).not.toMatch(/PRIVATE KEY|b3BlbnNzaC1rZXktdjE/)
    // Canary: no organization's secret key in the matrix.
    for (const o of orgs) expect(JSON.stringify(m)).not.toContain(o.secret_key)
  })

  it('uploads 4 keys × 3 organizations: re-reads each organization, skips what is there (any name), never makes a duplicate', async () => {
    // Stale cache: added on Scaleway after the sync.
    await addKey(orgs[1]!, 'added-later', ECDSA)
    const stale = await call<KeyMatrix>('sshLocal.matrix', {})
    expect(cell(stale, ECDSA, 1).state).toBe('missing')

    const items = orgs.flatMap((o) => FOUR.map((k) => ({ organizationId: o.organization_id, publicKey: k, name: `${k.split(' ')[2] ?? 'ecdsa'} upload` })))
    const plan = await call<Job>('sshLocal.planUpload', { items })
    expect(plan.planText).toBe('3 organizations, 8 uploads, 4 already there')
    const skipped = plan.steps.filter((s) => s.state === 'skipped').map((s) => [s.organizationId, s.message])
    expect(skipped).toEqual([
      [orgs[0]!.organization_id, 'Already there as "laptop (old name)": not uploaded again.'],
      [orgs[1]!.organization_id, 'Already there as "build-bot" (disabled): not uploaded again.'],
      [orgs[1]!.organization_id, 'Already there as "added-later": not uploaded again.'],
      [orgs[2]!.organization_id, 'Already there as "alice@old-laptop": not uploaded again.'],
    ])
    // Planning refreshed the cache: the matrix now knows the key added after the sync.
    expect(cell(await call<KeyMatrix>('sshLocal.matrix', {}), ECDSA, 1).state).toBe('present_other_name')

    // Added between the plan and the apply: its step reads first and finds it.
    await addKey(orgs[2]!, 'sneaked-in', ECDSA)
    const done = await call<JobSummary>('jobs.apply', { id: plan.id })
    expect(done.state).toBe('finished')
    expect(done.counts).toMatchObject({ done: 7, already: 1, skipped: 4, failed: 0 })
    const job = await call<Job>('jobs.get', { id: plan.id })
    for (const o of orgs) expect(JSON.stringify(job)).not.toContain(o.secret_key)
    expect(job.steps.find((s) => s.state === 'already')?.message).toBe('Already there as "sneaked-in".')

    for (const o of orgs) {
      const keys = await keysOf(o)
      for (const k of FOUR) expect(keys.filter((r) => blob(r.public_key) === blob(k)), `${o.name}: ${k.slice(0, 30)}`).toHaveLength(1)
    }
    const after = await call<KeyMatrix>('sshLocal.matrix', {})
    for (const k of FOUR) for (const i of [0, 1, 2]) expect(['present', 'present_other_name', 'present_disabled']).toContain(cell(after, k, i).state)
    expect(cell(after, ED, 1)).toMatchObject({ state: 'present_other_name', remote: [{ name: 'alice@laptop upload' }] })

    // Applying again sends nothing new.
    const again = await call<Job>('sshLocal.planUpload', { items })
    expect(again.planText).toBe('3 organizations, 0 uploads, 12 already there')
  })

  it('enables a disabled key, and removes one from a chosen organization (planned as irreversible)', async () => {
    const m = await call<KeyMatrix>('sshLocal.matrix', {})
    const disabled = cell(m, DEPLOY, 1).remote[0]!
    const enable = await call<Job>('sshLocal.planEnable', { keys: [{ organizationId: orgs[1]!.organization_id, id: disabled.id }] })
    expect(enable.steps.map((s) => [s.action, s.state, s.irreversible])).toEqual([['sshKey.enable', 'pending', false]])
    expect((await call<JobSummary>('jobs.apply', { id: enable.id })).counts.done).toBe(1)
    expect((await keysOf(orgs[1]!)).find((k) => k.id === disabled.id)!.disabled).toBe(false)

    const target = cell(m, ED, 0).remote[0]!
    const remove = await call<Job>('sshLocal.planRemove', { keys: [{ organizationId: orgs[0]!.organization_id, id: target.id }] })
    expect(remove.planText).toBe('1 organization, 1 SSH key deleted (cannot be undone)')
    expect(remove.steps.map((s) => [s.action, s.irreversible, s.target.name])).toEqual([['sshKey.delete', true, 'laptop (old name)']])
    expect((await call<JobSummary>('jobs.apply', { id: remove.id })).counts.done).toBe(1)
    expect((await keysOf(orgs[0]!)).some((k) => k.id === target.id)).toBe(false)
    expect(cell(await call<KeyMatrix>('sshLocal.matrix', {}), ED, 0).state).toBe('missing')
  })

  it('an organization whose keys sit in two projects gets a column per project; uploads and "already there" follow the cell\'s project', async () => {
    const o = orgs[2]!
    const projects = ((await (await fetch(`${emulator.url}/account/v3/projects?organization_id=${o.organization_id}&page_size=100`, { headers: { 'X-Auth-Token': o.secret_key } })).json()) as { projects: Array<{ id: string; name: string }> }).projects
    const other = projects.find((p) => p.id !== o.project_id)!
    await api(emulator, o, 'POST', '/ssh-keys', { name: 'alice@laptop', public_key: ED, project_id: other.id })
    // ED is in the default project already (the bulk upload): in the other project it is skipped; DEPLOY is not there yet.
    const plan = await call<Job>('sshLocal.planUpload', { items: [ED, DEPLOY].map((k) => ({ organizationId: o.organization_id, publicKey: k, name: 'x', projectId: other.id })) })
    expect(plan.planText).toBe('1 organization, 1 upload, 1 already there')
    expect(plan.steps.map((s) => [s.state, s.params.sshKey?.projectId, s.message])).toEqual([
      ['skipped', other.id, 'Already there as "alice@laptop": not uploaded again.'],
      ['pending', other.id, null],
    ])
    const m = await call<KeyMatrix>('sshLocal.matrix', {})
    const cols = m.columns.filter((c) => c.organizationId === o.organization_id)
    expect(cols[0]).toMatchObject({ projectId: o.project_id, split: true })
    expect(cols).toContainEqual({ organizationId: o.organization_id, projectId: other.id, projectName: other.name, split: true })
    // Organizations whose keys sit in one project keep one column, labelled with that project.
    for (const c of m.columns.filter((c) => !c.split)) expect(c.projectId).not.toBeNull()
    const at = (key: string) => m.rows.find((r) => blob(r.key.publicKey) === blob(key))!.cells.find((c) => c.organizationId === o.organization_id && c.projectId === other.id)!
    expect(at(ED)).toMatchObject({ state: 'present', remote: [{ projectId: other.id }] })
    expect(at(DEPLOY)).toMatchObject({ state: 'missing', remote: [] })
    expect(cell(m, DEPLOY, 2)).toMatchObject({ projectId: o.project_id, state: 'present_other_name' })
    expect(m.rows.every((r) => r.cells.length === m.columns.length)).toBe(true)

    expect((await call<JobSummary>('jobs.apply', { id: plan.id })).counts).toMatchObject({ done: 1, skipped: 1 })
    const copies = (await keysOf(o)).filter((k) => blob(k.public_key) === blob(DEPLOY)) as Array<Key & { project_id: string }>
    expect(copies.map((k) => k.project_id).sort()).toEqual([o.project_id, other.id].sort())
  })

  it('"Choose a file…" in Electron: the native dialog\'s files read by main, a private key and a link to one refused', async () => {
    const r = await call<{ available: boolean; files: Array<{ file: { name: string; verdict: string }; keys: Array<{ comment: string }> }> }>('sshLocal.chooseFiles', {})
    expect(r.available).toBe(true)
    expect(r.files.map((f) => [f.file.name, f.file.verdict, f.keys.map((k) => k.comment)])).toEqual([
      ['id_rsa', 'private_key', []],
      ['id_ed25519.pub', 'keys', ['alice@laptop']],
      ['link_to_private.pub', 'symlink_to_private', []],
    ])
  })

  it('refuses a private key or a broken key in an upload', async () => {
    const r = await app.router.dispatch('sshLocal.planUpload', { items: [{ organizationId: orgs[0]!.organization_id, publicKey: 'ssh-ed25519 not-base64!!! x', name: 'x' }] })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.message).toBe('"x": The key is not valid base64.')
  })
})

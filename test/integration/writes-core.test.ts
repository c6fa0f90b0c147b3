// Every write operation through the real router against the emulator: success (and the cache
// reflects it at once), validation errors field by field, Scaleway's own refusals, conflicts,
// permission denied with a restricted key, and offline. Plus the one-time secret canary.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { ScalewayClient } from '../../src-main/core/platform/scaleway/client'
import { Secret } from '../../src-main/core/platform/scaleway/secret'
import { listed, openDesk, SMALL, type DeskApp } from './writes-helpers'

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO laptop'
const PASSWORD_CANARY = 'Canary-Pa55word-7c1e'

let emu: RunningEmulator
let d: DeskApp
let org: string
let project: string
const secretsSeen: string[] = []

beforeAll(async () => {
  emu = await startEmulator({ sizes: SMALL, seed: 6 })
  const o = emu.organizations[0]!
  project = o.project_id
  d = await openDesk(emu.url, o.access_key, o.secret_key)
  org = d.organizationId
})
afterAll(async () => {
  await d?.close()
  await emu?.close()
})

describe('SSH keys', () => {
  it('previews the fingerprint, adds, renames, disables and deletes a key', async () => {
    const preview = await d.call('sshKeys.preview', { publicKey: ED25519 })
    expect(preview).toEqual({ type: 'ssh-ed25519', bits: 256, comment: 'laptop', fingerprint: '256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 laptop (ssh-ed25519)' })
    const events: unknown[] = []
    const unsubscribe = d.app.hub.subscribe((name, payload) => {
      if (name === 'writes.applied') events.push(payload)
    })
    const key = await d.call<{ id: string; fingerprint: string }>('sshKeys.create', { organizationId: org, name: 'laptop', publicKey: ED25519, projectId: project })
    unsubscribe()
    expect(key.fingerprint).toBe(preview.fingerprint)
    expect(events).toEqual([{ organizationId: org, operation: 'sshKeys.create', kinds: ['ssh_keys'], objectId: key.id }])
    expect((await listed(d, 'ssh_keys')).map((r) => r.id)).toContain(key.id)

    await d.call('sshKeys.update', { organizationId: org, id: key.id, name: 'laptop-2', disabled: true })
    const row = (await listed(d, 'ssh_keys')).find((r) => r.id === key.id)
    expect(row?.item).toMatchObject({ name: 'laptop-2', disabled: true })

    await d.call('sshKeys.delete', { organizationId: org, id: key.id })
    expect((await listed(d, 'ssh_keys')).map((r) => r.id)).not.toContain(key.id)
  })

  it('refuses a broken key before sending anything, field by field', async () => {
    const before = emu.admin.requestCount()
    const err = await d.fail('sshKeys.create', { organizationId: org, name: 'x', publicKey: 'ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIPE6KeyvhJaZe5JkcHuND+eEz9bQGLichx073zkRJwoA' })
    expect(err.code).toBe('BAD_REQUEST')
    expect(err.details?.fields).toEqual([expect.objectContaining({ argument_name: 'public_key', reason: 'format' })])
    expect(emu.admin.requestCount()).toBe(before)
  })
})

describe('applications and API keys', () => {
  it('creates an application and a key for it; the secret is returned once and is nowhere on disk', async () => {
    const app = await d.call<{ id: string }>('applications.create', { organizationId: org, name: 'ci deploy', description: 'CI', tags: ['team=ops'] })
    expect((await listed(d, 'applications')).map((r) => r.id)).toContain(app.id)

    const created = await d.call<{ apiKey: { access_key: string; secret_key: unknown }; secretKey: string }>('apiKeys.create', {
      organizationId: org,
      bearer: { type: 'application', id: app.id },
      description: 'deploy key',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
    expect(created.secretKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.apiKey).not.toHaveProperty('secret_key')
    secretsSeen.push(created.secretKey)
    // The secret works: it is a real credential of the application.
    const asApp = new ScalewayClient({ apiUrl: emu.url, secretKey: new Secret(created.secretKey) })
    await expect(asApp.getApplication(app.id)).rejects.toMatchObject({ kind: 'permissions_denied' })

    const keys = await listed(d, 'api_keys')
    expect(keys.find((r) => r.id === created.apiKey.access_key)?.item).toMatchObject({ application_id: app.id, description: 'deploy key' })
    expect((await listed(d, 'applications')).find((r) => r.id === app.id)?.item).toMatchObject({ nb_api_keys: 1 })

    const later = new Date(Date.now() + 7 * 86_400_000).toISOString()
    await d.call('apiKeys.update', { organizationId: org, accessKey: created.apiKey.access_key, description: 'deploy key (rotated)', expiresAt: later })
    const updated = (await listed(d, 'api_keys')).find((r) => r.id === created.apiKey.access_key)?.item
    expect(updated).toMatchObject({ description: 'deploy key (rotated)' })
    expect(Date.parse(String(updated?.expires_at))).toBe(Date.parse(later))

    const preview = await d.call<{ apiKeys: unknown[]; selfLockout: unknown }>('applications.deletePreview', { organizationId: org, id: app.id })
    expect(preview.apiKeys).toHaveLength(1)
    expect(preview.selfLockout).toBeNull()

    const policy = await d.call<{ id: string }>('policies.create', {
      organizationId: org,
      name: 'ci read',
      principal: { type: 'application', id: app.id },
      rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org }],
    })
    const gone = await d.call<{ removedApiKeys: string[]; orphanedPolicies: string[] }>('applications.delete', { organizationId: org, id: app.id })
    expect(gone).toEqual({ deleted: app.id, removedApiKeys: [created.apiKey.access_key], orphanedPolicies: [policy.id] })
    expect((await listed(d, 'api_keys')).map((r) => r.id)).not.toContain(created.apiKey.access_key)
    expect((await listed(d, 'policies')).find((r) => r.id === policy.id)?.item).toMatchObject({ no_principal: true })
  })

  it('creates a key for IAM Desk\'s own bearer ("self") and deletes it', async () => {
    const created = await d.call<{ apiKey: { access_key: string; user_id?: string }; secretKey: string }>('apiKeys.create', { organizationId: org, bearer: 'self', description: 'spare' })
    secretsSeen.push(created.secretKey)
    expect(created.apiKey.user_id).toBeTruthy()
    await d.call('apiKeys.delete', { organizationId: org, accessKey: created.apiKey.access_key })
    expect((await listed(d, 'api_keys')).map((r) => r.id)).not.toContain(created.apiKey.access_key)
  })

  it('refuses an invalid application name and a past expiry field by field', async () => {
    const err = await d.fail('applications.create', { organizationId: org, name: 'bad:name', tags: ['a:b'] })
    expect(err.code).toBe('BAD_REQUEST')
    expect((err.details?.fields as Array<{ argument_name: string }>).map((f) => f.argument_name)).toEqual(['name', 'tags[0]'])
    const past = await d.fail('apiKeys.create', { organizationId: org, bearer: 'self', description: 'x', expiresAt: '2001-01-01T00:00:00Z' })
    expect(past.details?.fields).toEqual([expect.objectContaining({ argument_name: 'expires_at' })])
  })
})

describe('groups', () => {
  it('creates, edits, manages members and deletes a group; its policies lose their principal', async () => {
    const users = (await listed(d, 'users')).filter((r) => r.item.type === 'member').map((r) => r.id)
    const apps = (await listed(d, 'applications')).map((r) => r.id)
    const g = await d.call<{ id: string }>('groups.create', { organizationId: org, name: 'On call', description: 'pager' })
    await d.call('groups.update', { organizationId: org, id: g.id, description: 'pager duty', tags: ['ops'] })
    await d.call('groups.addMembers', { organizationId: org, id: g.id, userIds: [users[0], users[1]], applicationIds: [apps[0]] })
    let row = (await listed(d, 'groups')).find((r) => r.id === g.id)
    expect(row?.item).toMatchObject({ description: 'pager duty', user_ids: expect.arrayContaining([users[0], users[1]]), application_ids: [apps[0]] })
    // Membership rows follow: the user's detail lists the group.
    const detail = await d.call<{ relations: { groups: Array<{ id: string }> } }>('browse.detail', { kind: 'users', organizationId: org, id: users[0] })
    expect(detail.relations.groups.map((x) => x.id)).toContain(g.id)

    await d.call('groups.removeMember', { organizationId: org, id: g.id, member: { type: 'user', id: users[0] } })
    row = (await listed(d, 'groups')).find((r) => r.id === g.id)
    expect(row?.item.user_ids).toEqual([users[1]])
    await d.call('groups.setMembers', { organizationId: org, id: g.id, userIds: [users[2]], applicationIds: [] })
    row = (await listed(d, 'groups')).find((r) => r.id === g.id)
    expect(row?.item).toMatchObject({ user_ids: [users[2]], application_ids: [] })

    const p = await d.call<{ id: string }>('policies.create', { organizationId: org, name: 'on call read', principal: { type: 'group', id: g.id }, rules: [{ permission_set_names: ['AllProductsReadOnly'], project_ids: [project] }] })
    const preview = await d.call<{ policies: Array<{ id: string }> }>('groups.deletePreview', { organizationId: org, id: g.id })
    expect(preview.policies.map((x) => x.id)).toEqual([p.id])
    expect(await d.call('groups.delete', { organizationId: org, id: g.id })).toEqual({ deleted: g.id, orphanedPolicies: [p.id] })
    expect((await listed(d, 'groups')).map((r) => r.id)).not.toContain(g.id)
    expect((await listed(d, 'policies')).find((r) => r.id === p.id)?.item).toMatchObject({ no_principal: true })
  })

  it('refuses a duplicate name locally, and reports a 409 from Scaleway as CONFLICT, journaled as failed', async () => {
    const g = await d.call<{ id: string; name: string }>('groups.create', { organizationId: org, name: 'Busy group' })
    const dup = await d.fail('groups.create', { organizationId: org, name: 'Busy group' })
    expect(dup).toMatchObject({ code: 'BAD_REQUEST', details: { fields: [expect.objectContaining({ argument_name: 'name' })] } })

    const users = (await listed(d, 'users')).filter((r) => r.item.type === 'member').map((r) => r.id)
    emu.admin.setFaults({ failNth: { n: 1, status: 409 } })
    const err = await d.fail('groups.addMembers', { organizationId: org, id: g.id, userIds: [users[0]] })
    expect(err.code).toBe('CONFLICT')
    const [last] = await d.call<Array<{ operation: string; state: string; steps: Array<{ code?: string }> }>>('writes.journal', { organizationId: org, limit: 1 })
    expect(last).toMatchObject({ operation: 'groups.addMembers', state: 'failed' })
    expect(last!.steps.at(-1)).toMatchObject({ code: 'CONFLICT' })
    // Nothing changed in the cache.
    expect((await listed(d, 'groups')).find((r) => r.id === g.id)?.item.user_ids).toEqual([])
  })

  it('answers 409 transient_state to concurrent writes on one group (removing members is never retried)', async () => {
    const users = (await listed(d, 'users')).filter((r) => r.item.type === 'member').map((r) => r.id)
    const g = await d.call<{ id: string }>('groups.create', { organizationId: org, name: 'Contended' })
    await d.call('groups.setMembers', { organizationId: org, id: g.id, userIds: [users[0], users[1]], applicationIds: [] })
    emu.admin.setFaults({ latencyMs: 400 })
    try {
      const results = await Promise.all([users[0], users[1]].map((u) => d.app.router.dispatch('groups.removeMember', { organizationId: org, id: g.id, member: { type: 'user', id: u } })))
      const codes = results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()
      expect(codes).toEqual(['CONFLICT', 'ok'])
    } finally {
      emu.admin.setFaults({ latencyMs: 0 })
    }
  })
})

describe('users', () => {
  it('invites, edits, locks, unlocks, sets a password and deletes a member; no password reaches the journal', async () => {
    const u = await d.call<{ id: string; type: string }>('users.create', {
      organizationId: org,
      email: 'new.member@example.com',
      username: 'new.member',
      firstName: 'New',
      lastName: 'Member',
      locale: 'fr_FR',
      password: { mode: 'set', password: PASSWORD_CANARY },
    })
    expect(u.type).toBe('member')
    expect((await listed(d, 'users')).map((r) => r.id)).toContain(u.id)
    await d.call('users.update', { organizationId: org, id: u.id, lastName: 'Renamed', tags: ['contractor'] })
    expect((await listed(d, 'users')).find((r) => r.id === u.id)?.item).toMatchObject({ last_name: 'Renamed', tags: ['contractor'] })
    await d.call('users.lock', { organizationId: org, id: u.id })
    expect((await listed(d, 'users')).find((r) => r.id === u.id)?.item.locked).toBe(true)
    await d.call('users.unlock', { organizationId: org, id: u.id })
    expect((await listed(d, 'users')).find((r) => r.id === u.id)?.item.locked).toBe(false)
    await d.call('users.setPassword', { organizationId: org, id: u.id, password: `${PASSWORD_CANARY}-2` })

    const key = await d.call<{ apiKey: { access_key: string }; secretKey: string }>('apiKeys.create', { organizationId: org, bearer: { type: 'user', id: u.id }, description: 'user key' })
    secretsSeen.push(key.secretKey)
    const gone = await d.call<{ removedApiKeys: string[] }>('users.delete', { organizationId: org, id: u.id })
    expect(gone.removedApiKeys).toEqual([key.apiKey.access_key])
    expect((await listed(d, 'users')).map((r) => r.id)).not.toContain(u.id)

    const journal = JSON.stringify(await d.call('writes.journal', { organizationId: org, limit: 500 }))
    expect(journal).toContain('users.setPassword')
    expect(journal).not.toContain(PASSWORD_CANARY)
  })

  it('refuses to delete the owner before asking Scaleway, and shows Scaleway\'s own field errors', async () => {
    const owner = (await listed(d, 'users')).find((r) => r.item.type === 'owner')!
    const before = emu.admin.requestCount()
    const err = await d.fail('users.delete', { organizationId: org, id: owner.id })
    expect(err).toMatchObject({ code: 'BAD_REQUEST', details: { owner: true } })
    expect(err.message).toMatch(/owner/)
    expect(emu.admin.requestCount()).toBe(before)

    // A username already taken passes local checks; Scaleway refuses it field by field.
    const taken = (await listed(d, 'users')).find((r) => r.item.type === 'member')!.item.username as string
    const dup = await d.fail('users.create', { organizationId: org, email: 'someone.else@example.com', username: taken, password: { mode: 'email' } })
    expect(dup).toMatchObject({ code: 'BAD_REQUEST', details: { fields: [expect.objectContaining({ argument_name: 'member.username' })] } })
    const local = await d.fail('users.create', { organizationId: org, email: 'not-an-email', username: 'x', password: { mode: 'email' } })
    expect((local.details?.fields as Array<{ argument_name: string }>).map((f) => f.argument_name).sort()).toEqual(['email', 'username'])
  })
})

describe('policies', () => {
  it('creates with rules, edits, replaces rules (refusing stale versions with the exact diff), clones and deletes', async () => {
    const p = await d.call<{ id: string; nb_rules: number }>('policies.create', {
      organizationId: org,
      name: 'Auditors',
      description: 'read everything',
      tags: ['audit'],
      principal: { type: 'none' },
      rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: org }],
    })
    expect(p.nb_rules).toBe(1)
    let detail = await d.call<{ relations: { rules: unknown[] } }>('browse.detail', { kind: 'policies', organizationId: org, id: p.id })
    expect(detail.relations.rules).toHaveLength(1)

    await d.call('policies.update', { organizationId: org, id: p.id, name: 'Auditors 2', tags: [] })
    expect((await listed(d, 'policies')).find((r) => r.id === p.id)?.item).toMatchObject({ name: 'Auditors 2', tags: [] })

    const loaded = await d.call<{ rules: Array<Record<string, unknown>>; rulesVersion: string; source: string }>('policies.rulesForEdit', { organizationId: org, policyId: p.id })
    expect(loaded.source).toBe('server')
    const proposed = [
      { permission_set_names: ['IAMReadOnly'], organization_id: org },
      { permission_set_names: ['AllProductsReadOnly'], project_ids: [project], condition: "request.ip == '10.0.0.1'" },
    ]
    const diff = await d.call<{ added: unknown[]; unchanged: number }>('policies.rulesDiff', { current: loaded.rules, proposed })
    expect(diff).toMatchObject({ added: [proposed[1]], removed: [], unchanged: 1 })

    // Someone else changes the rules on the server after the editor loaded them.
    const other = new ScalewayClient({ apiUrl: emu.url, secretKey: new Secret(emu.organizations[0]!.secret_key) })
    await other.setRules(p.id, [{ permission_set_names: ['IAMManager'], condition: '', organization_id: org }])
    const stale = await d.fail('policies.setRules', { organizationId: org, policyId: p.id, rules: proposed, expectedRulesVersion: loaded.rulesVersion })
    expect(stale.code).toBe('CONFLICT')
    // The exact difference between what the server now holds and what would be saved.
    expect(stale.details).toMatchObject({
      rulesChanged: true,
      diff: { added: [proposed[1]], removed: [], changed: [{ permissionSetsAdded: ['IAMReadOnly'], permissionSetsRemoved: ['IAMManager'] }] },
    })

    const reloaded = await d.call<{ rulesVersion: string }>('policies.rulesForEdit', { organizationId: org, policyId: p.id })
    const saved = await d.call<{ rules: unknown[]; rulesVersion: string; policy: { nb_rules: number } }>('policies.setRules', { organizationId: org, policyId: p.id, rules: proposed, expectedRulesVersion: reloaded.rulesVersion })
    expect(saved.rules).toHaveLength(2)
    expect(saved.policy.nb_rules).toBe(2)
    detail = await d.call('browse.detail', { kind: 'policies', organizationId: org, id: p.id })
    expect(detail.relations.rules).toHaveLength(2)

    const copy = await d.call<{ id: string; name: string; nb_rules: number }>('policies.clone', { organizationId: org, id: p.id })
    expect(copy).toMatchObject({ name: 'Copy of Auditors 2', nb_rules: 2 })
    expect((await listed(d, 'policies')).map((r) => r.id)).toContain(copy.id)

    await d.call('policies.delete', { organizationId: org, id: copy.id })
    expect((await listed(d, 'policies')).map((r) => r.id)).not.toContain(copy.id)
  })

  it('validates rules against the catalogue field by field before sending', async () => {
    const before = emu.admin.requestCount()
    const err = await d.fail('policies.create', {
      organizationId: org,
      name: 'Bad rules',
      principal: { type: 'none' },
      rules: [
        { permission_set_names: ['IAMManager', 'AllProductsReadOnly'], organization_id: org },
        { permission_set_names: ['NotASet'], organization_id: org },
        { permission_set_names: ['IAMReadOnly'], condition: 'x'.repeat(2049), organization_id: org },
      ],
    })
    expect(err.code).toBe('BAD_REQUEST')
    expect((err.details?.fields as Array<{ argument_name: string }>).map((f) => f.argument_name)).toEqual([
      'rules[0].permission_set_names',
      'rules[1].permission_set_names[0]',
      'rules[2].condition',
    ])
    expect(emu.admin.requestCount()).toBe(before)
  })
})

describe('sessions', () => {
  it('revokes a JWT', async () => {
    const jwt = (await listed(d, 'jwts'))[0]
    expect(jwt).toBeDefined()
    await d.call('jwts.revoke', { organizationId: org, jti: jwt!.id })
    expect((await listed(d, 'jwts')).map((r) => r.id)).not.toContain(jwt!.id)
  })
})

type JournalEntry = { operation: string; state: string; steps: Array<Record<string, unknown>> }

describe('a cache update failing after Scaleway applied the write', () => {
  it('is journaled as succeeded, answers the result, and the cache is repaired by reading the object back', async () => {
    // The cache update throws once (as a full disk would); everything after works again.
    const upsert = vi.spyOn(d.app.cache.resources, 'upsert').mockImplementationOnce(() => {
      throw new Error('SQLITE_FULL: database or disk is full')
    })
    let group: { id: string; name: string }
    let upserts: number
    try {
      group = await d.call<{ id: string; name: string }>('groups.create', { organizationId: org, name: 'Repaired group', description: 'cache failed once' })
      upserts = upsert.mock.calls.length
    } finally {
      upsert.mockRestore()
    }
    expect(group.name).toBe('Repaired group')
    // The failed update, then the repair's.
    expect(upserts).toBe(2)

    const [last] = await d.call<JournalEntry[]>('writes.journal', { organizationId: org, limit: 1 })
    expect(last).toMatchObject({ operation: 'groups.create', state: 'succeeded' })
    expect(last!.steps.map((s) => s.what)).toEqual(['created', 'cache update failed', 'done', 'cache repaired'])
    expect(last!.steps.find((s) => s.what === 'done')).toMatchObject({ objectId: group.id, note: expect.stringMatching(/being repaired/) })
    expect(last!.steps.at(-1)).toMatchObject({ reread: [`groups/${group.id}`] })
    expect(JSON.stringify(last)).not.toContain('SQLITE_FULL')
    // The repair read it back from Scaleway into the cache.
    expect((await listed(d, 'groups')).find((r) => r.id === group.id)?.item).toMatchObject({ name: 'Repaired group', description: 'cache failed once' })
  })

  it('re-syncs the organization when the update was a cascade that cannot be read back object by object', async () => {
    const app = await d.call<{ id: string }>('applications.create', { organizationId: org, name: 'doomed app' })
    const key = await d.call<{ apiKey: { access_key: string }; secretKey: string }>('apiKeys.create', { organizationId: org, bearer: { type: 'application', id: app.id }, description: 'goes with it' })
    secretsSeen.push(key.secretKey)
    const synced = new Promise<void>((resolve) => {
      const off = d.app.hub.subscribe((name) => {
        if (name !== 'sync.finished') return
        off()
        resolve()
      })
    })
    const remove = vi.spyOn(d.app.cache.resources, 'remove').mockImplementationOnce(() => {
      throw new Error('SQLITE_IOERR: disk I/O error')
    })
    try {
      const gone = await d.call<{ deleted: string }>('applications.delete', { organizationId: org, id: app.id })
      expect(gone.deleted).toBe(app.id)
    } finally {
      remove.mockRestore()
    }
    const [last] = await d.call<JournalEntry[]>('writes.journal', { organizationId: org, limit: 1 })
    expect(last).toMatchObject({ operation: 'applications.delete', state: 'succeeded' })
    expect(last!.steps.at(-1)).toMatchObject({ what: 'cache repair: organization re-synced', resync: true })
    await synced
    expect((await listed(d, 'applications')).map((r) => r.id)).not.toContain(app.id)
    expect((await listed(d, 'api_keys')).map((r) => r.id)).not.toContain(key.apiKey.access_key)
  })
})

describe('the one-time secret', () => {
  it('is absent from the cache file, its WAL, the journal and the log lines', async () => {
    expect(secretsSeen.length).toBeGreaterThanOrEqual(3)
    const files = readdirSync(d.dir).map((f) => join(d.dir, f))
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true)
    const blobs = [...files.map((f) => readFileSync(f).toString('latin1')), JSON.stringify(await d.call('writes.journal', { limit: 1000 })), d.logs.join('\n')]
    for (const s of [...secretsSeen, PASSWORD_CANARY]) {
      for (const blob of blobs) expect(blob.includes(s)).toBe(false)
    }
  })
})

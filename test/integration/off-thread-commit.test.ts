// Sync commits in a worker thread: same transaction and result as in-thread, visible to the
// main connection at once, and failures come back as typed errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openCache, type Cache } from '../../src-main/core/platform/cache/cache'
import { OffThreadCommitter, findCommitWorker } from '../../src-main/core/platform/cache/off-thread-commit'
import { seedOrganizations } from '../../emulator/seed'
import { IN_MEMORY_ORGANIZATIONS } from '../../src-main/core/platform/cache/staged-rows'

let dir: string
let cache: Cache
let committer: OffThreadCommitter
const run = () => ({ startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), durationMs: 1, requests: 3, skipped: [] })

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-commit-'))
  const file = path.join(dir, 'cache.sqlite')
  cache = openCache({ file })
  const url = findCommitWorker(path.resolve('src-main/core/platform/cache'))
  expect(url).not.toBeNull()
  committer = new OffThreadCommitter(file, url!)
})

afterEach(async () => {
  await committer.close()
  cache.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('off-thread commit', () => {
  it('commits a whole snapshot that the main connection then reads', async () => {
    const [org] = seedOrganizations({ seed: 5, orgs: 1, sizes: { users: 30, applications: 5, apiKeys: 10, groups: 3, policies: 4 }, now: new Date() })
    const o = org!
    cache.organizations.add({ id: o.organization.id, name: 'Org', accessKey: o.ownerApiKey.access_key, apiUrl: 'http://127.0.0.1:1', secretStorage: 'session' })
    const apiKeys = o.apiKeys.map(({ secret_key: _secret, ...k }) => k)
    const result = await committer.commit(o.organization.id, { users: o.users, api_keys: apiKeys, policies: o.policies, rules: new Map(Object.entries(o.rules)) }, run())
    expect(result.counts.rows).toMatchObject({ users: o.users.length, api_keys: apiKeys.length, policies: o.policies.length })
    const page = cache.browse({ kind: 'users', offset: 0, limit: 500 })
    expect(page.total).toBe(o.users.length)
    expect(cache.organizations.get(o.organization.id)?.lastSyncStatus).toBe('ok')
  })

  it('reports ready once the worker has opened the cache', async () => {
    // The app starts the worker at launch; a sync then finds it ready and pays no start-up.
    await expect(committer.ready()).resolves.toBeUndefined()
  })

  it('commits staged kinds with the rest, and forgets what was discarded', async () => {
    const [org] = seedOrganizations({ seed: 7, orgs: 1, sizes: { users: 40, applications: 6, groups: 2, policies: 3 }, now: new Date() })
    const o = org!
    const id = o.organization.id
    cache.organizations.add({ id, name: 'Org', accessKey: o.ownerApiKey.access_key, apiUrl: 'http://127.0.0.1:1', secretStorage: 'session' })
    // A sync that fails after staging its users: nothing of it may reach a later commit.
    committer.stage(id, 'users', o.users.slice(0, 5))
    committer.discard(id)
    // The next sync stages users and applications as they complete, then commits the rest.
    committer.stage(id, 'users', o.users)
    committer.stage(id, 'applications', o.applications)
    const result = await committer.commit(id, { groups: o.groups, policies: o.policies, rules: new Map(Object.entries(o.rules)) }, run())
    expect(result.counts.rows).toMatchObject({ users: o.users.length, applications: o.applications.length, groups: o.groups.length, policies: o.policies.length })
    expect(result.counts.changes.users).toMatchObject({ added: o.users.length })
    // Staged rows belong to one commit only: a commit without them leaves users as they are.
    const again = await committer.commit(id, { groups: o.groups }, run())
    expect(again.counts.rows.users).toBeUndefined()
    expect(cache.browse({ kind: 'users', offset: 0, limit: 500 }).total).toBe(o.users.length)
  })

  it('commits the same rows when many organizations wait side by side (the later ones wait on disk)', async () => {
    const orgs = seedOrganizations({ seed: 11, orgs: IN_MEMORY_ORGANIZATIONS + 2, sizes: { users: 12, applications: 3, groups: 2, policies: 2 }, now: new Date() })
    for (const o of orgs) cache.organizations.add({ id: o.organization.id, name: o.organization.name, accessKey: o.ownerApiKey.access_key, apiUrl: 'http://127.0.0.1:1', secretStorage: 'session' })
    // As under a rate limit: every organization stages before any commits.
    for (const o of orgs) {
      committer.stage(o.organization.id, 'users', o.users)
      committer.stage(o.organization.id, 'groups', o.groups)
    }
    for (const o of orgs) {
      const result = await committer.commit(o.organization.id, { applications: o.applications, policies: o.policies, rules: new Map(Object.entries(o.rules)) }, run())
      expect(result.counts.rows).toMatchObject({ users: o.users.length, groups: o.groups.length, applications: o.applications.length })
      const group = o.groups.find((g) => g.user_ids.length > 0)!
      const members = cache.details.groupDetail(o.organization.id, group.id)!.members
      expect(members.map((m) => m.id).sort()).toEqual([...group.user_ids, ...group.application_ids].sort())
    }
  })

  it('parses raw pages itself, and fails the commit with bad_response when one does not validate', async () => {
    const [org] = seedOrganizations({ seed: 8, orgs: 1, sizes: { applications: 7 }, now: new Date() })
    const o = org!
    const id = o.organization.id
    cache.organizations.add({ id, name: 'Org', accessKey: o.ownerApiKey.access_key, apiUrl: 'http://127.0.0.1:1', secretStorage: 'session' })
    const page = (apps: unknown[]) => JSON.stringify({ applications: apps, total_count: o.applications.length })
    committer.stagePages(id, 'applications', [page(o.applications.slice(0, 4)), page(o.applications.slice(4))], '/iam/v1alpha1/applications')
    const ok = await committer.commit(id, {}, run())
    expect(ok.counts.rows.applications).toBe(o.applications.length)
    committer.stagePages(id, 'applications', [page([{ ...o.applications[0], name: 42 }])], '/iam/v1alpha1/applications')
    await expect(committer.commit(id, {}, run())).rejects.toMatchObject({ kind: 'bad_response', message: expect.stringMatching(/applications\.0\.name: invalid_type/) })
    // Nothing of the refused sync was written.
    expect(cache.resources.count(id, 'applications')).toBe(o.applications.length)
  })

  it('rejects with the cache error kind when the organization was removed meanwhile', async () => {
    await expect(committer.commit('22222222-2222-4222-8222-222222222222', { users: [] }, run())).rejects.toMatchObject({ kind: 'organization_removed' })
  })
})

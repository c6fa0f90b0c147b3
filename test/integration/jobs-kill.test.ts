// A job killed with SIGKILL in the middle: the next start shows it interrupted with what ran and
// what did not, resuming completes it, and no completed step's write is ever sent twice (a step
// caught "running" is reconciled by reading the group first).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runAndKill } from './kill-child'
import { startEmulator, type RunningEmulator } from '../../emulator'
import type { Job, JobSummary } from '../../src-preload/contract'
import { addFleet, countingProxy, FLEET_GROUP, groupMembers, openFleetDesk, seedFleet, type Fleet } from './jobs-helpers'


// Applies the job one organization at a time and says when the first step is done.
const CHILD = (root: string) => `
import { writeSync } from 'node:fs'
import { openFleetDesk } from '${root}/test/integration/jobs-helpers'
const [dir, jobId] = process.argv.slice(2)
const desk = await openFleetDesk({ dir, jobs: { organizationConcurrency: 1 } })
desk.app.hub.subscribe((name, payload) => {
  if (name === 'jobs.progress' && payload.step?.state === 'done') writeSync(1, 'STEP_DONE\\n')
})
await desk.call('jobs.apply', { id: jobId })
writeSync(1, 'FINISHED\\n')
`

describe('a job killed mid-way', () => {
  let emulator: RunningEmulator
  let proxy: Awaited<ReturnType<typeof countingProxy>>
  let fleet: Fleet
  let dir: string
  beforeAll(async () => {
    // Latency makes each step take long enough for the kill to land between steps.
    emulator = await startEmulator({ orgs: 4, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0 }, faults: { latencyMs: 60 } })
    proxy = await countingProxy(emulator.url)
    fleet = await seedFleet(emulator, ['alice@corp.example'])
  }, 60_000)
  afterAll(async () => {
    await proxy.close()
    await emulator.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('is shown interrupted on the next start, resumes without repeating a completed step, and ends as planned', async () => {
    const first = await openFleetDesk()
    dir = first.dir
    await addFleet(first, emulator, proxy.url)
    const plan = await first.call<Job>('jobs.planMembership', { operation: 'add', principals: { emails: ['alice@corp.example'] }, groupName: FLEET_GROUP })
    expect(plan.steps.filter((s) => s.state === 'pending')).toHaveLength(4)
    await first.close()

    const script = join(dir, 'child.mts')
    writeFileSync(script, CHILD(ROOT))
    const { signal, out } = await runAndKill(script, [dir, plan.id], 'STEP_DONE')
    expect(signal).toBe('SIGKILL')
    expect(out).not.toContain('FINISHED')

    const second = await openFleetDesk({ dir })
    const [shown] = await second.call<JobSummary[]>('jobs.list', {})
    expect(shown!.id).toBe(plan.id)
    expect(shown!.state).toBe('interrupted')
    expect(shown!.counts.done).toBeGreaterThanOrEqual(1)
    expect(shown!.counts.done + shown!.counts.running).toBeLessThan(4)

    const resumed = await second.call<JobSummary>('jobs.apply', { id: plan.id })
    expect(resumed.state).toBe('finished')
    expect(resumed.counts.done + resumed.counts.already).toBe(4)
    expect(resumed.counts.failed).toBe(0)
    await second.close()

    for (const o of fleet.orgs) {
      expect(await groupMembers(emulator, o.org, o.groupId)).toContain(o.users['alice@corp.example'])
      // Across both processes, each group's add-members was sent exactly once.
      const writes = proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/groups/${o.groupId}/add-members`))
      expect(writes, `add-members to ${o.org.name}`).toHaveLength(1)
    }
    // The journal (jobs, steps, their before/after) holds no secret key: canary scan of the cache.
    const files = readdirSync(dir).filter((f) => f.startsWith('cache.sqlite'))
    expect(files.length).toBeGreaterThan(0)
    const bytes = files.map((f) => readFileSync(join(dir, f)).toString('latin1')).join('')
    for (const o of emulator.organizations) expect(bytes.includes(o.secret_key)).toBe(false)
  }, 90_000)
})

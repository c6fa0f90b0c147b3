// What the toast says when a bulk change ends (lib/job-words.ts jobOutcome): in the units the
// user thinks in (organizations for membership, keys for rotations), failures counted, the tone
// a warning when anything was left undone.
import { describe, expect, it } from 'vitest'
import type { Job, JobStep, StepAction, StepState } from '../../src-preload/contract'
import { jobOutcome } from '../../src-renderer/src/lib/job-words'

let seq = 0
function step(org: string, action: StepAction, state: StepState, extra: Partial<JobStep> = {}): JobStep {
  seq++
  return {
    id: `s${seq}`,
    position: seq,
    organizationId: org,
    organizationName: org,
    item: '',
    target: { kind: 'group', id: `g-${org}`, name: 'Developers' },
    action,
    params: {},
    expected: null,
    before: null,
    state,
    message: null,
    irreversible: false,
    attempts: 1,
    finishedAt: null,
    ...extra,
  }
}

const job = (kind: Job['kind'], state: Job['state'], steps: JobStep[], title = ''): Pick<Job, 'kind' | 'title' | 'state' | 'steps'> => ({ kind, title, state, steps })

const ada = { type: 'user' as const, id: 'u1', label: 'ada@corp.com' }
const bob = { type: 'user' as const, id: 'u2', label: 'bob@corp.com' }
const app = { type: 'application' as const, id: 'a1', label: 'ci-runner' }

describe('jobOutcome', () => {
  it('names whom a membership change added to which group, in how many organizations', () => {
    const steps = ['o1', 'o2', 'o3'].map((o) => step(o, 'group.addMembers', 'done', { params: { add: [ada, bob, app] } }))
    expect(jobOutcome(job('membership', 'finished', steps))).toEqual({ text: 'Added 2 people and 1 application to Developers in 3 organizations', tone: 'ok' })
    const one = [step('o1', 'group.addMembers', 'done', { params: { add: [ada] } }), step('o2', 'group.addMembers', 'skipped')]
    expect(jobOutcome(job('membership', 'finished', one))).toEqual({ text: 'Added ada@corp.com to Developers in 1 organization; 1 organization skipped', tone: 'warning' })
  })

  it('counts rotations by key, not by step, with the failures', () => {
    const key = (k: string, last: StepState) => [
      step('o1', 'apiKey.rotateCreate', 'done', { target: { kind: 'api_key', id: k, name: k } }),
      step('o1', 'apiKey.rotateGrace', last, { target: { kind: 'api_key', id: k, name: k } }),
    ]
    const steps = [...key('SCW1', 'done'), ...key('SCW2', 'done'), ...key('SCW3', 'failed')]
    expect(jobOutcome(job('rotation', 'finished', steps))).toEqual({ text: 'Rotation: 2 of 3 keys done, 1 failed', tone: 'warning' })
    expect(jobOutcome(job('rotation', 'finished', [...key('SCW1', 'done'), ...key('SCW2', 'done')])).text).toBe('Rotated 2 API keys')
  })

  it('says a stopped job stopped and what it left undone', () => {
    const steps = [step('o1', 'user.lock', 'done'), step('o2', 'user.lock', 'pending')]
    expect(jobOutcome(job('offboarding', 'cancelled', steps, 'Offboard sam@x.com'))).toEqual({ text: 'Offboarding stopped: 1 of 2 organizations done, 1 not done', tone: 'warning' })
    expect(jobOutcome(job('offboarding', 'finished', [step('o1', 'user.lock', 'done')], 'Offboard sam@x.com')).text).toBe('Offboarded sam@x.com in 1 organization')
  })

  it('names the undone job and the SSH keys uploaded', () => {
    const undo = [step('o1', 'group.setMembers', 'done'), step('o2', 'group.setMembers', 'done')]
    expect(jobOutcome(job('undo', 'finished', undo, 'Undo: Add to "Auditors": ada@corp.com')).text).toBe('Undone in 2 organizations: Add to "Auditors": ada@corp.com')
    const ssh = [step('o1', 'sshKey.create', 'done', { target: { kind: 'ssh_key', id: 'k1', name: 'laptop' } }), step('o2', 'sshKey.create', 'already', { target: { kind: 'ssh_key', id: 'k2', name: 'laptop' } })]
    expect(jobOutcome(job('sshUpload', 'finished', ssh)).text).toBe('Uploaded 1 SSH key in 1 organization')
  })
})

// Plain words for jobs: states, step actions, the counts of a job, the steps grouped by
// organization, and what a finished job did (the toast when it ends).
import type { Job, JobCounts, JobState, JobStep, StepAction, StepState } from '../../../src-preload/contract'
import type { Tone } from './kinds'
import { plural } from './format'

export const JOB_STATE: Record<JobState, { label: string; tone: Tone }> = {
  planned: { label: 'planned', tone: 'accent' },
  running: { label: 'running', tone: 'accent' },
  interrupted: { label: 'interrupted', tone: 'warning' },
  finished: { label: 'finished', tone: 'ok' },
  cancelled: { label: 'cancelled', tone: 'warning' },
  abandoned: { label: 'abandoned', tone: 'muted' },
}

export const STEP_STATE: Record<StepState, { label: string; tone: Tone }> = {
  pending: { label: 'to do', tone: 'muted' },
  running: { label: 'running', tone: 'accent' },
  done: { label: 'done', tone: 'ok' },
  already: { label: 'already', tone: 'muted' },
  skipped: { label: 'skipped', tone: 'warning' },
  failed: { label: 'failed', tone: 'danger' },
}

/** A step's action in words. Actions without words here (a job kind added later) read from their name. */
const STEP_ACTION_WORDS: Partial<Record<StepAction, string>> = {
  'group.addMembers': 'Add to group',
  'group.removeMembers': 'Remove from group',
  'group.setMembers': 'Set group members',
  'user.invite': 'Invite',
  'user.lock': 'Lock user',
  'user.unlock': 'Unlock user',
  'user.delete': 'Delete user',
  'jwt.revoke': 'Revoke session',
  'apiKey.delete': 'Delete API key',
  'apiKey.expire': 'Set API key expiry',
  'apiKey.rotateCreate': 'Create the replacement of',
  'apiKey.rotateVerify': 'Check the replacement works for',
  'apiKey.rotateDeliver': 'Deliver the new secret replacing',
  'apiKey.rotateGrace': 'Start the grace period of the old key',
  'apiKey.rotateFinish': 'Delete the old key',
  'apiKey.rotateRollback': 'Roll back the rotation of',
  'sshKey.create': 'Upload SSH key',
  'sshKey.enable': 'Enable SSH key',
  'sshKey.delete': 'Delete SSH key',
}

export function actionText(action: StepAction): string {
  const known = STEP_ACTION_WORDS[action]
  if (known) return known
  // "apiKey.rotateCreate" → "API key: rotate create"
  const [subject = '', verb = ''] = action.split('.')
  const words = (x: string) => x.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  const what = subject === 'apiKey' ? 'API key' : subject === 'jwt' ? 'Session' : words(subject).replace(/^./, (c) => c.toUpperCase())
  return `${what}: ${words(verb)}`
}

/** "3 done · 1 already · 0 skipped · 0 failed" */
export function countsText(c: JobCounts): string {
  return `${c.done} done · ${c.already} already · ${c.skipped} skipped · ${c.failed} failed`
}

/** Steps no longer waiting or running, out of all. */
export function finishedCount(c: JobCounts): number {
  return c.steps - c.pending - c.running
}

export interface OrgGroup {
  organizationId: string
  organizationName: string
  steps: JobStep[]
  /** Steps finished (any outcome). */
  finished: number
  failed: number
}

/** The job's steps by organization, in plan order. */
export function byOrganization(job: Pick<Job, 'steps'>): OrgGroup[] {
  const groups = new Map<string, OrgGroup>()
  for (const s of job.steps) {
    let g = groups.get(s.organizationId)
    if (!g) {
      g = { organizationId: s.organizationId, organizationName: s.organizationName, steps: [], finished: 0, failed: 0 }
      groups.set(s.organizationId, g)
    }
    g.steps.push(s)
    if (s.state !== 'pending' && s.state !== 'running') g.finished++
    if (s.state === 'failed') g.failed++
  }
  return [...groups.values()]
}

/** The steps that will send something when the job is applied. */
export const toSend = (job: Pick<Job, 'steps'>): JobStep[] => job.steps.filter((s) => s.state === 'pending' || s.state === 'running')

/** An undo step refused because the group changed since the job (planUndo without force). */
export const changedSince = (s: JobStep): boolean => s.state === 'skipped' && s.action === 'group.setMembers' && /changed since the job/.test(s.message ?? '')


/**
 * What a job did, in one line for the toast when it ends: "Added 3 people to Developers in 3
 * organizations", "Rotation: 2 of 3 keys done, 1 failed". A job is counted in the units its user
 * thinks in — organizations for membership, offboarding and undo, keys for rotations and SSH
 * keys — a unit failing when one of its steps failed. `tone` is 'warning' when anything failed,
 * was skipped or was left undone.
 */
export function jobOutcome(job: Pick<Job, 'kind' | 'title' | 'state' | 'steps'>): { text: string; tone: 'ok' | 'warning' } {
  const words = KIND_WORDS[job.kind]
  const units = new Map<string, JobStep[]>()
  for (const s of job.steps) {
    const key = words.unit === 'organization' ? s.organizationId : `${s.organizationId}/${s.params.rotation?.oldAccessKey ?? s.target.id}`
    units.set(key, [...(units.get(key) ?? []), s])
  }
  const all = [...units.values()]
  const failed = all.filter((u) => u.some((s) => s.state === 'failed')).length
  const skipped = all.filter((u) => !u.some((s) => s.state === 'failed') && u.some((s) => s.state === 'skipped')).length
  const done = all.filter((u) => u.every((s) => s.state === 'done' || s.state === 'already')).length
  const changed = job.steps.filter((s) => s.state === 'done')
  const orgs = new Set(changed.map((s) => s.organizationId)).size
  const unit = (n: number) => plural(n, words.unit)
  const left = all.length - done - failed - skipped

  if (job.state === 'finished' && failed === 0 && left === 0) {
    const headline = changed.length === 0 ? `${words.label}: nothing needed changing` : words.done(job, changed, orgs)
    return { text: skipped ? `${headline}; ${unit(skipped)} skipped` : headline, tone: skipped ? 'warning' : 'ok' }
  }
  const how = job.state === 'cancelled' ? ' stopped' : job.state === 'interrupted' ? ' failed' : ''
  const parts = [`${done} of ${unit(all.length)} done`]
  if (failed) parts.push(`${failed} failed`)
  if (skipped) parts.push(`${skipped} skipped`)
  if (left && job.state !== 'finished') parts.push(`${left} not done`)
  return { text: `${words.label}${how}: ${parts.join(', ')}`, tone: 'warning' }
}

/** Whom a membership step changed: the one name ("ada@corp.com"), or a count ("3 people and 1 application"). */
function members(refs: ReadonlyArray<{ type: 'user' | 'application'; label: string }>): string {
  const unique = [...new Map(refs.map((r) => [`${r.type}:${r.label}`, r])).values()]
  if (unique.length === 1) return unique[0]!.label
  const people = unique.filter((r) => r.type === 'user').length
  const apps = unique.length - people
  return [people ? plural(people, 'person', 'people') : '', apps ? plural(apps, 'application') : ''].filter(Boolean).join(' and ')
}

/** "Developers", or "3 groups" when the job changed several. */
const groupsOf = (steps: readonly JobStep[]): string => {
  const names = new Set(steps.filter((s) => s.target.kind === 'group').map((s) => s.target.name))
  return names.size === 1 ? [...names][0]! : plural(names.size, 'group')
}

const inOrgs = (n: number): string => (n ? ` in ${plural(n, 'organization')}` : '')

type Done = (job: Pick<Job, 'title'>, changed: readonly JobStep[], orgs: number) => string

const membershipDone: Done = (_job, changed, orgs) => {
  const added = changed.flatMap((s) => (s.action === 'group.addMembers' || s.action === 'group.setMembers' ? (s.params.add ?? []) : []))
  const removed = changed.flatMap((s) => (s.action === 'group.removeMembers' ? (s.params.remove ?? []) : []))
  const groups = groupsOf(changed)
  if (changed.some((s) => s.action === 'group.setMembers')) return `Set the members of ${groups}${inOrgs(orgs)}`
  if (removed.length) return `Removed ${members(removed)} from ${groups}${inOrgs(orgs)}`
  if (added.length) return `Added ${members(added)} to ${groups}${inOrgs(orgs)}`
  return `Invited ${plural(changed.length, 'person', 'people')}${inOrgs(orgs)}`
}

const KIND_WORDS: Record<Job['kind'], { label: string; unit: 'organization' | 'key'; done: Done }> = {
  membership: { label: 'Membership change', unit: 'organization', done: membershipDone },
  offboarding: { label: 'Offboarding', unit: 'organization', done: (job, _c, orgs) => `Offboarded ${job.title.replace(/^Offboard /, '')}${inOrgs(orgs)}` },
  undo: { label: 'Undo', unit: 'organization', done: (job, _c, orgs) => `Undone${inOrgs(orgs)}: ${job.title.replace(/^Undo: /, '')}` },
  rotation: { label: 'Rotation', unit: 'key', done: (_j, c) => `Rotated ${plural(keysOf(c), 'API key')}` },
  rotationFinish: { label: 'Finishing rotations', unit: 'key', done: (_j, c) => `Finished ${plural(keysOf(c), 'key rotation')}: the old ${keysOf(c) === 1 ? 'key is' : 'keys are'} deleted` },
  rotationRollback: { label: 'Rollback', unit: 'key', done: (_j, c) => `Rolled back ${plural(keysOf(c), 'key rotation')}` },
  sshUpload: { label: 'SSH key upload', unit: 'key', done: (_j, c, orgs) => `Uploaded ${plural(keysOf(c), 'SSH key')}${inOrgs(orgs)}` },
  sshEnable: { label: 'Enabling SSH keys', unit: 'key', done: (_j, c, orgs) => `Enabled ${plural(keysOf(c), 'SSH key')}${inOrgs(orgs)}` },
  sshRemove: { label: 'Removing SSH keys', unit: 'key', done: (_j, c, orgs) => `Removed ${plural(keysOf(c), 'SSH key')}${inOrgs(orgs)}` },
}

/** The keys a job's steps changed (a rotation takes several steps per key). */
const keysOf = (steps: readonly JobStep[]): number => new Set(steps.map((s) => `${s.organizationId}/${s.params.rotation?.oldAccessKey ?? s.target.id}`)).size

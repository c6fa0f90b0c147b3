// Plain words for jobs: states, step actions, the counts of a job, the steps grouped by
// organization.
import type { Job, JobCounts, JobState, JobStep, StepAction, StepState } from '../../../../src-preload/contract'
import type { Tone } from '../../lib/kinds'

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


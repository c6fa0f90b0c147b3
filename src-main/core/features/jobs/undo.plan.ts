// Plans the undo of a finished job from what it recorded: every group it changed gets back the
// exact member list it had before (`before`), every user it locked is unlocked. A group that
// changed since the job (someone else added or removed a member) is not overwritten: its step is
// skipped with the difference, unless `force`. Deletions and expiries cannot be undone: they
// are listed as such. Groups are read fresh from Scaleway: the cache may be older than the job.
import type { JobStep, MemberRef } from '../../../../src-preload/contract/jobs'
import { MemberRef as MemberRefSchema } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { WriteKit } from '../writes/services'
import type { PlannedJob, PlannedStep } from './plan'
import { labelMembers, memberDiff, membersOf, sameMembers } from './steps'

const keyOf = (m: Pick<MemberRef, 'type' | 'id'>) => `${m.type}:${m.id}`

/** The members a done group step left behind. */
function afterOf(step: JobStep, before: readonly MemberRef[]): MemberRef[] {
  switch (step.action) {
    case 'group.addMembers': {
      const keys = new Set(before.map(keyOf))
      return [...before, ...(step.params.add ?? []).filter((m) => !keys.has(keyOf(m)))]
    }
    case 'group.removeMembers': {
      const gone = new Set((step.params.remove ?? []).map(keyOf))
      return before.filter((m) => !gone.has(keyOf(m)))
    }
    default:
      return step.params.add ?? []
  }
}

export async function planUndo(cache: Cache, kit: WriteKit, jobId: string, force: boolean): Promise<PlannedJob> {
  const job = cache.jobs.get(jobId)
  if (!job) throw new AppError('not_in_desk', 'This job is not in IAM Desk.')
  if (job.undoneBy) throw new AppError('state_conflict', 'This job was already undone.')
  if (job.state === 'running') throw new AppError('state_conflict', 'This job is still running: cancel it first.')
  const steps: PlannedStep[] = []
  let restored = 0
  let changedSince = 0
  let irreversible = 0
  for (const s of [...job.steps].reverse()) {
    if (s.state !== 'done') continue
    const base = { organizationId: s.organizationId, organizationName: s.organizationName, item: s.item, message: null }
    if (s.action.startsWith('group.')) {
      const before = MemberRefSchema.array().safeParse(s.before)
      if (!before.success) continue
      const after = afterOf(s, before.data)
      let current: MemberRef[]
      try {
        const { client } = await kit.w.target(s.organizationId)
        current = labelMembers(kit, s.organizationId, membersOf(await kit.w.read(() => client.getGroup(s.target.id))))
      } catch (err) {
        steps.push({ ...base, target: s.target, action: 'group.setMembers', params: { add: before.data }, expected: after, state: 'skipped', message: `Could not read ${s.target.name} now: ${(err as Error).message}`, irreversible: false })
        continue
      }
      // Already back as it was (someone undid it by hand): nothing to do.
      if (sameMembers(current, before.data)) {
        steps.push({ ...base, target: s.target, action: 'group.setMembers', params: { add: before.data }, expected: after, state: 'already', message: 'Already as it was before the job.', irreversible: false })
        continue
      }
      if (!sameMembers(current, after) && !force) {
        changedSince++
        steps.push({ ...base, target: s.target, action: 'group.setMembers', params: { add: before.data }, expected: after, state: 'skipped', message: `${s.target.name} changed since the job (${memberDiff(after, current)}): not overwritten. Undo with "overwrite" to set it back anyway.`, irreversible: false })
        continue
      }
      restored++
      steps.push({ ...base, item: `${s.target.name}: back to ${before.data.map((m) => m.label).join(', ') || 'no members'}`, target: s.target, action: 'group.setMembers', params: { add: before.data }, expected: force ? null : after, state: 'pending', irreversible: false })
    } else if (s.action === 'user.lock') {
      restored++
      steps.push({ ...base, target: s.target, action: 'user.unlock', params: {}, expected: null, state: 'pending', irreversible: false })
    } else {
      irreversible++
      steps.push({ ...base, target: s.target, action: s.action, params: {}, expected: null, state: 'skipped', message: `Cannot be undone: ${s.action === 'apiKey.expire' ? 'an expiry can be moved, not removed' : 'Scaleway keeps nothing of what was deleted or revoked'}.`, irreversible: true })
    }
  }
  const parts = [`${restored} change${restored === 1 ? '' : 's'} to put back`]
  if (changedSince) parts.push(`${changedSince} group${changedSince === 1 ? '' : 's'} changed since (not overwritten)`)
  if (irreversible) parts.push(`${irreversible} that cannot be undone`)
  return { kind: 'undo', title: `Undo: ${job.title}`, planText: parts.join(', '), steps, undoOf: job.id }
}

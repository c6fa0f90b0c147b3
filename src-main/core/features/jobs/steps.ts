// What each step action does against Scaleway. Every step reads before it writes, so running a
// step again — after a crash left it "running" with an unknown outcome, or after a retry — never
// repeats a change that already happened: it finds the change made and ends as `already`.
import type { Group } from '../../../../domain/schemas'
import type { JobStep, MemberRef } from '../../../../src-preload/contract/jobs'
import { AppError, unreachable } from '../../errors/app-error'
import { kindOf } from '../../errors/core-error'
import type { ScalewayClient } from '../../platform/scaleway/client'
import type { WriteKit } from '../writes/services'
import { runRotationStep, type RotationDeps } from './rotation.steps'
import { runSshKeyStep } from '../ssh-local/ssh-key.steps'

/** `skipped`: a later step of a key's rotation whose earlier step did not go through. */
export type StepOutcome = { state: 'done' | 'already' | 'skipped'; message: string | null }

export interface StepContext {
  kit: WriteKit
  client: ScalewayClient
  organizationId: string
  /** The job the step belongs to (a rotation step reads its key's earlier steps). */
  jobId: string
  /** What key rotation needs beyond the API (keychain, clock, scw config); absent = not wired. */
  rotation?: RotationDeps | undefined
  /** Records what the step found before changing anything (kept for undo); first call wins. */
  recordBefore(before: unknown): void
}

const membersOf = (g: Group): MemberRef[] => [
  ...g.user_ids.map((id) => ({ type: 'user' as const, id, label: id })),
  ...g.application_ids.map((id) => ({ type: 'application' as const, id, label: id })),
]
const keyOf = (m: Pick<MemberRef, 'type' | 'id'>) => `${m.type}:${m.id}`
export const sameMembers = (a: readonly MemberRef[], b: readonly MemberRef[]): boolean => {
  const x = new Set(a.map(keyOf))
  return x.size === new Set(b.map(keyOf)).size && b.every((m) => x.has(keyOf(m)))
}
const names = (ms: readonly MemberRef[]) => ms.map((m) => m.label).join(', ')

/** Labels members from the cache (e-mail, application name), falling back on the id. */
export function labelMembers(kit: WriteKit, organizationId: string, members: readonly MemberRef[]): MemberRef[] {
  const r = kit.cache.resources
  return members.map((m) => {
    const found = m.type === 'user' ? r.get(organizationId, 'users', m.id)?.email : r.get(organizationId, 'applications', m.id)?.name
    return { ...m, label: found ?? m.label }
  })
}

/** A member invited by this job is known by e-mail only until the step runs: find its id now. */
async function resolve(ctx: StepContext, members: readonly MemberRef[]): Promise<MemberRef[]> {
  const out: MemberRef[] = []
  for (const m of members) {
    if (!m.id.startsWith('email:')) {
      out.push(m)
      continue
    }
    const email = m.id.slice('email:'.length).toLowerCase()
    const cached = ctx.kit.cache.resources.list(ctx.organizationId, 'users').find((u) => u.email.toLowerCase() === email)
    const user = cached ?? (await ctx.client.listUsers({ organization_id: ctx.organizationId })).find((u) => u.email.toLowerCase() === email)
    if (!user) throw new AppError('not_in_desk', `${m.label} is not a member of this organization (the invitation did not happen).`)
    out.push({ type: 'user', id: user.id, label: m.label })
  }
  return out
}

function storeGroup(kit: WriteKit, organizationId: string, g: Group): void {
  kit.cache.resources.upsert(organizationId, 'groups', g)
}

/** Runs one step; throws the API's error when it fails. */
export async function runStep(step: JobStep, ctx: StepContext): Promise<StepOutcome> {
  const { client, kit, organizationId: org } = ctx
  const id = step.target.id
  switch (step.action) {
    case 'group.addMembers': {
      const group = await client.getGroup(id)
      const current = membersOf(group)
      const add = (await resolve(ctx, step.params.add ?? [])).filter((m) => !current.some((c) => keyOf(c) === keyOf(m)))
      if (add.length === 0) return { state: 'already', message: 'Already members.' }
      ctx.recordBefore(labelMembers(kit, org, current))
      const users = add.filter((m) => m.type === 'user').map((m) => m.id)
      const apps = add.filter((m) => m.type === 'application').map((m) => m.id)
      // add-members is a set union, so one call sends every new member (§6.2).
      storeGroup(kit, org, await client.addGroupMembers(id, { user_ids: users, application_ids: apps }))
      return { state: 'done', message: `Added ${names(add)}.` }
    }
    case 'group.removeMembers': {
      let group = await client.getGroup(id)
      const current = membersOf(group)
      const remove = (step.params.remove ?? []).filter((m) => current.some((c) => keyOf(c) === keyOf(m)))
      if (remove.length === 0) return { state: 'already', message: 'Not members.' }
      ctx.recordBefore(labelMembers(kit, org, current))
      // remove-member takes one member at a time; a second remove of one answers 404 (§6.2).
      for (const m of remove) {
        try {
          group = await client.removeGroupMember(id, m.type === 'user' ? { user_id: m.id } : { application_id: m.id })
        } catch (err) {
          if (kindOf(err) !== 'not_found') throw err
        }
      }
      storeGroup(kit, org, group)
      return { state: 'done', message: `Removed ${names(remove)}.` }
    }
    case 'group.setMembers': {
      const group = await client.getGroup(id)
      const current = membersOf(group)
      const wanted = await resolve(ctx, step.params.add ?? [])
      if (sameMembers(current, wanted)) return { state: 'already', message: 'Already exactly these members.' }
      // The plan showed who would be removed: if the group changed since, that is no longer true.
      if (step.expected && !sameMembers(current, step.expected)) {
        throw new AppError('state_conflict', `The group changed since the plan (${memberDiff(step.expected, current)}). Plan again to see who would be removed now.`)
      }
      ctx.recordBefore(labelMembers(kit, org, current))
      storeGroup(
        kit,
        org,
        await client.setGroupMembers(id, {
          user_ids: wanted.filter((m) => m.type === 'user').map((m) => m.id),
          application_ids: wanted.filter((m) => m.type === 'application').map((m) => m.id),
        }),
      )
      return { state: 'done', message: `Members set to ${names(wanted) || 'nobody'}.` }
    }
    case 'user.invite': {
      const email = (step.params.email ?? '').toLowerCase()
      const users = await client.listUsers({ organization_id: org })
      if (users.some((u) => u.email.toLowerCase() === email)) return { state: 'already', message: 'Already a member of this organization.' }
      const user = await client.createUser({ organization_id: org, email: step.params.email ?? '' })
      kit.cache.resources.upsert(org, 'users', user)
      return { state: 'done', message: `Invited ${user.email}.` }
    }
    case 'user.lock':
    case 'user.unlock': {
      const lock = step.action === 'user.lock'
      const user = await client.getUser(id)
      if (user.locked === lock) return { state: 'already', message: lock ? 'Already locked.' : 'Already unlocked.' }
      ctx.recordBefore({ locked: user.locked })
      kit.cache.resources.upsert(org, 'users', lock ? await client.lockUser(id) : await client.unlockUser(id))
      return { state: 'done', message: lock ? 'Locked.' : 'Unlocked.' }
    }
    case 'user.delete':
      return gone(() => client.deleteUser(id), () => kit.fx.removeBearer(org, { type: 'user', id }), 'Deleted (with its API keys).')
    case 'jwt.revoke':
      return gone(() => client.deleteJwt(id), () => kit.cache.resources.remove(org, 'jwts', id), 'Session revoked.')
    case 'apiKey.delete':
      return gone(() => client.deleteApiKey(id), () => kit.fx.removeApiKey(org, id), 'API key deleted.')
    case 'apiKey.expire': {
      const key = await client.getApiKey(id)
      const at = step.params.expiresAt ?? ''
      if (key.expires_at && Date.parse(key.expires_at) <= Date.parse(at)) return { state: 'already', message: 'Already expires by then.' }
      ctx.recordBefore({ expiresAt: key.expires_at })
      kit.cache.resources.upsert(org, 'api_keys', await client.updateApiKey(id, { expires_at: at }))
      return { state: 'done', message: `Expires ${at}.` }
    }
    case 'apiKey.rotateCreate':
    case 'apiKey.rotateVerify':
    case 'apiKey.rotateDeliver':
    case 'apiKey.rotateGrace':
    case 'apiKey.rotateFinish':
    case 'apiKey.rotateRollback': {
      if (!ctx.rotation) throw new AppError('invalid_input', 'Key rotation is not available in this build of IAM Desk.')
      return runRotationStep(step, { kit, client, organizationId: org, jobId: ctx.jobId, rotation: ctx.rotation, recordBefore: ctx.recordBefore })
    }
    case 'sshKey.create':
    case 'sshKey.enable':
    case 'sshKey.delete':
      return runSshKeyStep(step, { kit, client, organizationId: org, recordBefore: ctx.recordBefore })
    default:
      throw unreachable(step.action)
  }
}

/** A deletion: 404 means it is already gone (a retry, or someone else did it). */
export async function gone(send: () => Promise<void>, forget: () => unknown, done: string): Promise<StepOutcome> {
  try {
    await send()
  } catch (err) {
    if (kindOf(err) !== 'not_found') throw err
    forget()
    return { state: 'already', message: 'Already gone.' }
  }
  forget()
  return { state: 'done', message: done }
}

/** "+alice@x, −bob@y" between two member lists. */
export function memberDiff(from: readonly MemberRef[], to: readonly MemberRef[]): string {
  const a = new Set(from.map(keyOf))
  const b = new Set(to.map(keyOf))
  const added = to.filter((m) => !a.has(keyOf(m))).map((m) => `+${m.label}`)
  const removed = from.filter((m) => !b.has(keyOf(m))).map((m) => `−${m.label}`)
  return [...added, ...removed].join(', ') || 'no difference'
}

export { membersOf }

// What each rotation step does (docs/rotation.md). Like every step (steps.ts), each reads
// before it writes, so a step run again — after a crash left it "running", or a retry — finds
// what already happened and does not repeat it:
//
//  create   — the new key. Its secret goes to the keychain (pending entry) the moment Scaleway
//             answers; a resumed create finds that entry and the key, and never makes a second
//             one. A create whose answer was lost is reconciled first: the bearer's keys carrying
//             this rotation's marker, whose secret IAM Desk never got, are deleted (they cannot be
//             used by anyone) before a key is created again.
//  verify   — authenticates with the new key (GET /api-keys/{new} sent with the new secret),
//             retried for up to 2 minutes while Scaleway still refuses it. Nothing is delivered
//             and the old key is left alone until this succeeds.
//  deliver  — IAM Desk's own key: the organization's keychain entry (and access key) replaced,
//             the previous secret kept for a rollback; scw config: the profiles using the old key
//             rewritten; reveal: the secret waits in the keychain for `jobs.rotationReveal`.
//  grace    — the old key's expires_at set to now + the grace period (never IAM Desk's own key
//             while IAM Desk still uses it).
//  finish   — the old key deleted (its own job, once the grace period is over).
//  rollback — the old key's expiry and credentials back, the new key deleted (its own job).
//
// No secret goes into a step's params, before, message, an event or a log: only into the
// keychain (rotation-secrets.ts), the scw config file, or the reveal's answer.
import { basename } from 'node:path'
import type { ApiKey } from '../../../../domain/schemas'
import type { JobStep, RotationParams } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import { kindOf } from '../../errors/core-error'
import type { ApiKeyWithSecret, ScalewayClient } from '../../platform/scaleway/client'
import { Secret } from '../../platform/scaleway/secret'
import type { SecretVault } from '../../platform/secrets/secret-vault'
import type { WriteKit } from '../writes/services'
import { durationText, rotationMarker, VERIFY_TIMEOUT_MS } from './rotation.plan'
import { fromHomeRelative, readScwConfig, replaceScwKey, scwProfilesUsing, scwSecretOf, writeScwConfig } from './rotation-scw'
import { RotationSecrets } from './rotation-secrets'

export interface RotationDeps {
  vault: SecretVault
  clientFor: (apiUrl: string, secret: Secret) => ScalewayClient
  now: () => Date
  /** Waits between verification attempts (tests advance the emulator's clock instead). */
  sleep: (ms: number) => Promise<void>
  /** How long verification retries while the new key is refused (2 minutes). */
  verifyTimeoutMs?: number
  verifyIntervalMs?: number
  /** The Scaleway CLI config file the way scw finds it, or null when there is none. */
  scwConfigPath: () => Promise<string | null>
  /** The user's home folder: a plan shows (and stores) the config's path as `~/…`. */
  homeDir: string
  /** IAM Desk's own access key for an organization changed (the sidebar shows it). */
  orgsChanged?: () => void
}

export interface RotationContext {
  kit: WriteKit
  client: ScalewayClient
  organizationId: string
  jobId: string
  rotation: RotationDeps
  recordBefore(before: unknown): void
}

export type RotationOutcome = { state: 'done' | 'already' | 'skipped'; message: string | null }

/** The four steps of one key's rotation in its job. */
export interface RotationSteps {
  create: JobStep | undefined
  verify: JobStep | undefined
  deliver: JobStep | undefined
  grace: JobStep | undefined
}

export function rotationStepsOf(steps: readonly JobStep[], organizationId: string, oldAccessKey: string): RotationSteps {
  const mine = steps.filter((s) => s.organizationId === organizationId && s.target.id === oldAccessKey && s.action.startsWith('apiKey.rotate'))
  const find = (a: JobStep['action']) => mine.find((s) => s.action === a)
  return { create: find('apiKey.rotateCreate'), verify: find('apiKey.rotateVerify'), deliver: find('apiKey.rotateDeliver'), grace: find('apiKey.rotateGrace') }
}

/** The new key's access key, as the create step recorded it. */
export function newKeyOf(create: JobStep | undefined): string | null {
  const b = create?.before as { newAccessKey?: unknown } | null | undefined
  return typeof b?.newAccessKey === 'string' ? b.newAccessKey : null
}

/** What the grace step recorded: the old key's expiry before, and when the grace ends. */
export function graceOf(grace: JobStep | undefined): { expiresAt: string | null; graceEndsAt: string | null } | null {
  const b = grace?.before as { expiresAt?: unknown; graceEndsAt?: unknown } | null | undefined
  if (!b) return null
  return { expiresAt: typeof b.expiresAt === 'string' ? b.expiresAt : null, graceEndsAt: typeof b.graceEndsAt === 'string' ? b.graceEndsAt : null }
}

const ok = (s: JobStep | undefined) => s?.state === 'done' || s?.state === 'already'

function rotationOf(step: JobStep): RotationParams {
  const r = step.params.rotation
  if (!r) throw new AppError('invalid_input', 'This rotation step has lost its parameters; plan the rotation again.')
  return r
}

async function notFoundAs<T>(call: () => Promise<T>, fallback: () => T): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (kindOf(err) === 'not_found') return fallback()
    throw err
  }
}

/** A file-system failure in our words: its message could hold paths and is no business of the journal. */
async function onDisk<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (err instanceof AppError) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new AppError('invalid_input', `${what} failed${code ? ` (${code})` : ''}; the Scaleway CLI config was not changed.`)
  }
}

/** Whether a rollback job rolled this key's rotation back (a resumed rotation then stops). */
function rolledBack(ctx: RotationContext, oldAccessKey: string): boolean {
  const jobs = ctx.kit.cache.jobs
  for (const j of jobs.list(1_000_000)) {
    if (j.kind !== 'rotationRollback') continue
    const hit = jobs
      .steps(j.id)
      .some((s) => s.organizationId === ctx.organizationId && s.params.rotation?.rotationJobId === ctx.jobId && s.params.rotation.oldAccessKey === oldAccessKey && ok(s))
    if (hit) return true
  }
  return false
}

export async function runRotationStep(step: JobStep, ctx: RotationContext): Promise<RotationOutcome> {
  const r = rotationOf(step)
  const ownStep = step.action === 'apiKey.rotateCreate' || step.action === 'apiKey.rotateVerify' || step.action === 'apiKey.rotateDeliver' || step.action === 'apiKey.rotateGrace'
  if (ownStep && rolledBack(ctx, r.oldAccessKey)) return { state: 'skipped', message: 'Not run: this key\'s rotation was rolled back.' }
  switch (step.action) {
    case 'apiKey.rotateCreate':
      return create(r, ctx)
    case 'apiKey.rotateVerify':
      return verify(r, ctx)
    case 'apiKey.rotateDeliver':
      return deliver(r, ctx)
    case 'apiKey.rotateGrace':
      return grace(r, ctx)
    case 'apiKey.rotateFinish':
      return finish(r, ctx)
    case 'apiKey.rotateRollback':
      return rollback(r, ctx)
    default:
      throw new AppError('invalid_input', `${step.action} is not a rotation step.`)
  }
}

function secretsOf(ctx: RotationContext): RotationSecrets {
  return new RotationSecrets(ctx.rotation.vault, ctx.kit.w.profile(ctx.organizationId).secretStorage)
}

function siblings(ctx: RotationContext, jobId: string, oldAccessKey: string): RotationSteps {
  return rotationStepsOf(ctx.kit.cache.jobs.steps(jobId), ctx.organizationId, oldAccessKey)
}

/** Deletes the bearer's keys that carry this rotation's marker and that IAM Desk holds no secret of. */
async function removeOrphans(r: RotationParams, ctx: RotationContext, keep: ReadonlySet<string>): Promise<number> {
  const marker = rotationMarker(r.oldAccessKey)
  const keys = await ctx.client.listApiKeys({ bearer_id: r.bearer.id, bearer_type: r.bearer.type })
  let n = 0
  for (const k of keys) {
    if (!k.description.includes(marker) || k.access_key === r.oldAccessKey || keep.has(k.access_key)) continue
    await notFoundAs(() => ctx.client.deleteApiKey(k.access_key), () => undefined)
    ctx.kit.fx.removeApiKey(ctx.organizationId, k.access_key)
    n++
  }
  return n
}

function newKeyExpiry(r: RotationParams, now: Date): string | undefined {
  switch (r.expiry.kind) {
    case 'never':
      return undefined
    case 'at':
      return r.expiry.at
    case 'lifetime':
      return new Date(now.getTime() + r.expiry.seconds * 1000).toISOString()
  }
}

const CREATE_OUTCOME_UNKNOWN = new Set(['unknown_outcome', 'server_error', 'network', 'timeout'])

async function create(r: RotationParams, ctx: RotationContext): Promise<RotationOutcome> {
  const { client, kit, organizationId: org, jobId } = ctx
  const old = r.oldAccessKey
  const secrets = secretsOf(ctx)
  // The old key must still be there: rotating a key that is gone would only add one.
  await notFoundAs(
    () => client.getApiKey(old),
    () => {
      throw new AppError('not_in_desk', `The key ${old} no longer exists on Scaleway: there is nothing to rotate.`)
    },
  )
  // Resumed after a crash: the key was created and its secret kept.
  const held = await secrets.pending(jobId, old)
  if (held) {
    const found = await notFoundAs<ApiKey | null>(() => client.getApiKey(held.accessKey), () => null)
    if (found) {
      ctx.recordBefore({ newAccessKey: found.access_key })
      kit.fx.addApiKey(org, { ...found, secret_key: null })
      return { state: 'already', message: `Created before the interruption: ${found.access_key} (its secret is in the keychain).` }
    }
    await secrets.dropPending(jobId, old)
  }
  // A create whose answer never arrived (a crash, a lost connection): its key cannot be used by
  // anyone, so it goes before a new one is made.
  let orphans = await removeOrphans(r, ctx, new Set())
  for (let attempt = 1; ; attempt++) {
    const expiresAt = newKeyExpiry(r, ctx.rotation.now())
    let created: ApiKeyWithSecret
    try {
      created = await client.createApiKey({
        ...(r.bearer.type === 'application' ? { application_id: r.bearer.id } : { user_id: r.bearer.id }),
        description: r.description,
        ...(expiresAt ? { expires_at: expiresAt } : {}),
        ...(r.defaultProjectId ? { default_project_id: r.defaultProjectId } : {}),
      })
    } catch (err) {
      if (!CREATE_OUTCOME_UNKNOWN.has(kindOf(err) ?? '') || attempt >= 3) throw err
      orphans += await removeOrphans(r, ctx, new Set())
      continue
    }
    try {
      await secrets.setPending(jobId, old, { accessKey: created.access_key, secret: created.secret })
    } catch (err) {
      // Nowhere to keep its secret: the new key would be useless, so it goes at once.
      await client.deleteApiKey(created.access_key).catch(() => undefined)
      throw err
    }
    ctx.recordBefore({ newAccessKey: created.access_key })
    const { secret: _secret, ...apiKey } = created
    kit.fx.addApiKey(org, { ...apiKey, secret_key: null })
    const cleaned = orphans ? `; ${orphans} key${orphans === 1 ? '' : 's'} left by an interrupted attempt (whose secret never arrived) deleted first` : ''
    return { state: 'done', message: `Created ${created.access_key}${expiresAt ? `, expires ${expiresAt}` : ', never expires'}${cleaned}.` }
  }
}

async function verify(r: RotationParams, ctx: RotationContext): Promise<RotationOutcome> {
  const s = siblings(ctx, ctx.jobId, r.oldAccessKey)
  if (!ok(s.create)) return { state: 'skipped', message: 'Not verified: the new key was not created.' }
  const held = await secretsOf(ctx).pending(ctx.jobId, r.oldAccessKey)
  const newAk = newKeyOf(s.create) ?? held?.accessKey ?? null
  if (!held || held.accessKey !== newAk) {
    throw new AppError('credentials', `IAM Desk no longer holds the secret of the new key ${newAk ?? ''}: it cannot be verified or delivered. Roll back to delete it.`)
  }
  const d = ctx.rotation
  const probe = d.clientFor(ctx.kit.w.profile(ctx.organizationId).apiUrl, held.secret)
  const timeout = d.verifyTimeoutMs ?? VERIFY_TIMEOUT_MS
  const interval = d.verifyIntervalMs ?? 5_000
  const started = d.now().getTime()
  for (let tries = 1; ; tries++) {
    try {
      await probe.getApiKey(newAk)
      return { state: 'done', message: `${newAk} authenticates${tries > 1 ? ` (after ${Math.round((d.now().getTime() - started) / 1000)} s)` : ''}.` }
    } catch (err) {
      const kind = kindOf(err)
      // Authenticated, but its bearer may not read API keys: Scaleway knows the key.
      if (kind === 'permissions_denied') return { state: 'done', message: `${newAk} authenticates (its bearer may not read API keys).` }
      if (kind !== 'denied_authentication') throw err
      const waited = d.now().getTime() - started
      if (waited >= timeout) {
        throw new AppError(
          'credentials',
          `The new key ${newAk} still does not authenticate after ${Math.round(waited / 1000)} s: its secret was not delivered and the old key ${r.oldAccessKey} was left as it was. Roll back to delete the new key.`,
        )
      }
      await d.sleep(Math.min(interval, timeout - waited))
    }
  }
}

async function deliver(r: RotationParams, ctx: RotationContext): Promise<RotationOutcome> {
  const { kit, organizationId: org, jobId } = ctx
  const d = ctx.rotation
  const old = r.oldAccessKey
  const s = siblings(ctx, jobId, old)
  if (!ok(s.verify)) return { state: 'skipped', message: 'Not delivered: the new key was not verified. The old key was left as it was.' }
  const secrets = secretsOf(ctx)
  const held = await secrets.pending(jobId, old)
  const newAk = newKeyOf(s.create) ?? held?.accessKey
  if (!newAk) throw new AppError('credentials', 'The new key of this rotation is not known; roll back.')
  const need = (): { accessKey: string; secret: Secret } => {
    if (!held || held.accessKey !== newAk) throw new AppError('credentials', `IAM Desk no longer holds the secret of the new key ${newAk}; roll back to delete it.`)
    return held
  }
  /** The old key's secret, kept once for a rollback. */
  const keepPrevious = async (secret: Secret | null | undefined) => {
    if (secret && !(await secrets.previous(jobId, old))) await secrets.setPrevious(jobId, old, secret)
  }
  const parts: string[] = []
  let changed = false
  let reveal = r.delivery === 'reveal'

  if (r.delivery === 'keychain') {
    const profile = kit.w.profile(org)
    if (profile.accessKey === newAk) parts.push(`IAM Desk already uses ${newAk} for ${profile.name}`)
    else {
      const next = need()
      await keepPrevious(await d.vault.get(org, profile.secretStorage))
      await d.vault.set(org, next.secret, profile.secretStorage)
      kit.cache.organizations.update(org, { accessKey: newAk })
      d.orgsChanged?.()
      changed = true
      parts.push(`IAM Desk now uses ${newAk} for ${profile.name} (its keychain entry holds the new secret; the previous one is kept until the finish, for a rollback)`)
    }
  }

  if (r.updateScwConfig && r.scwConfigPath) {
    const shown = r.scwConfigPath
    const path = fromHomeRelative(shown, d.homeDir)
    const text = await readScwConfig(path)
    const usingOld = text === null ? [] : scwProfilesUsing(text, old)
    if (text !== null && usingOld.length > 0) {
      const next = need()
      const previous = scwSecretOf(text, old)
      await keepPrevious(previous ? new Secret(previous) : null)
      const { text: updated, profiles } = replaceScwKey(text, old, { accessKey: newAk, secretKey: next.secret.reveal() })
      const { backupPath } = await onDisk('Writing the Scaleway CLI config', () => writeScwConfig(path, text, updated, d.now()))
      changed = true
      parts.push(`profile${profiles.length === 1 ? '' : 's'} ${profiles.map((p) => `"${p}"`).join(', ')} of ${shown} now use${profiles.length === 1 ? 's' : ''} ${newAk} (the previous file is kept beside it as ${basename(backupPath)})`)
    } else if (text !== null && scwProfilesUsing(text, newAk).length > 0) {
      parts.push(`the Scaleway CLI config already uses ${newAk}`)
    } else {
      // The file or the profile is gone (edited since the plan): the secret is revealed instead.
      parts.push(`no profile of ${shown} uses ${old} any more, so it was not changed`)
      if (r.delivery === 'scwConfig') reveal = true
    }
  }

  if (reveal) {
    if (!held) return { state: 'already', message: 'The new secret was already revealed.' }
    need()
    parts.push('the new secret waits in the keychain to be revealed once')
    changed = true
  } else if (held) {
    await secrets.dropPending(jobId, old)
  }
  const text = parts.join('; ')
  return { state: changed ? 'done' : 'already', message: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` }
}

async function grace(r: RotationParams, ctx: RotationContext): Promise<RotationOutcome> {
  const { client, kit, organizationId: org } = ctx
  const old = r.oldAccessKey
  const s = siblings(ctx, ctx.jobId, old)
  if (!ok(s.deliver)) return { state: 'skipped', message: 'The old key was left as it was: the new key was not delivered.' }
  const profile = kit.w.profile(org)
  // The self-lockout guard, at run time: IAM Desk's own key never expires while IAM Desk uses it.
  if (profile.accessKey === old) {
    throw new AppError('state_conflict', `IAM Desk still authenticates to ${profile.name} with ${old}: it was not set to expire, which would lock IAM Desk out. Roll back, or rotate it again.`)
  }
  const key = await notFoundAs<ApiKey | null>(() => client.getApiKey(old), () => null)
  if (!key) return { state: 'already', message: `The old key ${old} is already gone.` }
  const until = new Date(ctx.rotation.now().getTime() + r.graceSeconds * 1000).toISOString()
  if (key.expires_at && Date.parse(key.expires_at) <= Date.parse(until)) {
    ctx.recordBefore({ expiresAt: key.expires_at, graceEndsAt: key.expires_at })
    return { state: 'already', message: `The old key already expires at ${key.expires_at}, before the grace period would end.` }
  }
  ctx.recordBefore({ expiresAt: key.expires_at, graceEndsAt: until })
  kit.cache.resources.upsert(org, 'api_keys', { ...(await client.updateApiKey(old, { expires_at: until })), secret_key: null })
  return { state: 'done', message: `The old key ${old} keeps working for ${durationText(r.graceSeconds)}: it expires at ${until}.` }
}

async function finish(r: RotationParams, ctx: RotationContext): Promise<RotationOutcome> {
  const { client, kit, organizationId: org } = ctx
  const old = r.oldAccessKey
  const profile = kit.w.profile(org)
  if (profile.accessKey === old) throw new AppError('state_conflict', `IAM Desk still authenticates to ${profile.name} with ${old}: it was not deleted.`)
  const gone = await notFoundAs(
    async () => {
      await client.deleteApiKey(old)
      return false
    },
    () => true,
  )
  kit.fx.removeApiKey(org, old)
  if (r.rotationJobId) await secretsOf(ctx).dropPrevious(r.rotationJobId, old)
  return { state: gone ? 'already' : 'done', message: gone ? `The old key ${old} was already gone.` : `Deleted the old key ${old}; ${r.newAccessKey ?? 'the new key'} replaces it.` }
}

/** The farthest expiry the organization accepts (an expiry cannot be removed: see docs/rotation.md). */
async function farthestExpiry(client: ScalewayClient, accessKey: string, now: Date): Promise<ApiKey> {
  let last: unknown
  for (const years of [100, 50, 20, 10, 5, 2, 1]) {
    const at = new Date(now.getTime() + years * 365 * 86_400_000).toISOString()
    try {
      return await client.updateApiKey(accessKey, { expires_at: at })
    } catch (err) {
      if (kindOf(err) !== 'invalid_arguments') throw err
      last = err
    }
  }
  throw last
}

async function rollback(r: RotationParams, ctx: RotationContext): Promise<RotationOutcome> {
  const { client, kit, organizationId: org } = ctx
  const d = ctx.rotation
  const old = r.oldAccessKey
  const jobId = r.rotationJobId
  if (!jobId) throw new AppError('invalid_input', 'This rollback step does not name its rotation; plan the rollback again.')
  const profile = kit.w.profile(org)
  const secrets = new RotationSecrets(d.vault, profile.secretStorage)
  const s = siblings(ctx, jobId, old)
  const held = await secrets.pending(jobId, old)
  const newAk = r.newAccessKey ?? newKeyOf(s.create) ?? held?.accessKey ?? null
  const parts: string[] = []

  // Nothing to go back to once the old key is gone: the new key is kept.
  const oldKey = await notFoundAs<ApiKey | null>(() => client.getApiKey(old), () => null)
  if (!oldKey) {
    throw new AppError('state_conflict', `The old key ${old} no longer exists (finished, or deleted elsewhere): there is nothing to go back to, so the new key${newAk ? ` ${newAk}` : ''} is kept.`)
  }

  // 1. The old key's expiry as it was before the grace period (recorded before it was changed;
  // when the change did not happen, what follows finds nothing to do).
  const before = graceOf(s.grace)
  if (before) {
    const now = d.now()
    if (before.expiresAt) {
      if (oldKey.expires_at !== before.expiresAt && Date.parse(before.expiresAt) > now.getTime()) {
        kit.cache.resources.upsert(org, 'api_keys', { ...(await client.updateApiKey(old, { expires_at: before.expiresAt })), secret_key: null })
        parts.push(`${old} expires at ${before.expiresAt} again`)
      }
    } else if (oldKey.expires_at && Date.parse(oldKey.expires_at) < now.getTime() + 365 * 86_400_000) {
      // It never expired. Scaleway reads `expires_at: null` as "unchanged": an expiry cannot be
      // removed, so it goes as far out as the organization accepts.
      const moved = await farthestExpiry(client, old, now)
      kit.cache.resources.upsert(org, 'api_keys', { ...moved, secret_key: null })
      parts.push(`${old} had no expiry; Scaleway cannot remove one once set, so it now expires at ${moved.expires_at ?? '?'} (the farthest date accepted)`)
    }
  }

  // 2. Credentials back before the new key goes, so nothing is left holding a deleted key.
  let deleter = client
  if (r.delivery === 'keychain' && newAk) {
    const current = kit.w.profile(org)
    if (current.accessKey === newAk) {
      const previous = await secrets.previous(jobId, old)
      if (!previous) {
        throw new AppError('credentials', `IAM Desk no longer holds the previous secret of its own key ${old} for ${current.name}: going back would lock IAM Desk out, so the new key ${newAk} is kept.`)
      }
      await d.vault.set(org, previous, current.secretStorage)
      kit.cache.organizations.update(org, { accessKey: old })
      d.orgsChanged?.()
      parts.push(`IAM Desk uses ${old} for ${current.name} again`)
    }
    const secret = await d.vault.get(org, current.secretStorage)
    if (secret) deleter = d.clientFor(current.apiUrl, secret)
  }
  if (r.updateScwConfig && r.scwConfigPath && newAk) {
    const shown = r.scwConfigPath
    const path = fromHomeRelative(shown, d.homeDir)
    const text = await readScwConfig(path)
    if (text !== null && scwProfilesUsing(text, newAk).length > 0) {
      const previous = await secrets.previous(jobId, old)
      if (!previous) throw new AppError('credentials', `IAM Desk no longer holds the previous secret of ${old}: ${shown} was not changed back, and the new key ${newAk} is kept.`)
      const { text: restored, profiles } = replaceScwKey(text, newAk, { accessKey: old, secretKey: previous.reveal() })
      const { backupPath } = await onDisk('Writing the Scaleway CLI config', () => writeScwConfig(path, text, restored, d.now()))
      parts.push(`profile${profiles.length === 1 ? '' : 's'} ${profiles.map((p) => `"${p}"`).join(', ')} of ${shown} use${profiles.length === 1 ? 's' : ''} ${old} again (the file as it was is kept beside it as ${basename(backupPath)})`)
    }
  }

  // 3. The new key, and any key an interrupted create left behind, deleted.
  let deleted = 0
  const marker = rotationMarker(old)
  const keys = await deleter.listApiKeys({ bearer_id: r.bearer.id, bearer_type: r.bearer.type })
  const doomed = new Set(keys.filter((k) => k.description.includes(marker) && k.access_key !== old).map((k) => k.access_key))
  if (newAk) doomed.add(newAk)
  for (const ak of doomed) {
    const existed = await notFoundAs(
      async () => {
        await deleter.deleteApiKey(ak)
        return true
      },
      () => false,
    )
    kit.fx.removeApiKey(org, ak)
    if (existed) deleted++
  }
  if (deleted) parts.push(`deleted the new key${deleted === 1 ? '' : 's'} ${[...doomed].join(', ')}`)

  // 4. Nothing of this rotation left in the keychain.
  await secrets.dropPending(jobId, old)
  await secrets.dropPrevious(jobId, old)
  if (parts.length === 0) return { state: 'already', message: 'Already rolled back.' }
  const text = parts.join('; ')
  return { state: 'done', message: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` }
}

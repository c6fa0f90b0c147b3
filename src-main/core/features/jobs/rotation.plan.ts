// Plans rotating API keys (docs/rotation.md) from the cache and what the service read for it
// (IAM Desk's own bearer per organization, the scw config, the rotations still open): per key, the
// new key's bearer, description, default project and expiry, the old key's grace period, where
// the new secret goes, and the organization's API-key quota (a rotation holds one extra key until
// its finish). Keys that cannot be rotated are planned as skipped with the reason. Pure: nothing
// is sent, nothing is stored.
//
// Each key gets four steps — create, verify, deliver, grace — and inside an organization the
// steps go phase by phase (every create, then every verify, …), so the keys propagate on
// Scaleway side by side instead of one after another, with IAM Desk's own key after all others.
import type { ApiKey } from '../../../../domain/schemas'
import type { RotationExpiry, RotationKeyInput, RotationParams, StepAction } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { displayName } from '../../platform/cache/kinds'
import type { PlannedJob, PlannedStep } from './plan'
import { scwProfilesUsing } from './rotation-scw'

export const DEFAULT_GRACE_HOURS = 24
/** How long the verify step retries while the new key is refused (Scaleway: "up to about a minute"). */
export const VERIFY_TIMEOUT_MS = 120_000

/** Marks a new key as the replacement of `oldAccessKey`: a create whose answer was lost is found by it. */
export const rotationMarker = (oldAccessKey: string): string => `(rotation of ${oldAccessKey})`
const ANY_MARKER = /\s*\(rotation of SCW[0-9A-Z]{17}\)\s*$/

/** The new key's description: the chosen (or old) one, without an earlier marker, plus this rotation's. */
export function rotationDescription(base: string, oldAccessKey: string): string {
  const marker = rotationMarker(oldAccessKey)
  const text = base.replace(ANY_MARKER, '').trim()
  const room = 200 - marker.length - 1
  return text ? `${text.slice(0, room).trimEnd()} ${marker}` : marker
}

export interface RotationPlanRequest {
  keys: ReadonlyArray<RotationKeyInput & { organizationId: string; accessKey: string }>
  graceHours?: number | undefined
}

export interface RotationPlanContext {
  now: Date
  /** Per organization, who holds IAM Desk's own key (null: not known). */
  ownBearer: ReadonlyMap<string, { type: 'user' | 'application'; id: string } | null>
  /** The Scaleway CLI config, when there is one. */
  scw: { path: string; text: string } | null
  /** Keys with a rotation not finished or rolled back: `${organizationId}:${accessKey}` → job id. */
  open: ReadonlyMap<string, string>
}

const ACTIONS: readonly StepAction[] = ['apiKey.rotateCreate', 'apiKey.rotateVerify', 'apiKey.rotateDeliver', 'apiKey.rotateGrace']

export function durationText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`
  if (seconds % 3_600 === 0) return `${seconds / 3_600} hour${seconds === 3_600 ? '' : 's'}`
  if (seconds >= 86_400) return `${Math.round(seconds / 86_400)} days`
  return `${Math.max(1, Math.round(seconds / 60))} minutes`
}

export function expiryText(e: RotationExpiry): string {
  switch (e.kind) {
    case 'never':
      return 'never expires'
    case 'at':
      return `expires ${e.at}`
    case 'lifetime':
      return `expires ${durationText(e.seconds)} after its creation (the old key's lifetime)`
  }
}

export function deliveryText(r: Pick<RotationParams, 'delivery' | 'updateScwConfig' | 'scwProfiles' | 'scwConfigPath'>): string {
  const scw = r.updateScwConfig ? ` and profile${r.scwProfiles.length === 1 ? '' : 's'} ${r.scwProfiles.map((p) => `"${p}"`).join(', ')} of ${r.scwConfigPath}` : ''
  switch (r.delivery) {
    case 'keychain':
      return `IAM Desk's keychain entry for this organization (once the new key authenticates)${scw}`
    case 'scwConfig':
      return `the Scaleway CLI config: profile${r.scwProfiles.length === 1 ? '' : 's'} ${r.scwProfiles.map((p) => `"${p}"`).join(', ')} of ${r.scwConfigPath} (a backup of the file is kept beside it)`
    case 'reveal':
      return 'shown once (reveal), then forgotten'
  }
}

function expiryOf(key: ApiKey, choice: RotationKeyInput['expiry'], now: Date): RotationExpiry {
  if (choice?.kind === 'never') return { kind: 'never' }
  if (choice?.kind === 'at') {
    if (Date.parse(choice.at) <= now.getTime()) throw new AppError('invalid_input', `The new expiry of ${key.access_key} must be in the future.`, { field: 'expiry' })
    return { kind: 'at', at: new Date(choice.at).toISOString() }
  }
  if (!key.expires_at) return { kind: 'never' }
  const born = key.created_at ? Date.parse(key.created_at) : NaN
  const seconds = Math.round((Date.parse(key.expires_at) - born) / 1000)
  return Number.isFinite(seconds) && seconds > 0 ? { kind: 'lifetime', seconds } : { kind: 'never' }
}

interface Candidate {
  organizationId: string
  organizationName: string
  key: ApiKey | undefined
  accessKey: string
  input: RotationKeyInput
  self: boolean
  reason: string | null
  bearer: RotationParams['bearer'] | null
}

export function planRotation(cache: Cache, req: RotationPlanRequest, ctx: RotationPlanContext): PlannedJob {
  const graceHours = req.graceHours ?? DEFAULT_GRACE_HOURS
  const graceSeconds = graceHours * 3600
  const seen = new Set<string>()
  const candidates: Candidate[] = []
  for (const input of req.keys) {
    const id = `${input.organizationId}:${input.accessKey}`
    if (seen.has(id)) continue
    seen.add(id)
    const org = cache.organizations.get(input.organizationId)
    if (!org) throw new AppError('not_in_desk', 'This organization is not in IAM Desk (it may have been removed).', { organizationId: input.organizationId })
    const r = cache.resources
    const key = r.get(org.id, 'api_keys', input.accessKey)
    const self = org.accessKey === input.accessKey
    const c: Candidate = { organizationId: org.id, organizationName: org.name, key, accessKey: input.accessKey, input, self, reason: null, bearer: null }
    candidates.push(c)
    if (!key) {
      c.reason = 'it is not in IAM Desk (deleted, or not synced yet): sync the organization and plan again'
      continue
    }
    if (key.application_id) {
      c.bearer = { type: 'application', id: key.application_id, label: `application "${r.get(org.id, 'applications', key.application_id)?.name ?? key.application_id}"` }
    } else if (key.user_id) {
      const user = r.get(org.id, 'users', key.user_id)
      c.bearer = { type: 'user', id: key.user_id, label: user ? `${user.email || displayName(user)}` : `user ${key.user_id}` }
    }
    const own = ctx.ownBearer.get(org.id) ?? null
    const openJob = ctx.open.get(id)
    if (!c.bearer) c.reason = 'Scaleway does not say who holds it'
    else if (key.managed) c.reason = 'it is managed by Scaleway'
    else if (!key.editable || key.deletable === false) c.reason = 'Scaleway does not let it be changed or deleted'
    else if (key.expires_at && Date.parse(key.expires_at) <= ctx.now.getTime()) c.reason = 'it has already expired (delete it instead)'
    else if (c.bearer.type === 'user' && !(own?.type === 'user' && own.id === c.bearer.id)) {
      c.reason = `it belongs to ${c.bearer.label}: Scaleway lets IAM Desk create API keys only for applications and for its own user, so another person's keys can be reported, set to expire or deleted, not rotated`
    } else if (openJob) c.reason = `it is already being rotated (job ${openJob.slice(0, 8)}): finish or roll back that rotation first`
  }

  // Quota: each rotated key holds one more API key in its organization until its finish.
  const overQuota = new Map<string, string>()
  const quotaNotes: string[] = []
  for (const orgId of new Set(candidates.map((c) => c.organizationId))) {
    const inOrg = candidates.filter((c) => c.organizationId === orgId && c.reason === null)
    if (inOrg.length === 0) continue
    const quotum = cache.resources.list(orgId, 'quota').find((q) => q.name === 'api_keys')
    const limit = quotum?.unlimited ? Infinity : (quotum?.limit ?? null)
    const current = cache.resources.list(orgId, 'api_keys').length
    const name = inOrg[0]!.organizationName
    if (limit === null) {
      quotaNotes.push(`${name}: API-key quota not known (sync the organization to read it)`)
      continue
    }
    const room = Math.max(0, limit - current)
    if (room >= inOrg.length) continue
    // IAM Desk's own key first: the others can wait for a finish to free room.
    const order = [...inOrg.filter((c) => c.self), ...inOrg.filter((c) => !c.self)]
    for (const c of order.slice(room)) overQuota.set(`${c.organizationId}:${c.accessKey}`, `${name} allows ${limit} API keys and has ${current}: rotating holds one extra key per rotated key until its finish, and there is room for ${room}`)
  }

  const steps: PlannedStep[] = []
  let rotated = 0
  let cannot = 0
  let quota = 0
  const deliveries = { keychain: 0, scwConfig: 0, reveal: 0 }
  const byOrg = new Map<string, Candidate[]>()
  for (const c of candidates) byOrg.set(c.organizationId, [...(byOrg.get(c.organizationId) ?? []), c])
  for (const [, list] of byOrg) {
    const planned: Array<{ c: Candidate; r: RotationParams }> = []
    for (const c of list) {
      const target = { kind: 'api_key' as const, id: c.accessKey, name: c.key?.description ? `${c.accessKey} (${c.key.description})` : c.accessKey }
      const base = { organizationId: c.organizationId, organizationName: c.organizationName, item: `${c.bearer?.label ?? 'API key'}: ${c.accessKey}`, target, expected: null, irreversible: false }
      const why = c.reason ?? overQuota.get(`${c.organizationId}:${c.accessKey}`) ?? null
      if (why !== null || !c.key || !c.bearer) {
        if (c.reason === null) quota++
        else cannot++
        steps.push({ ...base, action: 'apiKey.rotateCreate', params: {}, state: 'skipped', message: `Cannot be rotated: ${why ?? 'unknown key'}.` })
        continue
      }
      const profiles = ctx.scw ? scwProfilesUsing(ctx.scw.text, c.accessKey) : []
      const toScw = profiles.length > 0 && c.input.delivery !== 'reveal'
      const r: RotationParams = {
        oldAccessKey: c.accessKey,
        oldDescription: c.key.description,
        oldExpiresAt: c.key.expires_at,
        bearer: c.bearer,
        description: rotationDescription(c.input.description ?? c.key.description, c.accessKey),
        defaultProjectId: c.key.default_project_id || null,
        expiry: expiryOf(c.key, c.input.expiry, ctx.now),
        graceSeconds,
        delivery: c.self ? 'keychain' : toScw ? 'scwConfig' : 'reveal',
        scwConfigPath: ctx.scw && profiles.length > 0 ? ctx.scw.path : null,
        scwProfiles: profiles,
        updateScwConfig: toScw,
        self: c.self,
      }
      deliveries[r.delivery]++
      rotated++
      planned.push({ c, r })
    }
    // Phase by phase, IAM Desk's own key after every other key of its organization.
    const ordered = [...planned.filter((p) => !p.c.self), ...planned.filter((p) => p.c.self)]
    const others = ordered.filter((p) => !p.c.self)
    const own = ordered.filter((p) => p.c.self)
    for (const group of [others, own]) {
      for (const action of ACTIONS) {
        for (const { c, r } of group) {
          const target = { kind: 'api_key' as const, id: c.accessKey, name: c.key?.description ? `${c.accessKey} (${c.key.description})` : c.accessKey }
          const noScwNote = c.input.delivery === 'scwConfig' && r.scwProfiles.length === 0 ? ' (no profile of the Scaleway CLI config uses it)' : ''
          const note =
            action === 'apiKey.rotateCreate'
              ? `New key for ${r.bearer.label}: "${r.description}", default project ${r.defaultProjectId ?? 'the organization default'}, ${expiryText(r.expiry)}.${c.self ? " This is IAM Desk's own key for this organization: it is rotated last." : ''}`
              : action === 'apiKey.rotateVerify'
                ? 'Authenticate with the new key (retried for up to 2 minutes while Scaleway still refuses it); nothing is delivered before it works.'
                : action === 'apiKey.rotateDeliver'
                  ? `The new secret goes to ${deliveryText(r)}${noScwNote}.`
                  : `The old key ${c.accessKey} keeps working for ${durationText(graceSeconds)} after delivery, then expires; delete it with the finish, or roll back until then.`
          steps.push({ organizationId: c.organizationId, organizationName: c.organizationName, item: `${r.bearer.label}: ${c.accessKey}`, target, action, params: { rotation: r }, expected: null, state: 'pending', message: note, irreversible: false })
        }
      }
    }
  }
  if (steps.length === 0) throw new AppError('invalid_input', 'Choose at least one API key to rotate.')

  const orgs = new Set(steps.filter((s) => s.state === 'pending').map((s) => s.organizationId)).size
  const parts = [`${rotated} API key${rotated === 1 ? '' : 's'} to rotate in ${orgs} organization${orgs === 1 ? '' : 's'}`]
  if (cannot) parts.push(`${cannot} cannot be rotated`)
  if (quota) parts.push(`${quota} over the API-key quota`)
  if (rotated) {
    parts.push(`old keys expire ${durationText(graceSeconds)} after their new key is delivered`)
    const where = [
      deliveries.keychain ? `${deliveries.keychain} to IAM Desk's keychain` : '',
      deliveries.scwConfig ? `${deliveries.scwConfig} to the Scaleway CLI config` : '',
      deliveries.reveal ? `${deliveries.reveal} to reveal once` : '',
    ].filter(Boolean)
    parts.push(`new secrets: ${where.join(', ')}`)
  }
  parts.push(...quotaNotes)
  const title = rotated === 1 && candidates.length === 1 ? `Rotate API key ${candidates[0]!.accessKey}` : `Rotate ${candidates.length} API keys`
  return { kind: 'rotation', title, planText: parts.join('; '), steps }
}

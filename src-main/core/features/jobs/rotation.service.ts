// API-key rotation on the jobs engine (docs/rotation.md): plans the rotation, its finish and its
// rollback (the jobs service stores and applies them like any job), tells where each rotation
// stands from the journal, and reveals new secrets once. Every rotation is found again from the
// journal alone: the rotation job's four steps per key, and the finish or rollback steps that
// name it (params.rotation.rotationJobId).
import type { Job, JobStep, RevealedKey, RotationParams, RotationRef, RotationState, RotationStatus } from '../../../../src-preload/contract/jobs'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { WriteKit } from '../writes/services'
import type { GraceKey } from '../credentials/credentials.service'
import type { PlannedJob, PlannedStep } from './plan'
import { planRotation, type RotationPlanRequest } from './rotation.plan'
import { isAbsolute } from 'node:path'
import { homeRelative, readScwConfig, writeRevealed } from './rotation-scw'
import { RotationSecrets, rotationSecretNames } from './rotation-secrets'
import { graceOf, newKeyOf, rotationStepsOf, type RotationDeps, type RotationSteps } from './rotation.steps'

/** One key's rotation as the journal holds it. */
export interface RotationRecord {
  job: Job
  organizationId: string
  organizationName: string
  params: RotationParams
  steps: RotationSteps
  finish: JobStep | undefined
  rollback: JobStep | undefined
}

const ok = (s: JobStep | undefined) => s?.state === 'done' || s?.state === 'already'
const refKey = (jobId: string, organizationId: string, oldAccessKey: string) => `${jobId}:${organizationId}:${oldAccessKey}`

export class Rotations {
  constructor(
    private readonly cache: Cache,
    private readonly kit: WriteKit,
    private readonly deps: RotationDeps,
  ) {}

  async plan(req: RotationPlanRequest): Promise<PlannedJob> {
    const orgIds = [...new Set(req.keys.map((k) => k.organizationId))]
    const ownBearer = new Map<string, { type: 'user' | 'application'; id: string } | null>()
    for (const id of orgIds) {
      const profile = this.cache.organizations.get(id)
      if (!profile) continue
      const cached = this.cache.resources.get(id, 'api_keys', profile.accessKey)
      if (cached) ownBearer.set(id, cached.user_id ? { type: 'user', id: cached.user_id } : cached.application_id ? { type: 'application', id: cached.application_id } : null)
      else {
        // Not synced yet: ask Scaleway who holds IAM Desk's key (the guard does the same).
        try {
          const t = await this.kit.w.target(id)
          ownBearer.set(id, (await this.kit.guard.view(t.profile, t.client)).bearer)
        } catch {
          ownBearer.set(id, null)
        }
      }
    }
    const path = await this.deps.scwConfigPath()
    const text = path ? await readScwConfig(path).catch(() => null) : null
    const open = new Map<string, string>()
    for (const r of this.records()) {
      const st = this.#state(r)
      if (st.state === 'finished' || st.state === 'rolled_back' || (st.state === 'failed' && !st.canRollBack)) continue
      open.set(`${r.organizationId}:${r.params.oldAccessKey}`, r.job.id)
    }
    const scw = path && text !== null ? { path: homeRelative(path, this.deps.homeDir), text } : null
    return planRotation(this.cache, req, { now: this.deps.now(), ownBearer, scw, open })
  }

  /**
   * The keychain entries the rotations of one organization may hold (a pending new secret, a
   * previous secret kept for a rollback), named from the journal: the keychain cannot be listed.
   */
  secretNames(organizationId: string): string[] {
    return this.records()
      .filter((r) => r.organizationId === organizationId)
      .flatMap((r) => rotationSecretNames(r.job.id, r.params.oldAccessKey))
  }

  /** Every rotation in the journal, newest job first. */
  records(): RotationRecord[] {
    const summaries = this.cache.jobs.list(1_000_000)
    const closers = new Map<string, { finish?: JobStep; rollback?: JobStep }>()
    const rotationJobs: Job[] = []
    for (const s of summaries) {
      if (s.kind === 'rotation') {
        const job = this.cache.jobs.get(s.id)
        if (job) rotationJobs.push(job)
        continue
      }
      if (s.kind !== 'rotationFinish' && s.kind !== 'rotationRollback') continue
      for (const step of this.cache.jobs.steps(s.id)) {
        const r = step.params.rotation
        if (!r?.rotationJobId) continue
        const key = refKey(r.rotationJobId, step.organizationId, r.oldAccessKey)
        const c = closers.get(key) ?? {}
        const slot = step.action === 'apiKey.rotateFinish' ? 'finish' : 'rollback'
        // The one that went through wins over a skipped or failed one.
        if (!c[slot] || (ok(step) && !ok(c[slot]))) c[slot] = step
        closers.set(key, c)
      }
    }
    const out: RotationRecord[] = []
    for (const job of rotationJobs) {
      for (const create of job.steps) {
        if (create.action !== 'apiKey.rotateCreate' || !create.params.rotation) continue
        const params = create.params.rotation
        const c = closers.get(refKey(job.id, create.organizationId, params.oldAccessKey)) ?? {}
        out.push({
          job,
          organizationId: create.organizationId,
          organizationName: create.organizationName,
          params,
          steps: rotationStepsOf(job.steps, create.organizationId, params.oldAccessKey),
          finish: c.finish,
          rollback: c.rollback,
        })
      }
    }
    return out
  }

  #state(r: RotationRecord): { state: RotationState; graceEndsAt: string | null; canRollBack: boolean; message: string | null } {
    const s = r.steps
    const all = [s.create, s.verify, s.deliver, s.grace]
    const last = [...all, r.finish, r.rollback].filter((x): x is JobStep => !!x && x.finishedAt !== null).sort((a, b) => (a.finishedAt! < b.finishedAt! ? -1 : 1)).at(-1)
    const message = last?.message ?? null
    const g = graceOf(s.grace)
    const graceEndsAt = ok(s.grace) ? (g?.graceEndsAt ?? s.grace?.finishedAt ?? null) : null
    const sent = (s.create?.attempts ?? 0) > 0
    if (ok(r.rollback)) return { state: 'rolled_back', graceEndsAt: null, canRollBack: false, message }
    if (ok(r.finish)) return { state: 'finished', graceEndsAt, canRollBack: false, message }
    if (ok(s.grace)) {
      const due = graceEndsAt !== null && Date.parse(graceEndsAt) <= this.deps.now().getTime()
      return { state: due ? 'due' : 'in_grace', graceEndsAt, canRollBack: true, message }
    }
    const stopped = all.some((x) => x?.state === 'failed' || x?.state === 'skipped') || ['finished', 'abandoned', 'cancelled'].includes(r.job.state)
    return { state: stopped ? 'failed' : 'in_progress', graceEndsAt: null, canRollBack: sent, message }
  }

  /**
   * The old keys waiting in their grace period (or past it, not finished yet): what the
   * credential report shows as "in grace until …, replaced by …". No keychain read.
   */
  waitingInGrace(): GraceKey[] {
    const out: GraceKey[] = []
    for (const r of this.records()) {
      const st = this.#state(r)
      if ((st.state !== 'in_grace' && st.state !== 'due') || !st.graceEndsAt) continue
      out.push({ organizationId: r.organizationId, oldAccessKey: r.params.oldAccessKey, newAccessKey: newKeyOf(r.steps.create), graceEndsAt: st.graceEndsAt, jobId: r.job.id })
    }
    return out
  }

  async status(filter: { organizationId?: string | undefined; states?: readonly RotationState[] | undefined } = {}): Promise<RotationStatus[]> {
    const out: RotationStatus[] = []
    for (const r of this.records()) {
      if (filter.organizationId && r.organizationId !== filter.organizationId) continue
      const st = this.#state(r)
      if (filter.states?.length && !filter.states.includes(st.state)) continue
      out.push({
        jobId: r.job.id,
        organizationId: r.organizationId,
        organizationName: r.organizationName,
        oldAccessKey: r.params.oldAccessKey,
        newAccessKey: newKeyOf(r.steps.create),
        bearerLabel: r.params.bearer.label,
        delivery: r.params.delivery,
        self: r.params.self,
        state: st.state,
        graceEndsAt: st.graceEndsAt,
        awaitingReveal: await this.#awaitingReveal(r),
        canRollBack: st.canRollBack,
        message: st.message,
      })
    }
    return out
  }

  async #awaitingReveal(r: RotationRecord): Promise<boolean> {
    if (!ok(r.steps.deliver) || ok(r.rollback)) return false
    const profile = this.cache.organizations.get(r.organizationId)
    if (!profile) return false
    const held = await new RotationSecrets(this.deps.vault, profile.secretStorage).pending(r.job.id, r.params.oldAccessKey).catch(() => null)
    return held !== null
  }

  /**
   * The job's new secrets waiting to be revealed, in this answer only: each is deleted from the
   * keychain as the answer is made, so no second call returns it.
   */
  async reveal(jobId: string, exportTo?: { path: string; format: 'env' | 'json' }): Promise<{ keys: RevealedKey[]; waiting: number; exported: boolean }> {
    const job = this.cache.jobs.get(jobId)
    if (!job) throw new AppError('not_in_desk', 'This job is not in IAM Desk.')
    if (job.kind !== 'rotation') throw new AppError('invalid_input', 'Only a key rotation has secrets to reveal.')
    if (exportTo && !isAbsolute(exportTo.path)) throw new AppError('invalid_input', 'Choose where to save the file (a full path).', { field: 'path' })
    const keys: RevealedKey[] = []
    const drop: Array<() => Promise<void>> = []
    let waiting = 0
    for (const r of this.records().filter((x) => x.job.id === jobId)) {
      if (ok(r.rollback)) continue
      if (!ok(r.steps.deliver)) {
        if (r.params.delivery === 'reveal' && this.#state(r).state === 'in_progress') waiting++
        continue
      }
      const profile = this.cache.organizations.get(r.organizationId)
      if (!profile) continue
      const secrets = new RotationSecrets(this.deps.vault, profile.secretStorage)
      const held = await secrets.pending(jobId, r.params.oldAccessKey)
      if (!held) continue
      keys.push({
        organizationId: r.organizationId,
        organizationName: r.organizationName,
        oldAccessKey: r.params.oldAccessKey,
        accessKey: held.accessKey,
        secretKey: held.secret.reveal(),
        description: r.params.description,
        bearerLabel: r.params.bearer.label,
      })
      drop.push(() => secrets.dropPending(jobId, r.params.oldAccessKey))
    }
    // Written before the keychain entries go: if the file cannot be written, nothing is lost.
    let exported = false
    if (exportTo && keys.length > 0) {
      await writeRevealed(exportTo.path, exportTo.format, keys)
      exported = true
    }
    for (const d of drop) await d()
    return { keys, waiting, exported }
  }

  #select(refs: readonly RotationRef[] | undefined, records: RotationRecord[]): RotationRecord[] {
    if (!refs) return records
    const wanted = new Set(refs.map((r) => `${r.jobId}:${r.oldAccessKey}`))
    const found = records.filter((r) => wanted.has(`${r.job.id}:${r.params.oldAccessKey}`))
    if (found.length === 0) throw new AppError('not_in_desk', 'None of these rotations is in IAM Desk.')
    return found
  }

  #closer(r: RotationRecord, action: 'apiKey.rotateFinish' | 'apiKey.rotateRollback', state: PlannedStep['state'], message: string | null): PlannedStep {
    const old = r.params.oldAccessKey
    const create = r.steps.create
    return {
      organizationId: r.organizationId,
      organizationName: r.organizationName,
      item: `${r.params.bearer.label}: ${old}`,
      target: create?.target ?? { kind: 'api_key', id: old, name: old },
      action,
      params: { rotation: { ...r.params, rotationJobId: r.job.id, newAccessKey: newKeyOf(create) } },
      expected: null,
      state,
      message,
      irreversible: true,
    }
  }

  /** Deletes the old keys whose grace period is over (every due one when `refs` is left out). */
  async planFinish(refs?: readonly RotationRef[]): Promise<PlannedJob> {
    const chosen = this.#select(refs, this.records())
    const steps: PlannedStep[] = []
    let due = 0
    for (const r of chosen) {
      const st = this.#state(r)
      if (!refs && st.state !== 'due') continue
      const newAk = newKeyOf(r.steps.create)
      if (st.state !== 'due') {
        const why =
          st.state === 'in_grace'
            ? `its grace period runs until ${st.graceEndsAt}`
            : st.state === 'finished'
              ? 'it is finished already'
              : st.state === 'rolled_back'
                ? 'it was rolled back'
                : st.state === 'failed'
                  ? 'the rotation did not complete (roll it back instead)'
                  : 'the rotation is still under way'
        steps.push(this.#closer(r, 'apiKey.rotateFinish', 'skipped', `Not deleted: ${why}.`))
        continue
      }
      if (await this.#awaitingReveal(r)) {
        steps.push(this.#closer(r, 'apiKey.rotateFinish', 'skipped', `Not deleted: the new secret of ${newAk} has not been revealed yet. Reveal it first.`))
        continue
      }
      due++
      steps.push(this.#closer(r, 'apiKey.rotateFinish', 'pending', `Deletes the old key ${r.params.oldAccessKey} (its grace period ended ${st.graceEndsAt}); ${newAk} replaces it.`))
    }
    if (steps.length === 0) throw new AppError('invalid_input', 'No rotation is waiting for its finish.')
    const orgs = new Set(steps.map((s) => s.organizationId)).size
    const skipped = steps.length - due
    return {
      kind: 'rotationFinish',
      title: due === 1 ? `Finish the rotation of ${steps.find((s) => s.state === 'pending')!.target.id}` : `Finish ${due} key rotations`,
      planText: `${due} old key${due === 1 ? '' : 's'} to delete (irreversible) in ${orgs} organization${orgs === 1 ? '' : 's'}${skipped ? `, ${skipped} not due` : ''}`,
      steps,
    }
  }

  /** Back to the old keys, until the finish: expiry and credentials restored, new keys deleted. */
  async planRollback(refs: readonly RotationRef[]): Promise<PlannedJob> {
    const chosen = this.#select(refs, this.records())
    const steps: PlannedStep[] = []
    let n = 0
    for (const r of chosen) {
      const st = this.#state(r)
      const newAk = newKeyOf(r.steps.create)
      if (st.state === 'rolled_back') steps.push(this.#closer(r, 'apiKey.rotateRollback', 'already', 'Already rolled back.'))
      else if (st.state === 'finished') steps.push(this.#closer(r, 'apiKey.rotateRollback', 'skipped', `Cannot be rolled back: the old key ${r.params.oldAccessKey} was deleted by the finish.`))
      else if (!st.canRollBack) steps.push(this.#closer(r, 'apiKey.rotateRollback', 'skipped', 'Nothing to roll back: nothing was sent for this key.'))
      else if (r.job.state === 'running') steps.push(this.#closer(r, 'apiKey.rotateRollback', 'skipped', 'Not now: the rotation is running. Cancel it first, then roll back.'))
      else {
        n++
        const restore = r.params.oldExpiresAt ? `its expiry back to ${r.params.oldExpiresAt}` : 'no expiry set by the rotation left near (Scaleway cannot remove an expiry: it is moved as far out as the organization accepts)'
        const creds = r.params.self ? ", IAM Desk's keychain entry back to the old secret" : r.params.updateScwConfig ? ', the Scaleway CLI profiles back to the old key' : ''
        steps.push(this.#closer(r, 'apiKey.rotateRollback', 'pending', `Keeps ${r.params.oldAccessKey} (${restore}${creds}) and deletes the new key${newAk ? ` ${newAk}` : ''} (irreversible).`))
      }
    }
    // IAM Desk's own key last in its organization: the others run with the credentials it had.
    const ordered = [...steps.filter((s) => !s.params.rotation?.self), ...steps.filter((s) => s.params.rotation?.self)]
    const orgs = new Set(ordered.filter((s) => s.state === 'pending').map((s) => s.organizationId)).size
    return {
      kind: 'rotationRollback',
      title: n === 1 ? `Roll back the rotation of ${ordered.find((s) => s.state === 'pending')!.target.id}` : `Roll back ${n} key rotations`,
      planText: `${n} rotation${n === 1 ? '' : 's'} to roll back in ${orgs} organization${orgs === 1 ? '' : 's'}${ordered.length > n ? `, ${ordered.length - n} that cannot or need not be` : ''}`,
      steps: ordered,
    }
  }
}

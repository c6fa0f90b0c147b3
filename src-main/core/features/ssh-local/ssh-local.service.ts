// SSH keys from this computer (docs/ssh-keys.md): the local keys (SSH folder, ssh-agent, picked
// files) merged by key, the matrix of local keys × organizations from the cache, and the plans of
// the upload, enable and remove jobs. The upload plan reads each organization's keys fresh from
// Scaleway (and its steps read again before they create), so a stale cache never makes a
// duplicate. SSH keys never authenticate IAM Desk to the API: the self-lockout guard has nothing
// to judge here.
import path from 'node:path'
import type { SshKey } from '../../../../domain/schemas'
import type { FileVerdict, KeyMatrix, LocalKey, LocalKeySource, LocalScan, MatrixColumn, PickedFile, ReadFileAnswer, RemoteKey, UploadItem, CellState } from '../../../../src-preload/contract/ssh-local'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import type { WriteKit } from '../writes/services'
import type { PlannedJob, PlannedStep } from '../jobs/plan'
import { readChosenFile, readKeyFolder, readKeyText, type FileReading } from './key-folder'
import { blobOf, parsePublicKeyLine, type ParsedPublicKey } from './public-key'
import type { AgentReading } from './ssh-agent'

export interface SshLocalDeps {
  cache: Cache
  kit: WriteKit
  /** The folder setting (null: .ssh in the home folder). */
  folderSetting: () => string | null
  homeDir: string
  hostName: string
  /** The ssh-agent's keys (SSH_AUTH_SOCK of the app's environment). */
  readAgent: () => Promise<AgentReading>
  /** Electron's native file dialog (absent in browser mode): the chosen paths, [] when cancelled. */
  chooseFiles?: (defaultFolder: string) => Promise<string[]>
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const verdictOf = (r: FileReading): FileVerdict => ({ name: r.name, path: r.path, verdict: r.verdict, reason: r.reason, keys: r.keys.length })

export class SshLocalService {
  readonly #d: SshLocalDeps

  constructor(deps: SshLocalDeps) {
    this.#d = deps
  }

  folder(): { folder: string; fromSetting: boolean } {
    const set = this.#d.folderSetting()
    return set ? { folder: set, fromSetting: true } : { folder: path.join(this.#d.homeDir, '.ssh'), fromSetting: false }
  }

  /** Every local key, merged by key: the same key in two files and the agent is one row. */
  async scan(picked: readonly PickedFile[] = []): Promise<LocalScan> {
    const { folder, fromSetting } = this.folder()
    const [reading, agent] = await Promise.all([readKeyFolder(folder), this.#d.readAgent()])
    const keys = new KeyMerger(this.#d.hostName)
    for (const f of reading.files) for (const k of f.keys) keys.add(k, { kind: 'file', path: f.path, line: k.line }, f.name)
    if (agent.state === 'running') for (const k of agent.keys) keys.add(k, { kind: 'agent' }, 'ssh-agent')
    const pickedReadings = picked.map((p) => readKeyText(Buffer.from(p.text, 'utf8'), p.name))
    for (const f of pickedReadings) for (const k of f.keys) keys.add(k, { kind: 'picked', name: f.name }, f.name)
    return {
      folder,
      folderFromSetting: fromSetting,
      folderExists: reading.exists,
      files: reading.files.map(verdictOf),
      agent:
        agent.state === 'running'
          ? { state: 'running', message: `${plural(agent.keys.length, 'key')} in the ssh-agent${agent.skipped ? ` (${agent.skipped} of a type IAM Desk does not read)` : ''}.`, keys: agent.keys.length }
          : { state: agent.state, message: agent.message, keys: 0 },
      picked: pickedReadings.map(verdictOf),
      keys: keys.list(),
      hostName: this.#d.hostName,
    }
  }

  async matrix(picked: readonly PickedFile[] = []): Promise<KeyMatrix> {
    const scan = await this.scan(picked)
    const orgs = this.#d.cache.organizations.list()
    const remoteByOrg = new Map(orgs.map((o) => [o.id, this.#d.cache.resources.list(o.id, 'ssh_keys').map((k) => ({ key: k, blob: blobOf(k.public_key) }))]))
    const localBlobs = new Set(scan.keys.map((k) => blobOf(k.publicKey)))
    const organizations = orgs.map((o) => {
      // Named projects from the projects sync, then any other project the keys are in; the default first.
      const names = new Map<string, string | null>(this.#d.cache.resources.list(o.id, 'projects').map((p) => [p.id, p.name]))
      for (const r of remoteByOrg.get(o.id) ?? []) if (!names.has(r.key.project_id)) names.set(r.key.project_id, null)
      if (o.defaultProjectId && !names.has(o.defaultProjectId)) names.set(o.defaultProjectId, null)
      const projects = [...names].map(([id, name]) => ({ id, name })).sort((a, b) => Number(b.id === o.defaultProjectId) - Number(a.id === o.defaultProjectId) || (a.name ?? a.id).localeCompare(b.name ?? b.id))
      return { id: o.id, name: o.name, defaultProjectId: o.defaultProjectId, lastSyncAt: o.lastSyncAt, projects }
    })
    const columns = organizations.flatMap((o) => columnsOf(o, remoteByOrg.get(o.id) ?? []))
    const rows = scan.keys.map((key) => {
      const blob = blobOf(key.publicKey)
      return {
        key,
        cells: columns.map((col) => {
          // A split column holds the copies in its project only; a single column, all of them (they sit in its project).
          const remote = (remoteByOrg.get(col.organizationId) ?? [])
            .filter((r) => r.blob === blob && (!col.split || r.key.project_id === col.projectId))
            .map((r) => remoteKey(col.organizationId, r.key))
          return { organizationId: col.organizationId, projectId: col.projectId, state: cellState(key, remote), remote }
        }),
      }
    })
    const remoteOnly = orgs
      .flatMap((o) =>
        (remoteByOrg.get(o.id) ?? [])
          .filter((r) => r.blob === null || !localBlobs.has(r.blob))
          .map((r) => ({ ...remoteKey(o.id, r.key), organizationName: o.name, type: r.key.public_key.split(/\s+/)[0] ?? '' })),
      )
      .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))
    return { scan, organizations, columns, rows, remoteOnly }
  }

  /** A picked or dropped file's text, read by the same rules as a file of the folder. */
  readFile(file: PickedFile): ReadFileAnswer {
    return answerOf(readKeyText(Buffer.from(file.text, 'utf8'), file.name), this.#d.hostName)
  }

  async chooseFiles(): Promise<{ available: boolean; files: ReadFileAnswer[] }> {
    if (!this.#d.chooseFiles) return { available: false, files: [] }
    const chosen = await this.#d.chooseFiles(this.folder().folder)
    const files: ReadFileAnswer[] = []
    for (const p of chosen.slice(0, 50)) files.push(answerOf(await readChosenFile(p), this.#d.hostName))
    return { available: true, files }
  }

  /**
   * One step per key and organization. The organization's keys are read from Scaleway now (the
   * cache is refreshed with them), so a key added since the last sync is planned as skipped.
   */
  async planUpload(items: readonly UploadItem[]): Promise<PlannedJob> {
    const steps: PlannedStep[] = []
    const byOrg = new Map<string, UploadItem[]>()
    for (const i of items) byOrg.set(i.organizationId, [...(byOrg.get(i.organizationId) ?? []), i])
    let uploads = 0
    let already = 0
    let refused = 0
    for (const [orgId, list] of byOrg) {
      const t = await this.#d.kit.w.target(orgId)
      const fresh = await this.#d.kit.w.read(() => t.client.listSshKeys({ organization_id: orgId }))
      this.#refreshCache(orgId, fresh)
      // Keys are project-scoped: "already there" means this blob in the step's project.
      const there = new Map(fresh.map((k) => [`${k.project_id} ${blobOf(k.public_key)}`, k]))
      const planned = new Set<string>()
      for (const item of list) {
        const parsed = parsePublicKeyLine(item.publicKey)
        if ('problem' in parsed) throw new AppError('invalid_input', `"${item.name}": ${parsed.message}`)
        const projectId = item.projectId ?? t.profile.defaultProjectId ?? t.profile.id
        const base = {
          organizationId: orgId,
          organizationName: t.profile.name,
          item: `${item.name} (${parsed.sha256.split(' ')[1]})`,
          target: { kind: 'ssh_key' as const, id: parsed.sha256.split(' ')[1] ?? '', name: item.name },
          action: 'sshKey.create' as const,
          params: { sshKey: { publicKey: parsed.publicKey, name: item.name, projectId } },
          expected: null,
          irreversible: false,
        }
        const existing = there.get(`${projectId} ${parsed.blob}`)
        const notAccepted = parsed.flags.find((f) => f.code === 'not_accepted')
        if (notAccepted) {
          refused++
          steps.push({ ...base, state: 'skipped', message: notAccepted.reason })
        } else if (existing) {
          already++
          steps.push({ ...base, state: 'skipped', message: `Already there as "${existing.name}"${existing.disabled ? ' (disabled)' : ''}: not uploaded again.` })
        } else if (planned.has(`${projectId} ${parsed.blob}`)) {
          already++
          steps.push({ ...base, state: 'skipped', message: 'The same key is already in this plan for this project.' })
        } else {
          uploads++
          planned.add(`${projectId} ${parsed.blob}`)
          steps.push({ ...base, state: 'pending', message: null })
        }
      }
    }
    const parts = [plural(byOrg.size, 'organization'), plural(uploads, 'upload'), `${already} already there`]
    if (refused) parts.push(`${refused} not accepted by Scaleway`)
    return { kind: 'sshUpload', title: 'Upload SSH keys', planText: parts.join(', '), steps }
  }

  planEnable(keys: ReadonlyArray<{ organizationId: string; id: string }>): PlannedJob {
    const steps = keys.map((k) => this.#keyStep(k, 'sshKey.enable'))
    const orgs = new Set(keys.map((k) => k.organizationId)).size
    return { kind: 'sshEnable', title: 'Enable SSH keys', planText: `${plural(orgs, 'organization')}, ${plural(steps.length, 'key')} to enable`, steps }
  }

  planRemove(keys: ReadonlyArray<{ organizationId: string; id: string }>): PlannedJob {
    const steps = keys.map((k) => this.#keyStep(k, 'sshKey.delete'))
    const orgs = new Set(keys.map((k) => k.organizationId)).size
    return {
      kind: 'sshRemove',
      title: 'Remove SSH keys',
      planText: `${plural(orgs, 'organization')}, ${plural(steps.length, 'SSH key')} deleted (cannot be undone)`,
      steps,
    }
  }

  #keyStep(ref: { organizationId: string; id: string }, action: 'sshKey.enable' | 'sshKey.delete'): PlannedStep {
    const org = this.#d.cache.organizations.list().find((o) => o.id === ref.organizationId)
    if (!org) throw new AppError('not_in_desk', 'This organization is not in IAM Desk.')
    const key = this.#d.cache.resources.get(org.id, 'ssh_keys', ref.id)
    if (!key) throw new AppError('not_in_desk', `This SSH key is not in ${org.name} (as of the last sync).`)
    return {
      organizationId: org.id,
      organizationName: org.name,
      item: `${key.name} (${key.fingerprint})`,
      target: { kind: 'ssh_key', id: key.id, name: key.name },
      action,
      params: {},
      expected: null,
      state: 'pending',
      message: null,
      irreversible: action === 'sshKey.delete',
    }
  }

  /** The organization's SSH keys in the cache become exactly what Scaleway just answered. */
  #refreshCache(orgId: string, fresh: readonly SshKey[]): void {
    const r = this.#d.cache.resources
    const ids = new Set(fresh.map((k) => k.id))
    this.#d.cache.db.transaction(() => {
      for (const k of r.list(orgId, 'ssh_keys')) if (!ids.has(k.id)) r.remove(orgId, 'ssh_keys', k.id)
      for (const k of fresh) r.upsert(orgId, 'ssh_keys', k)
    })()
  }
}

/**
 * An organization's columns: one per project when its SSH keys sit in more than one project (the
 * default project first), else one column for the project they are in (the default project when
 * it has none). Scaleway's SSH keys carry a project; matching and uploads follow the column's.
 */
function columnsOf(o: KeyMatrix['organizations'][number], remote: ReadonlyArray<{ key: SshKey }>): MatrixColumn[] {
  const used = new Set(remote.map((r) => r.key.project_id))
  const inUse = o.projects.filter((p) => used.has(p.id))
  if (inUse.length > 1) return inUse.map((p) => ({ organizationId: o.id, projectId: p.id, projectName: p.name, split: true }))
  const only = inUse[0] ?? o.projects.find((p) => p.id === o.defaultProjectId) ?? null
  return [{ organizationId: o.id, projectId: only?.id ?? null, projectName: only?.name ?? null, split: false }]
}

function remoteKey(organizationId: string, k: SshKey): RemoteKey {
  return { organizationId, id: k.id, name: k.name, disabled: k.disabled, projectId: k.project_id, fingerprint: k.fingerprint, createdAt: k.created_at }
}

function cellState(key: LocalKey, remote: readonly RemoteKey[]): CellState {
  if (!key.accepted) return 'not_accepted'
  if (remote.length === 0) return 'missing'
  const enabled = remote.filter((r) => !r.disabled)
  if (enabled.length === 0) return 'present_disabled'
  return enabled.some((r) => r.name === key.suggestedName || (key.comment !== '' && r.name === key.comment)) ? 'present' : 'present_other_name'
}

function answerOf(r: FileReading, hostName: string): ReadFileAnswer {
  const keys = new KeyMerger(hostName)
  for (const k of r.keys) keys.add(k, { kind: 'picked', name: r.name }, r.name)
  return { file: verdictOf(r), keys: keys.list() }
}

/** Local keys by blob, with every place each was found. */
class KeyMerger {
  readonly #byBlob = new Map<string, LocalKey>()
  constructor(readonly hostName: string) {}

  add(k: ParsedPublicKey, source: LocalKeySource, fileName: string): void {
    const had = this.#byBlob.get(k.blob)
    if (had) {
      had.sources.push(source)
      if (!had.comment && k.comment) Object.assign(had, { comment: k.comment, publicKey: k.publicKey, sha256: k.sha256, md5: k.md5, suggestedName: k.comment })
      return
    }
    this.#byBlob.set(k.blob, {
      id: k.sha256.split(' ')[1] ?? k.blob,
      type: k.type,
      bits: k.bits,
      comment: k.comment,
      publicKey: k.publicKey,
      sha256: k.sha256,
      md5: k.md5,
      sources: [source],
      flags: k.flags,
      accepted: !k.flags.some((f) => f.code === 'not_accepted'),
      suggestedName: k.comment || `${fileName}@${this.hostName}`,
    })
  }

  list(): LocalKey[] {
    return [...this.#byBlob.values()]
  }
}

// The Terraform export's side effects: reads each organization's IAM from the cache for the
// pure generator (generate.ts), and writes the files into the folder the user picks in the
// shell's native dialog (injected: core never imports electron). Browser mode has no dialog: a
// browser cannot write into a folder, so the renderer downloads the previewed files instead.
import { constants } from 'node:fs'
import { access, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ApiKey, Application, Group, Policy, Rule, SshKey, User } from '../../../../domain/schemas'
import { AppError } from '../../errors/app-error'
import type { Cache } from '../../platform/cache/cache'
import { parseStored } from '../../platform/cache/stored-json'
import type { TerraformFile, TerraformInput, TerraformSaved } from '../../../../src-preload/contract/terraform'
import type { ProjectNames } from '../policy-analysis/policy-reader'
import { fileNames, generateOrganization, type OrganizationIam } from './generate'

/** Asks the user for a folder; null = cancelled. Absent in browser mode. */
export type ChooseFolder = (title: string) => Promise<string | null>

export class TerraformService {
  readonly #cache: Cache
  readonly #chooseFolder: ChooseFolder | undefined
  readonly #projectNames: ProjectNames | undefined

  /** `projectNames`: once project sync fills the cache, each project id gets its name beside it. */
  constructor(cache: Cache, chooseFolder?: ChooseFolder, projectNames?: ProjectNames) {
    this.#cache = cache
    this.#chooseFolder = chooseFolder
    this.#projectNames = projectNames
  }

  preview(input: TerraformInput): { files: TerraformFile[] } {
    const orgs = [...new Set(input.organizationIds)].map((id) => {
      const org = this.#cache.organizations.get(id)
      if (!org) throw new AppError('not_in_desk', 'This organization is not in IAM Desk any more.', { organizationId: id })
      return org
    })
    const names = fileNames(orgs)
    return {
      files: orgs.map((org, i) => {
        const file = generateOrganization(this.#read(org.id, org.name, org.lastSyncAt, org.accessKey), names[i]!)
        return { organizationId: org.id, organizationName: org.name, ...file }
      }),
    }
  }

  async save(input: TerraformInput): Promise<TerraformSaved> {
    if (!this.#chooseFolder) {
      throw new AppError('invalid_input', 'Saving to a folder needs the desktop app; in the browser, download the files from the preview.')
    }
    const { files } = this.preview(input)
    const folder = await this.#chooseFolder(files.length === 1 ? `Save the Terraform of ${files[0]!.organizationName}` : `Save the Terraform of ${files.length} organizations`)
    if (folder === null) return { status: 'cancelled' }
    // Each organization is a root module of its own (its own provider credentials): a subfolder
    // named like its file. Nothing is overwritten: a file already there stops the save first.
    const targets = files.map((f) => ({ file: f, relative: path.join(f.fileName.replace(/\.tf$/, ''), f.fileName) }))
    const existing: string[] = []
    for (const t of targets) if (await exists(path.join(folder, t.relative))) existing.push(t.relative)
    if (existing.length > 0) {
      throw new AppError('state_conflict', `The folder already holds ${existing.join(', ')}. Nothing was written: choose another folder or move those files away.`, { files: existing })
    }
    for (const t of targets) {
      await mkdir(path.dirname(path.join(folder, t.relative)), { recursive: true })
      await writeFile(path.join(folder, t.relative), t.file.text, { encoding: 'utf8', flag: 'wx' })
    }
    return { status: 'saved', folder, files: targets.map((t) => t.relative) }
  }

  #read(organizationId: string, name: string, lastSyncedAt: string | null, ownAccessKey: string): OrganizationIam {
    const db = this.#cache.db
    const all = <T,>(table: string): T[] =>
      db
        .prepare<[string], { json: string }>(`SELECT json FROM ${table} WHERE organization_id = ? ORDER BY id`)
        .all(organizationId)
        .map((r) => parseStored(r.json) as T)
    const rules = db
      .prepare<[string], { policy_id: string; json: string }>('SELECT policy_id, json FROM rules WHERE organization_id = ? ORDER BY policy_id, position')
      .all(organizationId)
    const rulesOf = new Map<string, Rule[]>()
    for (const r of rules) {
      const list = rulesOf.get(r.policy_id) ?? []
      list.push(parseStored(r.json) as Rule)
      rulesOf.set(r.policy_id, list)
    }
    return {
      organization: { id: organizationId, name, lastSyncedAt, ownAccessKey },
      users: all<User>('users'),
      applications: all<Application>('applications'),
      groups: all<Group>('groups'),
      policies: all<Policy>('policies').map((policy) => ({ policy, rules: rulesOf.get(policy.id) ?? [] })),
      apiKeys: all<ApiKey>('api_keys'),
      sshKeys: all<SshKey>('ssh_keys'),
      ...projectNamesOf(this.#projectNames?.(organizationId)),
    }
  }
}

const projectNamesOf = (names: ReadonlyMap<string, string> | undefined) => (names ? { projectNames: names } : {})

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, constants.F_OK)
    return true
  } catch {
    return false
  }
}

// Each organization's projects, so the project ids IAM gives (rule scopes, API keys' and SSH keys'
// default project, the credential report) read as names, and ProjectPicker can offer them.
// Loaded on first use and again after every sync and organizations change; where the credential
// may not list projects (`denied`), ids stay ids and `reasonOf` says why.
import type { IamBridge, OrganizationProjects, ProjectRef } from '../../../src-preload/contract'

export class ProjectsState {
  byOrg = $state.raw<Readonly<Record<string, OrganizationProjects>>>({})
  readonly #iam: IamBridge
  #started = false
  #seq = 0

  constructor(iam: IamBridge) {
    this.#iam = iam
  }

  /** Starts loading (once); every reader calls it, so nothing loads before a project is shown. */
  ensure(): void {
    if (this.#started) return
    this.#started = true
    this.#iam.onSyncFinished(() => void this.load())
    this.#iam.onOrgsChanged(() => void this.load())
    void this.load()
  }

  async load(): Promise<void> {
    const mine = ++this.#seq
    const r = await this.#iam.projectsList({})
    if (mine !== this.#seq || !r.ok) return
    this.byOrg = Object.fromEntries(r.value.map((o) => [o.organizationId, o]))
  }

  /** The organization's projects by name (empty when unknown or denied). */
  of(organizationId: string): readonly ProjectRef[] {
    this.ensure()
    return this.byOrg[organizationId]?.projects ?? []
  }

  /** A project's name, or null when it is not known (denied, not synced, another organization's). */
  nameOf(organizationId: string, projectId: string | null | undefined): string | null {
    if (!projectId) return null
    return this.of(organizationId).find((p) => p.id === projectId)?.name ?? null
  }

  /** Why names are missing in this organization, or null when they are listed / not read yet. */
  reasonOf(organizationId: string): string | null {
    this.ensure()
    const o = this.byOrg[organizationId]
    return o?.status === 'denied' ? o.reason : null
  }
}

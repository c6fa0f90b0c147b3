// Write actions: which write dialog is open, and a counter that moves every time main reports a
// write applied to the cache (`writes.applied`), so lists and detail panes that read `version`
// query the cache again without a full sync.
import { iam } from '../lib/iam'
import type { AppErrorShape, ApiObject, BrowseRow, EventPayload } from '../../../src-preload/contract'
import { app } from './app.svelte'

/** The object an action is about, with its organization (named in every confirmation). */
export interface WriteTarget {
  organizationId: string
  organizationName: string
  item: ApiObject
  relations?: Record<string, unknown>
}

export type CreatableKind = 'users' | 'applications' | 'groups' | 'policies' | 'api_keys' | 'ssh_keys'

export type WriteDialog =
  | { type: 'create'; kind: CreatableKind; organizationId?: string }
  | { type: 'sshKey.rename'; target: WriteTarget }
  | { type: 'sshKey.delete'; target: WriteTarget }
  | { type: 'application.edit'; target: WriteTarget }
  | { type: 'application.delete'; target: WriteTarget }
  | { type: 'apiKey.create'; organizationId: string; bearer?: { type: 'user' | 'application'; id: string; name: string } }
  | { type: 'apiKey.edit'; target: WriteTarget }
  | { type: 'apiKey.delete'; target: WriteTarget }
  | { type: 'group.edit'; target: WriteTarget }
  | { type: 'group.delete'; target: WriteTarget }
  | { type: 'group.addMembers'; target: WriteTarget }
  | { type: 'group.removeMember'; target: WriteTarget }
  | { type: 'group.setMembers'; target: WriteTarget }
  | { type: 'user.edit'; target: WriteTarget }
  | { type: 'user.lock'; target: WriteTarget }
  | { type: 'user.password'; target: WriteTarget }
  | { type: 'user.delete'; target: WriteTarget }
  | { type: 'policy.edit'; target: WriteTarget }
  | { type: 'policy.rules'; target: WriteTarget }
  | { type: 'policy.delete'; target: WriteTarget }
  | { type: 'jwt.revoke'; target: WriteTarget }

class WritesState {
  /** Bumped on every `writes.applied`: read it to re-query after a write. */
  version = $state(0)
  lastApplied = $state.raw<EventPayload<'writes.applied'> | null>(null)
  /** What the last write did, for the screen-reader status (the lists show it to the eye). */
  lastMessage = $state('')
  dialog = $state.raw<WriteDialog | null>(null)
  /** Per organization: why writes were refused (PERMISSION_DENIED), until a write there succeeds. */
  denied = $state.raw<Record<string, string>>({})

  /** Why every write is disabled right now (offline), or null. */
  get blockedReason(): string | null {
    return app.writeBlockedReason
  }

  /** Why writes in this organization are disabled (offline, or refused for lack of rights). */
  reasonFor(organizationId: string): string | null {
    return this.blockedReason ?? this.denied[organizationId] ?? null
  }

  noteDenied(organizationId: string, error: AppErrorShape): void {
    this.denied = { ...this.denied, [organizationId]: `The API key IAM Desk uses for this organization was refused: ${error.message}` }
  }

  /** The organization the open dialog acts on. */
  get dialogOrganization(): string | null {
    const d = this.dialog
    if (!d) return null
    if ('target' in d) return d.target.organizationId
    return d.organizationId ?? null
  }

  open(dialog: WriteDialog): void {
    this.dialog = dialog
  }

  close(): void {
    this.dialog = null
  }

  /** Call after a write answered ok: the event normally does it, this covers a lost event. */
  applied(): void {
    this.version++
  }

  listen(): () => void {
    return iam.onWritesApplied((p) => {
      this.lastApplied = p
      if (this.denied[p.organizationId]) {
        const { [p.organizationId]: _gone, ...rest } = this.denied
        this.denied = rest
      }
      this.version++
    })
  }
}

export const writes = new WritesState()

/** Scaleway's refusals field by field (`details.fields`), keyed by argument name. */
export function fieldErrors(error: AppErrorShape | null): Record<string, string> {
  const out: Record<string, string> = {}
  const fields = error?.code === 'BAD_REQUEST' ? error.details?.fields : undefined
  if (!Array.isArray(fields)) return out
  for (const f of fields as Array<{ argument_name?: unknown; help_message?: unknown }>) {
    if (typeof f.argument_name === 'string' && typeof f.help_message === 'string' && !out[f.argument_name]) out[f.argument_name] = f.help_message
  }
  return out
}

/** The self-lockout explanation when a write was refused by the guard, else null. */
export function lockoutOf(error: AppErrorShape | null): string | null {
  if (error?.code !== 'CONFLICT' || error.details?.selfLockout !== true) return null
  const e = error.details.explanation
  return typeof e === 'string' ? e : error.message
}

export async function searchRows(kind: 'users' | 'applications' | 'groups' | 'permission_sets', organizationId: string, search: string, limit = 50): Promise<BrowseRow[]> {
  const r = await iam.browseList({ kind, organizationIds: [organizationId], search: search || undefined, offset: 0, limit })
  return r.ok ? r.value.rows : []
}

/**
 * Awaits a write and turns its Result into the error to show (null = done). On success it
 * bumps `version` (the event does too; a lost event must not leave a stale list) and says so.
 */
export async function settle<T>(pending: Promise<{ ok: true; value: T } | { ok: false; error: AppErrorShape }>, done?: (value: T) => string | null): Promise<AppErrorShape | null> {
  const r = await pending
  if (!r.ok) {
    const org = writes.dialogOrganization
    if (r.error.code === 'PERMISSION_DENIED' && org) writes.noteDenied(org, r.error)
    return r.error
  }
  writes.applied()
  // Said to assistive tech only: a visible notice per write would pile up over the detail pane,
  // which already shows the result.
  writes.lastMessage = done?.(r.value) ?? ''
  return null
}

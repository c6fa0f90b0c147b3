// Write actions: which write dialog is open, and a counter that moves once for every write
// applied to the cache (main's `writes.applied`, or the write's own answer when that event is
// lost), so lists and detail panes that read `version` query the cache again without a full sync.
import type { AppErrorShape, BrowsePage, BrowsePageOf, BrowseRowOf, Detail, DetailKind, EventPayload, IamBridge, ResourceKind } from '../../../src-preload/contract'
import type { AppState } from './app.svelte'

/**
 * The object an action is about: the typed detail of its kind (the object, its relations and its
 * organization, named in every confirmation). `WriteTarget<'users'>` is `DetailOf<'users'>`; a
 * union of kinds gives the union of their details.
 */
export type WriteTarget<K extends DetailKind> = Extract<Detail, { kind: K }>

export type CreatableKind = 'users' | 'applications' | 'groups' | 'policies' | 'api_keys' | 'ssh_keys'

export type WriteDialog =
  | { type: 'create'; kind: CreatableKind; organizationId?: string }
  | { type: 'sshKey.rename'; target: WriteTarget<'ssh_keys'> }
  | { type: 'sshKey.delete'; target: WriteTarget<'ssh_keys'> }
  | { type: 'application.edit'; target: WriteTarget<'applications'> }
  | { type: 'application.delete'; target: WriteTarget<'applications'> }
  | { type: 'apiKey.create'; organizationId: string; bearer?: { type: 'user' | 'application'; id: string; name: string } }
  | { type: 'apiKey.edit'; target: WriteTarget<'api_keys'> }
  | { type: 'apiKey.delete'; target: WriteTarget<'api_keys'> }
  | { type: 'group.edit'; target: WriteTarget<'groups'> }
  | { type: 'group.delete'; target: WriteTarget<'groups'> }
  | { type: 'group.addMembers'; target: WriteTarget<'groups'> }
  | { type: 'group.removeMember'; target: WriteTarget<'groups'> }
  | { type: 'group.setMembers'; target: WriteTarget<'groups'> }
  | { type: 'user.edit'; target: WriteTarget<'users'> }
  | { type: 'user.lock'; target: WriteTarget<'users'> }
  | { type: 'user.password'; target: WriteTarget<'users'> }
  | { type: 'user.delete'; target: WriteTarget<'users'> }
  | { type: 'policy.edit'; target: WriteTarget<'policies'> }
  | { type: 'policy.rules'; target: WriteTarget<'policies'> }
  | { type: 'policy.clone'; target: WriteTarget<'policies'> }
  | { type: 'policy.delete'; target: WriteTarget<'policies'> }
  | { type: 'jwt.revoke'; target: WriteTarget<'jwts'> }

/** The kinds the write dialogs' pickers search (members, principals, bearers, permission sets). */
export type PickKind = 'users' | 'applications' | 'groups' | 'permission_sets'

/** Whether a page is one of kind K (checked, so its rows are K's typed objects). */
function isPageOf<K extends ResourceKind>(page: BrowsePage, kind: K): page is BrowsePage & BrowsePageOf<K> {
  return page.kind === kind
}

/** How long a write answered here waits for its `writes.applied` before it counts itself. */
const EVENT_GRACE_MS = 1500
/** How long a `writes.applied` heard before its answer waits to be matched with it. */
const MATCH_MS = 10_000

export class WritesState {
  /** Bumped once per applied write: read it to re-query after a write. */
  version = $state(0)
  lastApplied = $state.raw<EventPayload<'writes.applied'> | null>(null)
  /** What the last write did, for the screen-reader status (the lists show it to the eye). */
  lastMessage = $state('')
  dialog = $state.raw<WriteDialog | null>(null)
  /** Per organization: why writes were refused (PERMISSION_DENIED), until a write there succeeds. */
  denied = $state.raw<Record<string, string>>({})

  readonly #iam: IamBridge
  readonly #app: AppState
  /** When each `writes.applied` that no answer has matched yet was heard, oldest first. */
  #unmatchedEvents: number[] = []
  /** Writes answered here before their event came: the timers that count them if it never does. */
  #awaitingEvent: ReturnType<typeof setTimeout>[] = []

  constructor(iam: IamBridge, app: AppState) {
    this.#iam = iam
    this.#app = app
  }

  /** Why every write is disabled right now (offline), or null. */
  get blockedReason(): string | null {
    return this.#app.writeBlockedReason
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

  /**
   * Call after a write answered ok. Its `writes.applied` event bumps `version`, before or after
   * the answer; the answer bumps it only when that event never comes. One write, one bump.
   */
  applied(): void {
    const now = Date.now()
    this.#unmatchedEvents = this.#unmatchedEvents.filter((heard) => now - heard < MATCH_MS)
    // Its event came first (the usual order): already counted.
    if (this.#unmatchedEvents.shift() !== undefined) return
    const timer = setTimeout(() => {
      this.#awaitingEvent = this.#awaitingEvent.filter((t) => t !== timer)
      this.version++
    }, EVENT_GRACE_MS)
    this.#awaitingEvent.push(timer)
  }

  /** Subscribes to `writes.applied` (for the app's whole life); returns the unsubscribe function. */
  listen(): () => void {
    const off = this.#iam.onWritesApplied((p) => {
      this.lastApplied = p
      if (this.denied[p.organizationId]) {
        const { [p.organizationId]: _gone, ...rest } = this.denied
        this.denied = rest
      }
      const awaiting = this.#awaitingEvent.shift()
      if (awaiting === undefined) this.#unmatchedEvents.push(Date.now())
      else clearTimeout(awaiting)
      this.version++
    })
    return () => {
      off()
      for (const timer of this.#awaitingEvent) clearTimeout(timer)
      this.#awaitingEvent = []
    }
  }

  /** Rows to pick from (members, principals, bearers): one organization's cache, by search. */
  async searchRows<K extends PickKind>(kind: K, organizationId: string, search: string, limit = 50): Promise<Array<BrowseRowOf<K>>> {
    const r = await this.#iam.browseList({ kind, organizationIds: [organizationId], search: search || undefined, offset: 0, limit })
    return r.ok && isPageOf(r.value, kind) ? r.value.rows : []
  }

  /**
   * Awaits a write and turns its Result into the error to show (null = done). On success it
   * counts the write (see `applied`) and says so.
   */
  async settle<T>(pending: Promise<{ ok: true; value: T } | { ok: false; error: AppErrorShape }>, done?: (value: T) => string | null): Promise<AppErrorShape | null> {
    const r = await pending
    if (!r.ok) {
      const org = this.dialogOrganization
      if (r.error.code === 'PERMISSION_DENIED' && org) this.noteDenied(org, r.error)
      return r.error
    }
    this.applied()
    // Said to assistive tech only: a visible notice per write would pile up over the detail pane,
    // which already shows the result.
    this.lastMessage = done?.(r.value) ?? ''
    return null
  }
}

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

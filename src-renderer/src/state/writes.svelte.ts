// Write actions: which write dialog is open, and a counter that moves once for every write
// applied to the cache (main's `writes.applied`, or the write's own answer when that event is
// lost), so lists and detail panes that read `version` query the cache again without a full sync.
import type { AppErrorShape, BrowsePage, BrowsePageOf, BrowseRowOf, Detail, DetailKind, EventPayload, IamBridge, ResourceKind } from '../../../src-preload/contract'
import { kindWord } from '../../../domain/kinds'
import { formFieldErrors } from '../lib/field-words'
import type { AppState } from './app.svelte'
import type { DetailRef } from './nav.svelte'
import type { ToastsState } from './toasts.svelte'

/**
 * What a write says when it is done: the sentence (shown in a toast and announced), the object
 * it is about when that still exists (the toast links to it), and whether to open that object
 * in the detail pane now (a created object does).
 */
export interface Feedback {
  message: string
  ref?: DetailRef
  /** The link's words ("Show group Ops"); defaults to "Show group". */
  linkLabel?: string
  open?: boolean
}

/** Where the write state opens a created object (nav.svelte.ts in the app). */
export interface Opener {
  organizationIds: string[]
  open(ref: DetailRef): void
  selectOrganizations(ids: string[]): void
}

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
  readonly #toasts: ToastsState | null
  readonly #nav: Opener | null
  /** When each `writes.applied` that no answer has matched yet was heard, oldest first. */
  #unmatchedEvents: number[] = []
  /** Writes answered here before their event came: the timers that count them if it never does. */
  #awaitingEvent: ReturnType<typeof setTimeout>[] = []

  constructor(iam: IamBridge, app: AppState, toasts: ToastsState | null = null, nav: Opener | null = null) {
    this.#iam = iam
    this.#app = app
    this.#toasts = toasts
    this.#nav = nav
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
  async settle<T>(pending: Promise<{ ok: true; value: T } | { ok: false; error: AppErrorShape }>, done?: (value: T) => string | Feedback | null): Promise<AppErrorShape | null> {
    const r = await pending
    if (!r.ok) {
      const org = this.dialogOrganization
      if (r.error.code === 'PERMISSION_DENIED' && org) this.noteDenied(org, r.error)
      return r.error
    }
    this.applied()
    const said = done?.(r.value) ?? null
    // A plain sentence from a dialog about an object that still exists links to that object.
    const d = this.dialog
    const about = d && 'target' in d && !GONE_AFTER.has(d.type) ? { ref: refOf(d.target) } : {}
    this.confirm(typeof said === 'string' ? { message: said, ...about } : said)
    return null
  }

  /**
   * Says what a write did: a toast (with its link to the object), and opens the object when
   * asked — widening the scope to its organization if the list would not show it. For writes
   * that do not go through `settle` (the new API key, clone).
   */
  confirm(feedback: Feedback | null): void {
    if (!feedback?.message) return
    this.lastMessage = feedback.message
    const ref = feedback.ref
    this.#toasts?.push({ message: feedback.message, ...(ref ? { link: { ref, label: feedback.linkLabel ?? `Show ${kindWord(ref.kind, 1)}` } } : {}) })
    if (ref && feedback.open && this.#nav) {
      const scope = this.#nav.organizationIds
      if (scope.length && !scope.includes(ref.organizationId)) this.#nav.selectOrganizations([...scope, ref.organizationId])
      this.#nav.open(ref)
    }
  }
}

/** The address of the object a detail shows (its kind's own id: access key, jti, id). */
export function refOf(detail: Detail): DetailRef {
  const id = detail.kind === 'api_keys' ? detail.item.access_key : detail.kind === 'jwts' ? detail.item.jti : detail.item.id
  return { kind: detail.kind, organizationId: detail.organizationId, id }
}

/** Dialogs whose object is gone once they are done: their toast links nowhere. */
const GONE_AFTER: ReadonlySet<WriteDialog['type']> = new Set(['sshKey.delete', 'application.delete', 'apiKey.delete', 'group.delete', 'user.delete', 'policy.delete', 'jwt.revoke'])

/** Scaleway's refusals field by field (`details.fields`), keyed by argument name, in the form's words. */
export const fieldErrors = formFieldErrors

/** The self-lockout explanation when a write was refused by the guard, else null. */
export function lockoutOf(error: AppErrorShape | null): string | null {
  if (error?.code !== 'CONFLICT' || error.details?.selfLockout !== true) return null
  const e = error.details.explanation
  return typeof e === 'string' ? e : error.message
}

// The rows of one list query, fetched from main in windows of PAGE_SIZE as the list scrolls, for
// any `{ total, rows }` call (browse.list through browse's PagedRows, people.list /
// people.services, credentials.report). Keeps a few pages (the visible ones and their
// neighbours), drops the rest, and ignores answers to queries the user has already moved past.
// While one first-page request is in flight, newer queries wait and only the latest is sent:
// fast typing never piles up requests, and the first keystroke is answered at once (no fixed
// debounce delay in front of every search).
import type { AppErrorShape, Result } from '../../../src-preload/contract'

export interface Page<T> {
  total: number
  rows: T[]
}
export type PageFetcher<Q, P> = (query: Q, offset: number, limit: number) => Promise<Result<P>>

/** What a grid (shell/VirtualGrid) reads of a PagedList: the rows it shows and when to ask for more. */
export interface PagedView<T> {
  readonly total: number
  readonly shownKey: string
  readonly version: number
  rowAt(index: number): T | undefined
  ensureRange(start: number, end: number): void
}

// One window: a screenful is ~25 rows, so 100 keeps scrolling smooth while a keystroke only
// waits for (and renders from) a small answer.
export const PAGE_SIZE = 100
/** Pages kept in memory unless the list says otherwise (~1,200 rows): a screen plus fast scrolling back and forth. */
const MAX_PAGES = 12
/** The window of all(): the largest the people calls accept ("select all shown"). */
const ALL_CHUNK = 500

export class PagedList<Q, T, P extends Page<T> = Page<T>> implements PagedView<T> {
  /** Rows matching the shown query. */
  total = $state(0)
  /** True once the first page of any query answered (rows or an error). */
  loaded = $state(false)
  error = $state.raw<AppErrorShape | null>(null)
  /** Serialised query the shown rows answer (the list keeps older rows until new ones arrive). */
  shownKey = $state('')
  /** Bumped whenever pages change: views read it to re-render rowAt(). */
  version = $state(0)

  readonly #fetch: PageFetcher<Q, P>
  readonly #maxPages: number
  // Deliberately plain (not SvelteMap/SvelteSet): views re-read rows once per `version` bump,
  // not once per page insert or in-flight bookkeeping.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pages = new Map<number, T[]>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #inflight = new Set<number>()
  #generation = 0
  #query: Q | null = null
  #key = ''
  #firstInFlight = false
  #waiting = false
  /** The first page last asked for by ensureRange: eviction keeps the pages nearest to it. */
  #near = 0

  constructor(fetcher: PageFetcher<Q, P>, options: { maxPages?: number } = {}) {
    this.#fetch = fetcher
    this.#maxPages = options.maxPages ?? MAX_PAGES
  }

  /** The serialised query being shown or asked for. */
  get key(): string {
    return this.#key
  }

  /** Starts showing `query` (no-op when unchanged). Rows of the previous query stay until it answers. */
  setQuery(query: Q): void {
    const key = JSON.stringify(query)
    if (key === this.#key) return
    this.#key = key
    this.#query = query
    this.#restart()
  }

  /** Reads the current query again from the start (after a sync or a write). */
  refresh(): void {
    if (this.#query !== null) this.#restart()
  }

  rowAt(index: number): T | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** Makes sure rows [start, end) are loaded or loading. */
  ensureRange(start: number, end: number): void {
    if (this.#query === null || this.shownKey !== this.#key) return
    const last = Math.min(end, this.total) - 1
    if (last < 0) return
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE)
    this.#near = first
    for (let p = first; p <= Math.floor(last / PAGE_SIZE); p++) {
      if (!this.#pages.has(p) && !this.#inflight.has(p)) void this.#loadPage(p)
    }
  }

  /** Every row of the shown query (for "select all shown"), in windows of the largest size. */
  async all(): Promise<Result<T[]>> {
    const query = this.#query
    if (query === null) return { ok: true, value: [] }
    const out: T[] = []
    for (let offset = 0; ; offset += ALL_CHUNK) {
      const r = await this.#fetch(query, offset, ALL_CHUNK)
      if (!r.ok) return r
      out.push(...r.value.rows)
      if (r.value.rows.length < ALL_CHUNK || out.length >= r.value.total) return { ok: true, value: out }
    }
  }

  /** The first page of `query` (serialised: `key`); a specialisation may answer it from elsewhere. */
  protected fetchFirst(query: Q, _key: string): Promise<Result<P>> {
    return this.#fetch(query, 0, PAGE_SIZE)
  }

  /** Called with the first page of the query now shown, before the list re-renders. */
  protected firstPageShown(_page: P): void {
    // Nothing more to keep by default.
  }

  #restart(): void {
    this.#generation++
    this.#inflight.clear()
    if (this.#firstInFlight) this.#waiting = true
    else void this.#loadFirst()
  }

  async #loadFirst(): Promise<void> {
    const query = this.#query as Q
    const key = this.#key
    const generation = this.#generation
    this.#firstInFlight = true
    const result = await this.fetchFirst(query, key)
    this.#firstInFlight = false
    if (generation === this.#generation) {
      if (result.ok) {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see #pages
        this.#pages = new Map([[0, result.value.rows]])
        this.total = result.value.total
        this.firstPageShown(result.value)
        this.error = null
        this.shownKey = key
        this.version++
      } else {
        this.error = result.error
      }
      this.loaded = true
    }
    if (this.#waiting) {
      this.#waiting = false
      void this.#loadFirst()
    }
  }

  async #loadPage(page: number): Promise<void> {
    const generation = this.#generation
    this.#inflight.add(page)
    const result = await this.#fetch(this.#query as Q, page * PAGE_SIZE, PAGE_SIZE)
    if (generation !== this.#generation) return
    this.#inflight.delete(page)
    if (!result.ok) {
      this.error = result.error
      return
    }
    this.#pages.set(page, result.value.rows)
    this.total = result.value.total
    this.#evict()
    this.version++
  }

  #evict(): void {
    if (this.#pages.size <= this.#maxPages) return
    const farthest = [...this.#pages.keys()].sort((a, b) => Math.abs(b - this.#near) - Math.abs(a - this.#near))
    for (const p of farthest.slice(0, this.#pages.size - this.#maxPages)) this.#pages.delete(p)
  }
}

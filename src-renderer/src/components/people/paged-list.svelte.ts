// The rows of one people or applications query, fetched in windows as the list scrolls — the
// approach of browse/paged-rows (which is typed to browse.list), for any `{ total, rows }` call.
// Keeps a few pages around the visible ones; answers to a query the user has moved past are
// dropped; while a first page is in flight newer queries wait and only the latest is sent.
import type { AppErrorShape, Result } from '../../../../src-preload/contract'

export interface Page<T> {
  total: number
  rows: T[]
}
export type PageFetcher<Q, T> = (query: Q, offset: number, limit: number) => Promise<Result<Page<T>>>

/** What a grid reads of a PagedList: the rows it shows and when to ask for more. */
export interface PagedView<T> {
  readonly total: number
  readonly shownKey: string
  readonly version: number
  rowAt(index: number): T | undefined
  ensureRange(start: number, end: number): void
}

export const PAGE_SIZE = 100
/** Pages kept in memory (~1,200 rows): a screen plus fast scrolling back and forth. */
const MAX_PAGES = 12
/** The largest window the people calls accept. */
const ALL_CHUNK = 500

export class PagedList<Q, T> implements PagedView<T> {
  total = $state(0)
  loaded = $state(false)
  error = $state.raw<AppErrorShape | null>(null)
  /** Serialised query the shown rows answer. */
  shownKey = $state('')
  /** Bumped whenever pages change: views read it to re-render rowAt(). */
  version = $state(0)

  readonly #fetch: PageFetcher<Q, T>
  // Plain on purpose (see browse/paged-rows): views re-read rows once per `version` bump.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pages = new Map<number, T[]>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #inflight = new Set<number>()
  #generation = 0
  #query: Q | null = null
  #key = ''
  #firstInFlight = false
  #waiting = false
  #near = 0

  constructor(fetcher: PageFetcher<Q, T>) {
    this.#fetch = fetcher
  }

  /** The serialised query being shown or asked for. */
  get key(): string {
    return this.#key
  }

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
    const result = await this.#fetch(query, 0, PAGE_SIZE)
    this.#firstInFlight = false
    if (generation === this.#generation) {
      if (result.ok) {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see #pages
        this.#pages = new Map([[0, result.value.rows]])
        this.total = result.value.total
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
    if (this.#pages.size > MAX_PAGES) {
      const farthest = [...this.#pages.keys()].sort((a, b) => Math.abs(b - this.#near) - Math.abs(a - this.#near))
      for (const p of farthest.slice(0, this.#pages.size - MAX_PAGES)) this.#pages.delete(p)
    }
    this.version++
  }
}

// The rows of one browse query, fetched from main in windows of PAGE_SIZE as the list scrolls.
// Keeps a few pages (the visible ones and their neighbours), drops the rest, and ignores answers
// to queries the user has already moved past. While one first-page request is in flight, newer
// queries wait and only the latest is sent: fast typing never piles up requests, and the first
// keystroke is answered at once (no fixed debounce delay in front of every search).
import type { AppErrorShape, BrowseInput, BrowsePage, BrowseRow, Result } from '../../../../src-preload/contract'

export type BrowseFetcher = (input: BrowseInput) => Promise<Result<BrowsePage>>
/** A list query without its window (offset, limit), one shape per kind. */
export type BrowseQuery = BrowseInput extends infer I ? (I extends BrowseInput ? Omit<I, 'offset' | 'limit'> : never) : never
/** The query with a window: the contract's input. */
const windowed = (query: BrowseQuery, offset: number, limit: number): BrowseInput => ({ ...query, offset, limit }) as BrowseInput

// One window: a screenful is ~25 rows, so 100 keeps scrolling smooth while a keystroke only
// waits for (and renders from) a small answer.
export const PAGE_SIZE = 100
/** Pages kept in memory: ~2,400 rows (24 × 100), plenty for a screen plus fast scrolling back and forth. */
const MAX_PAGES = 24

/** A first page asked for before its list is mounted; see prefetchFirstPage. */
let early: { key: string; answer: Promise<Result<BrowsePage>> } | null = null

/**
 * Asks for the first page of `query` now, for the next list that shows exactly that query
 * (at start: while the shell is still rendering, instead of after). Returns a function that
 * drops it, for when the data may have changed before a list used it.
 */
export function prefetchFirstPage(fetcher: BrowseFetcher, query: BrowseQuery): () => void {
  const mine = { key: JSON.stringify(query), answer: fetcher(windowed(query, 0, PAGE_SIZE)) }
  early = mine
  return () => {
    if (early === mine) early = null
  }
}

export class PagedRows {
  /** Rows matching the shown query. */
  total = $state(0)
  /** Age of the cache at answer time; null = never synced. */
  cacheAgeMs = $state<number | null>(null)
  /** When that age was measured (ms since epoch), so the shown age can keep ticking. */
  answeredAt = $state(0)
  /** True once the first page of any query arrived. */
  loaded = $state(false)
  error = $state.raw<AppErrorShape | null>(null)
  /** Serialised query the shown rows answer (the list keeps older rows until new ones arrive). */
  shownKey = $state('')
  /** Bumped whenever pages change: views read it to re-render rowAt(). */
  version = $state(0)

  readonly #fetch: BrowseFetcher
  // Deliberately plain (not SvelteMap/SvelteSet): views re-read rows once per `version` bump,
  // not once per page insert or in-flight bookkeeping.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pages = new Map<number, BrowseRow[]>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #inflight = new Set<number>()
  #generation = 0
  #query: BrowseQuery | null = null
  #key = ''
  #firstInFlight = false
  #waiting = false
  #lastPage = 0

  constructor(fetcher: BrowseFetcher) {
    this.#fetch = fetcher
  }

  /** Starts showing `query` (no-op when unchanged). Rows of the previous query stay until it answers. */
  setQuery(query: BrowseQuery): void {
    const key = JSON.stringify(query)
    if (key === this.#key) return
    this.#key = key
    this.#query = query
    this.#generation++
    this.#inflight.clear()
    if (this.#firstInFlight) this.#waiting = true
    else void this.#loadFirst()
  }

  /** Re-reads the current query from the start (e.g. after a sync). */
  refresh(): void {
    if (!this.#query) return
    this.#generation++
    this.#inflight.clear()
    if (this.#firstInFlight) this.#waiting = true
    else void this.#loadFirst()
  }

  rowAt(index: number): BrowseRow | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** Makes sure rows [start, end) are loaded or loading. */
  ensureRange(start: number, end: number): void {
    if (!this.#query || this.shownKey !== this.#key) return
    const last = Math.min(end, this.total) - 1
    if (last < 0) return
    const firstPage = Math.floor(Math.max(0, start) / PAGE_SIZE)
    const lastPage = Math.floor(last / PAGE_SIZE)
    this.#lastPage = firstPage
    for (let p = firstPage; p <= lastPage; p++) {
      if (!this.#pages.has(p) && !this.#inflight.has(p)) void this.#loadPage(p)
    }
  }

  async #loadFirst(): Promise<void> {
    const query = this.#query!
    const key = this.#key
    const generation = this.#generation
    this.#firstInFlight = true
    // Used once at most, and only by the first list asking for anything after the prefetch.
    const prefetched = early?.key === key ? early.answer : null
    early = null
    const result = await (prefetched ?? this.#fetch(windowed(query, 0, PAGE_SIZE)))
    this.#firstInFlight = false
    if (generation === this.#generation) {
      if (result.ok) {
        // eslint-disable-next-line svelte/prefer-svelte-reactivity -- see #pages
        this.#pages = new Map([[0, result.value.rows]])
        this.total = result.value.total
        this.cacheAgeMs = result.value.cacheAgeMs
        this.answeredAt = Date.now()
        this.error = null
        this.shownKey = key
        this.loaded = true
        this.version++
      } else {
        this.error = result.error
        this.loaded = true
      }
    }
    if (this.#waiting) {
      this.#waiting = false
      void this.#loadFirst()
    }
  }

  async #loadPage(page: number): Promise<void> {
    const generation = this.#generation
    this.#inflight.add(page)
    const result = await this.#fetch(windowed(this.#query!, page * PAGE_SIZE, PAGE_SIZE))
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
    if (this.#pages.size <= MAX_PAGES) return
    const farthest = [...this.#pages.keys()].sort((a, b) => Math.abs(b - this.#lastPage) - Math.abs(a - this.#lastPage))
    for (const p of farthest.slice(0, this.#pages.size - MAX_PAGES)) this.#pages.delete(p)
  }
}

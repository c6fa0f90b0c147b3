// The rows of one browse query: lib/paged-list (windows of PAGE_SIZE, only the latest query sent
// while a first page is in flight, stale answers dropped, far pages evicted) typed to browse.list,
// which also says how old the cache is, and whose first page can be asked for before the list
// is mounted (prefetchFirstPage).
import type { BrowseInput, BrowsePage, BrowseRow, Result } from '../../../../src-preload/contract'
import { PAGE_SIZE, PagedList } from '../../lib/paged-list.svelte'

export type BrowseFetcher = (input: BrowseInput) => Promise<Result<BrowsePage>>
/** A list query without its window (offset, limit), one shape per kind. */
export type BrowseQuery = BrowseInput extends infer I ? (I extends BrowseInput ? Omit<I, 'offset' | 'limit'> : never) : never
/** The query with a window: the contract's input. */
const windowed = (query: BrowseQuery, offset: number, limit: number): BrowseInput => ({ ...query, offset, limit }) as BrowseInput

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

export class PagedRows extends PagedList<BrowseQuery, BrowseRow, BrowsePage> {
  /** Age of the cache at answer time; null = never synced. */
  cacheAgeMs = $state<number | null>(null)
  /** When that age was measured (ms since epoch), so the shown age can keep ticking. */
  answeredAt = $state(0)

  constructor(fetcher: BrowseFetcher) {
    super((query, offset, limit) => fetcher(windowed(query, offset, limit)), { maxPages: MAX_PAGES })
  }

  protected override fetchFirst(query: BrowseQuery, key: string): Promise<Result<BrowsePage>> {
    // Used once at most, and only by the first list asking for anything after the prefetch.
    const prefetched = early?.key === key ? early.answer : null
    early = null
    return prefetched ?? super.fetchFirst(query, key)
  }

  protected override firstPageShown(page: BrowsePage): void {
    this.cacheAgeMs = page.cacheAgeMs
    this.answeredAt = Date.now()
  }
}

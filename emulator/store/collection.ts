// One kind of object for one organization: a Map by id plus a cache of filtered+sorted
// views keyed by the normalised query. Paging through 100,000 objects then costs one
// filter+sort for the first page and an array slice for every following page; any write
// bumps the version and drops the cache.

const MAX_CACHED_VIEWS = 32

export class Collection<T> {
  readonly byId = new Map<string, T>()
  #views = new Map<string, T[]>()
  version = 0

  get size(): number {
    return this.byId.size
  }

  get(id: string): T | undefined {
    return this.byId.get(id)
  }

  set(id: string, value: T): void {
    this.byId.set(id, value)
    this.touch()
  }

  delete(id: string): boolean {
    const had = this.byId.delete(id)
    if (had) this.touch()
    return had
  }

  values(): IterableIterator<T> {
    return this.byId.values()
  }

  /** Call after mutating a stored object in place. */
  touch(): void {
    this.version++
    if (this.#views.size > 0) this.#views.clear()
  }

  view(key: string, compute: () => T[]): T[] {
    const hit = this.#views.get(key)
    if (hit) return hit
    const fresh = compute()
    if (this.#views.size >= MAX_CACHED_VIEWS) this.#views.clear()
    this.#views.set(key, fresh)
    return fresh
  }
}

type SortKey = string | number

/**
 * Sorts with keys computed once per item (not once per comparison), stable, so ties keep
 * insertion order — which is creation order for objects made through the API.
 */
export function sortBy<T>(items: Iterable<T>, key: (item: T) => SortKey, desc = false): T[] {
  const decorated: Array<{ k: SortKey; i: number; v: T }> = []
  let i = 0
  for (const v of items) decorated.push({ k: key(v), i: i++, v })
  const dir = desc ? -1 : 1
  decorated.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i))
  return decorated.map((d) => d.v)
}

/** Parses an `<field>_asc|_desc` order value. */
export function splitOrder(order: string): { field: string; desc: boolean } {
  const desc = order.endsWith('_desc')
  return { field: order.replace(/_(asc|desc)$/, ''), desc }
}

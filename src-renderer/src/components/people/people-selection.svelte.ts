// The People view's row selection: which people (by e-mail) and which applications (by name)
// are ticked, one selection per tab, kept across searches and scrolling. Actions on the
// selection ("Change group membership…", "Offboard…") read it from here: PeopleView hands this
// object to its `actions` snippet.
import { SvelteMap } from 'svelte/reactivity'
import type { Person, Service } from '../../../../src-preload/contract'

export type PeopleMode = 'people' | 'services'

export class PeopleSelection {
  /** The tab shown: people (users by e-mail) or applications (by name). */
  mode = $state<PeopleMode>('people')
  /** Ticked people by key (lower-cased e-mail), with every membership the list showed. */
  readonly people = new SvelteMap<string, Person>()
  /** Ticked applications by key (lower-cased name). */
  readonly services = new SvelteMap<string, Service>()

  /** The query whose rows "select all shown" ticked, and their keys: the header box's state. */
  #all = $state.raw<{ mode: PeopleMode; query: string; keys: string[] } | null>(null)

  /** The ticked people's e-mails, in the order they were ticked. */
  get emails(): string[] {
    return [...this.people.values()].map((p) => p.email)
  }

  /** The ticked applications' names, in the order they were ticked. */
  get applicationNames(): string[] {
    return [...this.services.values()].map((s) => s.name)
  }

  /** How many rows of the shown tab are ticked. */
  get size(): number {
    return this.#map(this.mode).size
  }

  has(mode: PeopleMode, key: string): boolean {
    return this.#map(mode).has(key)
  }

  toggle(mode: PeopleMode, row: Person | Service): void {
    const map = this.#map(mode) as SvelteMap<string, Person | Service>
    if (map.has(row.key)) map.delete(row.key)
    else map.set(row.key, row)
  }

  /** Ticks every row of `query` (all rows the list shows for it, loaded or not). */
  selectAll(mode: PeopleMode, query: string, rows: Array<Person | Service>): void {
    const map = this.#map(mode) as SvelteMap<string, Person | Service>
    for (const row of rows) map.set(row.key, row)
    this.#all = { mode, query, keys: rows.map((r) => r.key) }
  }

  /** Unticks the rows "select all shown" ticked for `query`. */
  unselectAll(mode: PeopleMode, query: string): void {
    if (!this.#all || this.#all.mode !== mode || this.#all.query !== query) return
    const map = this.#map(mode)
    for (const key of this.#all.keys) map.delete(key)
    this.#all = null
  }

  /** Whether every row of `query` is ticked (as far as "select all shown" knows them). */
  allSelected(mode: PeopleMode, query: string): boolean {
    const all = this.#all
    if (!all || all.mode !== mode || all.query !== query || all.keys.length === 0) return false
    const map = this.#map(mode)
    return all.keys.every((k) => map.has(k))
  }

  /** Unticks everything in a tab (the shown one by default). */
  clear(mode: PeopleMode = this.mode): void {
    this.#map(mode).clear()
    if (this.#all?.mode === mode) this.#all = null
  }

  #map(mode: PeopleMode): SvelteMap<string, Person> | SvelteMap<string, Service> {
    return mode === 'people' ? this.people : this.services
  }
}

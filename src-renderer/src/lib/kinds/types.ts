// How a resource kind is shown in the browse list: its columns and filter controls. Its words,
// sort fields, default sort and whether it has a detail pane are the kind registry's
// (domain/kinds.ts). Kept as plain data and pure functions (no Svelte) so they can be unit-tested.
import type { KindObject, ResourceKind, SortField } from '../../../../domain/kinds'
import type { BrowseRow } from '../../../../src-preload/contract'

export type Tone = 'danger' | 'warning' | 'ok' | 'muted' | 'accent'
export interface Badge {
  label: string
  tone: Tone
}

/** What one cell shows: its text, an optional hover text, monospace, and badges after the text. */
export interface Cell {
  text: string
  title?: string
  mono?: boolean
  muted?: boolean
  badges?: Badge[]
}

export interface CellContext {
  now: number
  /** The names of the objects the row points at by id, resolved by the core (browse.query ROW_NAMES). */
  names?: Record<string, string | null>
}

export interface Column<T, Sort extends string = string> {
  id: string
  label: string
  /** A CSS grid track, e.g. 'minmax(160px, 2fr)'. */
  width: string
  /** One of the kind's sort fields in the registry; absent = not sortable. */
  sortField?: Sort
  cell(item: T, ctx: CellContext): Cell
}

export type FilterValue = string | number | boolean
export type Filters = Record<string, FilterValue>

/** A choice among preset filter combinations, e.g. Expiry: any / expired / within 7 days / none. */
export interface SelectFilter {
  type: 'select'
  id: string
  label: string
  /** The first option is "any" (no filter). */
  options: Array<{ label: string; filters: Filters }>
}

/** Free text sent as one filter key (e.g. a permission set name). */
export interface TextFilter {
  type: 'text'
  id: string
  label: string
  key: string
  placeholder?: string
}

/** A calendar day; `from` sends the start of the day, `to` the start of the next day (exclusive). */
export interface DateFilter {
  type: 'date'
  id: string
  label: string
  key: string
  bound: 'from' | 'to'
}

export type FilterDef = SelectFilter | TextFilter | DateFilter

/** The list view of kind K, as written per kind in lib/kinds/. */
export interface KindView<K extends ResourceKind> {
  kind: K
  /** What the search box matches, for its placeholder. */
  searchHint: string
  columns: Array<Column<KindObject<K>, SortField<K>>>
  filters: FilterDef[]
}

/** A list view as the browse components use it: the kind's view plus the registry's words and sorts. */
export interface ListView {
  kind: ResourceKind
  /** "API keys" */
  title: string
  /** "API key" / "API keys", for counts. */
  singular: string
  plural: string
  searchHint: string
  /** Columns read the rows of this list's kind (a list only ever holds its own kind). */
  columns: Array<Column<BrowseRow['item']>>
  filters: FilterDef[]
  defaultSort: { field: string; dir: 'asc' | 'desc' }
  /** Quotas have no detail pane. */
  hasDetail: boolean
}

export const yesNo = (v: boolean | undefined): Cell => (v ? { text: 'Yes' } : { text: 'No', muted: true })

export const anyOption = { label: 'Any', filters: {} }

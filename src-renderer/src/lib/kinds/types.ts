// How a resource kind is shown in the browse list: its columns, filters and sort fields.
// Kept as plain data and pure functions (no Svelte) so they can be unit-tested.
import type { BrowseRow, ResourceKind } from '../../../../src-preload/contract'

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
}

export interface Column<T> {
  id: string
  label: string
  /** A CSS grid track, e.g. 'minmax(160px, 2fr)'. */
  width: string
  /** The core's sort field (src-main/core/features/browse/browse.query.ts SORT_FIELDS); absent = not sortable. */
  sortField?: string
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

export interface KindView<T = Record<string, unknown>> {
  kind: ResourceKind
  /** "API keys" */
  title: string
  /** "API key" / "API keys", for counts. */
  singular: string
  plural: string
  /** What the search box matches, for its placeholder. */
  searchHint: string
  columns: Array<Column<T>>
  filters: FilterDef[]
  defaultSort: { field: string; dir: 'asc' | 'desc' }
  /** Quotas have no detail pane. */
  hasDetail: boolean
}

/** Widens a typed view to the list's row type (items cross the wire as records). */
export function asRowView<T>(view: KindView<T>): KindView<BrowseRow['item']> {
  return view as unknown as KindView<BrowseRow['item']>
}

export const yesNo = (v: boolean | undefined): Cell => (v ? { text: 'Yes' } : { text: 'No', muted: true })

export const anyOption = { label: 'Any', filters: {} }

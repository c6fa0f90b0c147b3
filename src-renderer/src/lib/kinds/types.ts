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

export type FilterValue = string | number | boolean | string[]
export type Filters = Record<string, FilterValue>

/** A choice among preset filter combinations, e.g. Expiry: any / expired / within 7 days / none. */
export interface SelectFilter {
  type: 'select'
  id: string
  label: string
  /** The first option is "any" (no filter). */
  options: Array<{ label: string; filters: Filters; value?: string }>
  /**
   * Several options may be chosen at once ("expired or never"): sent as one filter key holding
   * the list, which the core ORs. Each option's `value` (default: its filters[key]) names it
   * there. One choice still sends the option's own filters, exactly as a single select does.
   */
  multiple?: { key: string }
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

/**
 * A select's chosen options from its address value: "0" or "" = any, "3" = one option, "1,5" =
 * several (sorted, distinct, each a known option other than "any").
 */
export function chosenOptions(def: SelectFilter, raw: string | undefined): number[] {
  const picked = (raw ?? '')
    .split(',')
    .map(Number)
    .filter((i) => Number.isInteger(i) && i > 0 && i < def.options.length)
  const distinct = [...new Set(picked)].sort((a, b) => a - b)
  return def.multiple ? distinct : distinct.slice(0, 1)
}

/** The address value for a set of chosen options (canonical: the same set, the same text). */
export const chosenValue = (chosen: readonly number[]): string => ([...new Set(chosen)].sort((a, b) => a - b).join(',') || '0')

/** The filters a select sends for its address value. */
export function selectFilters(def: SelectFilter, raw: string | undefined): Filters {
  const chosen = chosenOptions(def, raw)
  if (chosen.length === 0) return {}
  if (chosen.length === 1 || !def.multiple) return { ...def.options[chosen[0]!]!.filters }
  const key = def.multiple.key
  const values = chosen.map((i) => {
    const o = def.options[i]!
    const v = o.value ?? o.filters[key]
    if (typeof v !== 'string') throw new Error(`filter ${def.id}: option ${o.label} has no value for ${key}`)
    return v
  })
  return { [key]: values }
}

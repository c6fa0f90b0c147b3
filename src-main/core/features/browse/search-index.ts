// Instant search over every organization: each searched list's text, held in memory.
//
// A search is a substring match (`instr`) that no B-tree index can answer, so SQLite reads every
// row's text on every keystroke: ~20–50 ms for 100,000 API keys, twice per keystroke (count, then
// the page). Here the same text lives in one array per table, read at the first search after
// the cache changed; a keystroke then tests strings in memory (a few ms for 100,000) and hands
// SQLite the matching rowids. FTS5 (trigram) was measured and not used: over a second for a term
// most rows contain, and four times slower to build (README, "Fleet benchmark").
//
// The text is the row's `search` column plus the names the list shows beside ids (an API key's
// bearer, a policy's principal, a log's actor and resource: browse.query's ROW_NAMES), so a key
// is found by its bearer's e-mail as it is shown. Any commit to the database, by this connection
// (writes, in-thread commits) or another (the sync's commit worker), makes every table's text be
// read again at its next search — SQLite's own counters say so, so no write path can be missed.
// A table without names is read through its (organization_id, search) index (migration 0007),
// a tenth of the table's size; one with names through the table, which holds the ids they need.
import type { Database, Statement } from 'better-sqlite3'

interface TableText {
  /** Organization ids, indexed by `org`. */
  orgs: string[]
  org: Uint32Array
  rowids: Float64Array
  /** Lower-case text per row: the `search` column, then the names shown beside ids. */
  texts: string[]
}

export class SearchIndex {
  readonly #tables = new Map<string, TableText>()
  readonly #reads = new Map<string, Statement>()
  readonly #stampOf: Statement
  #stamp = ''

  /** `textSql(table)`: a SELECT of (rowid, organization_id, text) for every row of the table. */
  constructor(
    private readonly db: Database,
    private readonly textSql: (table: string) => string,
  ) {
    // total_changes(): rows this connection changed; data_version: commits by other connections.
    this.#stampOf = db.prepare('SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v')
  }

  /** The rowids of the table's rows whose text contains `term` (lower case), among `organizationIds` (all when absent). */
  matches(table: string, organizationIds: readonly string[] | undefined, term: string): number[] {
    const t = this.#table(table)
    const scope = `${table}|${organizationIds?.join(',') ?? ''}`
    // Typing narrows a search: when the term extends the last one, only its matches can match.
    const last = this.#last
    const narrowed = last && last.texts === t.texts && last.scope === scope && term.includes(last.term) ? last.positions : undefined
    const wanted = organizationIds ? new Set(organizationIds) : undefined
    const orgOk = wanted ? t.orgs.map((o) => wanted.has(o)) : undefined
    const positions: number[] = []
    const { org, texts } = t
    const test = (i: number) => {
      if ((orgOk === undefined || orgOk[org[i]!]) && texts[i]!.includes(term)) positions.push(i)
    }
    if (narrowed) for (const i of narrowed) test(i)
    else for (let i = 0; i < texts.length; i++) test(i)
    this.#last = { texts, scope, term, positions }
    return positions.map((i) => t.rowids[i]!)
  }

  /** The last search's matches (positions in its table's arrays), to narrow the next one. */
  #last?: { texts: readonly string[]; scope: string; term: string; positions: readonly number[] }

  #table(table: string): TableText {
    const { c, v } = this.#stampOf.get() as { c: number; v: number }
    const stamp = `${c}:${v}`
    if (stamp !== this.#stamp) {
      this.#tables.clear()
      this.#stamp = stamp
    }
    let t = this.#tables.get(table)
    if (!t) {
      t = this.#read(table)
      this.#tables.set(table, t)
    }
    return t
  }

  #read(table: string): TableText {
    let read = this.#reads.get(table)
    if (!read) {
      read = this.db.prepare(this.textSql(table)).raw()
      this.#reads.set(table, read)
    }
    const rows = read.all() as Array<[number, string, string | null]>
    const orgIndex = new Map<string, number>()
    const orgs: string[] = []
    const org = new Uint32Array(rows.length)
    const rowids = new Float64Array(rows.length)
    const texts: string[] = new Array<string>(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const [rowid, organizationId, text] = rows[i]!
      let o = orgIndex.get(organizationId)
      if (o === undefined) {
        o = orgs.length
        orgs.push(organizationId)
        orgIndex.set(organizationId, o)
      }
      org[i] = o
      rowids[i] = rowid
      texts[i] = text ?? ''
    }
    return { orgs, org, rowids, texts }
  }
}

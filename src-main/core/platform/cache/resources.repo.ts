import type { Database, Statement } from 'better-sqlite3'
import { Rule, type Rule as RuleT } from '../../../../domain/schemas'
import { KINDS, searchTextOf, type KindDef, type KindItems, type ResourceKind, type SqlValue } from './kinds'
import { parseStored, storedJson } from './stored-json'

interface KindStatements {
  insert: Statement
  /** INSERT of INSERT_BATCH rows at once. */
  insertBatch: Statement
  update: Statement
  remove: Statement<[string, string]>
  get: Statement<[string, string], { json: string }>
  list: Statement<[string], { json: string }>
  jsonById: Statement<[string], { id: string; json: string }>
  count: Statement<[string], { n: number }>
}

/**
 * Rows of every resource kind, one generic repository: the kind decides the table and its
 * columns (see kinds.ts), never a caller's string. Every object is written through
 * `storedJson`, which drops secret fields (an API key's `secret_key`).
 */
export class ResourcesRepo {
  readonly #byKind = new Map<ResourceKind, KindStatements>()
  readonly #rulesOf
  readonly #rulesJson
  readonly #removeRules
  readonly #insertRule
  readonly #insertRulePermissionSet
  readonly #removeMembers
  readonly #insertMember

  constructor(private readonly db: Database) {
    this.#rulesOf = db.prepare<[string, string], { json: string }>(
      'SELECT json FROM rules WHERE organization_id = ? AND policy_id = ? ORDER BY position',
    )
    this.#rulesJson = db.prepare<[string], { policy_id: string; json: string }>(
      'SELECT policy_id, json FROM rules WHERE organization_id = ? ORDER BY policy_id, position',
    )
    this.#removeRules = db.prepare<[string, string]>('DELETE FROM rules WHERE organization_id = ? AND policy_id = ?')
    this.#insertRule = db.prepare(
      `INSERT INTO rules (organization_id, id, policy_id, position, json, search, scope_type)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    this.#insertRulePermissionSet = db.prepare(
      `INSERT OR IGNORE INTO rule_permission_sets (organization_id, rule_id, policy_id, permission_set_name) VALUES (?, ?, ?, ?)`,
    )
    this.#removeMembers = db.prepare<[string, string]>('DELETE FROM group_members WHERE organization_id = ? AND group_id = ?')
    this.#insertMember = db.prepare(
      'INSERT OR IGNORE INTO group_members (organization_id, group_id, member_id, member_type) VALUES (?, ?, ?, ?)',
    )
  }

  #statements(kind: ResourceKind): KindStatements {
    let s = this.#byKind.get(kind)
    if (s) return s
    const def = KINDS[kind] as KindDef<ResourceKind>
    const cols = ['organization_id', 'id', 'json', 'search', ...def.columns]
    const t = def.table
    s = {
      insert: this.db.prepare(`INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`),
      insertBatch: this.db.prepare(
        `INSERT INTO ${t} (${cols.join(', ')}) VALUES ${Array.from({ length: INSERT_BATCH }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`,
      ),
      update: this.db.prepare(
        `UPDATE ${t} SET ${cols
          .slice(2)
          .map((c) => `${c} = ?`)
          .join(', ')} WHERE organization_id = ? AND id = ?`,
      ),
      remove: this.db.prepare(`DELETE FROM ${t} WHERE organization_id = ? AND id = ?`),
      get: this.db.prepare(`SELECT json FROM ${t} WHERE organization_id = ? AND id = ?`),
      list: this.db.prepare(`SELECT json FROM ${t} WHERE organization_id = ? ORDER BY id`),
      jsonById: this.db.prepare(`SELECT id, json FROM ${t} WHERE organization_id = ?`),
      count: this.db.prepare(`SELECT count(*) AS n FROM ${t} WHERE organization_id = ?`),
    }
    this.#byKind.set(kind, s)
    return s
  }

  idOf<K extends ResourceKind>(kind: K, item: KindItems[K]): string {
    return KINDS[kind].idOf(item)
  }

  /** Stored JSON text per id, as change detection compares it. */
  jsonById(organizationId: string, kind: ResourceKind): Map<string, string> {
    const out = new Map<string, string>()
    for (const r of this.#statements(kind).jsonById.iterate(organizationId)) out.set(r.id, r.json)
    return out
  }

  /** The JSON text this object is stored as (secrets dropped, keys sorted). */
  storedJsonOf(item: unknown): string {
    return storedJson(item)
  }

  /** Inserts or replaces one object (e.g. after a write operation). */
  upsert<K extends ResourceKind>(organizationId: string, kind: K, item: KindItems[K]): void {
    const row = rowOf(kind, item, storedJson(item))
    const exists = this.#statements(kind).get.get(organizationId, row.id) !== undefined
    this.writeRow(organizationId, kind, row, exists ? 'update' : 'insert')
  }

  /**
   * Inserts new rows, INSERT_BATCH per statement: a first sync inserts tens of thousands, and
   * one statement per row spends more time crossing into SQLite than writing.
   */
  insertRows<K extends ResourceKind>(organizationId: string, kind: K, rows: ReadonlyArray<StoredRow<K>>): void {
    const s = this.#statements(kind)
    let i = 0
    for (; i + INSERT_BATCH <= rows.length; i += INSERT_BATCH) {
      const params: SqlValue[] = []
      for (let j = i; j < i + INSERT_BATCH; j++) {
        const row = rows[j]!
        params.push(organizationId, row.id, row.json, row.search, ...row.values)
      }
      s.insertBatch.run(...params)
      for (let j = i; j < i + INSERT_BATCH; j++) this.#refreshMembers(organizationId, rows[j]!)
    }
    for (; i < rows.length; i++) this.writeRow(organizationId, kind, rows[i]!, 'insert')
  }

  /** Low-level write used by the snapshot commit, which has prepared the row beforehand. */
  writeRow<K extends ResourceKind>(organizationId: string, kind: K, row: StoredRow<K>, mode: 'insert' | 'update'): void {
    const s = this.#statements(kind)
    if (mode === 'insert') s.insert.run(organizationId, row.id, row.json, row.search, ...row.values)
    else s.update.run(row.json, row.search, ...row.values, organizationId, row.id)
    this.#refreshMembers(organizationId, row)
  }

  remove(organizationId: string, kind: ResourceKind, id: string): boolean {
    return this.#statements(kind).remove.run(organizationId, id).changes > 0
  }

  get<K extends ResourceKind>(organizationId: string, kind: K, id: string): KindItems[K] | undefined {
    const row = this.#statements(kind).get.get(organizationId, id)
    return row ? (KINDS[kind].schema.parse(parseStored(row.json)) as KindItems[K]) : undefined
  }

  list<K extends ResourceKind>(organizationId: string, kind: K): Array<KindItems[K]> {
    const schema = KINDS[kind].schema
    return this.#statements(kind)
      .list.all(organizationId)
      .map((r) => schema.parse(parseStored(r.json)) as KindItems[K])
  }

  /** When the organization's newest cached object of the kind was created (epoch ms), if any. */
  newestCreatedAt(organizationId: string, kind: 'logs'): number | undefined {
    const r = this.db.prepare(`SELECT max(created_at_ms) AS ms FROM ${KINDS[kind].table} WHERE organization_id = ?`).get(organizationId) as { ms: number | null }
    return r.ms ?? undefined
  }

  count(organizationId: string, kind: ResourceKind): number {
    return this.#statements(kind).count.get(organizationId)?.n ?? 0
  }

  rulesOf(organizationId: string, policyId: string): RuleT[] {
    return this.#rulesOf.all(organizationId, policyId).map((r) => Rule.parse(parseStored(r.json)))
  }

  /** Per policy, the stored JSON text of its rules in order (a JSON array). */
  rulesJsonByPolicy(organizationId: string): Map<string, string> {
    const parts = new Map<string, string[]>()
    for (const r of this.#rulesJson.iterate(organizationId)) {
      const list = parts.get(r.policy_id) ?? []
      list.push(r.json)
      parts.set(r.policy_id, list)
    }
    return new Map([...parts].map(([id, list]) => [id, `[${list.join(',')}]`]))
  }

  /** Replaces the rules of one policy, keeping the API's order as `position`. */
  replaceRules(organizationId: string, policyId: string, rules: readonly RuleT[]): void {
    this.#removeRules.run(organizationId, policyId)
    rules.forEach((rule, position) => {
      this.#insertRule.run(
        organizationId,
        rule.id,
        policyId,
        position,
        storedJson(rule),
        searchTextOf([rule.id, ...(rule.permission_set_names ?? []), rule.condition]),
        rule.permission_sets_scope_type,
      )
      for (const name of rule.permission_set_names ?? []) {
        this.#insertRulePermissionSet.run(organizationId, rule.id, policyId, name)
      }
    })
  }

  /** A group's members table rows (nothing for other kinds). */
  #refreshMembers(organizationId: string, row: StoredRow<ResourceKind>): void {
    if (!row.members) return
    this.#removeMembers.run(organizationId, row.id)
    for (const id of row.members.userIds) this.#insertMember.run(organizationId, row.id, id, 'user')
    for (const id of row.members.applicationIds) this.#insertMember.run(organizationId, row.id, id, 'application')
  }
}

/** Rows per multi-row INSERT (well under SQLite's 32,766 parameters for the widest table). */
const INSERT_BATCH = 64

/** An object with everything its table row holds, computed from it once. */
// The object itself is not kept: a sync's rows wait, prepared, until their organization commits
// (the commit worker's staging), and under a rate limit fifty organizations wait side by side —
// the parsed objects were most of that memory (issue 18's RSS).
export interface StoredRow<K extends ResourceKind> {
  id: string
  /** A group's members (its members table rows). */
  members?: K extends 'groups' ? { userIds: readonly string[]; applicationIds: readonly string[] } : never
  /** The JSON text it is stored as (secrets dropped, keys sorted). */
  json: string
  search: string
  values: SqlValue[]
}

export function rowOf<K extends ResourceKind>(kind: K, item: KindItems[K], json: string): StoredRow<K> {
  const def = KINDS[kind]
  const row: StoredRow<K> = { id: def.idOf(item), json, search: searchTextOf(def.searchText(item)), values: def.values(item) }
  if (kind === 'groups') {
    const g = item as KindItems['groups']
    ;(row as StoredRow<'groups'>).members = { userIds: g.user_ids, applicationIds: g.application_ids }
  }
  return row
}

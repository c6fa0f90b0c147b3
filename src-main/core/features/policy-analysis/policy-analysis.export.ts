// The policy analysis as files (the export facility, features/export): a comparison as one row
// per grant line (added, removed, changed condition, unchanged, with B's no-new-access state),
// and the across-organizations matrix as one row per permission set × scope with one column per
// policy. Read from the cache like the views themselves; nothing here comes from the keychain.
import { grantKey, type Grant } from '../../../../domain/grants'
import type { ColumnValue } from '../../../../domain/kind-columns'
import type { AcrossInput, AcrossRow, PolicyRef } from '../../../../src-preload/contract'
import type { OpenedExport } from '../export/export.writer'
import type { PolicyAnalysisService } from './policy-analysis.service'

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'policy'

interface DiffLine {
  status: 'added' | 'removed' | 'changed' | 'unchanged'
  grant: Grant
  conditionA: string | null
  conditionB: string | null
  /** B's grant against A: covered, review or new; null for a grant only A has. */
  access: 'covered' | 'review' | 'new' | null
}

export const COMPARISON_COLUMNS = [
  'status',
  'permission_set',
  'scope_type',
  'scope',
  'project_id',
  'project_name',
  'condition_a',
  'condition_b',
  'no_new_access',
] as const

export function comparisonExport(analysis: PolicyAnalysisService, a: PolicyRef, b: PolicyRef, today: string): OpenedExport<DiffLine> {
  const c = analysis.compare(a, b)
  const newKeys = new Set(c.noNewAccess.newGrants.map(grantKey))
  const reviewKeys = new Set(c.noNewAccess.review.map((r) => grantKey(r.grant)))
  const access = (g: Grant): DiffLine['access'] => (newKeys.has(grantKey(g)) ? 'new' : reviewKeys.has(grantKey(g)) ? 'review' : 'covered')
  const lines: DiffLine[] = [
    ...c.grants.added.map((g): DiffLine => ({ status: 'added', grant: g, conditionA: null, conditionB: g.condition, access: access(g) })),
    ...c.grants.removed.map((g): DiffLine => ({ status: 'removed', grant: g, conditionA: g.condition, conditionB: null, access: null })),
    ...c.grants.changed.map((p): DiffLine => ({ status: 'changed', grant: p.after, conditionA: p.before.condition, conditionB: p.after.condition, access: access(p.after) })),
    ...c.grants.unchanged.map((p): DiffLine => ({ status: 'unchanged', grant: p.after, conditionA: p.before.condition, conditionB: p.after.condition, access: 'covered' })),
  ]
  const side = (s: typeof c.a) => `${slug(s.name)}${s.version ? `-sync${s.version.syncRunId}` : ''}`
  return {
    fileStem: `iam-desk-policy-diff-${side(c.a)}-vs-${side(c.b)}-${today}`,
    rows: lines.length,
    columns: COMPARISON_COLUMNS.map((name) => ({ name })),
    batches: () => [lines],
    cells: (l): ColumnValue[] => {
      const s = l.grant.scope
      return [
        l.status,
        l.grant.permissionSet,
        l.grant.scopeType,
        s.type,
        s.type === 'project' ? s.projectId : '',
        s.type === 'project' ? (s.projectName ?? '') : '',
        l.conditionA,
        l.conditionB,
        l.access,
      ]
    },
    json: (l) => ({
      policy_a: { organization_id: c.a.organizationId, organization_name: c.a.organizationName, policy_id: c.a.policyId, name: c.a.name, sync_run_id: c.a.version?.syncRunId ?? null },
      policy_b: { organization_id: c.b.organizationId, organization_name: c.b.organizationName, policy_id: c.b.policyId, name: c.b.name, sync_run_id: c.b.version?.syncRunId ?? null },
      verdict: c.noNewAccess.verdict,
      status: l.status,
      grant: l.grant,
      condition_a: l.conditionA,
      condition_b: l.conditionB,
      no_new_access: l.access,
    }),
  }
}

export function acrossExport(analysis: PolicyAnalysisService, query: AcrossInput, today: string): OpenedExport<AcrossRow> {
  const m = analysis.across(query)
  // One column per policy: "<organization> (reference)", "<organization>: <policy name>" when the name differs.
  const heads = m.columns.map((col) => `${col.organizationName}${col.name !== m.value ? `: ${col.name}` : ''}${col.isReference ? ' (reference)' : ''}`)
  return {
    fileStem: `iam-desk-policy-across-${slug(m.value)}-${today}`,
    rows: m.rows.length,
    columns: [{ name: 'permission_set' }, { name: 'scope' }, { name: 'differs' }, ...heads.map((name) => ({ name }))],
    batches: () => [m.rows],
    cells: (r): ColumnValue[] => [
      r.permissionSet,
      r.scope,
      r.differs,
      ...r.cells.map((cell) => {
        const held = cell.conditions.length === 0 ? 'not granted' : cell.conditions.map((x) => (x ? `when ${x}` : 'granted')).join('; ')
        return cell.state === 'same' ? held : `${cell.state}: ${held}`
      }),
    ],
    json: (r) => ({
      permission_set: r.permissionSet,
      scope: r.scope,
      differs: r.differs,
      cells: r.cells.map((cell, i) => {
        const col = m.columns[i]!
        return { organization_id: col.organizationId, organization_name: col.organizationName, policy_id: col.policyId, reference: col.isReference, state: cell.state, conditions: cell.conditions }
      }),
    }),
  }
}

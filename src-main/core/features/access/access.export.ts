// The Access section's answers as files (the export facility, features/export): lint findings,
// who can, and one principal's effective access — one row per line shown, read from the cache.
import type { ColumnValue } from '../../../../domain/kind-columns'
import type { HeldGrant, LintFinding, WhoCanInput, WhoCanRow } from '../../../../src-preload/contract'
import type { OpenedExport } from '../export/export.writer'
import type { AccessService } from './access.service'
import type { Holder } from './access'

const grantCells = (h: HeldGrant | null): ColumnValue[] =>
  h
    ? [h.grant.permissionSet, h.grant.scope.type, h.grant.scope.type === 'project' ? (h.grant.scope.projectName ?? h.grant.scope.projectId) : '', h.grant.condition, h.path.policyName, h.path.via.type === 'group' ? h.path.via.groupName : '']
    : ['', '', '', '', '', '']
const GRANT_COLUMNS = ['permission_set', 'scope', 'project', 'condition', 'policy', 'through_group']

export function lintExport(access: AccessService, organizationIds: readonly string[] | undefined, today: string): OpenedExport<LintFinding> {
  const report = access.lint(organizationIds)
  const rule = new Map(report.rules.map((r) => [r.id, r]))
  return {
    fileStem: `iam-desk-findings-${today}`,
    rows: report.findings.length,
    columns: ['rule', 'organization_id', 'organization_name', 'object_kind', 'object_id', 'object', 'detail', 'why', 'fix'].map((name) => ({ name })),
    batches: () => [report.findings],
    cells: (f) => [rule.get(f.rule)?.title ?? f.rule, f.organizationId, f.organizationName, f.object.kind, f.object.id, f.object.label, f.detail, rule.get(f.rule)?.why ?? '', rule.get(f.rule)?.fix ?? ''],
    json: (f) => ({ organization_id: f.organizationId, organization_name: f.organizationName, ...f }),
  }
}

export function whoCanExport(access: AccessService, query: WhoCanInput, today: string): OpenedExport<WhoCanRow> {
  const rows = access.whoCan(query)
  return {
    fileStem: `iam-desk-who-can-${query.preset ?? 'permission-sets'}-${today}`,
    rows: rows.length,
    columns: ['organization_id', 'organization_name', 'principal_type', 'principal_id', 'principal', 'owner', ...GRANT_COLUMNS].map((name) => ({ name })),
    batches: () => [rows],
    cells: (r) => [r.organizationId, r.organizationName, r.principal.type, r.principal.id, r.principal.label, r.owner, ...grantCells(r.held)],
    json: (r) => ({ organization_id: r.organizationId, organization_name: r.organizationName, ...r }),
  }
}

export function effectiveExport(access: AccessService, organizationId: string, holder: Holder, today: string): OpenedExport<HeldGrant> {
  const a = access.effective(organizationId, holder)
  return {
    fileStem: `iam-desk-effective-access-${a.principal.label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40)}-${today}`,
    rows: a.grants.length,
    columns: ['organization_id', 'organization_name', 'principal', 'owner', ...GRANT_COLUMNS].map((name) => ({ name })),
    batches: () => [a.grants],
    cells: (g) => [a.organizationId, a.organizationName, a.principal.label, a.owner, ...grantCells(g)],
    json: (g) => ({ organization_id: a.organizationId, organization_name: a.organizationName, principal: a.principal, owner: a.owner, ...g }),
  }
}

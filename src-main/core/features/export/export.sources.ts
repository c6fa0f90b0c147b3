// What each exportable view holds: its rows in the order shown, its CSV columns and its JSON
// objects. One source per view of the contract's EXPORT_VIEWS (TypeScript requires it).
//
// Plugging in a later view (policy-lint findings, effective access, who-can): add its query to
// EXPORT_VIEWS (src-preload/contract/export.ts), then one entry here returning an OpenedExport —
// a file stem, the row count, the columns, batches of rows, and a row's cells and JSON object.
// The writer, the CSV dialect (formula neutralisation included), delivery, progress and
// cancellation are the facility's; a source only reads. Rows must be read from the cache (or
// the job journal), which hold no secret: nothing a source returns ever comes from the keychain.
import { kindColumns, type ColumnValue } from '../../../../domain/kind-columns'
import type { ResourceKind } from '../../../../domain/kinds'
import type { CredentialRow, ExportViewName, ExportViewOf, JobStep, BrowseScope } from '../../../../src-preload/contract'
import type { Cache } from '../../platform/cache/cache'
import { BrowseQueries, rowNameKeys, rowSpreadKeys, type BrowseRow } from '../browse/browse.query'
import { CSV_COLUMNS, credentialCsvCells, type CredentialsService } from '../credentials/credentials.service'
import type { JobsService } from '../jobs/jobs.service'
import { JOB_REPORT_COLUMNS, jobStepCells } from '../jobs/report'
import type { OpenedExport } from './export.writer'
import type { PolicyAnalysisService } from '../policy-analysis/policy-analysis.service'
import { acrossExport, comparisonExport } from '../policy-analysis/policy-analysis.export'
import type { AccessService } from '../access/access.service'
import { effectiveExport, lintExport, whoCanExport } from '../access/access.export'

export type ExportSource<V extends ExportViewName> = (view: ExportViewOf<V>) => Promise<OpenedExport<never>> | OpenedExport<never>
export type ExportSources = { readonly [V in ExportViewName]: ExportSource<V> }

export interface ExportSourceDeps {
  cache: Cache
  credentials: CredentialsService
  jobs: JobsService
  analysis: PolicyAnalysisService
  access: AccessService
  now: () => Date
}

/** Rows read per query: big enough to be quick, small enough that one batch holds the event loop only briefly (npm run bench -- export). */
export const LIST_BATCH = 500

const day = (now: () => Date): string => now().toISOString().slice(0, 10)

/** The widening of a typed source to the facility's (a source's rows only ever reach its own cells/json). */
const opened = <R>(o: OpenedExport<R>): OpenedExport<never> => o as unknown as OpenedExport<never>

export function exportSources(deps: ExportSourceDeps): ExportSources {
  const browse = new BrowseQueries(deps.cache.db, deps.now)
  return {
    list: ({ query }) => openList(browse, query, day(deps.now)),

    credentials: async ({ query }) => {
      const { total, batches } = await deps.credentials.rowsInBatches(query)
      return opened<CredentialRow>({
        fileStem: `iam-desk-credentials-${day(deps.now)}`,
        rows: total,
        // The credential report's own columns (its dates are already UTC, its lists joined).
        columns: CSV_COLUMNS.map((name) => ({ name })),
        batches,
        cells: credentialCsvCells,
        json: (r) => ({ organization_id: r.organizationId, organization_name: r.organizationName, ...r }),
      })
    },

    policy_comparison: ({ a, b }) => opened(comparisonExport(deps.analysis, a, b, day(deps.now))),
    policy_across: ({ query }) => opened(acrossExport(deps.analysis, query, day(deps.now))),
    findings: ({ organizationIds }) => opened(lintExport(deps.access, organizationIds, day(deps.now))),
    who_can: ({ query }) => opened(whoCanExport(deps.access, query, day(deps.now))),
    effective_access: ({ organizationId, type, id }) => opened(effectiveExport(deps.access, organizationId, { type, id }, day(deps.now))),

    job_report: ({ id }) => {
      const job = deps.jobs.get(id)
      return opened<JobStep>({
        fileStem: `iam-desk-${job.kind}-${job.createdAt.slice(0, 10)}-${job.id.slice(0, 8)}`,
        rows: job.steps.length,
        columns: JOB_REPORT_COLUMNS.map((name) => ({ name })),
        batches: () => [job.steps],
        cells: jobStepCells,
        json: (s) => ({ organization_id: s.organizationId, organization_name: s.organizationName, ...s }),
      })
    },
  }
}

function openList(browse: BrowseQueries, query: BrowseScope, today: string): OpenedExport<never> {
  const kind: ResourceKind = query.kind
  const refs = browse.refs(query)
  const columns = kindColumns(kind)
  const names = rowNameKeys(kind)
  // A permission set is one row for every organization exported: say where, as the list does.
  const spread = rowSpreadKeys(kind)
  const spreadCells = (r: BrowseRow<Record<string, unknown>>): ColumnValue[] =>
    spread.length === 0 ? [] : [r.spread?.present ?? null, r.spread?.of ?? null, r.spread?.missingFrom ?? [], r.spread?.differsIn ?? []]
  return opened<BrowseRow<Record<string, unknown>>>({
    fileStem: `iam-desk-${kind.replace(/_/g, '-')}-${today}`,
    rows: refs.length,
    columns: [{ name: 'organization_id' }, { name: 'organization_name' }, ...columns.map((c) => ({ name: c.name, ...(c.date ? { date: true } : {}) })), ...names.map((name) => ({ name })), ...spread.map((name) => ({ name }))],
    *batches() {
      for (let i = 0; i < refs.length; i += LIST_BATCH) yield browse.rowsOf(kind, refs.slice(i, i + LIST_BATCH), query.organizationIds) as Array<BrowseRow<Record<string, unknown>>>
    },
    cells: (r) => [r.organizationId, r.organizationName, ...columns.map((c) => c.value(r.item as never)), ...names.map((k) => r.names?.[k] ?? null), ...spreadCells(r)],
    json: (r) => {
      // The cache never holds an API key's secret (the create answer's is dropped before it is
      // stored); dropped here again so no change there can ever put one into a file.
      const { secret_key: _never, ...item } = r.item
      return { organization_id: r.organizationId, organization_name: r.organizationName, ...item, ...r.names, ...(r.spread ? { organizations: r.spread } : {}) }
    },
  })
}

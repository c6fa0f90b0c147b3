// A job's report: one line per step, as CSV (through platform/csv.ts, the one writer: RFC 4180,
// UTF-8, header row, ISO 8601 UTC dates, formula-like cells neutralised) or, through the export
// facility (features/export), as JSON.
import type { Job, JobStep } from '../../../../src-preload/contract/jobs'
import { csvText, type CsvValue } from '../../platform/csv'

export const JOB_REPORT_COLUMNS = ['organization', 'organization_id', 'item', 'action', 'target', 'target_id', 'state', 'message', 'irreversible', 'finished_at'] as const

export function jobStepCells(s: JobStep): CsvValue[] {
  return [s.organizationName, s.organizationId, s.item, s.action, s.target.name, s.target.id, s.state, s.message ?? '', s.irreversible ? 'yes' : 'no', s.finishedAt ?? '']
}

export function jobReportCsv(job: Job): string {
  return csvText(JOB_REPORT_COLUMNS, job.steps.map(jobStepCells))
}

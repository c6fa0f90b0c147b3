// A job's report as CSV (RFC 4180, UTF-8, header row, ISO 8601 UTC dates): one line per step.
// Cells that a spreadsheet would run as a formula (= + - @ tab CR) are neutralised with a
// leading apostrophe: names and descriptions are set by anyone in an organization.
import type { Job } from '../../../../src-preload/contract/jobs'
import { csvCell } from '../../platform/csv'

const COLUMNS = ['organization', 'organization_id', 'item', 'action', 'target', 'target_id', 'state', 'message', 'irreversible', 'finished_at'] as const

export function jobReportCsv(job: Job): string {
  const lines = [COLUMNS.join(',')]
  for (const s of job.steps) {
    const row = [s.organizationName, s.organizationId, s.item, s.action, s.target.name, s.target.id, s.state, s.message ?? '', s.irreversible ? 'yes' : 'no', s.finishedAt ?? '']
    lines.push(row.map(csvCell).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}

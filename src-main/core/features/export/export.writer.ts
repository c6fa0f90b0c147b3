// Writes one opened export into a sink as CSV or JSON, batch by batch: each batch becomes one
// chunk, the writer waits until the sink takes it (backpressure: a slow disk or a slow download
// holds the reading back instead of piling rows up in memory), reports progress, and gives the
// event loop a turn before the next batch, so the window's other calls are answered while a
// 100,000-row export runs.
import { csvLine, type CsvValue } from '../../platform/csv'
import type { FileSink } from '../../platform/delivery'
import type { ColumnValue } from '../../../../domain/kind-columns'
import type { ExportFormat } from '../../../../src-preload/contract/export'

export interface ExportColumnHead {
  name: string
  /** An ISO 8601 timestamp: written in UTC. */
  date?: boolean
}

/** A view's rows, fixed when the export starts (what the view showed then), read in batches. */
export interface OpenedExport<R> {
  /** "iam-desk-users-2026-11-30": the file's name without its extension. */
  fileStem: string
  rows: number
  columns: readonly ExportColumnHead[]
  batches(): Iterable<readonly R[]> | AsyncIterable<readonly R[]>
  /** A row's cells, in the columns' order. */
  cells(row: R): readonly ColumnValue[]
  /** A row as the JSON export holds it: the cached object plus organization_id and organization_name. */
  json(row: R): object
}

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.')
    this.name = 'ExportCancelled'
  }
}

/** An ISO 8601 time in UTC (the API's own `Z` times are kept as sent, microseconds included). */
export function utcTime(value: string): string {
  if (/Z$/i.test(value)) return value
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? value : new Date(ms).toISOString()
}

/** A cell as text for the CSV writer: lists joined with ";", booleans true/false, nothing = empty. */
export function csvValue(value: ColumnValue, date = false): CsvValue {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'string') return date ? utcTime(value) : value
  return value.join(';')
}

export const MIME: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' }

export interface WriteOptions {
  signal: AbortSignal
  /** Rows written so far, after each batch. */
  onProgress(written: number): void
  /** Gives the event loop a turn between batches (tests pass their own). */
  yieldTurn?: () => Promise<void>
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Writes every row of the export into the sink; resolves with the rows written. Does not end the sink. */
export async function writeExport<R>(opened: OpenedExport<R>, format: ExportFormat, sink: FileSink, options: WriteOptions): Promise<number> {
  const yieldTurn = options.yieldTurn ?? nextTurn
  const dates = opened.columns.map((c) => c.date === true)
  await sink.write(format === 'csv' ? csvLine(opened.columns.map((c) => c.name)) : '[')
  let written = 0
  for await (const batch of opened.batches()) {
    if (options.signal.aborted) throw new ExportCancelled()
    let chunk = ''
    for (const row of batch) {
      if (format === 'csv') chunk += csvLine(opened.cells(row).map((v, i) => csvValue(v, dates[i])))
      else chunk += `${written === 0 ? '\n' : ',\n'}${JSON.stringify(opened.json(row))}`
      written++
    }
    if (chunk) await sink.write(chunk)
    options.onProgress(written)
    await yieldTurn()
  }
  if (options.signal.aborted) throw new ExportCancelled()
  if (format === 'json') await sink.write(written === 0 ? ']\n' : '\n]\n')
  return written
}

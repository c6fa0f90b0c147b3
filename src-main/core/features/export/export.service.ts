// The export facility (issue 19): any view of IAM Desk — a browse list, the credential report, a
// job's report, and what plugs in later (export.sources.ts) — as CSV or JSON, exactly what the
// view shows (its organizations, search, filters and sort) and every row of it, not only the
// visible window. The rows are fixed when the export starts; the file is written batch by batch
// into the sink the delivery gives (platform/delivery.ts: the save dialog's file in Electron, the
// download's HTTP response in browser mode), with `export.progress` events as it goes and one
// `export.finished` at the end. docs/export.md.
import { randomUUID } from 'node:crypto'
import type { EventHub } from '../../event-hub'
import type { FileDelivery, FileSink } from '../../platform/delivery'
import type { ExportStartInput, ExportStarted } from '../../../../src-preload/contract/export'
import type { ExportSources } from './export.sources'
import { ExportCancelled, MIME, writeExport, type OpenedExport } from './export.writer'

export interface ExportDeps {
  hub: EventHub
  delivery: FileDelivery
  sources: ExportSources
  log?: (message: string) => void
  /** Tests pass their own turn-taking between batches. */
  yieldTurn?: () => Promise<void>
}

export class ExportService {
  readonly #d: ExportDeps
  /** Exports started and not finished (a download not yet followed included): what cancel stops. */
  readonly #running = new Map<string, AbortController>()

  constructor(deps: ExportDeps) {
    this.#d = deps
  }

  async start(input: ExportStartInput): Promise<ExportStarted> {
    // The view is read first: a bad query or a job that is gone is the call's error, not a file's.
    const source = this.#d.sources[input.view.view] as (v: typeof input.view) => Promise<OpenedExport<never>> | OpenedExport<never>
    const opened = await source(input.view)
    const fileName = `${opened.fileStem}.${input.format}`
    const exportId = randomUUID()
    const controller = new AbortController()
    this.#running.set(exportId, controller)
    const delivery = await this.#d.delivery.deliver({
      fileName,
      mime: MIME[input.format],
      write: (sink) => this.#run(exportId, controller.signal, opened, input.format, sink),
      abandoned: () => this.#finish(exportId, 'failed', 0, 0, 'The download was not started in time. Export again.'),
    })
    if (delivery.kind === 'cancelled') {
      this.#running.delete(exportId)
      return { exportId: null, fileName, rows: opened.rows, delivery }
    }
    return { exportId, fileName, rows: opened.rows, delivery }
  }

  cancel(exportId: string): { cancelled: boolean } {
    const controller = this.#running.get(exportId)
    if (!controller) return { cancelled: false }
    controller.abort()
    return { cancelled: true }
  }

  async #run(exportId: string, signal: AbortSignal, opened: OpenedExport<never>, format: ExportStartInput['format'], sink: FileSink): Promise<void> {
    let written = 0
    try {
      if (signal.aborted) throw new ExportCancelled()
      written = await writeExport(opened, format, sink, {
        signal,
        onProgress: (n) => {
          written = n
          this.#d.hub.emit('export.progress', { exportId, written: n, rows: opened.rows })
        },
        ...(this.#d.yieldTurn ? { yieldTurn: this.#d.yieldTurn } : {}),
      })
      const bytes = await sink.end()
      this.#finish(exportId, 'done', written, bytes, null)
    } catch (err) {
      await sink.abort().catch(() => undefined)
      if (err instanceof ExportCancelled) return this.#finish(exportId, 'cancelled', written, 0, null)
      // Never the error's own text: it may name a path of this machine.
      this.#d.log?.(`export: ${exportId} failed with ${err instanceof Error ? err.name : typeof err}`)
      this.#finish(exportId, 'failed', written, 0, failureWords(err))
    }
  }

  #finish(exportId: string, state: 'done' | 'cancelled' | 'failed', written: number, bytes: number, message: string | null): void {
    this.#running.delete(exportId)
    this.#d.hub.emit('export.finished', { exportId, state, written, bytes, message })
  }
}

/** Why writing stopped, in the user's words (a full disk, a closed download, anything else). */
function failureWords(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'ENOSPC') return 'The disk is full: the export was not saved.'
  if (code === 'EACCES' || code === 'EPERM') return 'IAM Desk may not write there: choose another folder.'
  if (code === 'DOWNLOAD_CLOSED') return 'The download was stopped before it was complete.'
  return 'The export could not be written.'
}

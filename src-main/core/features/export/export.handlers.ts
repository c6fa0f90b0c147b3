import type { Handlers } from '../../router'
import type { ExportService } from './export.service'

export function exportHandlers(exports: ExportService): Pick<Handlers, 'export.start' | 'export.cancel'> {
  return {
    'export.start': (input) => exports.start(input),
    'export.cancel': ({ exportId }) => exports.cancel(exportId),
  }
}

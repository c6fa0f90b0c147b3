// How a file IAM Desk writes reaches the user — exports (features/export), and any other file a
// feature produces (e.g. Terraform): the feature hands an OutgoingFile (its name, type and a
// function that writes it into a sink, chunk by chunk) to deliver(), which
// - in Electron, asks the shell's native save dialog where (AppOptions.saveDialog, given by
//   src-main/index.ts, the only place that imports electron) and writes the file there, to a
//   `.partial` file renamed when complete, so a cancelled or failed export leaves nothing
//   half-written under the chosen name;
// - in browser mode, offers a one-time download link: the server (web/server.ts) streams the
//   file into the HTTP response when the browser follows it. The link holds a ticket of its own,
//   not the session token: a download's address stays in the browser's download list, and the
//   token must not. A ticket is only issued through a token-checked call, is used once, and
//   expires after TICKET_TTL_MS.
// Either way the file is written as it is produced, never held whole in memory, and the writer
// waits when the sink is full (backpressure), so a 100,000-row export stays small.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import path from 'node:path'
import type { Delivery } from '../../../src-preload/contract/export'

/** Where a file is written: chunk by chunk, each write resolved once the sink can take more. */
export interface FileSink {
  write(chunk: string): Promise<void>
  /** Completes the file; resolves with the bytes written. */
  end(): Promise<number>
  /** Drops what was written (a partial file is removed, a download is cut). */
  abort(): Promise<void>
}

export interface OutgoingFile {
  fileName: string
  mime: string
  /** Writes the whole file into the sink (calls write(), then end() or abort() itself). */
  write(sink: FileSink): Promise<void>
  /** The download link was never followed (browser mode): nothing will be written. */
  abandoned?(): void
}

/** The shell's native save dialog: the chosen path, or null when the user closed it. */
export type SaveDialog = (suggested: { fileName: string }) => Promise<string | null>

export const TICKET_TTL_MS = 60_000

export interface DeliveryDeps {
  /** Electron only; absent in browser mode, where files are downloads. */
  saveDialog?: SaveDialog
  now?: () => number
  log?: (message: string) => void
}

export class FileDelivery {
  readonly #d: DeliveryDeps
  readonly #tickets = new Map<string, { file: OutgoingFile; expiresAt: number }>()

  constructor(deps: DeliveryDeps) {
    this.#d = deps
  }

  /** Saves the file where the user says (Electron) or offers it as a download (browser mode). */
  async deliver(file: OutgoingFile): Promise<Delivery> {
    if (this.#d.saveDialog) {
      const chosen = await this.#d.saveDialog({ fileName: file.fileName })
      if (!chosen) return { kind: 'cancelled' }
      // Written in the background: progress goes out as the feature's events.
      void file.write(fileSink(chosen)).catch((err: unknown) => this.#d.log?.(`delivery: writing ${file.fileName} failed with ${err instanceof Error ? err.name : typeof err}`))
      return { kind: 'file', fileName: path.basename(chosen) }
    }
    this.#expire()
    const ticket = randomBytes(24).toString('hex')
    this.#tickets.set(ticket, { file, expiresAt: this.#now() + TICKET_TTL_MS })
    return { kind: 'download', fileName: file.fileName, url: `/download/${ticket}` }
  }

  /** The file a download link stands for, once: the web server streams it. */
  take(ticket: string): OutgoingFile | null {
    this.#expire()
    const entry = this.#tickets.get(ticket)
    if (!entry) return null
    this.#tickets.delete(ticket)
    return entry.file
  }

  #expire(): void {
    const now = this.#now()
    for (const [ticket, entry] of this.#tickets) {
      if (entry.expiresAt > now) continue
      this.#tickets.delete(ticket)
      entry.file.abandoned?.()
    }
  }

  #now(): number {
    return this.#d.now?.() ?? Date.now()
  }
}

/** A file on disk, written to `<path>.partial` and renamed into place when complete. */
export function fileSink(target: string): FileSink {
  const partial = `${target}.partial`
  const stream = createWriteStream(partial, { mode: 0o600 })
  let failure: Error | null = null
  stream.on('error', (err) => (failure = err))
  return {
    write: (chunk) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure)
        if (stream.write(chunk)) return resolve()
        const onDrain = () => {
          stream.off('error', onError)
          resolve()
        }
        const onError = (err: Error) => {
          stream.off('drain', onDrain)
          reject(err)
        }
        stream.once('drain', onDrain)
        stream.once('error', onError)
      }),
    end: () =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure)
        stream.end(() => {
          if (failure) return reject(failure)
          rename(partial, target).then(() => resolve(stream.bytesWritten), reject)
        })
      }),
    abort: async () => {
      await new Promise<void>((resolve) => {
        if (stream.closed) return resolve()
        stream.once('close', () => resolve())
        stream.destroy()
      })
      await unlink(partial).catch(() => undefined)
    },
  }
}

// Visible confirmations: one toast per change ("Created group Ops — Show it"), stacked at the
// bottom left, newest last, each dismissible and gone by itself after a while. They never take
// the focus (the user keeps typing where they were) and are announced politely by the region
// that holds them (Toasts.svelte). The write state pushes one per applied write, the jobs state
// one per bulk change that ends (in any window).
import type { DetailRef, Section } from './nav.svelte'

/** Where a toast leads: the object the change is about (when it still exists), or a view on a
 * state of its own (a job's report: "Bulk changes" on that job). */
export type ToastLink = { label: string; ref: DetailRef } | { label: string; section: Section; view: string }

export interface Toast {
  id: number
  /** warning: the change was done only in part (a bulk change with failures). */
  tone: 'ok' | 'info' | 'warning'
  message: string
  link?: ToastLink
}

/** How long a toast stays before it goes by itself (hovering or focusing it keeps it). */
export const TOAST_MS = 8000
/** At most this many at once: older ones make room. */
export const MAX_TOASTS = 4

export class ToastsState {
  items = $state.raw<Toast[]>([])
  #seq = 0
  /** Not state: nothing is drawn from the timers. */
  readonly #timers: Record<number, ReturnType<typeof setTimeout>> = {}

  push(toast: Omit<Toast, 'id' | 'tone'> & { tone?: Toast['tone'] }): number {
    const id = ++this.#seq
    const next = [...this.items, { tone: 'ok' as const, ...toast, id }]
    for (const gone of next.slice(0, Math.max(0, next.length - MAX_TOASTS))) this.#clear(gone.id)
    this.items = next.slice(-MAX_TOASTS)
    this.resume(id)
    return id
  }

  dismiss(id: number): void {
    this.#clear(id)
    this.items = this.items.filter((t) => t.id !== id)
  }

  /** Keeps a toast while the pointer or the focus is on it. */
  hold(id: number): void {
    this.#clear(id)
  }

  /** Starts (again) the time a toast stays. */
  resume(id: number): void {
    this.#clear(id)
    this.#timers[id] = setTimeout(() => this.dismiss(id), TOAST_MS)
  }

  #clear(id: number): void {
    const t = this.#timers[id]
    if (t !== undefined) clearTimeout(t)
    delete this.#timers[id]
  }
}

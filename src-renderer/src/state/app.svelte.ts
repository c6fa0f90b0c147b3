// What the app knows about itself and the outside world: version/mode, the keychain, whether
// Scaleway answers, and notices pushed by main.
import type { AppErrorShape, AppInfo, Connectivity, IamBridge } from '../../../src-preload/contract'

export interface Notice {
  id: number
  level: 'info' | 'warning' | 'error'
  message: string
  /** A button beside the message (e.g. "Show it"), which also dismisses the notice. */
  action?: { label: string; run: () => void }
}

export class AppState {
  info = $state.raw<AppInfo | null>(null)
  connectivity = $state.raw<Connectivity>({ online: true, offlineSince: null, reason: null })
  notices = $state.raw<Notice[]>([])
  /** Set when main cannot be reached at all (e.g. the browser-mode server stopped). */
  fatal = $state.raw<AppErrorShape | null>(null)
  readonly #iam: IamBridge
  #noticeSeq = 0

  constructor(iam: IamBridge) {
    this.#iam = iam
  }

  get offline(): boolean {
    return !this.connectivity.online
  }

  /** Why write actions are disabled right now, or null when they are allowed. */
  get writeBlockedReason(): string | null {
    return this.offline ? 'Scaleway is unreachable: this needs a connection.' : null
  }

  async load(): Promise<void> {
    const [info, conn] = await Promise.all([this.#iam.appInfo({}), this.#iam.appConnectivity({})])
    if (info.ok) this.info = info.value
    else this.fatal = info.error
    if (conn.ok) this.connectivity = conn.value
  }

  /** Subscribes to main's pushes; returns the unsubscribe function. */
  listen(): () => void {
    const offs = [
      this.#iam.onAppConnectivity((c) => (this.connectivity = c)),
      this.#iam.onAppNotice((n) => this.notify(n.level, n.message)),
    ]
    return () => offs.forEach((off) => off())
  }

  notify(level: Notice['level'], message: string, action?: Notice['action']): void {
    this.notices = [...this.notices, { id: ++this.#noticeSeq, level, message, ...(action ? { action } : {}) }].slice(-4)
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id)
  }
}

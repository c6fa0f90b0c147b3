// What the app knows about itself and the outside world: version/mode, the keychain, whether
// Scaleway answers, and notices pushed by main.
import { iam } from '../lib/iam'
import type { AppErrorShape, AppInfo, Connectivity } from '../../../src-preload/contract'

export interface Notice {
  id: number
  level: 'info' | 'warning' | 'error'
  message: string
}

let noticeSeq = 0

class AppState {
  info = $state.raw<AppInfo | null>(null)
  connectivity = $state.raw<Connectivity>({ online: true, offlineSince: null, reason: null })
  notices = $state.raw<Notice[]>([])
  /** Set when main cannot be reached at all (e.g. the browser-mode server stopped). */
  fatal = $state.raw<AppErrorShape | null>(null)

  get offline(): boolean {
    return !this.connectivity.online
  }

  /** Why write actions are disabled right now, or null when they are allowed. */
  get writeBlockedReason(): string | null {
    return this.offline ? 'Scaleway is unreachable: this needs a connection.' : null
  }

  async load(): Promise<void> {
    const [info, conn] = await Promise.all([iam.appInfo({}), iam.appConnectivity({})])
    if (info.ok) this.info = info.value
    else this.fatal = info.error
    if (conn.ok) this.connectivity = conn.value
  }

  /** Subscribes to main's pushes; returns the unsubscribe function. */
  listen(): () => void {
    const offs = [
      iam.onAppConnectivity((c) => (this.connectivity = c)),
      iam.onAppNotice((n) => this.notify(n.level, n.message)),
    ]
    return () => offs.forEach((off) => off())
  }

  notify(level: Notice['level'], message: string): void {
    this.notices = [...this.notices, { id: ++noticeSeq, level, message }].slice(-4)
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id)
  }
}

export const app = new AppState()

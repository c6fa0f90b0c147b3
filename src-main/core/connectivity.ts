// Is Scaleway reachable? Learnt from the outcome of real calls (a sync, adding an organization),
// never from polling: a network failure or timeout marks the app offline since that moment;
// the next answered request marks it online again. The renderer shows a banner from this.
import type { Connectivity } from '../../src-preload/contract'
import type { EventHub } from './event-hub'

export class ConnectivityTracker {
  #state: Connectivity = { online: true, offlineSince: null, reason: null }
  readonly #hub: EventHub
  readonly #now: () => Date

  constructor(hub: EventHub, now: () => Date = () => new Date()) {
    this.#hub = hub
    this.#now = now
  }

  get state(): Connectivity {
    return this.#state
  }

  reachable(): void {
    if (this.#state.online) return
    this.#set({ online: true, offlineSince: null, reason: null })
  }

  unreachable(reason: string): void {
    if (!this.#state.online) return
    this.#set({ online: false, offlineSince: this.#now().toISOString(), reason })
  }

  #set(next: Connectivity): void {
    this.#state = next
    this.#hub.emit('app.connectivity', next)
  }
}

// Push events (main → renderer). Services emit; the Electron shell forwards to the window and
// browser mode forwards over Server-Sent Events. Payloads are validated against the contract
// so a service cannot push something the renderer does not expect.
import { events, type EventName, type EventPayload } from '../../src-preload/contract'

export type EventListener = (name: EventName, payload: unknown) => void

export class EventHub {
  readonly #listeners = new Set<EventListener>()

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const parsed = events[name].parse(payload)
    for (const listener of this.#listeners) listener(name, parsed)
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

// The sidebar's shape. A window narrower than RAIL_BELOW gives the lists the room: the sidebar
// folds to a rail of icons and avatars, expands over the content on demand, or stays expanded
// when the user pins it. The pin is a preference of this window's user interface, so it lives in
// the renderer's localStorage, not in main's settings. Wider windows always show the full sidebar.
import { MediaQuery } from 'svelte/reactivity'

export const RAIL_BELOW = 1100
const PIN_KEY = 'iam-desk.sidebar.pinned'

function readPin(): boolean {
  try {
    return localStorage.getItem(PIN_KEY) === 'true'
  } catch {
    return false // storage refused (privacy settings): the rail, unpinned
  }
}

class SidebarState {
  readonly #narrow = new MediaQuery(`(width < ${RAIL_BELOW}px)`)
  /** Kept expanded in a narrow window (remembered). */
  pinned = $state(readPin())
  /** Expanded over the content for now (a narrow window, not pinned). */
  open = $state(false)

  get narrow(): boolean {
    return this.#narrow.current
  }

  /** Icons only. */
  get rail(): boolean {
    return this.narrow && !this.pinned && !this.open
  }

  /** The full sidebar drawn over the content. */
  get overlay(): boolean {
    return this.narrow && !this.pinned && this.open
  }

  pin(on: boolean): void {
    this.pinned = on
    this.open = false
    try {
      localStorage.setItem(PIN_KEY, String(on))
    } catch {
      // not remembered: this window still follows the choice
    }
  }
}

export const sidebar = new SidebarState()

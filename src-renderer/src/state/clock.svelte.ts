// The app's one clock: a coarse "now" shared by every relative date ("synced 5 minutes ago",
// list cells, the cache age) so they age on screen without each component running its own timer.
export class Clock {
  now = $state(Date.now())
  #timer: ReturnType<typeof setInterval> | null = null

  /** Starts ticking; called once by the app frame. Returns a stop function. */
  start(intervalMs = 20_000): () => void {
    if (this.#timer === null) this.#timer = setInterval(() => (this.now = Date.now()), intervalMs)
    return () => {
      if (this.#timer !== null) clearInterval(this.#timer)
      this.#timer = null
    }
  }
}

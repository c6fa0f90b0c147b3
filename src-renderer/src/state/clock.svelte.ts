// A coarse "now" shared by every relative date ("synced 5 min ago") so they age on screen
// without each component running its own timer.
class Clock {
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

export const clock = new Clock()

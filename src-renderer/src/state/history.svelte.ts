// Back and forward inside the app: the navigation (nav.svelte.ts) is written to the URL's hash
// (route.ts) as it changes — a new history step for another section, scope or detail, the same
// step updated for a search or a filter — and an address reached by back/forward, a reload or a
// pasted link is read back into it. The same history API serves the iam-desk:// page in
// Electron, which has no back button of its own: mouse buttons 4/5 and Alt+←/→ go back and
// forward here (in a browser they would anyway; handled once, the browser's own is prevented).
import { SECTIONS, type nav as Nav } from './nav.svelte'
import { formatRoute, isNewPlace, parseRoute, type Route } from './route'

type Navigation = Pick<typeof Nav, 'section' | 'organizationIds' | 'search' | 'filterValues' | 'detail' | 'view' | 'restore'>

const routeOf = (n: Navigation): Route => ({
  section: n.section,
  organizationIds: n.organizationIds,
  search: n.search,
  filterValues: n.filterValues,
  detail: n.detail,
  ...(n.view ? { view: n.view } : {}),
})

/** Keeps `n` and the window's address in step for the window's whole life; returns the stop function. */
export function startHistory(n: Navigation, win: Window = window): () => void {
  const sections = [...SECTIONS.map((s) => s.id), 'overview' as const]
  const read = (): Route | null => parseRoute(win.location.hash, sections)
  const mac = /Mac/.test(win.navigator.platform)

  // A reload or a pasted address opens where it points.
  const opening = read()
  if (opening) n.restore(opening)

  let first = true
  // A search or a filter rewrites the current step; that write waits until typing pauses, so a
  // keystroke's list request is never queued behind the history API (the UI benchmark's search
  // latency). A new place flushes it first, so the step left behind keeps its last search.
  let pending: { hash: string; timer: ReturnType<typeof setTimeout> } | null = null
  const flush = () => {
    if (!pending) return
    clearTimeout(pending.timer)
    win.history.replaceState(win.history.state, '', pending.hash)
    pending = null
  }
  const stopEffect = $effect.root(() => {
    $effect(() => {
      const route = routeOf(n)
      const hash = formatRoute(route)
      if (hash === (pending?.hash ?? win.location.hash)) {
        first = false
        return
      }
      const shown = read()
      // The first address replaces the one the window opened with: Back from it leaves the app.
      if (first) win.history.replaceState(win.history.state, '', hash)
      else if (shown && !isNewPlace(shown, route)) {
        if (pending) clearTimeout(pending.timer)
        pending = { hash, timer: setTimeout(flush, 300) }
      } else {
        flush()
        win.history.pushState(null, '', hash)
      }
      first = false
    })
  })

  const onPop = () => {
    // Back/forward went to another step: a search typed just before it stays where it was typed.
    if (pending) clearTimeout(pending.timer)
    pending = null
    const route = read()
    if (route) n.restore(route)
  }
  // Mouse buttons 4 and 5 (3 and 4 in DOM numbering): the browser acts on mouseup.
  const onMouse = (e: MouseEvent) => {
    if (e.button !== 3 && e.button !== 4) return
    e.preventDefault()
    if (e.type === 'mouseup') {
      if (e.button === 3) win.history.back()
      else win.history.forward()
    }
  }
  const onKey = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return
    // On macOS, Option+arrows move the caret by words in a text field: leave them to it there.
    const t = e.target as HTMLElement | null
    if (mac && t && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return
    e.preventDefault()
    if (e.key === 'ArrowLeft') win.history.back()
    else win.history.forward()
  }
  win.addEventListener('popstate', onPop)
  win.addEventListener('mousedown', onMouse)
  win.addEventListener('mouseup', onMouse)
  win.addEventListener('keydown', onKey)
  return () => {
    flush()
    stopEffect()
    win.removeEventListener('popstate', onPop)
    win.removeEventListener('mousedown', onMouse)
    win.removeEventListener('mouseup', onMouse)
    win.removeEventListener('keydown', onKey)
  }
}

// A tiny method + path-template router (":name" segments), compiled to regexes once.
import type { Principal } from '../auth'
import type { Store } from '../store/store'
import type { Query } from './query'

export interface RequestContext {
  store: Store
  principal: Principal
  params: Record<string, string>
  query: Query
  body: Record<string, unknown>
  ip: string
  userAgent: string
  now: Date
}

/** A 200 carries a body to serialise, or its JSON text already assembled (list pages). */
export type HandlerResult = { status: 200; body: unknown } | { status: 200; json: string } | { status: 204 }
export type Handler = (ctx: RequestContext) => HandlerResult

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  path: string
  handler: Handler
  /** Writes to one group: held in an "updating" window so concurrent writes get 409. */
  groupWrite?: boolean
}

interface CompiledRoute extends RouteSpec {
  regex: RegExp
  names: string[]
}

export class Router {
  #routes: CompiledRoute[] = []

  add(routes: RouteSpec[]): void {
    for (const r of routes) {
      const names: string[] = []
      const source = r.path.replace(/:([a-z_]+)/g, (_, n: string) => {
        names.push(n)
        return '([^/]+)'
      })
      this.#routes.push({ ...r, regex: new RegExp(`^${source}$`), names })
    }
  }

  /** `null` = unknown path; `'method'` = known path, other method. */
  match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | null | 'method' {
    let pathKnown = false
    for (const r of this.#routes) {
      const m = r.regex.exec(path)
      if (!m) continue
      pathKnown = true
      if (r.method !== method) continue
      const params: Record<string, string> = {}
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1] ?? '')
      })
      return { route: r, params }
    }
    return pathKnown ? 'method' : null
  }
}

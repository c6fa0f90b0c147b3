// The address of what the window shows, in its URL's hash (browser mode and Electron alike):
//   #/users?org=<id>,<id>&q=<search>&f=<filter>:<value>&detail=<kind>/<organization>/<id>
// section, scope (no `org` = all organizations), the list's search and filter controls, and the
// open detail. Pure functions: history.svelte.ts keeps the address and the navigation in step.
import { KINDS, type DetailKind } from '../../../domain/kinds'
import type { DetailRef, Section } from './nav.svelte'

export interface Route {
  section: Section
  /** Empty = all organizations. */
  organizationIds: string[]
  search: string
  /** The list's filter controls by id, as BrowseToolbar holds them (a select's option index, a text, a day). */
  filterValues: Record<string, string>
  detail: DetailRef | null
  /** A section's own state (e.g. what the policy analysis compares), opaque here; '' or absent = none. */
  view?: string
}

const enc = encodeURIComponent

/** The hash for a route, canonical: the same route always gives the same string. */
export function formatRoute(r: Route): string {
  const params: string[] = []
  if (r.organizationIds.length) params.push(`org=${r.organizationIds.map(enc).join(',')}`)
  if (r.search) params.push(`q=${enc(r.search)}`)
  for (const id of Object.keys(r.filterValues).sort()) {
    const v = r.filterValues[id]
    if (v) params.push(`f=${enc(id)}:${enc(v)}`)
  }
  if (r.detail) params.push(`detail=${[r.detail.kind, r.detail.organizationId, r.detail.id].map(enc).join('/')}`)
  if (r.view) params.push(`v=${enc(r.view)}`)
  return `#/${enc(r.section)}${params.length ? `?${params.join('&')}` : ''}`
}

function dec(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

const isDetailKind = (k: string): k is DetailKind => Object.hasOwn(KINDS, k) && KINDS[k as keyof typeof KINDS].detail

/**
 * The route a hash names, or null when it names none (empty, an unknown section). Parts that
 * make no sense (a broken detail, an undecodable value) are dropped, not guessed.
 */
export function parseRoute(hash: string, sections: readonly Section[]): Route | null {
  const m = /^#\/([^?]*)(?:\?(.*))?$/.exec(hash)
  if (!m) return null
  const section = dec(m[1]!)
  if (!section || !sections.includes(section as Section)) return null
  const route: Route = { section: section as Section, organizationIds: [], search: '', filterValues: {}, detail: null }
  for (const pair of (m[2] ?? '').split('&')) {
    const at = pair.indexOf('=')
    if (at < 0) continue
    const key = pair.slice(0, at)
    const raw = pair.slice(at + 1)
    if (key === 'org') {
      route.organizationIds = raw.split(',').map(dec).filter((id): id is string => !!id)
    } else if (key === 'q') {
      route.search = dec(raw) ?? ''
    } else if (key === 'f') {
      const colon = raw.indexOf(':')
      const id = colon > 0 ? dec(raw.slice(0, colon)) : null
      const value = colon > 0 ? dec(raw.slice(colon + 1)) : null
      if (id && value) route.filterValues = { ...route.filterValues, [id]: value }
    } else if (key === 'detail') {
      const parts = raw.split('/').map(dec)
      const [kind, organizationId, id] = parts
      if (parts.length === 3 && kind && organizationId && id && isDetailKind(kind)) route.detail = { kind, organizationId, id }
    } else if (key === 'v') {
      const view = dec(raw)
      if (view) route.view = view
    }
  }
  return route
}

/**
 * Whether going from `a` to `b` is a step back/forward should stop at: another section, scope or
 * detail. Typing a search or changing a filter only updates the current step.
 */
export function isNewPlace(a: Route, b: Route): boolean {
  const detailKey = (r: Route) => (r.detail ? `${r.detail.kind}/${r.detail.organizationId}/${r.detail.id}` : '')
  return (
    a.section !== b.section ||
    a.organizationIds.join(',') !== b.organizationIds.join(',') ||
    detailKey(a) !== detailKey(b) ||
    (a.view ?? '') !== (b.view ?? '')
  )
}

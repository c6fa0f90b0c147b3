// Pure formatting helpers for every view: relative and exact times, durations, counts. The one
// place the app words a time ("5 minutes ago"). No Date.now() inside: callers pass `now` so
// tests (and the app's clock, state/clock.svelte.ts) drive it.

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const MONTH = 30 * DAY
const YEAR = 365 * DAY

/** "1 key", "3 keys", "20,000 keys". The plural defaults to singular + "s". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`
}

/** Thousands separated the same way on every machine ("20,000"), so screenshots and tests agree. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

function toMs(t: string | number | Date | null | undefined): number | null {
  if (t === null || t === undefined || t === '') return null
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : Date.parse(t)
  return Number.isNaN(ms) ? null : ms
}

/** The largest whole unit of a distance in time: "5 minutes", "3 days", "2 years". */
export function roughDuration(ms: number): string {
  const d = Math.abs(ms)
  if (d < MINUTE) return plural(Math.floor(d / SECOND), 'second')
  if (d < HOUR) return plural(Math.floor(d / MINUTE), 'minute')
  if (d < DAY) return plural(Math.floor(d / HOUR), 'hour')
  if (d < MONTH) return plural(Math.floor(d / DAY), 'day')
  if (d < YEAR) return plural(Math.floor(d / MONTH), 'month')
  return plural(Math.floor(d / YEAR), 'year')
}

/**
 * "3 days ago", "in 5 days", "just now". Empty for a missing or unreadable time, so the caller
 * says what a missing date means for its field ("never", "no expiry").
 */
export function relativeTime(t: string | number | Date | null | undefined, now: number | Date): string {
  const ms = toMs(t)
  if (ms === null) return ''
  const diff = ms - (typeof now === 'number' ? now : now.getTime())
  if (Math.abs(diff) < 45 * SECOND) return 'just now'
  return diff < 0 ? `${roughDuration(diff)} ago` : `in ${roughDuration(diff)}`
}

// Building an Intl.DateTimeFormat costs far more than formatting with one, and a list renders
// dozens of exact times per frame: keep one per time zone.
const exactFormats = new Map<string, Intl.DateTimeFormat>()
function exactFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let f = exactFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
      timeZone,
      timeZoneName: 'short',
    })
    exactFormats.set(key, f)
  }
  return f
}

/** The exact time for a tooltip: "3 May 2024, 14:22:05 UTC" (the zone defaults to the user's). */
export function exactTime(t: string | number | Date | null | undefined, timeZone?: string): string {
  const ms = toMs(t)
  if (ms === null) return ''
  return exactFormat(timeZone).format(ms)
}

/** "14:22" in the user's time zone, for a time of today. */
export function clockTime(t: string | number | Date | null | undefined): string {
  const ms = toMs(t)
  if (ms === null) return ''
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

/** A measured duration, precise when short: "350 ms", "1.2 s", "3 min 4 s", "2 h 5 min", "4 days". */
export function formatDuration(ms: number): string {
  const d = Math.max(0, ms)
  if (d < SECOND) return `${Math.round(d)} ms`
  if (d < 10 * SECOND) return `${(Math.floor(d / 100) / 10).toFixed(1)} s`
  if (d < MINUTE) return `${Math.floor(d / SECOND)} s`
  if (d < HOUR) {
    const s = Math.floor((d % MINUTE) / SECOND)
    return s ? `${Math.floor(d / MINUTE)} min ${s} s` : `${Math.floor(d / MINUTE)} min`
  }
  if (d < DAY) {
    const m = Math.floor((d % HOUR) / MINUTE)
    return m ? `${Math.floor(d / HOUR)} h ${m} min` : `${Math.floor(d / HOUR)} h`
  }
  return plural(Math.floor(d / DAY), 'day')
}

/**
 * "cached just now", "cached 5 minutes ago": the age of the oldest last sync of the
 * organizations shown, worded by `relativeTime` from the same time and the same clock as the
 * sidebar's "synced …" — so "cached just now" never sits beside "synced 1 minute ago". null =
 * the cache was never filled.
 */
export function cacheAge(oldestSyncAt: string | number | null, now: number): string {
  const text = relativeTime(oldestSyncAt, Math.max(now, toMs(oldestSyncAt) ?? now))
  return text ? `cached ${text}` : 'Not synced yet'
}

/** The oldest last sync among organizations, or null when one of them never synced (or none given). */
export function oldestSync(organizations: ReadonlyArray<{ lastSyncAt: string | null }>): string | null {
  let oldest: string | null = null
  for (const o of organizations) {
    if (!o.lastSyncAt) return null
    if (oldest === null || Date.parse(o.lastSyncAt) < Date.parse(oldest)) oldest = o.lastSyncAt
  }
  return oldest
}

export type AgeTone = 'fresh' | 'warn' | 'alert'

/**
 * How worrying a cache age is: amber (`warn`) past `warnHours`, red (`alert`) past `alertHours`
 * (settings cacheAgeWarnHours / cacheAgeAlertHours). Never synced is `alert`.
 */
export function ageTone(syncedAt: string | number | null, now: number, warnHours: number, alertHours: number): AgeTone {
  const ms = toMs(syncedAt)
  if (ms === null) return 'alert'
  const age = now - ms
  if (age > Math.max(warnHours, alertHours) * HOUR) return 'alert'
  return age > warnHours * HOUR ? 'warn' : 'fresh'
}

export type ExpiryState = 'none' | 'expired' | 'soon' | 'later'

/** How soon an expiry date is: "soon" is within `soonDays` (7 by default) and not yet past. */
export function expiryState(expiresAt: string | null | undefined, now: number, soonDays = 7): ExpiryState {
  const ms = toMs(expiresAt)
  if (ms === null) return 'none'
  if (ms <= now) return 'expired'
  return ms - now <= soonDays * DAY ? 'soon' : 'later'
}

/** "user", "application": a wire enum as words ("unknown_type" → "unknown"). */
export function enumLabel(value: string | null | undefined): string {
  if (!value) return ''
  if (value.startsWith('unknown_')) return 'unknown'
  return value.replace(/_/g, ' ')
}

/** "a1b2c3d4…9f0e" — long ids shortened for narrow columns; the full id stays in the title. */
export function shortId(id: string, keep = 8): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-4)}`
}

/** Start of a local calendar day (yyyy-mm-dd from a date input) as ISO, for date-range filters. */
export function dayStartIso(day: string, addDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return null
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

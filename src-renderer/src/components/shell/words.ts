// Plain words for the shell: kind names, relative dates, sync change summaries.

const KIND_WORDS: Record<string, [singular: string, plural: string]> = {
  users: ['user', 'users'],
  applications: ['application', 'applications'],
  groups: ['group', 'groups'],
  policies: ['policy', 'policies'],
  rules: ['policy rule set', 'policy rule sets'],
  api_keys: ['API key', 'API keys'],
  ssh_keys: ['SSH key', 'SSH keys'],
  permission_sets: ['permission set', 'permission sets'],
  quota: ['quota', 'quotas'],
  jwts: ['session', 'sessions'],
  logs: ['log entry', 'log entries'],
  organization: ['organization', 'organizations'],
}

export function kindWord(kind: string, count = 2): string {
  const words = KIND_WORDS[kind]
  if (!words) return kind.replace(/_/g, ' ')
  return count === 1 ? words[0] : words[1]
}

/** Title-case label for badges and headings: "API keys", "Users". */
export function kindTitle(kind: string): string {
  const w = kindWord(kind)
  return w.charAt(0).toUpperCase() + w.slice(1)
}


/** "just now", "5 min ago", "3 days ago", "in 2 days". */
export function relativeTime(iso: string | number | Date, now: number): string {
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return 'unknown time'
  const diff = now - t
  const abs = Math.abs(diff)
  const future = diff < 0
  if (abs < 45_000) return 'just now'
  let text: string
  if (abs < 3_600_000) text = `${Math.round(abs / 60_000)} min`
  else if (abs < 86_400_000) {
    const h = Math.round(abs / 3_600_000)
    text = `${h} hour${h === 1 ? '' : 's'}`
  } else if (abs < 30 * 86_400_000) {
    const d = Math.round(abs / 86_400_000)
    text = `${d} day${d === 1 ? '' : 's'}`
  } else if (abs < 365 * 86_400_000) {
    const m = Math.round(abs / (30 * 86_400_000))
    text = `${m} month${m === 1 ? '' : 's'}`
  } else {
    const y = Math.round(abs / (365 * 86_400_000))
    text = `${y} year${y === 1 ? '' : 's'}`
  }
  return future ? `in ${text}` : `${text} ago`
}

/** The exact time, for title attributes. */
export function exactTime(iso: string | number | Date): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

/** "HH:MM" in local time. */
export function clockTime(iso: string | number | Date): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

/** 1234 → "1.2 s", 65000 → "1 min 5 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const m = Math.floor(ms / 60_000)
  const s = Math.round((ms % 60_000) / 1000)
  return s ? `${m} min ${s} s` : `${m} min`
}

/** SyncSummary.changes → "+3 users, −1 API key, 2 policies modified" (or "no changes"). */
export function changesText(changes: Record<string, { added: number; removed: number; modified: number }>): string {
  const parts: string[] = []
  for (const [kind, c] of Object.entries(changes)) {
    if (c.added) parts.push(`+${c.added} ${kindWord(kind, c.added)}`)
    if (c.removed) parts.push(`−${c.removed} ${kindWord(kind, c.removed)}`)
    if (c.modified) parts.push(`${c.modified} ${kindWord(kind, c.modified)} modified`)
  }
  return parts.length ? parts.join(', ') : 'no changes'
}

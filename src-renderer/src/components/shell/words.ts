// Plain words for the shell: kind names and sync change summaries. Times and durations are
// worded in lib/format.ts.

import { kindWord } from '../../../../domain/kinds'

export { kindWord }

/** Title-case label for badges and headings: "API keys", "Users". */
export function kindTitle(kind: string): string {
  const w = kindWord(kind)
  return w.charAt(0).toUpperCase() + w.slice(1)
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

// What the policy analysis shows, as the text kept in the address (nav.view, route.ts `v=`): so
// back/forward, a reload or a pasted link come back to the same comparison. Pure.
//   compare;a=<org>/<policy>[@<sync>];b=…
//   across;p=<org>/<policy>;by=name|tag[;tag=<tag>][;ref=<org>/<policy>]
//   timeline;p=<org>/<policy>[;from=<sync>|now][;to=<sync>|now]

/** A policy as it is now, or (with `syncRunId`) as that sync found it. */
export interface PolicyPick {
  organizationId: string
  policyId: string
  syncRunId?: string
}

export type AnalysisTarget =
  | { mode: 'compare'; a: PolicyPick | null; b: PolicyPick | null }
  | { mode: 'across'; policy: PolicyPick | null; by: 'name' | 'tag'; tag?: string; reference?: PolicyPick }
  | { mode: 'timeline'; policy: PolicyPick | null; from?: string; to?: string }

export const EMPTY_TARGET: AnalysisTarget = { mode: 'compare', a: null, b: null }

const enc = encodeURIComponent

function pickText(p: PolicyPick): string {
  return `${enc(p.organizationId)}/${enc(p.policyId)}${p.syncRunId ? `@${enc(p.syncRunId)}` : ''}`
}

function parsePick(text: string | undefined): PolicyPick | null {
  const m = /^([^/@]+)\/([^/@]+)(?:@(\d+))?$/.exec(text ?? '')
  if (!m) return null
  try {
    const pick: PolicyPick = { organizationId: decodeURIComponent(m[1]!), policyId: decodeURIComponent(m[2]!) }
    if (m[3]) pick.syncRunId = m[3]
    return pick
  } catch {
    return null
  }
}

export function formatTarget(t: AnalysisTarget): string {
  const parts: string[] = [t.mode]
  switch (t.mode) {
    case 'compare':
      if (t.a) parts.push(`a=${pickText(t.a)}`)
      if (t.b) parts.push(`b=${pickText(t.b)}`)
      break
    case 'across':
      if (t.policy) parts.push(`p=${pickText(t.policy)}`)
      parts.push(`by=${t.by}`)
      if (t.by === 'tag' && t.tag) parts.push(`tag=${enc(t.tag)}`)
      if (t.reference) parts.push(`ref=${pickText(t.reference)}`)
      break
    case 'timeline':
      if (t.policy) parts.push(`p=${pickText(t.policy)}`)
      if (t.from) parts.push(`from=${enc(t.from)}`)
      if (t.to) parts.push(`to=${enc(t.to)}`)
      break
  }
  return parts.join(';')
}

/** The target a text names; nonsense gives the empty comparison, broken parts are dropped. */
export function parseTarget(text: string): AnalysisTarget {
  const [mode, ...rest] = text.split(';')
  const params = new Map<string, string>()
  for (const part of rest) {
    const at = part.indexOf('=')
    if (at > 0) params.set(part.slice(0, at), part.slice(at + 1))
  }
  const dec = (s: string | undefined): string | undefined => {
    if (s === undefined) return undefined
    try {
      return decodeURIComponent(s) || undefined
    } catch {
      return undefined
    }
  }
  const version = (s: string | undefined): string | undefined => {
    const v = dec(s)
    return v === 'now' || (v !== undefined && /^\d+$/.test(v)) ? v : undefined
  }
  switch (mode) {
    case 'compare':
      return { mode, a: parsePick(params.get('a')), b: parsePick(params.get('b')) }
    case 'across': {
      const by = params.get('by') === 'tag' ? 'tag' : 'name'
      const t: AnalysisTarget = { mode, policy: parsePick(params.get('p')), by }
      const tag = dec(params.get('tag'))
      if (by === 'tag' && tag) t.tag = tag
      const ref = parsePick(params.get('ref'))
      if (ref) t.reference = ref
      return t
    }
    case 'timeline': {
      const t: AnalysisTarget = { mode, policy: parsePick(params.get('p')) }
      const from = version(params.get('from'))
      const to = version(params.get('to'))
      if (from) t.from = from
      if (to) t.to = to
      return t
    }
    default:
      return EMPTY_TARGET
  }
}

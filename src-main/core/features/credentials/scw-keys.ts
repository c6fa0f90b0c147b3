// Which access keys the local Scaleway CLI knows, for the credential report's "in scw config"
// mark: the config file's profiles and the SCW_* variables, found and parsed by the orgs
// feature's scanner. Only access keys and profile names leave this file — the candidates'
// secret keys are dropped here and never read. The scan is kept for a few seconds, so paging
// through the report does not read the file for every page.
import type { ScwConfigScan } from '../orgs/scw-config'

export interface ScwAccessKeys {
  /** Whether a config file was found. */
  found: boolean
  /**
   * Why the file could not be read or parsed, in plain words that name no path (the scanner's own
   * message does; the import dialog shows it); null when it was.
   */
  problem: string | null
  /** Access key → the profiles holding it ("environment" for the SCW_* variables). */
  profiles: ReadonlyMap<string, readonly string[]>
}

export type ScwAccessKeysReader = () => Promise<ScwAccessKeys>

/** Access keys (and profile names) of a scan; nothing else of it. */
export function accessKeysOf(scan: ScwConfigScan): ScwAccessKeys {
  if (!scan.ok) return { found: true, problem: UNREADABLE, profiles: new Map() }
  const profiles = new Map<string, string[]>()
  for (const c of scan.candidates) {
    const key = c.accessKey?.trim()
    if (!key) continue
    const names = profiles.get(key) ?? []
    if (!names.includes(c.profileName)) names.push(c.profileName)
    profiles.set(key, names)
  }
  return { found: scan.configPath !== null, problem: null, profiles }
}

const UNREADABLE = 'The Scaleway CLI config could not be read or is not valid; "Import CLI profiles" says why.'

/** A reader that scans at most once per `ttlMs` (a failed scan is a problem, never a throw). */
export function scwAccessKeysReader(scan: () => Promise<ScwConfigScan>, ttlMs = 5_000, clock: () => number = Date.now): ScwAccessKeysReader {
  let kept: { at: number; value: Promise<ScwAccessKeys> } | null = null
  return () => {
    const now = clock()
    if (kept && now - kept.at < ttlMs) return kept.value
    const value = scan().then(accessKeysOf, (): ScwAccessKeys => ({ found: false, problem: UNREADABLE, profiles: new Map() }))
    kept = { at: now, value }
    return value
  }
}

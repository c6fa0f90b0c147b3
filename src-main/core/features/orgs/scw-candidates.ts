// Import candidates found in the Scaleway CLI configuration: one per profile of the config
// file and one for the SCW_* environment variables, each checked for format and
// de-duplicated by access key before anything is sent to the API or stored.
import { Secret } from '../../platform/scaleway/secret'
import { checkApiUrl } from '../../../../src-preload/contract/api-url'

/** The profile settings IAM Desk imports (region, zone, s3_* and the rest are not needed). */
export type ScwField = 'access_key' | 'secret_key' | 'default_organization_id' | 'default_project_id' | 'api_url'

export interface ScwProfileCandidate {
  source: 'config' | 'environment'
  /** "default" for the config's top level, the key under `profiles:`, or "environment". */
  profileName: string
  /** The profile `scw` would use: SCW_PROFILE, else active_profile, else the top level. */
  active: boolean
  accessKey?: string
  secretKey?: Secret
  organizationId?: string
  projectId?: string
  apiUrl?: string
  /**
   * Where the API URL comes from: the profile itself, the top level of the file (which scw
   * applies to every profile that sets none), or SCW_API_URL.
   */
  apiUrlFrom?: 'profile' | 'top_level' | 'environment'
  /** Settings present in the file but not a single text value (a list, a mapping). */
  unreadable?: ScwField[]
}

export type ScwCandidateCheck =
  | { status: 'valid' }
  | { status: 'invalid'; reasons: string[] }
  | { status: 'duplicate'; of: { source: ScwProfileCandidate['source']; profileName: string }; reason: string }

export type CheckedScwCandidate = ScwProfileCandidate & { check: ScwCandidateCheck }

export const ACCESS_KEY_PATTERN = /^SCW[A-Z0-9]{17}$/
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const FIELD_WORDS: Record<ScwField, string> = {
  access_key: 'access key',
  secret_key: 'secret key',
  default_organization_id: 'organization ID',
  default_project_id: 'project ID',
  api_url: 'API URL',
}

export type ScwEnvironment = Readonly<Record<string, string | undefined>>

/**
 * The profile made of SCW_* variables, or null when none of its credentials is set.
 * Like the Go SDK, the legacy names are read too and the SCW_* name wins over them.
 * It is never "active": it is listed beside the config's profiles, not merged into them.
 */
export function environmentCandidate(env: ScwEnvironment): ScwProfileCandidate | null {
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const v = env[name]?.trim()
      if (v) return v
    }
    return undefined
  }
  const accessKey = pick('SCW_ACCESS_KEY')
  const secret = pick('SCW_SECRET_KEY', 'SCW_TOKEN', 'SCALEWAY_TOKEN')
  if (accessKey === undefined && secret === undefined) return null
  const candidate: ScwProfileCandidate = { source: 'environment', profileName: 'environment', active: false }
  if (accessKey !== undefined) candidate.accessKey = accessKey
  if (secret !== undefined) candidate.secretKey = new Secret(secret)
  const org = pick('SCW_DEFAULT_ORGANIZATION_ID', 'SCW_ORGANIZATION', 'SCALEWAY_ORGANIZATION')
  if (org !== undefined) candidate.organizationId = org
  const project = pick('SCW_DEFAULT_PROJECT_ID')
  if (project !== undefined) candidate.projectId = project
  const apiUrl = pick('SCW_API_URL')
  if (apiUrl !== undefined) {
    candidate.apiUrl = apiUrl
    candidate.apiUrlFrom = 'environment'
  }
  return candidate
}

/**
 * Check formats. The reasons are plain words a user can act on; a secret's value never
 * appears in them (access keys and IDs are not secret and are quoted to help find the typo).
 * A valid candidate's API URL comes back without its trailing slashes.
 */
export function checkCandidate(candidate: ScwProfileCandidate): CheckedScwCandidate {
  const reasons: string[] = []
  const unreadable = new Set(candidate.unreadable ?? [])
  for (const field of unreadable) reasons.push(`its ${FIELD_WORDS[field]} is not a single text value`)

  if (candidate.accessKey === undefined) {
    if (!unreadable.has('access_key')) reasons.push('it has no access key')
  } else if (!ACCESS_KEY_PATTERN.test(candidate.accessKey)) {
    reasons.push(`the access key "${candidate.accessKey}" is not "SCW" followed by 17 capital letters or digits`)
  }
  if (candidate.secretKey === undefined) {
    if (!unreadable.has('secret_key')) reasons.push('it has no secret key')
  } else if (!UUID_PATTERN.test(candidate.secretKey.reveal())) {
    reasons.push('the secret key is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')
  }
  if (candidate.organizationId !== undefined && !UUID_PATTERN.test(candidate.organizationId)) {
    reasons.push(`the organization ID "${candidate.organizationId}" is not a UUID`)
  }
  if (candidate.projectId !== undefined && !UUID_PATTERN.test(candidate.projectId)) {
    reasons.push(`the project ID "${candidate.projectId}" is not a UUID`)
  }
  let apiUrl = candidate.apiUrl
  if (apiUrl !== undefined) {
    const url = checkApiUrl(apiUrl)
    if (url.ok) apiUrl = url.url
    else reasons.push(url.problem)
  }
  const checked: CheckedScwCandidate = {
    ...candidate,
    check: reasons.length === 0 ? { status: 'valid' } : { status: 'invalid', reasons },
  }
  if (apiUrl !== undefined) checked.apiUrl = apiUrl
  return checked
}

/**
 * Why a profile is not preselected: its (valid) API URL sends the secret key to a host other
 * than api.scaleway.com. null for Scaleway's own API, no API URL, or an invalid one (that is
 * already a reason of the check).
 */
export function apiUrlWarning(candidate: Pick<ScwProfileCandidate, 'apiUrl' | 'apiUrlFrom'>): string | null {
  if (candidate.apiUrl === undefined) return null
  const url = checkApiUrl(candidate.apiUrl)
  if (!url.ok || url.official) return null
  const where =
    candidate.apiUrlFrom === 'top_level'
      ? 'The API URL set at the top level of the file (scw applies it to every profile that sets none)'
      : candidate.apiUrlFrom === 'environment'
        ? 'The API URL of SCW_API_URL'
        : 'Its API URL'
  return `${where} sends the secret key to ${url.host}, not to Scaleway's api.scaleway.com. Tick it only if you trust that host.`
}

/**
 * Among valid candidates, the first with a given access key is kept and the later ones are
 * marked duplicates of it (one API key = one organization profile). Invalid candidates keep
 * their own reasons: "fix this" is more useful than "duplicate". Input order decides, so the
 * config's top level wins over its named profiles, which win over the environment.
 */
export function dedupeByAccessKey(candidates: readonly CheckedScwCandidate[]): CheckedScwCandidate[] {
  const firstByKey = new Map<string, CheckedScwCandidate>()
  return candidates.map((c) => {
    if (c.check.status !== 'valid' || c.accessKey === undefined) return c
    const first = firstByKey.get(c.accessKey)
    if (first === undefined) {
      firstByKey.set(c.accessKey, c)
      return c
    }
    const of = { source: first.source, profileName: first.profileName }
    const where = first.source === 'environment' ? 'the environment variables' : `profile "${first.profileName}"`
    return { ...c, check: { status: 'duplicate', of, reason: `same access key as ${where}` } }
  })
}

// Read the Scaleway CLI configuration the way `scw` finds and reads it, and turn every
// profile in it, plus the SCW_* environment variables, into checked import candidates.
//
// Reference: docs/scaleway-iam-api.md §11 (Go SDK scw/path.go, scw/config.go, scw/env.go).
//
// Where a named profile leaves a setting out, the Go SDK (MergeProfiles) takes it from the
// top level. We follow that for the API URL and the organization, with two deliberate
// exceptions, because each would pair values that belong to different things:
//  - credentials are inherited only as a pair: a named profile that sets an access key or a
//    secret key gets nothing of the two from the top level (Go would pair one API key's ID
//    with another's secret, which can only fail, and would copy the top-level secret under
//    a second name). So the fixture's "no-secret" profile is reported as having no secret.
//  - the default project is inherited only when the organization is (a project belongs to
//    one organization).
// The API URL is inherited like Go does, but such a profile is marked (`apiUrlFrom:
// 'top_level'`) so the import table can say that one line of the file redirects every profile's
// secret key (scw-candidates.ts apiUrlWarning).
// A `profiles:` entry named "default" is ignored, as in Go, where "default" always means
// the top level.
import { readFile as fsReadFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LineCounter, isMap, isScalar, parseDocument, type YAMLError } from 'yaml'
import { Secret } from '../../platform/scaleway/secret'
import {
  checkCandidate,
  dedupeByAccessKey,
  environmentCandidate,
  type CheckedScwCandidate,
  type ScwEnvironment,
  type ScwField,
  type ScwProfileCandidate,
} from './scw-candidates'

export type ScwConfigLocation = {
  /** The file to read, or null when none of the searched paths exists. */
  path: string | null
  /** Every path looked at, in order, for a "not found" message. */
  searched: string[]
}

export type ScwConfigScan =
  | { ok: true; configPath: string | null; searched: string[]; candidates: CheckedScwCandidate[]; warnings: string[] }
  | { ok: false; configPath: string; error: string }

export interface ScwConfigDeps {
  env: ScwEnvironment
  /** The user's home folder (os.homedir() in the app). */
  homeDir: string
  /** Resolves to null when the file does not exist. Defaults to node:fs. */
  readFile?: (path: string) => Promise<string | null>
}

/**
 * The config file paths `scw` would try, in order: SCW_CONFIG_PATH alone when set; otherwise
 * config.yaml in $XDG_CONFIG_HOME/scw or ~/.config/scw, then config.yml in the same folder
 * (Go's fallback, default location only).
 */
export function scwConfigPathCandidates(env: ScwEnvironment, homeDir: string): string[] {
  const explicit = env.SCW_CONFIG_PATH
  if (explicit !== undefined && explicit !== '') return [explicit]
  const xdg = env.XDG_CONFIG_HOME
  const dir = xdg !== undefined && xdg !== '' ? join(xdg, 'scw') : join(homeDir, '.config', 'scw')
  return [join(dir, 'config.yaml'), join(dir, 'config.yml')]
}

export async function readTextFileIfExists(path: string): Promise<string | null> {
  try {
    return await fsReadFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw err
  }
}

/** Find, read and parse the config, add the environment profile, check and de-duplicate. */
export async function scanScwConfig(deps: ScwConfigDeps): Promise<ScwConfigScan> {
  const readFile = deps.readFile ?? readTextFileIfExists
  const searched = scwConfigPathCandidates(deps.env, deps.homeDir)
  let configPath: string | null = null
  let text: string | null = null
  for (const path of searched) {
    try {
      text = await readFile(path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      return {
        ok: false,
        configPath: path,
        error: `The Scaleway CLI config at ${path} could not be read${code ? ` (${code})` : ''}.`,
      }
    }
    if (text !== null) {
      configPath = path
      break
    }
  }
  if (configPath === null || text === null) {
    const env = environmentCandidate(deps.env)
    const candidates = env === null ? [] : [checkCandidate(env)]
    return { ok: true, configPath: null, searched, candidates, warnings: [] }
  }
  const parsed = parseScwConfig(text, configPath, deps.env)
  if (!parsed.ok) return { ok: false, configPath, error: parsed.error }
  return { ok: true, configPath, searched, candidates: parsed.candidates, warnings: parsed.warnings }
}

export type ScwConfigParse =
  | { ok: true; candidates: CheckedScwCandidate[]; warnings: string[] }
  | { ok: false; error: string }

const FIELDS: readonly ScwField[] = ['access_key', 'secret_key', 'default_organization_id', 'default_project_id', 'api_url']

type RawProfile = Partial<Record<ScwField, string>> & { unreadable: ScwField[]; apiUrlFromTop?: true }

/**
 * Parse config text (path only for messages). Candidates come in file order: the top level
 * ("default") when it holds credentials, each named profile, then the environment profile.
 */
export function parseScwConfig(text: string, path: string, env: ScwEnvironment): ScwConfigParse {
  const lineCounter = new LineCounter()
  // failsafe: every scalar stays the exact text written (a secret like 0123… is not a number).
  const doc = parseDocument(text, { schema: 'failsafe', prettyErrors: false, lineCounter, uniqueKeys: true })
  const firstError = doc.errors[0]
  if (firstError !== undefined) {
    const line = lineCounter.linePos(firstError.pos[0]).line
    return { ok: false, error: `The Scaleway CLI config at ${path} is not valid YAML (line ${line}): ${describeYamlError(firstError)}` }
  }
  const root: unknown = doc.contents
  const notMapping = (what: string): ScwConfigParse => ({
    ok: false,
    error: `The Scaleway CLI config at ${path} is not a Scaleway CLI config: ${what} is not a list of "name: value" settings.`,
  })
  if (root !== null && !isMap(root)) return notMapping('the file')

  const warnings: string[] = []
  const candidates: ScwProfileCandidate[] = []
  const top = isMap(root) ? readProfile(root) : { unreadable: [] }
  const activeProfileNode = isMap(root) ? root.get('active_profile', true) : undefined
  const activeFromFile = isScalar(activeProfileNode) ? String(activeProfileNode.value).trim() || undefined : undefined
  const profilesNode: unknown = isMap(root) ? root.get('profiles', true) : undefined
  if (profilesNode !== undefined && profilesNode !== null && !(isScalar(profilesNode) && profilesNode.value === '') && !isMap(profilesNode)) {
    return notMapping('its "profiles:" section')
  }
  const envProfile = env.SCW_PROFILE?.trim() || undefined
  const activeName = envProfile ?? activeFromFile ?? 'default'

  if (top.access_key !== undefined || top.secret_key !== undefined || top.unreadable.length > 0) {
    candidates.push(toCandidate('default', top, activeName === 'default'))
  }
  const names: string[] = []
  if (isMap(profilesNode)) {
    for (const pair of profilesNode.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined
      if (name === undefined) continue
      if (name === 'default') {
        warnings.push('The profile named "default" under "profiles:" is ignored: "default" is the top level of the file, as for scw.')
        continue
      }
      names.push(name)
      const own = isMap(pair.value) ? readProfile(pair.value) : { unreadable: [] }
      candidates.push(toCandidate(name, mergeWithTopLevel(own, top), activeName === name))
    }
  }
  if (activeName !== 'default' && !names.includes(activeName)) {
    const by = envProfile !== undefined ? 'SCW_PROFILE' : 'active_profile'
    warnings.push(`${by} names the profile "${activeName}", which is not in the file; no profile is marked active.`)
  }
  const envCandidate = environmentCandidate(env)
  if (envCandidate !== null) candidates.push(envCandidate)
  return { ok: true, candidates: dedupeByAccessKey(candidates.map(checkCandidate)), warnings }
}

function readProfile(node: { get(key: string, keepScalar: true): unknown }): RawProfile {
  const profile: RawProfile = { unreadable: [] }
  for (const field of FIELDS) {
    const value = node.get(field, true)
    if (value === undefined || value === null) continue
    if (isScalar(value)) {
      const text = String(value.value ?? '').trim()
      if (text !== '') profile[field] = text
    } else {
      profile.unreadable.push(field)
    }
  }
  return profile
}

/** See the header: Go's merge, except credentials and organization/project go by pairs. */
function mergeWithTopLevel(own: RawProfile, top: RawProfile): RawProfile {
  const merged: RawProfile = { ...own, unreadable: [...own.unreadable] }
  const has = (p: RawProfile, f: ScwField) => p[f] !== undefined || p.unreadable.includes(f)
  const inherit = (fields: ScwField[]) => {
    for (const f of fields) {
      const v = top[f]
      if (v !== undefined) merged[f] = v
      if (top.unreadable.includes(f)) merged.unreadable.push(f)
    }
  }
  if (!has(own, 'access_key') && !has(own, 'secret_key')) inherit(['access_key', 'secret_key'])
  if (!has(own, 'default_organization_id')) {
    inherit(['default_organization_id'])
    if (!has(own, 'default_project_id')) inherit(['default_project_id'])
  }
  if (!has(own, 'api_url')) {
    inherit(['api_url'])
    if (top.api_url !== undefined) merged.apiUrlFromTop = true
  }
  return merged
}

function toCandidate(profileName: string, raw: RawProfile, active: boolean): ScwProfileCandidate {
  const c: ScwProfileCandidate = { source: 'config', profileName, active }
  if (raw.access_key !== undefined) c.accessKey = raw.access_key
  if (raw.secret_key !== undefined) c.secretKey = new Secret(raw.secret_key)
  if (raw.default_organization_id !== undefined) c.organizationId = raw.default_organization_id
  if (raw.default_project_id !== undefined) c.projectId = raw.default_project_id
  if (raw.api_url !== undefined) {
    c.apiUrl = raw.api_url
    c.apiUrlFrom = raw.apiUrlFromTop ? 'top_level' : 'profile'
  }
  if (raw.unreadable.length > 0) c.unreadable = raw.unreadable
  return c
}

/**
 * Our own words per error code: the yaml library's messages may quote the offending source
 * text, and in this file that text can be a secret key.
 */
function describeYamlError(err: YAMLError): string {
  switch (err.code) {
    case 'BAD_INDENT':
      // The library's message is only inspected here, never shown.
      if (/^flow/i.test(err.message)) {
        return 'a [ or { opened on an earlier line is not closed (a value containing brackets must be put in quotes).'
      }
      return 'the indentation is wrong (a list or nested setting is not indented as YAML requires).'
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML requires spaces.'
    case 'MISSING_CHAR':
      return 'a quote or bracket is opened and never closed.'
    case 'DUPLICATE_KEY':
      return 'the same setting or profile name appears twice in one place.'
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a value contains ": " where a single value was expected; put the value in quotes.'
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document ("---").'
    case 'BAD_DQ_ESCAPE':
      return 'a double-quoted value contains an invalid escape sequence.'
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
    case 'MULTIPLE_ANCHORS':
    case 'RESOURCE_EXHAUSTION':
      return 'an anchor or alias (& or *) is invalid or used too often.'
    default:
      return `the YAML syntax is invalid (${err.code}).`
  }
}

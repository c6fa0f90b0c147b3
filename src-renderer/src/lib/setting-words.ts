// Every setting in the user's words (the Settings view and the controls beside the features they
// change), and the checks run as the user types. The bounds are read from the contract's schema
// (contract/settings.ts), never repeated here, so a changed bound changes the message too.
import { SETTING_DEFAULTS, Settings, type Settings as SettingValues } from '../../../src-preload/contract'

export type SettingKey = keyof SettingValues
/** Settings held as a whole number (the nullable one: null = "never"). */
export type NumberKey = { [K in SettingKey]: SettingValues[K] extends number | null ? (SettingValues[K] extends boolean ? never : K) : never }[SettingKey]
export type BooleanKey = { [K in SettingKey]: SettingValues[K] extends boolean ? K : never }[SettingKey]

export interface SettingWords {
  /** The control's label. */
  label: string
  /** One line: why it matters, what it changes. */
  why: string
  /** What a number counts ("days"); for numbers only. */
  unit?: string
  /** The toast once stored: the new value in a sentence. */
  says: (value: never) => string
}

const n = (v: number) => v.toLocaleString('en-US')
const count = (v: number, one: string, many: string) => `${n(v)} ${v === 1 ? one : many}`

export const SETTING_WORDS = {
  apiKeyExpiryDays: {
    label: 'Expire after',
    unit: 'days',
    why: 'The New API key dialog starts on this expiry. A key that never expires stays usable forever if it leaks.',
    says: (v: number | null) => (v === null ? 'New API keys never expire unless you choose a date.' : `New API keys expire after ${count(v, 'day', 'days')} unless you choose otherwise.`),
  },
  cacheAgeWarnHours: {
    label: 'Amber after',
    unit: 'hours',
    why: 'Since the last successful sync: the cache age beside every list turns amber and the home lists the organization as stale.',
    says: (v: number) => `The cache age turns amber after ${count(v, 'hour', 'hours')}.`,
  },
  cacheAgeAlertHours: {
    label: 'Red after',
    unit: 'hours',
    why: 'Older still: the cache age turns red. At least the amber threshold.',
    says: (v: number) => `The cache age turns red after ${count(v, 'hour', 'hours')}.`,
  },
  credentialAgeDays: {
    label: 'Age threshold',
    unit: 'days',
    why: 'API keys older than this need attention (to rotate) in the credential report, its sidebar badge and the home.',
    says: (v: number) => `API keys need attention once they are ${count(v, 'day', 'days')} old.`,
  },
  fullSyncEvery: {
    label: 'Full sync every',
    unit: 'syncs',
    why: "A sync skips the rules of policies that look unchanged; a full sync re-reads every policy's rules (1 = every sync is full).",
    says: (v: number) => (v === 1 ? 'Every sync is a full sync.' : `Every ${n(v)}th sync of an organization is a full sync.`),
  },
  fullSyncDaily: {
    label: 'Also a full sync once a day',
    why: "The first sync of an organization whose last full sync is a day old is a full one, however few syncs ran since.",
    says: (v: boolean) => (v ? 'An organization also gets a full sync once a day.' : 'No daily full sync: only every Nth sync is full.'),
  },
  finishDueRotations: {
    label: 'Finish due rotations automatically',
    why: 'Deletes the old key as soon as its rotation’s grace period is over — at start and while IAM Desk runs — instead of waiting for “Finish now”. Irreversible: a deleted key cannot be brought back.',
    says: (v: boolean) => (v ? 'Due rotations are finished automatically: old keys are deleted once their grace period is over.' : 'Due rotations wait for “Finish now”.'),
  },
  sshFolder: {
    label: 'Folder',
    why: 'Where “SSH keys from this computer” reads public keys (*.pub). Empty: .ssh in your home folder.',
    says: (v: string | null) => (v === null ? 'SSH keys are read from ~/.ssh.' : `SSH keys are read from ${v}.`),
  },
} satisfies Record<SettingKey, SettingWords>

/** The default's words, for "Restore default (90 days)". */
export function defaultWords(key: SettingKey): string {
  const d = SETTING_DEFAULTS[key] as SettingValues[SettingKey]
  if (key === 'sshFolder') return '~/.ssh'
  if (d === null) return 'never'
  if (typeof d === 'boolean') return d ? 'on' : 'off'
  if (typeof d === 'number') return `${n(d)} ${SETTING_WORDS[key as NumberKey].unit}`
  return String(d)
}

/** A number setting's bounds, from the contract's schema (the nullable one unwrapped). */
export function numberBounds(key: NumberKey): { min: number; max: number } {
  const schema = Settings.shape[key]
  const num = 'unwrap' in schema ? schema.unwrap() : schema
  return { min: num.minValue ?? 0, max: num.maxValue ?? Number.MAX_SAFE_INTEGER }
}

/** What is typed, as a whole number (spaces and thousands separators allowed), or null. */
export function typedNumber(text: string): number | null {
  const t = text.trim().replace(/[\s,_]/g, '')
  return /^\d+$/.test(t) ? Number(t) : null
}

/** The problem with what is typed in a number setting, in its label's words; null when it fits. */
export function numberProblem(key: NumberKey, text: string): string | null {
  const { min, max } = numberBounds(key)
  const words = SETTING_WORDS[key]
  const value = typedNumber(text)
  if (value === null || value < min || value > max) return `${words.label}: a whole number of ${words.unit} from ${n(min)} to ${n(max)}.`
  return null
}

/** The problem with a typed folder (bounds from the schema), or null; empty means the default. */
export function folderProblem(text: string): string | null {
  const schema = Settings.shape.sshFolder.unwrap()
  const max = schema.maxLength ?? Infinity
  if (text.trim().length > max) return `${SETTING_WORDS.sshFolder.label}: at most ${n(max)} characters.`
  return null
}

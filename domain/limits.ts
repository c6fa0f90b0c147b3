// The IAM API's own limits on what a write may send (docs/scaleway-iam-api.md §7), declared once:
// the contract refuses input beyond them at the door and the writes' field checks
// (src-main/core/features/writes/validate.ts) use the same numbers and words, so no layer
// accepts what another refuses.
export const LIMITS = {
  /** Group, application and policy names. */
  name: 64,
  /** Descriptions of applications, groups, policies and API keys. */
  description: 200,
  /** Tags per object. */
  tags: 10,
  tag: 128,
  sshKeyName: 1000,
  personName: 64,
  username: { min: 2, max: 150 },
  /** Bytes of UTF-8 (bcrypt's limit); the contract caps characters at the same number. */
  passwordBytes: 72,
  email: 320,
} as const

/**
 * Group, application and policy names: words of letters, digits and _ ( ) . - separated by
 * single spaces (`\w` is ASCII here, as in the JS and Go SDKs' pattern). Checked by the writes'
 * field checks and, as the user types, by the create and edit dialogs.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_().-]+( +[A-Za-z0-9_().-]+)*$/
export const NAME_RULE_WORDS = 'may hold letters, digits, spaces and _ ( ) . - only, with no leading, trailing or double space'

/** What is wrong with a name as typed, in the API's words for that field, or null. */
export function nameProblem(value: string): string | null {
  if (value.length < 1 || value.length > LIMITS.name) return betweenLength(1, LIMITS.name)
  return NAME_PATTERN.test(value) ? null : NAME_RULE_WORDS
}

/** The words a refused field gets, the same from the contract and from the field checks. */
export const atMost = (max: number) => `must be at most ${max} characters long`
export const betweenLength = (min: number, max: number) => `must be ${min} to ${max} characters long`

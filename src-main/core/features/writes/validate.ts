// Checks a write's input before anything is sent, with the API's own limits
// (docs/scaleway-iam-api.md §7) and the API's own error shape: one entry per field with
// argument_name / reason / help_message, so the UI shows local and server refusals alike.
import { AppError } from '../../errors/app-error'
import { LIMITS, betweenLength, nameProblem } from '../../../../domain/limits'

export interface FieldError {
  argument_name: string
  reason: 'required' | 'format' | 'constraint' | 'unknown'
  help_message: string
}

export const TAG_PATTERN = /^[a-zA-Z0-9._\-/=+@ ]+$/
export const USERNAME_PATTERN = /^[a-zA-Z0-9@._-]+$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Collects field errors; `throwIfAny` raises them all at once as BAD_REQUEST. */
export class FieldErrors {
  readonly list: FieldError[] = []

  add(argument_name: string, reason: FieldError['reason'], help_message: string): void {
    this.list.push({ argument_name, reason, help_message })
  }

  /** Group, application and policy names: 1..LIMITS.name chars, words of letters, digits, _().- separated by spaces. */
  name(field: string, value: string | undefined): void {
    if (value === undefined) return
    const problem = nameProblem(value)
    if (problem) this.add(field, 'constraint', problem)
  }

  maxLength(field: string, value: string | undefined, max: number): void {
    if (value !== undefined && value.length > max) this.add(field, 'constraint', `must be at most ${max} characters long`)
  }

  maxBytes(field: string, value: string | undefined, max: number, min = 0): void {
    if (value === undefined) return
    const n = Buffer.byteLength(value, 'utf8')
    if (n < min) this.add(field, min === 1 ? 'required' : 'constraint', min === 1 ? 'must not be empty' : `must be at least ${min} bytes`)
    else if (n > max) this.add(field, 'constraint', `must be at most ${max} bytes (UTF-8)`)
  }

  tags(field: string, tags: readonly string[] | undefined): void {
    if (tags === undefined) return
    if (tags.length > LIMITS.tags) this.add(field, 'constraint', `at most ${LIMITS.tags} tags`)
    tags.forEach((t, i) => {
      if (!TAG_PATTERN.test(t)) this.add(`${field}[${i}]`, 'constraint', 'may hold letters, digits, spaces and . _ - / = + @ only')
    })
  }

  username(field: string, value: string | undefined): void {
    if (value === undefined) return
    if (value.length < LIMITS.username.min || value.length > LIMITS.username.max) this.add(field, 'constraint', betweenLength(LIMITS.username.min, LIMITS.username.max))
    else if (!USERNAME_PATTERN.test(value)) this.add(field, 'constraint', 'may hold letters, digits and @ . _ - only')
  }

  email(field: string, value: string | undefined): void {
    if (value !== undefined && !EMAIL.test(value)) this.add(field, 'format', 'must be an e-mail address')
  }

  uuid(field: string, value: string | undefined): void {
    if (value !== undefined && !UUID.test(value)) this.add(field, 'format', 'value must be a valid UUID')
  }

  throwIfAny(what: string): void {
    if (this.list.length === 0) return
    const first = this.list[0]!
    const more = this.list.length > 1 ? ` (and ${this.list.length - 1} more)` : ''
    throw new AppError('invalid_input', `${what}: ${first.argument_name} ${first.help_message}${more}.`, { fields: this.list })
  }
}

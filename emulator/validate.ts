// Request validation per reference §7. Each reader collects every problem and throws one
// 400 invalid_arguments listing them all, as the real API does.
import { type ArgumentDetail, invalidArguments } from './http/errors'
import { isUuid, normaliseTimestamp } from './ids'

export const NAME_PATTERN = /^[\w().-]+( +[\w().-]+)*$/
export const TAG_PATTERN = /^[a-zA-Z0-9._\-/=+@ ]+$/
export const USERNAME_PATTERN = /^[a-zA-Z0-9@._-]+$/
export const MAX_TAGS = 10

interface StringRule {
  required?: boolean
  min?: number
  max?: number
  maxBytes?: number
  pattern?: RegExp
  /** Skip the rules for "" (the real `ignoreEmpty`). */
  ignoreEmpty?: boolean
}

export class Checker {
  readonly details: ArgumentDetail[] = []

  fail(argument_name: string, reason: ArgumentDetail['reason'], help_message: string): void {
    this.details.push({ argument_name, reason, help_message })
  }

  /** Throws the collected details, if any. */
  done(): void {
    if (this.details.length > 0) throw invalidArguments(this.details)
  }

  checkString(name: string, value: unknown, rule: StringRule): string | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.fail(name, 'required', 'field is required')
      return undefined
    }
    if (typeof value !== 'string') {
      this.fail(name, 'format', 'value must be a string')
      return undefined
    }
    if (value === '' && rule.ignoreEmpty) return value
    if (rule.min !== undefined && value.length < rule.min) {
      this.fail(name, 'constraint', `value length must be greater than or equal to ${rule.min}`)
    } else if (rule.max !== undefined && value.length > rule.max) {
      this.fail(name, 'constraint', `value length must be less than or equal to ${rule.max}`)
    } else if (rule.maxBytes !== undefined && Buffer.byteLength(value) > rule.maxBytes) {
      this.fail(name, 'constraint', `value must be at most ${rule.maxBytes} bytes`)
    } else if (rule.pattern && !rule.pattern.test(value)) {
      this.fail(name, 'constraint', `value does not match regex pattern ${rule.pattern.source}`)
    }
    return value
  }

  checkUuid(name: string, value: unknown, required = false): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (required) this.fail(name, 'required', 'field is required')
      return undefined
    }
    if (!isUuid(value)) {
      this.fail(name, 'format', 'value must be a valid UUID')
      return undefined
    }
    return value.toLowerCase()
  }

  checkUuidArray(name: string, value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value)) {
      this.fail(name, 'format', 'value must be an array')
      return undefined
    }
    const out: string[] = []
    value.forEach((v, i) => {
      const id = this.checkUuid(`${name}[${i}]`, v, true)
      if (id) out.push(id)
    })
    return out
  }

  checkBool(name: string, value: unknown): boolean | undefined {
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') {
      this.fail(name, 'format', 'value must be a boolean')
      return undefined
    }
    return value
  }

  checkTags(name: string, value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value)) {
      this.fail(name, 'format', 'value must be an array of strings')
      return undefined
    }
    if (value.length > MAX_TAGS) this.fail(name, 'constraint', `value must contain at most ${MAX_TAGS} items`)
    const out: string[] = []
    value.forEach((t, i) => {
      if (typeof t !== 'string' || !TAG_PATTERN.test(t)) {
        this.fail(`${name}[${i}]`, 'constraint', `${name}[${i}]: value does not match regex pattern ${TAG_PATTERN.source}`)
      } else out.push(t)
    })
    return out
  }

  /** `null` = explicitly "no expiry"; undefined = not provided. */
  checkTimestamp(name: string, value: unknown): string | null | undefined {
    if (value === undefined) return undefined
    if (value === null) return null
    const norm = typeof value === 'string' ? normaliseTimestamp(value) : null
    if (norm === null) this.fail(name, 'format', 'value must be a valid RFC 3339 timestamp')
    return norm ?? undefined
  }
}

/** Treat `null` as "not provided" (Go SDK / Terraform send explicit nulls, §1.2). */
export function field(body: Record<string, unknown>, key: string): unknown {
  const v = body[key]
  return v === null ? undefined : v
}

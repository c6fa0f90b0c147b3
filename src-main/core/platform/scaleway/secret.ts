// A secret (API secret key, password) as its own type, so a logger, JSON.stringify,
// util.inspect, a template string or a repository cannot print or store one by accident.
// The only way to the value is an explicit reveal() at the place that must send it.
import { inspect } from 'node:util'

export class Secret {
  readonly #v: string

  constructor(value: string) {
    this.#v = value
  }

  reveal(): string {
    return this.#v
  }

  toJSON(): string {
    return '[REDACTED]'
  }

  toString(): string {
    return '[REDACTED]'
  }

  [inspect.custom](): string {
    return 'Secret([REDACTED])'
  }
}

/** Remove every occurrence of the given secrets from a string (defence in depth for messages). */
export function redact(text: string, secrets: readonly (Secret | undefined)[]): string {
  let out = text
  for (const s of secrets) {
    const v = s?.reveal()
    // Very short values would redact ordinary words; real secrets are UUIDs or passwords.
    if (v !== undefined && v.length >= 4) out = out.split(v).join('[REDACTED]')
  }
  return out
}

// Dispatches a contract call by name: validate input → run the service → validate output →
// Result. Errors never cross as exceptions, and a stack trace, a file path or a secret never
// crosses at all: a CoreError becomes its contract error through the one conversion
// (errors/contract-error.ts); anything else is an unknown exception, shown as a generic INTERNAL
// message and logged by class name only.
import { z } from 'zod'
import { calls, type CallName, type Result, type AppErrorShape } from '../../src-preload/contract'
import { isCoreError } from './errors/core-error'
import { toContractError } from './errors/contract-error'

type Calls = typeof calls
/** A service for one call: gets the parsed input, returns what the output schema accepts. */
export type Handler<K extends CallName> = (
  input: z.output<Calls[K]['input']>,
) => Promise<z.input<Calls[K]['output']>> | z.input<Calls[K]['output']>
export type Handlers = { [K in CallName]: Handler<K> }

export interface Router {
  readonly names: readonly CallName[]
  dispatch(name: string, input: unknown): Promise<Result<unknown>>
}

export interface RouterOptions {
  log?: (message: string) => void
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  const log = options.log ?? (() => {})
  const names = Object.keys(calls) as CallName[]
  for (const name of names) {
    if (typeof handlers[name] !== 'function') throw new Error(`no handler for ${name}`)
  }
  for (const name of Object.keys(handlers)) {
    if (!(name in calls)) throw new Error(`handler ${name} is not in the contract`)
  }

  return {
    names,
    async dispatch(name, input) {
      if (!Object.hasOwn(calls, name)) {
        return fail({ code: 'BAD_REQUEST', message: `Unknown call "${String(name).slice(0, 60)}".` })
      }
      const call = calls[name as CallName]
      const parsed = call.input.safeParse(input ?? {})
      if (!parsed.success) {
        return fail({ code: 'BAD_REQUEST', message: describeIssues(parsed.error), details: { issues: issuePaths(parsed.error), fields: fieldErrors(parsed.error) } })
      }
      let value: unknown
      try {
        value = await (handlers[name as CallName] as (i: unknown) => unknown)(parsed.data)
      } catch (err) {
        return fail(toErrorShape(err, log, name))
      }
      const out = call.output.safeParse(value)
      if (!out.success) {
        log(`router: ${name} returned a value outside the contract: ${issuePaths(out.error).join(', ')}`)
        return fail({ code: 'INTERNAL', message: 'IAM Desk produced an unexpected answer. Please report this.' })
      }
      return { ok: true, value: out.data }
    },
  }
}

function fail(error: AppErrorShape): Result<never> {
  return { ok: false, error }
}

function toErrorShape(err: unknown, log: (m: string) => void, name: string): AppErrorShape {
  // Only an unknown exception's class name is logged: its message may embed request data.
  if (!isCoreError(err)) log(`router: ${name} failed with ${err instanceof Error ? err.name : typeof err}`)
  return toContractError(err)
}

/**
 * The contract's refusals in the same shape as the writes' own field checks and Scaleway's
 * (argument_name / reason / help_message), so the UI shows each next to its field.
 */
function fieldErrors(error: z.ZodError): Array<{ argument_name: string; reason: 'constraint'; help_message: string }> {
  return error.issues.map((i) => {
    const last = [...i.path].reverse().find((p) => typeof p === 'string')
    const name = typeof last === 'string' ? last.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : 'input'
    return { argument_name: name, reason: 'constraint', help_message: i.message }
  })
}

function issuePaths(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? i.path.join('.') : '(input)'))
}

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0]
  if (!first) return 'Invalid input.'
  const where = first.path.length ? first.path.join('.') : 'input'
  return `Invalid ${where}: ${first.message}`
}


// Query-string parsing: repeated keys for arrays, `unknown_*` enum values meaning "no
// filter", booleans as true/false, page 1..10000, page_size 1..100 (default 20).
import { Checker } from '../validate'
import { isUuid } from '../ids'

export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 100

export class Query {
  readonly check = new Checker()
  constructor(readonly params: URLSearchParams) {}

  str(name: string, rule: { min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
    const v = this.params.get(name)
    if (v === null) return undefined
    return this.check.checkString(name, v, rule)
  }

  uuid(name: string): string | undefined {
    const v = this.params.get(name)
    if (v === null || v === '') return undefined
    return this.check.checkUuid(name, v)
  }

  uuids(name: string): string[] | undefined {
    const all = this.params.getAll(name)
    if (all.length === 0) return undefined
    const out: string[] = []
    all.forEach((v) => {
      if (!isUuid(v)) this.check.fail(name, 'format', 'value must be a valid UUID')
      else out.push(v.toLowerCase())
    })
    return out
  }

  strings(name: string): string[] | undefined {
    const all = this.params.getAll(name)
    return all.length === 0 ? undefined : all
  }

  bool(name: string): boolean | undefined {
    const v = this.params.get(name)
    if (v === null || v === '') return undefined
    if (v === 'true') return true
    if (v === 'false') return false
    this.check.fail(name, 'format', 'value must be a boolean')
    return undefined
  }

  /** Returns undefined for absent or `unknown_*` (the proto zero value = no filter). */
  enumOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.params.get(name)
    if (v === null || v === '' || v.startsWith('unknown_')) return undefined
    if (!(values as readonly string[]).includes(v)) {
      this.check.fail(name, 'format', `value must be one of ${values.join(', ')}`)
      return undefined
    }
    return v as T
  }

  orderBy<T extends string>(values: readonly [T, ...T[]]): T {
    const v = this.params.get('order_by')
    if (v === null || v === '') return values[0]
    if (!(values as readonly string[]).includes(v)) {
      this.check.fail('order_by', 'format', `value must be one of ${values.join(', ')}`)
      return values[0]
    }
    return v as T
  }

  timestamp(name: string): number | undefined {
    const v = this.params.get(name)
    if (v === null || v === '') return undefined
    const ms = Date.parse(v)
    if (Number.isNaN(ms)) this.check.fail(name, 'format', 'value must be a valid RFC 3339 timestamp')
    return Number.isNaN(ms) ? undefined : ms
  }

  page(): { page: number; pageSize: number } {
    const page = this.intParam('page', 1, 10000, 1)
    const pageSize = this.intParam('page_size', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
    return { page, pageSize }
  }

  private intParam(name: string, min: number, max: number, dflt: number): number {
    const v = this.params.get(name)
    if (v === null || v === '') return dflt
    if (!/^-?\d+$/.test(v)) {
      this.check.fail(name, 'format', 'value must be an integer')
      return dflt
    }
    const n = Number(v)
    if (n < min || n > max) {
      this.check.fail(name, 'constraint', `value must be between ${min} and ${max}`)
      return dflt
    }
    return n
  }

  /** Throws 400 invalid_arguments if any parameter was bad. */
  done(): void {
    this.check.done()
  }
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const start = (page - 1) * pageSize
  return items.slice(start, start + pageSize)
}

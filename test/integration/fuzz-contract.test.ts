// Fuzzes every call of the IPC contract (src-preload/contract `calls`, whatever it holds when the
// test runs) with fast-check, through the real router (createApp, in memory, a fake keychain)
// and over HTTP in browser mode (startWebServer). Inputs are derived generically from each
// call's zod input schema (its JSON Schema): values the schema describes, with strings drawn
// partly from the ids really in the cache; mutations of those (a key dropped or added, a leaf
// replaced, a type changed, a string one past its limit); random JSON values; and, through the
// router only, arbitrary JavaScript values. The schema itself says whether an input is valid.
//
// What every answer must be: a contract Result; BAD_REQUEST for an input the schema refuses;
// never INTERNAL; never a stack frame, a file of this machine or the secret of an organization.
// The secrets are canaries: API keys created for this test on the emulator (one stored in the
// keychain, one for the session only) and one in a Scaleway CLI profile that can be imported.
// The app calls a local emulator (startEmulator) and, for the imported profile, a closed port
// of 127.0.0.1: nothing leaves the machine.
//
// Bounded: RUNS inputs per call through the router, half as many over HTTP (FUZZ_RUNS overrides;
// FUZZ_SEED replays the seed fast-check prints with a failure).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { z } from 'zod'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { createApp, type App } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import { startWebServer, type WebServer } from '../../src-main/web/server'
import { AppErrorShape, calls, type CallName } from '../../src-preload/contract'

// About 15 s on a 2-core machine shared with others for the ~65 calls, both ways (FUZZ_RUNS=1000 for a long local run).
const RUNS = Number(process.env.FUZZ_RUNS ?? 40)
const HTTP_RUNS = Math.ceil(RUNS / 2)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
const params = <T extends unknown[]>(numRuns: number, examples: T[] = []): fc.Parameters<T> => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true, examples })

/** Inputs the fuzzing once found wrong, run first every time. */
const FOUND: Partial<Record<string, unknown[]>> = {
  // A current rule with an id longer than the answer's RuleSpecInput allows: was INTERNAL (the
  // diff's answer fell outside the contract), now refused as BAD_REQUEST.
  'policies.rulesDiff': [
    { current: [{ permission_set_names: ['IAMReadOnly'], project_ids: ['x'.repeat(1000)] }], proposed: [] },
    { current: [{ organization_id: '' }], proposed: [] },
  ],
}

// Removing an organization or moving its secrets out of the keychain would leave the calls
// fuzzed after it nothing to reach: those two go last.
const LAST: string[] = ['orgs.useSessionStorage', 'orgs.remove']
const NAMES = (Object.keys(calls) as CallName[]).sort((a, b) => LAST.indexOf(a) - LAST.indexOf(b))

const Result = z.union([z.object({ ok: z.literal(true), value: z.unknown() }).strict(), z.object({ ok: z.literal(false), error: AppErrorShape }).strict()])
type Answer = z.infer<typeof Result>

// ---- Leaks: what no answer may contain (unless the input itself carried it, echoed back).

const STACK_FRAME = /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:|node:|\/)[^)\n]*:\d+:\d+\)?/
const SOURCE_FILE = /\.(?:ts|js|mjs|cjs|svelte):\d+/
// This machine's own folders, wherever the repository was cloned: the user's home, the temp
// folder, the checkout itself, and installed packages.
const MACHINE_PATHS = [homedir() + path.sep, tmpdir() + path.sep, process.cwd() + path.sep, 'node_modules']

let secrets: string[] = []
/** Designed answers that name a file of the user's own on purpose (not a leak). */
function withoutDesignedPaths(name: string, answer: Answer): Answer {
  // The import dialog shows where the Scaleway CLI config was found.
  if (name === 'orgs.importPreview' && answer.ok) return { ok: true, value: { ...(answer.value as object), configPath: '<config path>' } }
  // SSH keys from this computer show the SSH folder read and its files (and where each key was found).
  if (name === 'sshLocal.matrix' && answer.ok) {
    const m = answer.value as { scan: object; rows: Array<{ key: object }> }
    return { ok: true, value: { ...m, scan: { ...m.scan, folder: '<SSH folder>', files: [] }, rows: m.rows.map((r) => ({ ...r, key: { ...r.key, sources: [] } })) } }
  }
  return answer
}

function leaks(name: string, input: unknown, answer: Answer): string[] {
  const text = JSON.stringify(withoutDesignedPaths(name, answer))
  // fc.stringify prints any value (bigint, null prototype, cycles), strings JSON-escaped as in `text`.
  const echoed = fc.stringify(input)
  const found: string[] = []
  for (const secret of secrets) if (text.includes(secret)) found.push(`a secret (${secret.slice(0, 8)}…)`)
  const frame = STACK_FRAME.exec(text)
  if (frame && !echoed.includes(frame[0])) found.push(`a stack frame: ${frame[0]}`)
  const file = SOURCE_FILE.exec(text)
  if (file && !echoed.includes(file[0])) found.push(`a source file: ${file[0]}`)
  for (const p of MACHINE_PATHS) if (text.includes(p) && !echoed.includes(p)) found.push(`a path: ${p}`)
  return found
}

/** The checks every answer passes, whatever the input. */
function checkAnswer(name: string, input: unknown, valid: boolean, raw: unknown): void {
  const parsed = Result.safeParse(raw)
  expect(parsed.success, `${name}: not a contract Result: ${JSON.stringify(raw)?.slice(0, 300)}`).toBe(true)
  const answer = parsed.data!
  if (!valid) expect(answer.ok ? 'ok' : answer.error.code, `${name}: input the schema refuses`).toBe('BAD_REQUEST')
  if (!answer.ok) expect(answer.error.code, `${name}: ${answer.error.message}`).not.toBe('INTERNAL')
  expect(leaks(name, input, answer), `${name} answered ${JSON.stringify(answer).slice(0, 400)}`).toEqual([])
}

// ---- Inputs: arbitraries from each call's JSON Schema.

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  format?: string
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  $ref?: string
  $defs?: Record<string, JsonSchema>
  additionalProperties?: boolean | JsonSchema
}

/**
 * Strings the cache really holds, filled once synced, so valid inputs reach real objects: the
 * organizations' ids (for keys named organizationId(s)), access keys (accessKey) and every other
 * id of the synced objects.
 */
const known = { organizations: [] as string[], accessKeys: [] as string[], ids: [] as string[] }
const poolFor = (key: string) => (/^organizationIds?$/.test(key) ? known.organizations : /accessKey/i.test(key) ? known.accessKeys : known.ids)

function arbitraryOf(schema: JsonSchema, defs: Record<string, JsonSchema>, key = '', depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(defs[schema.$ref.replace('#/$defs/', '')] ?? {}, defs, key, depth + 1)
  if ('const' in schema) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const options = schema.anyOf ?? schema.oneOf
  if (options) return fc.oneof(...options.map((o) => arbitraryOf(o, defs, key, depth + 1)))
  if (schema.allOf?.length) return arbitraryOf(schema.allOf[0]!, defs, key, depth + 1)
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t) => arbitraryOf({ ...schema, type: t }, defs, key, depth)))
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {}
      const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(v, defs, k, depth + 1)]))
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) })
    }
    case 'array': {
      if (depth > 6) return fc.constant([])
      const max = Math.min(schema.maxItems ?? 4, 4)
      return fc.array(arbitraryOf(schema.items ?? {}, defs, key, depth + 1), { minLength: Math.min(schema.minItems ?? 0, max), maxLength: Math.max(max, schema.minItems ?? 0) })
    }
    case 'string':
      return stringOf(schema, key)
    case 'integer': {
      const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? -1000)
      const max = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : (schema.maximum ?? 1000)
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 1000) }), fc.constantFrom(min, max))
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

function stringOf(schema: JsonSchema, key: string): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())
  }
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? 1000
  const fitting = poolFor(key).filter((s) => s.length >= min && s.length <= max)
  return fc.oneof(
    { weight: 6, arbitrary: fitting.length ? fc.constantFrom(...fitting) : fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 20) }) },
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 40)) }) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
  )
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** Every path to a value inside `v` (the root is []). */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at)
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out)
  return out
}

function replaceAt(root: unknown, at: (string | number)[], fn: (old: unknown) => unknown): unknown {
  if (at.length === 0) return fn(root)
  const [head, ...rest] = at
  if (Array.isArray(root)) return root.map((x, i) => (i === head ? replaceAt(x, rest, fn) : x))
  const obj = root as Record<string, unknown>
  return { ...obj, [head!]: replaceAt(obj[head!], rest, fn) }
}

const DROP = Symbol('drop')
const MUTATIONS: Array<(old: unknown, noise: Json, key: string) => unknown> = [
  () => DROP, // a required key missing
  (old, noise, key) => (old && typeof old === 'object' && !Array.isArray(old) ? { ...old, [key || 'extra']: noise } : noise), // an unknown key
  (_old, noise) => noise, // any JSON in its place
  (old) => (typeof old === 'string' ? old.length : typeof old === 'number' ? String(old) : typeof old === 'boolean' ? Number(old) : null), // another type
  (old) => (typeof old === 'string' ? old + 'x'.repeat(70_000) : typeof old === 'number' ? old * -1e12 - 1.5 : Array.isArray(old) ? [...old, ...Array(1001).fill(old[0] ?? 'x')] : old), // past a limit
  () => null,
  (old) => [old],
  (old) => ({ value: old }),
]

/** A value of the schema, with one of MUTATIONS applied at one of its paths. */
function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.nat(), fc.nat(MUTATIONS.length - 1), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 12 })).map(([value, pick, which, noise, key]) => {
    const paths = pathsOf(value)
    const at = paths[pick % paths.length]!
    if (MUTATIONS[which]!(undefined, null, '') === DROP && at.length > 0) {
      const parentPath = at.slice(0, -1)
      const last = at[at.length - 1]!
      return replaceAt(value, parentPath, (parent) => (Array.isArray(parent) ? parent.filter((_, i) => i !== last) : Object.fromEntries(Object.entries(parent as object).filter(([k]) => k !== last))))
    }
    return replaceAt(value, at, (old) => {
      const r = MUTATIONS[which]!(old, noise as Json, key)
      return r === DROP ? undefined : r
    })
  })
}

function inputsFor(name: CallName, opts: { jsonOnly: boolean }): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(calls[name].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const valid = arbitraryOf(schema, schema.$defs ?? {})
  const sources: fc.WeightedArbitrary<unknown>[] = [
    { weight: 4, arbitrary: valid },
    { weight: 4, arbitrary: mutated(valid) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  ]
  if (!opts.jsonOnly) sources.push({ weight: 1, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }) })
  return fc.oneof(...sources)
}

const isValid = (name: CallName, input: unknown) => calls[name].input.safeParse(input ?? {}).success

// ---- The app under test.

let emulator: RunningEmulator
let app: App
let web: WebServer
let dir: string

async function emulatorApi(method: string, p: string, secret: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}/iam/v1alpha1${p}`, {
    method,
    headers: { 'X-Auth-Token': secret, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`)
  return JSON.parse(text) as Record<string, unknown>
}

/** A port of 127.0.0.1 nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const { port } = s.address() as { port: number }
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

async function dispatch(name: string, input: unknown): Promise<Answer> {
  return (await app.router.dispatch(name, input)) as Answer
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-fuzz-'))
  emulator = await startEmulator({ port: 0, orgs: 2, seed: 11, sizes: { users: 4, applications: 3, apiKeys: 4, groups: 3, policies: 4, sshKeys: 2, logs: 3, jwts: 3 } })

  // Canary secrets: a fresh API key of each organization's owner, created for this test only.
  const canaryKeys: Array<{ accessKey: string; secretKey: string }> = []
  for (const org of emulator.organizations) {
    const owner = await emulatorApi('GET', `/api-keys/${org.access_key}`, org.secret_key)
    const created = await emulatorApi('POST', '/api-keys', org.secret_key, { user_id: owner.user_id, description: 'fuzz canary' })
    canaryKeys.push({ accessKey: String(created.access_key), secretKey: String(created.secret_key) })
  }
  // One more in a Scaleway CLI profile, whose API is a closed port of this machine.
  const cliCanary = '0c0ffee0-fa22-4ca7-a000-00000000c11c'
  mkdirSync(path.join(dir, 'home', '.config', 'scw'), { recursive: true })
  writeFileSync(
    path.join(dir, 'home', '.config', 'scw', 'config.yaml'),
    `access_key: SCWFUZZCANARYAAAAAAA\nsecret_key: ${cliCanary}\ndefault_organization_id: 0c0ffee0-fa22-4ca7-a000-00000000000a\napi_url: http://127.0.0.1:${await closedPort()}\n`,
  )
  secrets = [...canaryKeys.map((k) => k.secretKey), cliCanary, ...emulator.organizations.map((o) => o.secret_key)]

  app = await createApp({
    mode: 'browser',
    version: 'fuzz',
    keychain: new MemorySecretStore(),
    probeKeychain: async () => ({ available: true }),
    env: {},
    homeDir: path.join(dir, 'home'),
  })
  const storages = ['keychain', 'session'] as const
  for (const [i, key] of canaryKeys.entries()) {
    const added = await dispatch('orgs.add', { ...key, apiUrl: emulator.url, storage: storages[i % 2] })
    expect(added.ok, JSON.stringify(added)).toBe(true)
  }
  const synced = await dispatch('sync.start', {})
  expect(synced.ok, JSON.stringify(synced)).toBe(true)

  // The ids the cache holds, so valid inputs reach real objects. The canary keys and their owner
  // stay out: deleting or locking them would leave the rest of the run nothing to reach.
  const protectedIds = new Set(canaryKeys.map((k) => k.accessKey))
  const ids = new Set<string>()
  const orgs = await dispatch('orgs.list', {})
  known.organizations = ((orgs.ok ? orgs.value : []) as Array<{ id: string }>).map((o) => o.id)
  expect(known.organizations).toHaveLength(2)
  for (const kind of ['users', 'applications', 'groups', 'policies', 'api_keys', 'ssh_keys', 'jwts', 'permission_sets']) {
    const page = await dispatch('browse.list', { kind, offset: 0, limit: 20 })
    for (const row of (page.ok ? (page.value as { rows: Array<{ id: string; item: Record<string, unknown> }> }).rows : [])) {
      ids.add(row.id)
      for (const v of Object.values(row.item)) if (typeof v === 'string' && /^(?:[0-9a-f-]{36}|SCW[A-Z0-9]{17})$/.test(v)) ids.add(v)
      if (kind === 'api_keys' && protectedIds.has(row.id)) protectedIds.add(String(row.item.user_id))
    }
  }
  known.ids = [...ids].filter((id) => !protectedIds.has(id) && !secrets.includes(id))
  known.accessKeys = known.ids.filter((id) => id.startsWith('SCW'))
  expect(known.ids.length).toBeGreaterThan(20)
  expect(known.accessKeys.length).toBeGreaterThan(2)

  web = await startWebServer({ router: app.router, hub: app.hub, rendererDir: path.join(dir, 'renderer') })
}, 60_000)

afterAll(async () => {
  await web?.close()
  await app?.close()
  await emulator?.close()
  rmSync(dir, { recursive: true, force: true })
})

// ---- The properties.

describe('every contract call through the router (fuzzed)', () => {
  it.each(NAMES)('%s: refuses invalid input with BAD_REQUEST, never answers INTERNAL, never leaks a stack, a path or a secret', async (name) => {
    await fc.assert(
      fc.asyncProperty(inputsFor(name, { jsonOnly: false }), async (input) => {
        checkAnswer(name, input, isValid(name, input), await dispatch(name, input))
      }),
      params(RUNS, (FOUND[name] ?? []).map((e) => [e] as [unknown])),
    )
  })

  it('refuses unknown call names with BAD_REQUEST', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'orgs', 'orgs.', '.list')), fc.jsonValue({ maxDepth: 2 }), async (name, input) => {
        fc.pre(!Object.hasOwn(calls, name))
        checkAnswer('(unknown)', { name, input }, false, await dispatch(name, input))
      }),
      params(RUNS * 2),
    )
  })

  it('still answers after the fuzzing, with the canary organizations in place', async () => {
    const info = await dispatch('app.info', {})
    expect(info.ok).toBe(true)
    expect(leaks('app.info', {}, info)).toEqual([])
  })
})

describe('every contract call over HTTP in browser mode (fuzzed)', () => {
  async function post(name: string, body: string): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${web.url}/rpc/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json' },
      body,
    })
    const text = await res.text()
    let json: unknown = text
    try {
      json = JSON.parse(text)
    } catch {
      // checked below: every answer is JSON
    }
    return { status: res.status, json }
  }

  /** What the server hands the router: the body parsed as the server does (`__proto__` dropped). */
  const asServerParses = (body: string) => (body.length ? JSON.parse(body, (k, v: unknown) => (k === '__proto__' ? undefined : v)) : {})

  it.each(NAMES)('%s: answers JSON, BAD_REQUEST to invalid input, never 500 or INTERNAL, never a stack, a path, a secret or the token', async (name) => {
    const bodies = fc.oneof(
      { weight: 6, arbitrary: inputsFor(name, { jsonOnly: true }).map((v) => JSON.stringify(v) ?? '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }, // mostly not JSON
      { weight: 1, arbitrary: fc.integer({ min: 65, max: 200 }).map((n) => '['.repeat(n) + ']'.repeat(n)) }, // nested too deep
    )
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const { status, json } = await post(name, body)
        expect(status, `${name} ← ${body.slice(0, 200)}`).not.toBe(500)
        expect(JSON.stringify(json)).not.toContain(web.token)
        let input: unknown
        try {
          input = asServerParses(body)
        } catch {
          expect(status).toBe(400)
          checkAnswer(name, body, false, json)
          return
        }
        if (status === 413) {
          // Refused before the router: the server takes bodies up to 1 MB.
          expect(Buffer.byteLength(body)).toBeGreaterThan(1_000_000)
          checkAnswer(name, body, false, json)
          return
        }
        if (status === 400) {
          checkAnswer(name, body, false, json) // refused before the router (too deep)
          return
        }
        expect(status).toBe(200)
        checkAnswer(name, body, isValid(name, input), json)
      }),
      params(HTTP_RUNS),
    )
  })

  it('still serves calls after the fuzzing', async () => {
    const { status, json } = await post('app.info', '{}')
    expect(status).toBe(200)
    expect(json).toMatchObject({ ok: true, value: { name: 'IAM Desk' } })
  })
})

// `npm run emulator -- --port 4010 --orgs 3 --seed 7 [--demo] [sizes] [faults] [--json]`
// (faults: --latency MS --jitter MS --rate-429 R --rate-5xx R --drop-rate R --group-conflict-rate R
// --key-propagation-seconds N), rate limit: --rate-limit RPS [--rate-burst N] (a token bucket per
// organization; burst defaults to one second's worth).
// With --json the first stdout line is exactly one JSON object describing the organizations
// (each with its owner's API key) so scripts can read it; without it, human-readable lines.
import { parseArgs } from 'node:util'
import { startEmulator, type SeedSizes } from './index'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    orgs: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
    demo: { type: 'boolean', default: false },
    users: { type: 'string' },
    applications: { type: 'string' },
    'api-keys': { type: 'string' },
    groups: { type: 'string' },
    policies: { type: 'string' },
    'ssh-keys': { type: 'string' },
    logs: { type: 'string' },
    jwts: { type: 'string' },
    latency: { type: 'string' },
    jitter: { type: 'string' },
    'rate-429': { type: 'string' },
    'rate-5xx': { type: 'string' },
    'drop-rate': { type: 'string' },
    'group-conflict-rate': { type: 'string' },
    'key-propagation-seconds': { type: 'string' },
    'rate-limit': { type: 'string' },
    'rate-burst': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
})

function num(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`emulator: --${name} must be a non-negative number\n`)
    process.exit(2)
  }
  return n
}

function rate(name: string, raw: string | undefined): number | undefined {
  const n = num(name, raw)
  if (n !== undefined && n > 1) {
    process.stderr.write(`emulator: --${name} must be a number between 0 and 1\n`)
    process.exit(2)
  }
  return n
}

const sizeFlags: Array<[keyof SeedSizes, string]> = [
  ['users', 'users'], ['applications', 'applications'], ['apiKeys', 'api-keys'], ['groups', 'groups'],
  ['policies', 'policies'], ['sshKeys', 'ssh-keys'], ['logs', 'logs'], ['jwts', 'jwts'],
]
const sizes: Partial<SeedSizes> = {}
for (const [key, flag] of sizeFlags) {
  const n = num(flag, (values as Record<string, unknown>)[flag] as string | undefined)
  if (n !== undefined) sizes[key] = Math.floor(n)
}

const faults = Object.fromEntries(
  Object.entries({
    latencyMs: num('latency', values.latency),
    jitterMs: num('jitter', values.jitter),
    rate429: rate('rate-429', values['rate-429']),
    rate5xx: rate('rate-5xx', values['rate-5xx']),
    dropRate: rate('drop-rate', values['drop-rate']),
    groupConflictRate: rate('group-conflict-rate', values['group-conflict-rate']),
    keyPropagationSeconds: num('key-propagation-seconds', values['key-propagation-seconds']),
  }).filter(([, v]) => v !== undefined),
)

const rps = num('rate-limit', values['rate-limit'])
const burst = num('rate-burst', values['rate-burst'])
if (rps === 0 || (burst !== undefined && (burst < 1 || !Number.isInteger(burst)))) {
  process.stderr.write('emulator: --rate-limit must be > 0 and --rate-burst an integer >= 1\n')
  process.exit(2)
}
if (burst !== undefined && rps === undefined) {
  process.stderr.write('emulator: --rate-burst needs --rate-limit\n')
  process.exit(2)
}

const emulator = await startEmulator({
  ...(rps !== undefined ? { rateLimit: { requestsPerSecond: rps, burst: burst ?? Math.max(1, Math.ceil(rps)) } } : {}),
  port: num('port', values.port) ?? 4010,
  seed: num('seed', values.seed) ?? 1,
  orgs: num('orgs', values.orgs) ?? 1,
  demo: values.demo,
  sizes,
  faults,
})

if (values.json) {
  process.stdout.write(`${JSON.stringify({ url: emulator.url, organizations: emulator.organizations })}\n`)
} else {
  process.stdout.write(`Scaleway IAM emulator listening on ${emulator.url}\n`)
  for (const o of emulator.organizations) {
    process.stdout.write(
      `  ${o.name}: organization ${o.organization_id}, access key ${o.access_key}, secret key ${o.secret_key}\n`,
    )
  }
  process.stdout.write('Admin: POST /__emulator/faults, POST /__emulator/key-propagation, POST /__emulator/rate-limit, GET /__emulator/stats. Ctrl-C to stop.\n')
}

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

// The Terraform export on the demo organizations, through the real composition root and a sync
// from the emulator on a fixed clock: golden files (test/fixtures/terraform/*.tf; regenerate with
// UPDATE_TERRAFORM_GOLDEN=1 after a deliberate change and read the diff), every file against the
// provider's schema (test/unit/terraform-check.ts), no secret in any file, saving into a chosen
// folder (nothing overwritten), and `terraform fmt -check` / `terraform validate` where a
// terraform binary (and, for validate, the provider) can be had — skipped with one line otherwise.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { createApp, type App } from '../../src-main/core/app'
import { MemorySecretStore } from '../../src-main/core/platform/secrets/memory-secret-store'
import type { AppErrorShape, Result, TerraformFile, TerraformSaved } from '../../src-preload/contract'
import { checkTerraformFile, HOSTILE } from '../unit/terraform-check'
import { ORG_A, group, policy, rule } from '../unit/cache-fixtures'
import { generateOrganization } from '../../src-main/core/features/terraform/generate'

const GOLDEN_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'terraform')
const NOW = new Date('2026-06-01T12:00:00.000Z')

let emu: RunningEmulator
let app: App
let dir: string
let chosen: string | null = null
let files: TerraformFile[]
const call = async <T,>(name: string, input: unknown): Promise<T> => {
  const r = (await app.router.dispatch(name, input)) as Result<T>
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`)
  return r.value
}
const failure = async (name: string, input: unknown): Promise<AppErrorShape> => {
  const r = (await app.router.dispatch(name, input)) as Result<unknown>
  if (r.ok) throw new Error(`${name} should have failed`)
  return r.error
}

beforeAll(async () => {
  emu = await startEmulator({ demo: true, now: () => NOW })
  dir = mkdtempSync(path.join(tmpdir(), 'terraform-test-'))
  app = await createApp({
    mode: 'electron',
    version: 't',
    dataDir: path.join(dir, 'data'),
    keychain: new MemorySecretStore(),
    probeKeychain: async () => ({ available: true }),
    now: () => NOW,
    chooseFolder: async () => chosen,
  })
  for (const o of emu.organizations) await call('orgs.add', { accessKey: o.access_key, secretKey: o.secret_key, apiUrl: emu.url })
  await call('sync.start', {})
  for (let i = 0; i < 300 && (await call<{ running: boolean }>('sync.status', {})).running; i++) await new Promise((r) => setTimeout(r, 50))
  const ids = emu.organizations.map((o) => o.organization_id)
  files = (await call<{ files: TerraformFile[] }>('terraform.preview', { organizationIds: ids })).files
}, 60_000)
afterAll(async () => {
  await app?.close()
  await emu?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('Terraform export of the demo organizations', () => {
  it('matches the golden files (UPDATE_TERRAFORM_GOLDEN=1 rewrites them)', () => {
    expect(files.map((f) => f.organizationName)).toEqual(emu.organizations.map((o) => o.name))
    if (process.env.UPDATE_TERRAFORM_GOLDEN === '1') {
      mkdirSync(GOLDEN_DIR, { recursive: true })
      for (const f of files) writeFileSync(path.join(GOLDEN_DIR, f.fileName), f.text)
    }
    expect(readdirSync(GOLDEN_DIR).filter((n) => n.endsWith('.tf')).sort()).toEqual(files.map((f) => f.fileName).sort())
    for (const f of files) expect(f.text, f.fileName).toBe(readFileSync(path.join(GOLDEN_DIR, f.fileName), 'utf8'))
  })

  it('every file passes the provider schema, import and reference checks', () => {
    for (const f of files) {
      expect(checkTerraformFile(f.text), f.fileName).toEqual([])
      expect(f.resources).toBeGreaterThan(20)
    }
  })

  it('no secret key of any organization is in any file', () => {
    for (const f of files) for (const o of emu.organizations) expect(f.text).not.toContain(o.secret_key)
  })

  it('saves one subfolder per organization into the chosen folder, and never overwrites', async () => {
    chosen = path.join(dir, 'out')
    const ids = emu.organizations.map((o) => o.organization_id)
    const saved = await call<TerraformSaved>('terraform.save', { organizationIds: ids })
    expect(saved).toEqual({ status: 'saved', folder: chosen, files: files.map((f) => path.join(f.fileName.replace(/\.tf$/, ''), f.fileName)) })
    for (const f of files) expect(readFileSync(path.join(chosen, f.fileName.replace(/\.tf$/, ''), f.fileName), 'utf8')).toBe(f.text)
    const first = path.join(chosen, files[0]!.fileName.replace(/\.tf$/, ''), files[0]!.fileName)
    writeFileSync(first, 'mine')
    rmSync(path.join(chosen, files[1]!.fileName.replace(/\.tf$/, '')), { recursive: true })
    const refused = await failure('terraform.save', { organizationIds: ids })
    expect(refused.message).toMatch(/already holds .*Nothing was written/)
    expect(readFileSync(first, 'utf8')).toBe('mine')
    expect(existsSync(path.join(chosen, files[1]!.fileName.replace(/\.tf$/, '')))).toBe(false)
    chosen = null
    expect(await call<TerraformSaved>('terraform.save', { organizationIds: ids })).toEqual({ status: 'cancelled' })
  })

  it('a new API key’s one-time secret is not in the export either', async () => {
    const org = emu.organizations[0]!
    const apps = await call<{ rows: Array<{ id: string }> }>('browse.list', { kind: 'applications', organizationIds: [org.organization_id], offset: 0, limit: 1 })
    const { secretKey: secret } = await call<{ secretKey: string }>('apiKeys.create', { organizationId: org.organization_id, bearer: { type: 'application', id: apps.rows[0]!.id }, description: 'canary' })
    expect(secret).toMatch(/^[0-9a-f-]{36}$/)
    const [file] = (await call<{ files: TerraformFile[] }>('terraform.preview', { organizationIds: [org.organization_id] })).files
    expect(file!.text).toContain('description        = "canary"')
    expect(file!.text).not.toContain(secret)
  })

  it('refuses an organization that is not in IAM Desk', async () => {
    expect((await failure('terraform.preview', { organizationIds: ['00000000-0000-4000-8000-00000000dead'] })).code).toBe('NOT_FOUND')
  })
})

// `terraform fmt -check` needs only the binary; `terraform validate` also needs the provider,
// which `terraform init` downloads from the Terraform registry (not reachable from every
// machine): each check runs where it can and says in one line why it was skipped.
const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0
describe.skipIf(!terraform)('terraform CLI', () => {
  it('terraform fmt -check accepts the golden files unchanged', () => {
    const r = spawnSync('terraform', ['fmt', '-check', '-diff', GOLDEN_DIR], { encoding: 'utf8' })
    expect(r.stdout).toBe('')
    expect(r.status).toBe(0)
  })

  it('terraform fmt parses the file of hostile names (each one a string, nothing evaluated) and finds it formatted', () => {
    const groups = HOSTILE.map((name) => group(ORG_A, { name, description: name, tags: [name], user_ids: [], application_ids: [] }))
    const { text } = generateOrganization(
      {
        organization: { id: ORG_A, name: HOSTILE.join(' '), lastSyncedAt: null, ownAccessKey: null },
        users: [],
        applications: [],
        groups,
        policies: groups.map((g) => ({ policy: policy(ORG_A, { name: g.name, no_principal: undefined, group_id: g.id }), rules: [rule({ condition: g.name })] })),
        apiKeys: [],
        sshKeys: [],
      },
      'hostile.tf',
    )
    const r = spawnSync('terraform', ['fmt', '-check', '-diff', '-'], { input: text, encoding: 'utf8' })
    expect(r.stdout).toBe('')
    expect(r.stderr).not.toMatch(/Error/)
    expect(r.status).toBe(0)
  })

  it('terraform validate accepts each organization’s module (when the provider can be installed)', (ctx) => {
    for (const name of readdirSync(GOLDEN_DIR).filter((n) => n.endsWith('.tf'))) {
      const module = mkdtempSync(path.join(tmpdir(), 'terraform-validate-'))
      try {
        writeFileSync(path.join(module, name), readFileSync(path.join(GOLDEN_DIR, name)))
        const init = spawnSync('terraform', ['init', '-input=false', '-backend=false'], { cwd: module, encoding: 'utf8', timeout: 60_000 })
        if (init.status !== 0) {
          console.log('terraform validate skipped: terraform init cannot install the scaleway provider here (registry unreachable)')
          ctx.skip()
        }
        execFileSync('terraform', ['validate'], { cwd: module, encoding: 'utf8' })
      } finally {
        rmSync(module, { recursive: true, force: true })
      }
    }
  }, 120_000)
})
if (!terraform) console.log('terraform fmt/validate skipped: no terraform binary on PATH')

// SSH keys from this computer, in Chromium: the matrix for the fixture home (test/fixtures/
// ssh-home, set as the SSH folder), a bulk upload with its plan (what is skipped because it is
// already there) and its report, a file chosen in the view and in "Add an SSH key" (a private
// key refused before it is read), and a removal from one organization. One app and one emulator
// for the whole file.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { expect, shot, startWebApp, stopWebApp, test, type RunningApp } from './fixtures'
import { addOrgByRpc, rpc, sidebar } from './onboarding-helpers'
import { dialog } from './writes-helpers'

const SSH = fileURLToPath(new URL('../fixtures/ssh-home/.ssh', import.meta.url))
const OUTSIDE = fileURLToPath(new URL('../fixtures/outside.pub', import.meta.url))
const ED = readFileSync(`${SSH}/id_ed25519.pub`, 'utf8').trim()
const DEPLOY = readFileSync(`${SSH}/deploy_ecdsa384.pub`, 'utf8').trim()
const RSA = readFileSync(`${SSH}/id_rsa.pub`, 'utf8').trim()
const CI = readFileSync(`${SSH}/ci_ed25519.pub`, 'utf8').trim()

test.describe.configure({ mode: 'serial' })

let emulator: RunningEmulator
let app: RunningApp & { child: import('node:child_process').ChildProcess }
let names: string[]
/** The third organization's non-default project its keys also sit in (its column splits). */
let splitProject: { id: string; name: string }

const scw = (o: RunningEmulator['organizations'][number] | undefined, method: string, path: string, body: unknown) =>
  fetch(`${emulator.url}/iam/v1alpha1${path}`, { method, headers: { 'X-Auth-Token': o!.secret_key, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ id: string }>)

test.beforeAll(async () => {
  emulator = await startEmulator({ orgs: 3, sizes: { users: 1, applications: 0, groups: 0, policies: 0, apiKeys: 0, sshKeys: 1, logs: 0, jwts: 0 } })
  const [a, b] = emulator.organizations
  await scw(a, 'POST', '/ssh-keys', { name: 'laptop (old name)', public_key: ED, project_id: a!.project_id })
  const d = await scw(b, 'POST', '/ssh-keys', { name: 'build-bot', public_key: DEPLOY, project_id: b!.project_id })
  await scw(b, 'PATCH', `/ssh-keys/${d.id}`, { disabled: true })
  // The third organization's keys in two projects: its seeded key's, and ci@runner's in the other one.
  const c = emulator.organizations[2]!
  const get = <T,>(path: string) => fetch(`${emulator.url}${path}`, { headers: { 'X-Auth-Token': c.secret_key } }).then((r) => r.json() as Promise<T>)
  const seeded = (await get<{ ssh_keys: Array<{ project_id: string }> }>(`/iam/v1alpha1/ssh-keys?organization_id=${c.organization_id}`)).ssh_keys[0]!
  const projects = (await get<{ projects: Array<{ id: string; name: string }> }>(`/account/v3/projects?organization_id=${c.organization_id}`)).projects
  splitProject = projects.find((p) => p.id !== c.project_id)!
  await scw(c, 'POST', '/ssh-keys', { name: 'ci@runner', public_key: CI, project_id: seeded.project_id === c.project_id ? splitProject.id : c.project_id })
  if (seeded.project_id !== c.project_id) splitProject = projects.find((p) => p.id === seeded.project_id)!
  // No ssh-agent for this app: the view says so.
  app = await startWebApp([], { SSH_AUTH_SOCK: '' })
  for (const o of emulator.organizations) await addOrgByRpc(app, o, emulator.url)
  await rpc(app, 'settings.set', { sshFolder: SSH })
  await rpc(app, 'sync.start', {})
  names = emulator.organizations.map((o) => o.name)
})

test.afterAll(async () => {
  await stopWebApp(app)
  await emulator.close()
})

async function openView(page: Page) {
  await page.goto(app.url)
  await sidebar(page).getByRole('button', { name: 'SSH keys from this computer' }).click()
  const view = page.getByRole('region', { name: 'SSH keys from this computer' })
  await expect(view.getByRole('table', { name: 'Local keys × organizations' })).toBeVisible()
  return view
}

/** The cell of a key's row under an organization's column (columns follow the sidebar's order). */
async function cell(view: ReturnType<Page['getByRole']>, key: string, orgName: string) {
  const heads = await view.getByRole('table', { name: 'Local keys × organizations' }).getByRole('columnheader').allTextContents()
  const column = heads.findIndex((h) => h.includes(orgName)) - 1
  return row(view, key).getByRole('cell').nth(column)
}

const row = (view: ReturnType<Page['getByRole']>, name: string) => view.getByRole('table', { name: 'Local keys × organizations' }).getByRole('row').filter({ has: view.page().getByRole('rowheader', { name: new RegExp(name) }) })

test('the matrix for the fixture home: states per organization, remote-only keys, what was read and why', async ({ page }) => {
  const view = await openView(page)
  await expect(view.getByText(`Read ${SSH} (your setting)`)).toBeVisible()
  await expect(view.getByText('No ssh-agent is running (SSH_AUTH_SOCK is not set).')).toBeVisible()
  const laptop = row(view, 'alice@laptop')
  await expect(await cell(view, 'alice@laptop', names[0]!)).toContainText('present')
  await expect(await cell(view, 'alice@laptop', names[0]!)).toContainText('as “laptop (old name)”')
  await expect(laptop.getByRole('checkbox', { name: `Upload alice@laptop to ${names[1]}` })).toBeVisible()
  const bot = row(view, 'build-bot')
  await expect(await cell(view, 'build-bot', names[1]!)).toContainText('disabled')
  await expect(bot.getByRole('button', { name: 'Enable…' })).toBeVisible()
  // The third organization's keys sit in two projects: a column each, named from the projects sync.
  const matrixTable = view.getByRole('table', { name: 'Local keys × organizations' })
  await expect(matrixTable.getByRole('columnheader').filter({ hasText: names[2]! })).toHaveCount(2)
  await expect(matrixTable.getByRole('checkbox', { name: `All my keys into ${names[2]} / ${splitProject.name}` })).toBeVisible()
  await expect(matrixTable.getByRole('columnheader').filter({ hasText: `project ${splitProject.name}` })).toHaveCount(1)
  await expect(view.getByRole('table', { name: 'On Scaleway, not on this computer' }).getByRole('row')).toHaveCount(4)
  await view.getByText(/What was read in/).click()
  const files = view.getByRole('table', { name: 'Files read' })
  await expect(files.getByRole('row').filter({ hasText: 'id_rsa' }).first()).toContainText('A private key (by its name): never opened.')
  await expect(files.getByRole('row').filter({ hasText: 'escape.pub' })).toContainText('A symlink leaving the folder')
  await expect(files.getByRole('row').filter({ hasText: 'private_in_disguise.pub' })).toContainText('A private key (by its content)')
  await page.screenshot({ path: shot('ssh-local-matrix'), fullPage: true })
})

test('bulk upload: a column and a row chosen, the plan skips a key added since the sync, apply, the report; the matrix follows; then a removal named irreversible', async ({ page }) => {
  const view = await openView(page)
  // Everything into the second organization, and alice@laptop everywhere.
  await view.getByRole('checkbox', { name: `All my keys into ${names[1]}` }).check()
  await row(view, 'alice@laptop').getByRole('checkbox', { name: 'Upload alice@laptop everywhere' }).check()
  await view.getByRole('button', { name: /^Upload \d+ keys…$/ }).click()

  const form = dialog(page, 'Upload SSH keys')
  await expect(form.getByLabel(/ssh-ed25519 256 · alice@laptop/)).toHaveValue('alice@laptop')
  // Each key goes into its cell's project: the third organization's split column chosen by "everywhere" is its default project.
  await expect(form.getByRole('list', { name: 'Where the keys go' }).getByRole('listitem').filter({ hasText: names[2]! })).toContainText('project default (default project) · 1 key')
  await form.getByLabel(/ssh-ed25519 256 · alice@laptop/).fill('alice laptop 2026')
  // Added on Scaleway after the last sync: the cache says missing, the plan reads it fresh.
  const b = emulator.organizations[1]
  await scw(b, 'POST', '/ssh-keys', { name: 'old laptop (added later)', public_key: RSA, project_id: b!.project_id })
  await form.getByRole('button', { name: 'Plan' }).click()

  const plan = dialog(page, 'Check the upload plan')
  await expect(plan.getByText('Nothing has been sent yet.')).toBeVisible()
  await expect(plan.getByText(/Already there as "old laptop \(added later\)": not uploaded again\./)).toBeVisible()
  await expect(plan.getByText(/2 organizations, 4 uploads, 1 already there/)).toBeVisible()
  await page.screenshot({ path: shot('ssh-local-plan') })
  await plan.getByRole('button', { name: 'Apply…' }).click()
  await dialog(page, 'Apply the bulk change?').getByRole('button', { name: 'Apply 4 changes' }).click()

  const job = dialog(page, 'Upload SSH keys')
  await expect(job.getByText('finished', { exact: true })).toBeVisible()
  await expect(job.getByText('4 of 4 steps sent')).toBeVisible()
  await expect(job.getByText(/Uploaded as "alice laptop 2026"\./).first()).toBeVisible()
  await page.screenshot({ path: shot('ssh-local-report') })
  await job.getByRole('button', { name: 'Close', exact: true }).last().click()

  await expect(await cell(view, 'alice@laptop', names[2]!)).toContainText('as “alice laptop 2026”')
  await expect(row(view, 'alice@laptop').getByRole('checkbox', { name: 'Upload alice@laptop everywhere' })).toBeDisabled()

  // Remove it from the first organization: named irreversible, confirmed by typing.
  await row(view, 'alice@laptop').getByRole('button', { name: 'Remove alice@laptop from organizations…' }).click()
  const remove = dialog(page, 'Remove an SSH key')
  await expect(remove.getByText(/cannot be undone/)).toBeVisible()
  await remove.getByRole('checkbox', { name: new RegExp(`^${names[0]}`) }).check()
  await remove.getByRole('button', { name: 'Plan' }).click()
  const what = dialog(page, 'Check what is deleted')
  await expect(what.getByText('1 organization, 1 SSH key deleted (cannot be undone)')).toBeVisible()
  await page.screenshot({ path: shot('ssh-local-remove-plan') })
  await what.getByRole('button', { name: 'Apply…' }).click()
  const confirm = dialog(page, 'Apply the bulk change?')
  await confirm.getByLabel('Type apply to confirm').fill('apply')
  await confirm.getByRole('button', { name: 'Apply 1 change' }).click()
  await expect(dialog(page, 'Remove an SSH key').getByText('finished', { exact: true })).toBeVisible()
  await dialog(page, 'Remove an SSH key').getByRole('button', { name: 'Close', exact: true }).last().click()
  await expect(await cell(view, 'alice@laptop', names[0]!)).toContainText('missing')
})

test('choosing a file: in the view it joins the matrix; in "Add an SSH key" it fills the key, and a private key is refused unread', async ({ page }) => {
  const view = await openView(page)
  await view.getByLabel('Key files (.pub)').setInputFiles(OUTSIDE)
  await expect(row(view, 'ci@runner')).toContainText('outside.pub (picked)')

  await sidebar(page).getByRole('button', { name: 'SSH keys', exact: true }).click()
  await page.getByRole('button', { name: 'Add SSH key' }).click()
  const add = dialog(page, 'Add an SSH key')
  await add.getByLabel('Key file (.pub)').setInputFiles(`${SSH}/id_rsa`)
  await expect(add.getByText('id_rsa is a private key: IAM Desk never reads one. Choose the .pub file beside it.')).toBeVisible()
  await expect(add.getByLabel('Public key', { exact: true })).toHaveValue('')
  await add.getByLabel('Key file (.pub)').setInputFiles(`${SSH}/id_ecdsa.pub`)
  await expect(add.getByLabel('Public key', { exact: true })).toHaveValue(/^ecdsa-sha2-nistp256 AAAA/)
  await expect(add.getByRole('definition').filter({ hasText: 'MD5:' })).toBeVisible()
  await expect(add.getByLabel('Name')).toHaveValue(/^id_ecdsa\.pub@/)
  await page.screenshot({ path: shot('ssh-local-add-file') })
})

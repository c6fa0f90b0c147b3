// Bulk changes on the demo: a cross-organization person added to "Auditors" in the three demo
// organizations (plan shown with its counts before anything is sent, applied with progress, the
// report listing each step), then undone; and the offboarding of the consultant (lock, keys
// kept), whose plan names the steps that cannot be undone. And a job cut off by a crash: the next
// start says so and links to it.
import { rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { startEmulator, type EmulatorOrganization, type RunningEmulator } from '../../emulator'
import { shot, startWebApp, stopWebApp, type RunningApp } from './fixtures'
import { expect, exportAs, openDemo, test } from './browse-helpers'
import { addOrgByRpc } from './onboarding-helpers'
import { dialog, rpc } from './writes-helpers'

const ADMIN = 'ingrid.halvorsen@fjordops.eu'
const CONSULTANT = 'sam.whitfield@brightline-consulting.com'
const ORGS = ['Northwind Analytics', 'Atelier Lumière', 'Kestrel Robotics']

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })

/** The organizations whose "Auditors" group has `email` as a member, read from the cache. */
async function auditorsWith(app: RunningApp, email: string): Promise<string[]> {
  type Row<T> = { organizationName: string; item: T }
  const users = await rpc<{ rows: Array<Row<{ id: string; email: string }>> }>(app, 'browse.list', { kind: 'users', search: email, offset: 0, limit: 50 })
  const ids = new Set(users.rows.filter((r) => r.item.email === email).map((r) => r.item.id))
  const groups = await rpc<{ rows: Array<Row<{ name: string; user_ids: string[] }>> }>(app, 'browse.list', { kind: 'groups', search: 'Auditors', offset: 0, limit: 50 })
  return groups.rows
    .filter((r) => r.item.name === 'Auditors' && r.item.user_ids.some((id) => ids.has(id)))
    .map((r) => r.organizationName)
    .sort()
}

test('bulk add to Auditors across the demo organizations: plan, apply with progress, report, undo', async ({ page, demo }) => {
  await openDemo(page, demo)
  expect(await auditorsWith(demo, ADMIN)).toEqual([])

  await sidebar(page).getByRole('button', { name: 'Bulk changes', exact: true }).click()
  const view = page.getByRole('region', { name: 'Bulk changes' })
  await expect(view.getByText(/No bulk change yet/)).toBeVisible()
  await view.getByRole('button', { name: 'New bulk membership change…' }).click()

  const form = dialog(page, 'Bulk membership change')
  await expect(form.getByRole('radio', { name: 'Add to the group' })).toBeChecked()
  await form.getByLabel('People (e-mails)').fill(`${ADMIN}\n`)
  await form.getByLabel('Group', { exact: true }).fill('Auditors')
  await expect(form.getByText('In 3 of 3 organizations (as of the last sync).')).toBeVisible()
  await form.getByRole('checkbox', { name: 'Invite people missing from an organization' }).focus()
  await page.screenshot({ path: shot('jobs-membership-form') })
  // Keyboard: Enter in the form plans.
  await form.getByLabel('Group', { exact: true }).press('Enter')

  // The plan, before anything is sent: counts in one line, each organization with its steps.
  const plan = dialog(page, 'Check the plan')
  await expect(plan.getByText('3 organizations, 2 additions, 0 already members, 1 person or application not found', { exact: true })).toBeVisible()
  await expect(plan.getByText('Nothing has been sent yet.')).toBeVisible()
  for (const org of ORGS) await expect(plan.getByRole('list', { name: `Steps in ${org}` })).toBeVisible()
  await expect(plan.getByRole('list', { name: 'Steps in Atelier Lumière' })).toContainText(`${ADMIN} is not a member of Atelier Lumière.`)
  await expect(plan.getByRole('list', { name: 'Steps in Northwind Analytics' })).toContainText(`Auditors: + ${ADMIN}`)
  expect(await auditorsWith(demo, ADMIN)).toEqual([])
  await page.screenshot({ path: shot('jobs-plan') })

  // Apply: the confirmation names what changes where; Escape closes it alone.
  await plan.getByRole('button', { name: 'Apply…' }).click()
  const confirm = dialog(page, 'Apply the bulk change?')
  await expect(confirm.getByRole('group', { name: 'Changes to send' })).toContainText('Northwind Analytics')
  await expect(confirm.getByRole('group', { name: 'Changes to send' })).toContainText('Kestrel Robotics')
  await expect(confirm.getByRole('group', { name: 'Changes to send' })).not.toContainText('Atelier Lumière')
  await page.keyboard.press('Escape')
  await expect(confirm).toBeHidden()
  await expect(plan).toBeVisible()
  await plan.getByRole('button', { name: 'Apply…' }).click()
  await confirm.getByRole('button', { name: 'Apply 2 changes' }).click()

  // Progress, overall and per organization, then the end.
  const job = page.getByRole('dialog', { name: 'Bulk membership change' })
  await expect(job.getByRole('progressbar', { name: 'Overall progress' })).toBeVisible()
  await expect(job.getByRole('progressbar', { name: 'Kestrel Robotics: progress' })).toBeVisible()
  await expect(job.getByText('finished', { exact: true })).toBeVisible()
  await expect(job.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '100')
  await expect(job.getByText('2 of 2 steps sent')).toBeVisible()
  expect(await auditorsWith(demo, ADMIN)).toEqual(['Kestrel Robotics', 'Northwind Analytics'])

  // A toast says what the job did, in words; it stays after the dialog is closed and the view
  // left, and its link opens the job's report in "Bulk changes".
  const toast = page.getByRole('group', { name: 'Confirmation' }).filter({ hasText: `Added ${ADMIN} to Auditors in 2 organizations; 1 organization skipped` })
  await expect(toast).toBeVisible()
  await job.getByText('Close', { exact: true }).click()
  await expect(job).toBeHidden()
  await sidebar(page).getByRole('button', { name: 'Users', exact: true }).click()
  await page.screenshot({ path: shot('jobs-toast') })
  await toast.getByRole('link', { name: 'Show the report' }).click()
  await expect(view).toBeVisible()
  expect(page.url()).toMatch(/#\/jobs\?v=/)

  // The report, in the list of jobs and as CSV: one line per step.
  const jobs = view.getByRole('list', { name: 'Jobs' })
  await expect(jobs.getByRole('listitem')).toHaveCount(1)
  await expect(jobs).toContainText('2 done · 0 already · 1 skipped · 0 failed')
  const detail = view.getByRole('article')
  for (const org of ['Northwind Analytics', 'Kestrel Robotics']) {
    await expect(detail.getByRole('list', { name: `Steps in ${org}` }).getByText('done', { exact: true })).toBeVisible()
  }
  const [download] = await Promise.all([page.waitForEvent('download'), exportAs(detail, 'CSV', 'Export report')])
  expect(download.suggestedFilename()).toMatch(/^iam-desk-membership-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv$/)
  const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n')
  expect(csv[0]).toBe('organization,organization_id,item,action,target,target_id,state,message,irreversible,finished_at')
  expect(csv).toHaveLength(4)
  expect(csv.filter((l) => /,done,/.test(l)).map((l) => l.split(',')[0]).sort()).toEqual(['Kestrel Robotics', 'Northwind Analytics'])
  await page.screenshot({ path: shot('jobs-report') })

  // Undo: planned and shown as a new job first, then applied; the membership is back. Another
  // window, on another view, is told too, and its toast opens the undo's report.
  const other = await page.context().newPage()
  await other.goto(`${demo.url}#/groups`)
  await expect(other.getByRole('navigation', { name: 'Organizations and sections' })).toBeVisible()
  await detail.getByRole('button', { name: 'Undo…' }).click()
  const undo = view.getByRole('article')
  await expect(undo.getByRole('heading', { name: /^Undo: / })).toBeVisible()
  await expect(undo.getByText('2 changes to put back', { exact: true })).toBeVisible()
  await undo.getByRole('button', { name: 'Apply…' }).click()
  await dialog(page, 'Apply the bulk change?').getByRole('button', { name: 'Apply 2 changes' }).click()
  await expect(undo.getByText('finished', { exact: true })).toBeVisible()
  const told = other.getByRole('group', { name: 'Confirmation' }).filter({ hasText: /^.*Undone in 2 organizations: Add to "Auditors"/ })
  await expect(told).toBeVisible()
  await told.getByRole('link', { name: 'Show the report' }).click()
  await expect(other.getByRole('region', { name: 'Bulk changes' }).getByRole('article').getByRole('heading', { name: /^Undo: / })).toBeVisible()
  await other.close()
  expect(await auditorsWith(demo, ADMIN)).toEqual([])
  await expect(jobs.getByRole('listitem')).toHaveCount(2)
  await undo.getByRole('button', { name: 'Show the job this undoes' }).click()
  await expect(view.getByRole('article').getByText('undone', { exact: true })).toBeVisible()
  await expect(view.getByRole('article').getByRole('button', { name: 'Undo…' })).toHaveCount(0)
})

test('offboarding the consultant: lock, keys kept; the plan names what cannot be undone', async ({ page, demo }) => {
  await openDemo(page, demo)

  // From the People view's selection: two people ticked, a membership change for both; exactly
  // one, the offboarding of that person.
  await sidebar(page).getByRole('button', { name: 'People', exact: true }).click()
  const rows = page.getByRole('grid', { name: 'People' }).locator('[role="row"][data-index]')
  const search = page.getByRole('searchbox', { name: 'Search people' })
  const selected = page.getByRole('region', { name: 'Selected people' })
  for (const email of [ADMIN, CONSULTANT]) {
    await search.fill(email)
    await expect(rows).toHaveCount(1)
    await rows.first().getByRole('checkbox', { name: `Select ${email}` }).check()
  }
  await expect(selected).toContainText('2 people selected')
  await expect(selected.getByRole('button', { name: 'Offboard…' })).toHaveAttribute('aria-disabled', 'true')
  await selected.getByRole('button', { name: 'Change group membership…' }).click()
  const membership = dialog(page, 'Bulk membership change')
  await expect(membership.getByLabel('People (e-mails)')).toHaveValue(`${ADMIN}\n${CONSULTANT}`)
  await membership.getByRole('button', { name: 'Cancel' }).click()
  await expect(membership).toBeHidden()
  await search.fill(ADMIN)
  await rows.first().getByRole('checkbox', { name: `Select ${ADMIN}` }).uncheck()
  await expect(selected).toContainText('1 person selected')
  await selected.getByRole('button', { name: 'Offboard…' }).click()

  const form = dialog(page, 'Offboard a person')
  await expect(form.getByLabel('E-mail')).toHaveValue(CONSULTANT)
  await expect(form.getByText(`A member of ${[...ORGS].sort().join(', ')} (as of the last sync).`)).toBeVisible()
  await expect(form.getByRole('radio', { name: /^Lock/ })).toBeChecked()
  await expect(form.getByRole('radio', { name: 'Keep' })).toBeChecked()
  await expect(form.getByRole('radio', { name: /^Delete irreversible/ })).toBeVisible()
  await form.getByRole('button', { name: 'Plan' }).click()

  const plan = dialog(page, 'Check the offboarding plan')
  await expect(plan.getByText('found in 3 of 3 organizations, 4 group memberships removed, 3 sessions revoked, user locked', { exact: true })).toBeVisible()
  // Sessions cannot be restored: each of their steps says so, and the count is by Apply.
  await expect(plan.getByText('cannot be undone', { exact: true })).toHaveCount(3)
  await expect(plan.getByText('3 steps cannot be undone')).toBeVisible()
  await page.screenshot({ path: shot('jobs-offboarding') })

  await plan.getByRole('button', { name: 'Apply…' }).click()
  const confirm = dialog(page, 'Apply the bulk change?')
  await expect(confirm).toContainText('3 steps cannot be undone')
  const go = confirm.getByRole('button', { name: 'Apply 10 changes' })
  await expect(go).toHaveAttribute('aria-disabled', 'true')
  await confirm.getByLabel(`Type ${CONSULTANT} to confirm`).fill(CONSULTANT)
  await page.screenshot({ path: shot('jobs-offboarding-confirm') })
  await expect(go).not.toHaveAttribute('aria-disabled', 'true')
  await go.click()

  const job = page.getByRole('dialog', { name: 'Offboard a person' })
  await expect(job.getByText('finished', { exact: true })).toBeVisible()
  await expect(job.getByText('10 of 10 steps sent')).toBeVisible()
  // Locked and out of the groups, keys kept: undoable (groups back, unlock).
  await expect(job.getByRole('button', { name: 'Undo…' })).toBeVisible()
  const users = await rpc<{ rows: Array<{ item: { email: string; locked: boolean } }> }>(demo, 'browse.list', { kind: 'users', search: CONSULTANT, offset: 0, limit: 10 })
  expect(users.rows.map((r) => r.item.locked)).toEqual([true, true, true])
})

/** Calls the emulator's IAM API as the organization's owner (test set-up). */
async function scw<T>(emulator: RunningEmulator, org: EmulatorOrganization, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${emulator.url}/iam/v1alpha1${path}`, {
    method,
    headers: { 'X-Auth-Token': org.secret_key, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

test('a job cut off by a crash: a notice at the next start, the banner says what ran, abandon', async ({ page }) => {
  const emulator = await startEmulator({ orgs: 2, sizes: { users: 2, applications: 1, groups: 1, policies: 1, apiKeys: 1, sshKeys: 0, logs: 0 } })
  const first = await startWebApp()
  let second: Awaited<ReturnType<typeof startWebApp>> | null = null
  try {
    for (const org of emulator.organizations) {
      await scw(emulator, org, 'POST', '/groups', { organization_id: org.organization_id, name: 'Crash test', description: '' })
      await addOrgByRpc(first, org, emulator.url)
    }
    await rpc(first, 'sync.start', {})
    // Four invitations and one addition per organization, run one after another, each slowed
    // down: the page sees the job run, and the kill lands after the first step, before the last.
    const people = ['p1@crash.example', 'p2@crash.example', 'p3@crash.example', 'p4@crash.example']
    await rpc<{ id: string }>(first, 'jobs.planMembership', { operation: 'add', principals: { emails: people }, groupName: 'Crash test', inviteMissing: true })
    emulator.admin.setFaults({ latencyMs: 400 })

    // Applied from the page: progress shows live, overall and per organization, with Cancel.
    await page.goto(first.url)
    await sidebar(page).getByRole('button', { name: 'Bulk changes', exact: true }).click()
    const running = page.getByRole('region', { name: 'Bulk changes' }).getByRole('article')
    await running.getByRole('button', { name: 'Apply…' }).click()
    await dialog(page, 'Apply the bulk change?').getByRole('button', { name: 'Apply 10 changes' }).click()
    await expect(running.getByText('running', { exact: true }).first()).toBeVisible()
    await expect(running.getByRole('button', { name: 'Cancel' })).toBeVisible()
    await expect(running.getByRole('progressbar', { name: /: progress$/ })).toHaveCount(2)
    await expect.poll(async () => Number(await running.getByRole('progressbar', { name: 'Overall progress' }).getAttribute('aria-valuenow')), { timeout: 20_000, intervals: [50] }).toBeGreaterThan(0)
    const overall = Number(await running.getByRole('progressbar', { name: 'Overall progress' }).getAttribute('aria-valuenow'))
    expect(overall).toBeLessThan(100)
    await page.screenshot({ path: shot('jobs-running') })
    await page.goto('about:blank')
    const exited = new Promise((r) => first.child.once('exit', r))
    first.child.kill('SIGKILL')
    await exited
    emulator.admin.setFaults({ latencyMs: 0 })

    second = await startWebApp(['--data-dir', first.dataDir])
    await page.goto(second.url)
    const notice = page.getByRole('log', { name: 'Notices' })
    await expect(notice).toContainText(/IAM Desk stopped while the bulk change "Add to "Crash test": .*" ran: resume or abandon it\./)
    await notice.getByRole('button', { name: 'Show it' }).click()
    await expect(notice).toBeHidden()
    const detail = page.getByRole('region', { name: 'Bulk changes' }).getByRole('article')
    const banner = detail.getByRole('alert')
    await expect(banner).toContainText(/^IAM Desk stopped while this job ran: \d+ steps? done, \d+ steps? not run\./)
    await expect(detail.getByRole('button', { name: 'Resume' })).toBeVisible()
    await page.screenshot({ path: shot('jobs-interrupted') })
    await detail.getByRole('button', { name: 'Abandon' }).click()
    await expect(detail.getByText('abandoned', { exact: true })).toBeVisible()
    await expect(banner).toBeHidden()
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL')
    if (second) await stopWebApp(second)
    rmSync(first.dataDir, { recursive: true, force: true })
    await emulator.close()
  }
})

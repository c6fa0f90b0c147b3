// First run: the three ways in — add by key, import from the Scaleway CLI, the demo.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type RunningEmulator } from '../../emulator'
import { test, expect, shot, startWebApp, stopWebApp } from './fixtures'
import { acceptSessionOnlyIfNoKeychain, addOrgByForm, sidebar, syncPanel, waitSyncFinished } from './onboarding-helpers'

let emulator: RunningEmulator
test.beforeEach(async () => {
  emulator = await startEmulator({ orgs: 2, sizes: { users: 4 } })
})
test.afterEach(async () => {
  await emulator.close()
})

test('add an organization by key: plain-word validation, then it syncs', async ({ page, app }) => {
  const org = emulator.organizations[0]!
  await page.goto(app.url)
  await page.getByRole('main').getByRole('button', { name: /Add an organization/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Add an organization' })

  // Wrong formats are explained before anything is sent.
  await dialog.getByLabel('Access key').fill('AKIA123')
  await dialog.getByLabel('Secret key').fill('not-a-uuid')
  await dialog.getByRole('button', { name: 'Add organization' }).click()
  await expect(dialog.getByText(/An access key is "SCW" followed by 17 letters or digits/)).toBeVisible()
  await expect(dialog.getByText(/A secret key looks like/)).toBeVisible()
  await expect(dialog.getByLabel('Access key')).toBeFocused()
  await page.screenshot({ path: shot('onboarding-add-validation') })

  // A well-formed but unknown key: the server's answer in plain words, the secret field emptied.
  await dialog.getByLabel('Access key').fill(org.access_key)
  await dialog.getByLabel('Secret key').fill('00000000-0000-4000-8000-000000000000')
  await dialog.getByText('Advanced').click()
  await dialog.getByLabel('API URL').fill(emulator.url)
  await acceptSessionOnlyIfNoKeychain(page)
  await dialog.getByRole('button', { name: 'Add organization' }).click()
  const problem = dialog.getByRole('alert')
  await expect(problem).toContainText('The API key cannot be used.')
  await expect(problem).toContainText('Scaleway does not recognise this API key')
  await expect(dialog.getByLabel('Secret key')).toHaveValue('')

  await dialog.getByRole('button', { name: 'Close' }).click()
  await page.getByRole('main').getByRole('button', { name: /Add an organization/ }).click()
  await addOrgByForm(page, org, emulator.url)

  await expect(sidebar(page).getByRole('button', { name: org.name, exact: true })).toBeVisible()
  await waitSyncFinished(page)
  await expect(syncPanel(page).getByText(/\+4 users/)).toBeVisible()
  await expect(sidebar(page).getByText(/synced (just now|\d+ minutes? ago)/)).toBeVisible()
  // The secret never comes back to the page.
  expect(await page.content()).not.toContain(org.secret_key)
  await page.screenshot({ path: shot('onboarding-add-synced') })
})

test('import from the Scaleway CLI: every profile with its status, then the result per profile', async ({ page }) => {
  const [a, b] = emulator.organizations
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-desk-scw-'))
  const configPath = path.join(dir, 'config.yaml')
  writeFileSync(
    configPath,
    [
      `access_key: ${a!.access_key}`,
      `secret_key: ${a!.secret_key}`,
      `default_organization_id: ${a!.organization_id}`,
      `api_url: ${emulator.url}`,
      'active_profile: second',
      'profiles:',
      '  second:',
      `    access_key: ${b!.access_key}`,
      `    secret_key: ${b!.secret_key}`,
      `    default_organization_id: ${b!.organization_id}`,
      `    api_url: ${emulator.url}`,
      '  copy:',
      `    access_key: ${a!.access_key}`,
      `    secret_key: ${a!.secret_key}`,
      `    api_url: ${emulator.url}`,
      '  broken:',
      '    access_key: nope',
      '  official:',
      '    access_key: SCW3CCCCCCCCCCCCCCCC',
      '    secret_key: 2d9e7b20-3c3c-4e3e-9f50-3b4c5d6e7f80',
      '    api_url: https://api.scaleway.com',
      '',
    ].join('\n'),
  )
  const app = await startWebApp([], { SCW_CONFIG_PATH: configPath })
  try {
    await page.goto(app.url)
    await page.getByRole('main').getByRole('button', { name: /Import from the Scaleway CLI/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Import from the Scaleway CLI' })
    await expect(dialog.getByText(configPath)).toBeVisible()
    const row = (profile: string) => dialog.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Import profile ${profile}` }) })
    await expect(row('second')).toContainText('active')
    await expect(row('second')).toContainText('new')
    await expect(row('second')).toContainText(b!.access_key)
    // Where each profile would send its secret key: another host than api.scaleway.com is
    // flagged and waits for the user's own tick.
    await expect(row('second')).toContainText(emulator.url)
    await expect(row('second')).toContainText(`sends the secret key to ${new URL(emulator.url).host}, not to Scaleway's api.scaleway.com`)
    await expect(dialog.getByRole('checkbox', { name: 'Import profile second' })).not.toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: 'Import profile second' })).toBeEnabled()
    await expect(row('official')).toContainText('https://api.scaleway.com')
    await expect(row('official')).not.toContainText('sends the secret key')
    await expect(dialog.getByRole('checkbox', { name: 'Import profile official' })).toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: 'Import profile broken' })).not.toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: 'Import profile broken' })).toBeDisabled()
    await expect(row('broken')).toContainText('invalid')
    await expect(row('copy')).toContainText('duplicate')
    await page.screenshot({ path: shot('onboarding-import-preview') })

    // Only the api.scaleway.com profile is preselected: leave it out (this test has no network)
    // and tick the second emulator profile by hand.
    await expect(dialog.getByRole('checkbox', { name: 'Import profile default' })).not.toBeChecked()
    await dialog.getByRole('checkbox', { name: 'Import profile official' }).uncheck()
    await dialog.getByRole('checkbox', { name: 'Import profile second' }).check()
    await acceptSessionOnlyIfNoKeychain(page)
    await dialog.getByRole('button', { name: 'Import 1 profile', exact: true }).click()
    const result = dialog.getByRole('list', { name: 'Import result' })
    await expect(result).toBeVisible()
    await expect(result.getByRole('listitem').filter({ hasText: 'second' })).toContainText('imported')
    await expect(result.getByRole('listitem')).toHaveCount(1)
    await page.screenshot({ path: shot('onboarding-import-result') })
    await dialog.getByRole('button', { name: 'Done' }).click()
    await expect(sidebar(page).getByRole('button', { name: b!.name, exact: true })).toBeVisible()
    await expect(sidebar(page).getByRole('button', { name: a!.name, exact: true })).toHaveCount(0)
    await waitSyncFinished(page)
    // The organization's details name the host its secret key goes to, flagged.
    await sidebar(page).getByRole('button', { name: `Actions for ${b!.name}` }).click()
    const details = sidebar(page).locator('.facts')
    await expect(details).toContainText(b!.access_key)
    await expect(details).toContainText(emulator.url)
    await expect(details).toContainText(`Its secret key is sent to ${new URL(emulator.url).host}, not to Scaleway's api.scaleway.com.`)
    await page.keyboard.press('Escape')
  } finally {
    await stopWebApp(app)
    rmSync(dir, { recursive: true, force: true })
  }
})

test('explore the demo organizations: three appear and get synced', async ({ page, app }) => {
  await page.goto(app.url)
  await page.getByRole('button', { name: /Explore demo organizations/ }).click()
  const orgs = sidebar(page).getByRole('list', { name: 'Organizations' }).getByRole('listitem')
  await expect(orgs).toHaveCount(3)
  await expect(syncPanel(page)).toBeVisible()
  await waitSyncFinished(page)
  await expect(sidebar(page).getByText(/synced/)).toHaveCount(3)
  await expect(page.getByRole('heading', { name: 'Needs attention', level: 1 })).toBeVisible()
  await page.screenshot({ path: shot('onboarding-demo') })
})

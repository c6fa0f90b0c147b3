// "Export as Terraform" on the demo: from an organization's menu, the preview (a tab per file,
// the HCL as it will be saved), a second organization added to the export, and the browser
// mode's delivery (one download per organization: a browser cannot write into a folder).
import { readFile } from 'node:fs/promises'
import { test as base, type Page } from '@playwright/test'
import { shot, startWebApp, stopWebApp, type RunningApp } from './fixtures'
import { expect, openDemo } from './browse-helpers'

const test = base.extend<{ demo: RunningApp }>({
  demo: async ({}, use) => {
    const app = await startWebApp(['--demo'])
    await use(app)
    await stopWebApp(app)
  },
})

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })

test('preview the Terraform of a demo organization, add another, download both files', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openDemo(page, demo)

  await sidebar(page).getByRole('button', { name: 'Actions for Northwind Analytics' }).click()
  await page.getByRole('menuitem', { name: 'Export as Terraform…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export as Terraform' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('tab')).toHaveText(['northwind_analytics.tf'])
  const code = dialog.getByLabel('northwind_analytics.tf (preview)')
  await expect(code).toContainText('resource "scaleway_iam_group" "developers" {')
  await expect(code).toContainText('group_id = scaleway_iam_group.developers.id')
  await expect(code).toContainText('import {')
  await expect(dialog.getByText(/^Northwind Analytics: \d+ resources, each with an import block; 1 object left out/)).toBeVisible()
  // The preview scrolls on its own inside the dialog.
  expect(await code.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true)
  await page.screenshot({ path: shot('terraform-preview') })

  await dialog.getByRole('checkbox', { name: 'Kestrel Robotics' }).check()
  await expect(dialog.getByRole('tab')).toHaveText(['northwind_analytics.tf', 'kestrel_robotics.tf'])
  await dialog.getByRole('tab', { name: 'kestrel_robotics.tf' }).click()
  await expect(dialog.getByLabel('kestrel_robotics.tf (preview)')).toContainText('# Scaleway IAM of the organization "Kestrel Robotics"')
  await expect(dialog.getByText(/A browser cannot write into a folder/)).toBeVisible()

  const downloads: Array<Promise<import('@playwright/test').Download>> = []
  page.on('download', (d) => downloads.push(Promise.resolve(d)))
  await dialog.getByRole('button', { name: 'Download 2 files' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Downloaded 2 files.')
  await expect.poll(() => downloads.length).toBe(2)
  const files = await Promise.all(downloads)
  expect(files.map((d) => d.suggestedFilename()).sort()).toEqual(['kestrel_robotics.tf', 'northwind_analytics.tf'])
  for (const d of files) {
    const text = await readFile((await d.path())!, 'utf8')
    expect(text).toMatch(/^# Scaleway IAM of the organization /)
    expect(text).toContain('required_providers')
    expect(text).not.toMatch(/secret_key\s*=/)
  }
  await page.screenshot({ path: shot('terraform-downloaded') })

  // The sidebar's TF button exports the selected organizations; none selected = all three.
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
  await expect(dialog).toHaveCount(0)
  await sidebar(page).screenshot({ path: shot('terraform-sidebar') })
  await sidebar(page).getByRole('button', { name: 'Export as Terraform' }).click()
  await expect(dialog.getByRole('tab')).toHaveCount(3)
})

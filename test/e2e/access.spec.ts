// Access on the demo: who can manage IAM across the three organizations (owners and IAM
// managers with their paths), a person's effective access opened from their detail, and the
// lint findings with counts per rule; answers checked against the core's own, not magic numbers.
import type { Page } from '@playwright/test'
import { shot } from './fixtures'
import { expect, openDemo, test } from './browse-helpers'
import { rpc } from './writes-helpers'

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Organizations and sections' })

test('who can manage IAM, effective access from a user, and the findings view', async ({ page, demo }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await openDemo(page, demo)
  await sidebar(page).getByRole('button', { name: 'Access', exact: true }).click()

  // Who can manage IAM: one row per owner and per IAM-managing grant, as the core answers.
  const rows = await rpc<Array<{ owner: boolean; principal: { label: string } }>>(demo, 'access.whoCan', { preset: 'manage-iam' })
  const table = page.getByRole('table')
  await expect(table.getByRole('row')).toHaveCount(rows.length + 1)
  await expect(table).toContainText('Owner of the organization')
  await expect(table).toContainText('IAMManager')
  await page.screenshot({ path: shot('access-who-can-manage-iam') })

  // A group member's effective access, from the user's own detail: the group shows as the path.
  const viaGroup = (await rpc<Array<{ organizationId: string; owner: boolean; principal: { id: string; label: string }; held: { path: { via: { type: string } } } | null }>>(demo, 'access.whoCan', { preset: 'manage-iam' })).find(
    (r) => !r.owner && r.held!.path.via.type === 'group',
  )!
  await page.goto(`${demo.url.split('#')[0]}#/users?detail=users/${viaGroup.organizationId}/${viaGroup.principal.id}`)
  await page.getByRole('button', { name: 'Effective access →' }).click()
  await expect(page.getByRole('heading', { name: new RegExp(viaGroup.principal.label) })).toBeVisible()
  await expect(page.getByRole('table')).toContainText('through group')
  await page.screenshot({ path: shot('access-effective') })

  // Findings: the counts per rule add up to the findings listed.
  await page.getByRole('tab', { name: 'Findings' }).click()
  const report = await rpc<{ findings: unknown[]; rules: Array<{ title: string; count: number }> }>(demo, 'access.lint', {})
  await expect(page.getByText(`${report.findings.length} findings in the organizations in scope.`)).toBeVisible()
  const first = report.rules.find((r) => r.count > 0)!
  await page.getByRole('group', { name: 'Findings by rule' }).getByRole('button', { name: new RegExp(`^${first.title}`) }).click()
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(first.count + 1)
  await expect(page.getByText('Why it matters.')).toBeVisible()
  await page.screenshot({ path: shot('access-findings') })
})

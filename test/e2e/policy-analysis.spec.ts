// Policy analysis on the demo, in one app start: two policies of different organizations ticked
// in the policies list and compared (verdict, side by side, list); the same policy across
// organizations as a matrix with another reference; a policy's versions after its rules were
// changed, reached from its detail pane; the history view's way in. Screenshots of each.
import type { Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { test, expect, openDemo, showSection, dataRows, exportAs } from './browse-helpers'
import { shot } from './fixtures'
import { rpc } from './onboarding-helpers'

const analysis = (page: Page) => page.getByRole('region', { name: 'Policy analysis' })

test('compare two policies of different organizations, across organizations, and over time', async ({ page, demo }) => {
  test.setTimeout(90_000)
  await openDemo(page, demo)
  await page.setViewportSize({ width: 1440, height: 900 })

  await test.step('tick two policies in the list and compare them', async () => {
    await showSection(page, 'Policies')
    await page.getByRole('searchbox', { name: /Search policies/i }).fill('Terraform')
    await expect(dataRows(page)).toHaveCount(2)
    const compare = page.getByRole('button', { name: 'Compare 0/2' })
    await expect(compare).toBeDisabled()
    await dataRows(page).nth(0).getByRole('checkbox', { name: 'Compare: Terraform' }).check()
    await dataRows(page).nth(1).getByRole('checkbox', { name: 'Compare: Terraform' }).check()
    await page.getByRole('button', { name: 'Compare 2/2' }).click()
    await expect(page.getByRole('heading', { name: 'Policy analysis', level: 1 })).toBeVisible()
  })

  const view = analysis(page)
  await test.step('the comparison: verdict, other fields, grants side by side and as a list', async () => {
    const verdict = view.getByRole('region', { name: 'No new access check' })
    await expect(verdict).toBeVisible()
    // Kestrel's Terraform holds AllProductsFullAccess on every project, Northwind's on three:
    // one direction is new access, IAMManager's condition is "review" either way.
    const a = (await view.getByRole('group', { name: 'Policy A', exact: true }).textContent()) ?? ''
    if (a.includes('Northwind')) {
      await expect(verdict.getByRole('heading')).toHaveText(/^New access/)
      await expect(verdict.getByRole('list', { name: 'Grants only B has' })).toContainText('AllProductsFullAccess')
    } else {
      await expect(verdict.getByRole('heading')).toHaveText(/^Changed conditions, review/)
    }
    await expect(verdict.getByRole('list', { name: 'Grants to review' })).toContainText('IAMManager')
    await expect(view.getByRole('region', { name: 'Other differences' })).toContainText('Description')
    const table = view.getByRole('table', { name: 'Grants side by side' })
    await expect(table.locator('tr[data-state="changed"]')).toContainText('IAMManager')
    await page.screenshot({ path: shot('analysis-compare') })

    // B ⇄ A: the verdict follows the direction.
    const before = await verdict.getByRole('heading').textContent()
    await view.getByRole('button', { name: 'Swap A and B' }).click()
    await expect(verdict.getByRole('heading')).not.toHaveText(before ?? '')

    await view.getByRole('group', { name: 'Layout' }).getByRole('button', { name: 'List' }).click()
    await expect(view.getByRole('list', { name: 'Condition changed' })).toContainText('IAMManager')
    await page.screenshot({ path: shot('analysis-compare-list') })

    // The comparison as a file: one row per grant line.
    const [download] = await Promise.all([page.waitForEvent('download'), exportAs(view.getByRole('region', { name: 'Grants' }), 'CSV')])
    expect(download.suggestedFilename()).toMatch(/^iam-desk-policy-diff-terraform-vs-terraform-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n')
    expect(lines[0]).toBe('status,permission_set,scope_type,scope,project_id,project_name,condition_a,condition_b,no_new_access')
    expect(lines.some((l) => l.startsWith('changed,IAMManager,'))).toBe(true)
  })

  await test.step('the same policy across organizations, against another reference', async () => {
    await view.getByRole('group', { name: 'Analysis' }).getByRole('button', { name: 'Across organizations' }).click()
    const matrix = view.getByRole('table', { name: 'Policy across organizations' })
    await expect(matrix.locator('th[data-organization]')).toHaveCount(2)
    await expect(view.getByText('No such policy in Atelier Lumière.')).toBeVisible()
    await expect(matrix.locator('td[data-state="condition"]').first()).toBeVisible()
    const other = matrix.locator('th[data-organization]').filter({ hasNot: page.getByText('reference', { exact: true }) })
    const otherName = await other.getAttribute('data-organization')
    await other.getByRole('button', { name: /^Use .* as the reference$/ }).click()
    await expect(matrix.locator(`th[data-organization="${otherName}"]`)).toContainText('reference')
    await page.screenshot({ path: shot('analysis-across') })
  })

  await test.step("a policy's versions: changed in IAM Desk, reached from its detail pane", async () => {
    const org = (await rpc<Array<{ id: string; name: string }>>(demo, 'orgs.list')) as { ok: true; value: Array<{ id: string; name: string }> }
    const northwind = org.value.find((o) => o.name === 'Northwind Analytics')!
    const listed = (await rpc<{ rows: Array<{ id: string }> }>(demo, 'browse.list', { kind: 'policies', organizationIds: [northwind.id], search: 'Monitoring read', offset: 0, limit: 5 })) as { ok: true; value: { rows: Array<{ id: string }> } }
    const policyId = listed.value.rows[0]!.id
    const loaded = (await rpc<{ rulesVersion: string }>(demo, 'policies.rulesForEdit', { organizationId: northwind.id, policyId })) as { ok: true; value: { rulesVersion: string } }
    const saved = await rpc(demo, 'policies.setRules', {
      organizationId: northwind.id,
      policyId,
      expectedRulesVersion: loaded.value.rulesVersion,
      rules: [{ permission_set_names: ['IAMReadOnly'], organization_id: northwind.id }],
    })
    expect(saved.ok).toBe(true)

    await showSection(page, 'Policies')
    await page.getByRole('searchbox', { name: /Search policies/i }).fill('Monitoring read')
    await dataRows(page).first().click()
    await page.getByRole('group', { name: 'Policy analysis' }).getByRole('button', { name: 'Versions' }).click()
    const versions = view.getByRole('list', { name: 'Versions of Monitoring read' })
    await expect(versions.getByRole('listitem')).toHaveCount(2)
    await expect(versions.getByRole('listitem').first()).toContainText('Now (changed in IAM Desk since the last sync)')
    await expect(view.getByRole('heading', { name: /^From sync \d+ to now$/ })).toBeVisible()
    await expect(view.getByRole('region', { name: 'No new access check' }).getByRole('list', { name: 'Grants only B has' })).toContainText('IAMReadOnly')
    await page.screenshot({ path: shot('analysis-timeline') })
  })

  await test.step('the demo’s drift: a policy edited on Scaleway between two syncs has two synced versions', async () => {
    await showSection(page, 'Policies')
    await page.getByRole('searchbox', { name: /Search policies/i }).fill('Backups to object storage')
    await dataRows(page).first().click()
    await page.getByRole('group', { name: 'Policy analysis' }).getByRole('button', { name: 'Versions' }).click()
    const versions = view.getByRole('list', { name: 'Versions of Backups to object storage' })
    await expect(versions.getByRole('listitem')).toHaveCount(2)
    await expect(versions).not.toContainText('Now (changed in IAM Desk')
    // The last sync's version is the policy as it is now; the edit added a condition: review, not "no new access".
    await expect(view.getByRole('heading', { name: /^From sync \d+ to now$/ })).toBeVisible()
    await expect(view.getByRole('heading', { name: /^Changed conditions, review/ })).toBeVisible()
    await page.screenshot({ path: shot('analysis-timeline-drift') })
  })

  await test.step('the history view opens a policy’s versions', async () => {
    await page.getByRole('navigation', { name: 'Organizations and sections' }).getByRole('button', { name: 'What changed', exact: true }).click()
    const rulesChange = page.locator('li.change').filter({ hasText: 'Rules of policy' }).first()
    await rulesChange.locator('summary').click()
    await rulesChange.getByRole('button', { name: 'Compare versions of this policy' }).click()
    await expect(view.getByRole('list', { name: /^Versions of / })).toBeVisible()
  })
})

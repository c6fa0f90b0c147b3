// Projects by name (issues 16 and 17): a rule's projects, an API key's default project read as
// names (the id on hover), and the rules editor's project picker offers the organization's
// projects by name while a typed id is still accepted.
import { shot } from './fixtures'
import { expect, test } from './browse-helpers'
import { dialog, openDemoIdle, openDetail } from './writes-helpers'

test('rules and API keys show project names; the rules editor picks projects by name', async ({ page, demo }) => {
  await openDemoIdle(page, demo)
  const pane = await openDetail(page, 'Policies', 'Developers - production and staging', 'policy details')
  const rule1 = pane.getByRole('listitem', { name: 'Rule 1' })
  await expect(rule1).toContainText('scope project staging')
  await expect(rule1.getByText('staging', { exact: true })).toHaveAttribute('title', /^[0-9a-f-]{36}$/)

  await pane.getByRole('button', { name: 'Edit rules' }).click()
  const editor = dialog(page, 'Edit the rules of Developers - production and staging')
  const projects = editor.getByRole('group', { name: 'Projects of rule 1' })
  await expect(projects.getByRole('checkbox', { name: 'staging' })).toBeChecked()
  await expect(projects.getByRole('checkbox', { name: 'production' })).not.toBeChecked()
  await expect(projects.getByRole('checkbox', { name: 'data-lake' })).toBeVisible()
  await projects.getByRole('checkbox', { name: 'data-lake' }).check()
  // An id the cache does not know is still taken as typed.
  await projects.getByLabel('Other project IDs').fill('11111111-1111-4111-8111-111111111111')
  await page.screenshot({ path: shot('projects-picker') })
  await editor.getByRole('button', { name: 'Review changes' }).click()
  const diff = editor.getByRole('region', { name: 'What will change' })
  // The added rule names its projects (ids sorted as the API keeps them), the unknown one by its id.
  const added = diff.getByRole('listitem').filter({ hasText: 'Added' })
  for (const name of ['staging', 'data-lake', '11111111…1111']) await expect(added).toContainText(name)
  await expect(added).toContainText(', ')
  await editor.getByRole('button', { name: 'Cancel' }).click()

  const key = await openDetail(page, 'API keys', 'dbt Cloud', 'API key details')
  await expect(key.getByText('data-lake', { exact: true })).toBeVisible()
})

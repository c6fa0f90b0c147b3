import { describe, expect, it } from 'vitest'
import type { Organization } from '../../src-preload/contract'
import { groupOrganizations, matchesOrgFilter } from '../../src-renderer/src/lib/org-groups'

const org = (name: string, extra: Partial<Organization> = {}): Organization => ({
  id: `id-${name.toLowerCase().replace(/\W+/g, '-')}`,
  name,
  accessKey: 'SCWXXXXXXXXXXXXXXXXX',
  apiUrl: 'https://api.scaleway.com',
  defaultProjectId: null,
  secretStorage: 'keychain',
  hasSecret: true,
  color: '#888',
  addedAt: '2026-01-01T00:00:00Z',
  lastSyncAt: null,
  lastSyncStatus: null,
  lastSyncError: null,
  pinned: false,
  folder: null,
  ...extra,
})

const shape = (groups: ReturnType<typeof groupOrganizations>) => groups.map((g) => [g.title, g.organizations.map((o) => o.name)])

describe('the sidebar groups organizations', () => {
  it('with no pins and no folders: one untitled list, by name', () => {
    expect(shape(groupOrganizations([org('beta'), org('Alpha'), org('gamma')]))).toEqual([[null, ['Alpha', 'beta', 'gamma']]])
  })

  it('pinned first, then folders alphabetically, then the rest; a pinned organization is not repeated in its folder', () => {
    const all = [
      org('Zeta', { folder: 'Clients' }),
      org('Acme', { folder: 'Clients', pinned: true }),
      org('Internal tools', { folder: 'Internal' }),
      org('Bravo', { folder: 'Clients' }),
      org('Loose'),
      org('Pinned loose', { pinned: true }),
    ]
    expect(shape(groupOrganizations(all))).toEqual([
      ['Pinned', ['Acme', 'Pinned loose']],
      ['Clients', ['Bravo', 'Zeta']],
      ['Internal', ['Internal tools']],
      ['Other organizations', ['Loose']],
    ])
  })

  it('the filter matches every word in the name, folder or id, ignoring case; empty groups disappear', () => {
    const all = [org('Acme Production', { folder: 'Clients' }), org('Acme Staging'), org('Globex', { folder: 'Clients' })]
    expect(shape(groupOrganizations(all, 'acme'))).toEqual([
      ['Clients', ['Acme Production']],
      ['Other organizations', ['Acme Staging']],
    ])
    expect(shape(groupOrganizations(all, 'clients glob'))).toEqual([['Clients', ['Globex']]])
    expect(groupOrganizations(all, 'nothing-like-this')).toEqual([])
    expect(matchesOrgFilter(all[0]!, '  ')).toBe(true)
  })
})

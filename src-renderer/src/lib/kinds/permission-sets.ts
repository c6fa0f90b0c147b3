import { enumLabel } from '../format'
import type { CatalogueSpread } from '../../../../src-preload/contract'
import { anyOption, type Cell, type KindView } from './types'

/** "in 3 of 3", or where the set is missing or differs among the organizations listed. */
export function spreadCell(spread: CatalogueSpread | undefined): Cell {
  if (!spread) return { text: '—', muted: true }
  const notes = [
    ...(spread.missingFrom.length ? [`missing in ${spread.missingFrom.join(', ')}`] : []),
    ...(spread.differsIn.length ? [`differs in ${spread.differsIn.join(', ')}`] : []),
  ]
  return {
    text: `in ${spread.present} of ${spread.of}`,
    title: notes.join('; ') || 'The same in every organization listed',
    muted: notes.length === 0,
    badges: [...(spread.missingFrom.length ? [{ label: 'MISSING', tone: 'warning' as const }] : []), ...(spread.differsIn.length ? [{ label: 'DIFFERS', tone: 'warning' as const }] : [])],
  }
}

export const permissionSets: KindView<'permission_sets'> = {
  kind: 'permission_sets',
  searchHint: 'name, description, category',
  columns: [
    { id: 'name', label: 'Name', width: 'minmax(200px, 1.5fr)', sortField: 'name', cell: (p) => ({ text: p.name, mono: true }) },
    { id: 'scope', label: 'Scope type', width: '140px', sortField: 'scope_type', cell: (p) => ({ text: enumLabel(p.scope_type) }) },
    { id: 'categories', label: 'Categories', width: 'minmax(120px, 1fr)', cell: (p) => ({ text: (p.categories ?? []).join(', ') || '—', muted: !p.categories?.length }) },
    { id: 'description', label: 'Description', width: 'minmax(200px, 2.5fr)', cell: (p) => ({ text: p.description, title: p.description }) },
  ],
  filters: [
    {
      type: 'select',
      id: 'scopeType',
      label: 'Scope type',
      multiple: { key: 'scopeType' },
      options: [
        anyOption,
        { label: 'Projects', filters: { scopeType: 'projects' } },
        { label: 'Organization', filters: { scopeType: 'organization' } },
        { label: 'Account root user', filters: { scopeType: 'account_root_user' } },
      ],
    },
  ],
}

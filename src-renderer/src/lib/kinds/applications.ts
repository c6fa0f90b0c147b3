import { anyOption, type KindView } from './types'

export const applications: KindView<'applications'> = {
  kind: 'applications',
  searchHint: 'name, description, id, tag',
  columns: [
    { id: 'name', label: 'Name', width: 'minmax(160px, 1.5fr)', sortField: 'name', cell: (a) => ({ text: a.name, badges: a.managed ? [{ label: 'MANAGED', tone: 'muted' }] : [] }) },
    { id: 'description', label: 'Description', width: 'minmax(180px, 2.5fr)', cell: (a) => ({ text: a.description || '—', muted: !a.description }) },
    { id: 'keys', label: 'API keys', width: '90px', sortField: 'nb_api_keys', cell: (a) => ({ text: String(a.nb_api_keys) }) },
    { id: 'tags', label: 'Tags', width: 'minmax(100px, 1fr)', cell: (a) => ({ text: a.tags.join(', ') || '—', muted: a.tags.length === 0 }) },
  ],
  filters: [
    { type: 'text', id: 'tag', label: 'Tag', key: 'tag', placeholder: 'any tag' },
    { type: 'select', id: 'editable', label: 'Editable', options: [anyOption, { label: 'Editable', filters: { editable: true } }, { label: 'Read-only', filters: { editable: false } }] },
  ],
}

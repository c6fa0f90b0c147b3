// A refusal in the form's words: Scaleway, the contract and the writes' field checks name the
// API's fields (`project_ids`, `rules[0].permission_set_names`, `default_project_id`); the person
// filling the form knows them by the labels on screen ("Projects", "Permission sets", "Default
// project ID"). Every refusal shown in a write dialog goes through here.
import type { AppErrorShape } from '../../../src-preload/contract'

/** The API's field names → the labels the write dialogs show for them. */
const LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  tags: 'Tags',
  email: 'E-mail',
  username: 'Username',
  first_name: 'First name',
  last_name: 'Last name',
  phone_number: 'Phone number',
  locale: 'Locale',
  password: 'Password',
  expires_at: 'Expires',
  default_project_id: 'Default project',
  public_key: 'Public key',
  project_id: 'Project',
  project_ids: 'Projects',
  organization_id: 'Organization',
  permission_set_names: 'Permission sets',
  condition: 'Condition',
  scope: 'Scope',
  principal: 'Principal',
  user_id: 'Principal',
  group_id: 'Principal',
  application_id: 'Principal',
  rules: 'Rules',
  input: 'The form',
}

const humanLabel = (key: string): string => LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())

/**
 * "rules[1].permission_set_names[0]" → "Rule 2, Permission sets"; "default_project_id" →
 * "Default project"; "rules.0.project_ids" (the contract's dotted paths) alike.
 */
export function fieldLabel(argumentName: string): string {
  const parts = argumentName.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)
  const words: string[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!
    if (/^\d+$/.test(p)) continue
    const next = parts[i + 1]
    if (p === 'rules' && next !== undefined && /^\d+$/.test(next)) words.push(`Rule ${Number(next) + 1}`)
    else words.push(humanLabel(p))
  }
  return words.join(', ') || 'The form'
}

/** API field names inside a sentence ("…: organization_id or project_ids") in the form's words. */
export function inFormWords(text: string): string {
  return text.replace(/\b(rules(?:\[\d+\]|\.\d+)(?:\.[a-z_]+(?:\[\d+\]|\.\d+)?)*|[a-z]+(?:_[a-z]+)+)\b/g, (m) => {
    const base = m.replace(/\[\d+\]|\.\d+/g, '')
    if (m.startsWith('rules') || Object.hasOwn(LABELS, base)) return `“${fieldLabel(m)}”`
    return m
  })
}

/**
 * The field errors of a refusal (`details.fields`), each in the form's words: keyed by the API's
 * argument name (so a dialog still puts each next to its field), the message naming labels only.
 */
export function formFieldErrors(error: AppErrorShape | null): Record<string, string> {
  const out: Record<string, string> = {}
  const fields = error?.code === 'BAD_REQUEST' ? error.details?.fields : undefined
  if (!Array.isArray(fields)) return out
  for (const f of fields as Array<{ argument_name?: unknown; help_message?: unknown }>) {
    if (typeof f.argument_name === 'string' && typeof f.help_message === 'string' && !out[f.argument_name]) out[f.argument_name] = inFormWords(f.help_message)
  }
  return out
}

/**
 * The refusal as a dialog shows it above its buttons: with field errors, "<Label>: <message>"
 * for each, instead of a message built from API paths ("Invalid rules.0.project_ids.0: …").
 */
export function inFormTerms(error: AppErrorShape | null): AppErrorShape | null {
  if (!error || error.code !== 'BAD_REQUEST') return error
  const fields = formFieldErrors(error)
  const keys = Object.keys(fields)
  if (!keys.length) return { ...error, message: inFormWords(error.message) }
  const list = keys.slice(0, 4).map((k) => `${fieldLabel(k)}: ${fields[k]}`)
  const more = keys.length > 4 ? ` (and ${keys.length - 4} more)` : ''
  return { ...error, message: `Check ${keys.length === 1 ? 'this field' : 'these fields'} — ${list.join('; ')}${more}.` }
}

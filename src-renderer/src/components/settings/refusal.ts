// Main's refusal of a setting, as one line under the control: the field's own message when main
// names the field (the rule between the cache-age thresholds), in the form's words, else the
// error's message. The controls check bounds as typed, so this is rare: another window changed a
// related setting meanwhile, or main could not store it.
import type { AppErrorShape } from '../../../../src-preload/contract'
import { formFieldErrors, inFormWords } from '../../lib/field-words'

export function refusalText(error: AppErrorShape): string {
  const first = Object.values(formFieldErrors(error))[0]
  return first ?? `Not saved: ${inFormWords(error.message)}`
}

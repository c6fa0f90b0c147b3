// What the job dialogs read from their fields and from a plan.
import type { Job, JobStep } from '../../../../src-preload/contract'

/** A pasted list: split, trimmed, empty entries and repeats (case-insensitive) dropped. */
export function splitList(text: string, separators: RegExp): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of text.split(separators)) {
    const v = raw.trim()
    if (!v || seen.has(v.toLowerCase())) continue
    seen.add(v.toLowerCase())
    out.push(v)
  }
  return out
}

/** Steps the self-lockout guard skipped when planning (planning again with `override` keeps them). */
export function lockoutSkips(job: Pick<Job, 'steps'>): JobStep[] {
  return job.steps.filter((s) => s.state === 'skipped' && s.attempts === 0 && (s.message ?? '').startsWith('Skipped so IAM Desk keeps its access'))
}

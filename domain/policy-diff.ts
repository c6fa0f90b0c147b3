// Comparing two policies on grants (docs/policy-analysis.md): the diff (added, removed, changed
// condition, unchanged) and the no-new-access check. Pure: the same answer for the same grants,
// whichever organizations, syncs or screens they come from.
// Runtime-neutral: imports only zod and the domain.
import { z } from 'zod'
import { Grant, grantMatchKey, grantSlotKey, scopeMatchKey, sortGrants, type ProjectMatch } from './grants'

export const GrantPair = z.object({ before: Grant, after: Grant })
export type GrantPair = z.infer<typeof GrantPair>

export const GrantsDiff = z.object({
  /** Grants only B has (no grant of A with the same permission set and scope). */
  added: z.array(Grant),
  /** Grants only A has. */
  removed: z.array(Grant),
  /** Same permission set and scope, different condition: A's grant `before`, B's `after`. */
  changed: z.array(GrantPair),
  /** Identical in both (permission set, scope and condition). */
  unchanged: z.array(GrantPair),
})
export type GrantsDiff = z.infer<typeof GrantsDiff>

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const t of items) {
    const k = key(t)
    const list = out.get(k)
    if (list) list.push(t)
    else out.set(k, [t])
  }
  return out
}

/**
 * A's grants against B's. Identical grants pair first; then, per permission set and scope, a
 * leftover grant of A and one of B are one grant whose condition changed (in condition order,
 * when a policy holds one slot under several conditions); what is left is added or removed.
 * Projects are matched as `match` says (by id within one organization, by name across).
 */
export function diffGrants(a: readonly Grant[], b: readonly Grant[], match: ProjectMatch): GrantsDiff {
  const bByKey = groupBy(b, (g) => grantMatchKey(g, match))
  const unchanged: GrantPair[] = []
  const leftA: Grant[] = []
  for (const g of sortGrants(a)) {
    const same = bByKey.get(grantMatchKey(g, match))
    const partner = same?.shift()
    if (partner) unchanged.push({ before: g, after: partner })
    else leftA.push(g)
  }
  const leftB = sortGrants([...bByKey.values()].flat())
  const aBySlot = groupBy(leftA, (g) => grantSlotKey(g, match))
  const changed: GrantPair[] = []
  const added: Grant[] = []
  for (const g of leftB) {
    const partner = aBySlot.get(grantSlotKey(g, match))?.shift()
    if (partner) changed.push({ before: partner, after: g })
    else added.push(g)
  }
  const removed = sortGrants([...aBySlot.values()].flat())
  return { added, removed, changed, unchanged }
}

// --- no new access ----------------------------------------------------------------------------

export const ReviewGrant = z.object({
  /** B's grant. */
  grant: Grant,
  /** A's grants with the same permission set covering the same scope, under other conditions. */
  against: z.array(Grant),
})
export type ReviewGrant = z.infer<typeof ReviewGrant>

export const NoNewAccess = z.object({
  /**
   * `no_new_access`: B grants nothing A does not. `review`: B's only differences are conditions
   * (a person must judge whether B's condition is narrower). `new_access`: B has grants A has in
   * no form.
   */
  verdict: z.enum(['no_new_access', 'review', 'new_access']),
  /** B's grants that A covers in no form (permission set + scope, whatever the condition). */
  newGrants: z.array(Grant),
  /** B's grants that A covers only under another condition. */
  review: z.array(ReviewGrant),
})
export type NoNewAccess = z.infer<typeof NoNewAccess>

/** Whether A's scope `a` includes B's scope `b`: the same scope, or A's whole organization over one of B's projects. */
function scopeCovers(a: Grant, b: Grant, match: ProjectMatch): boolean {
  if (scopeMatchKey(a.scope, match) === scopeMatchKey(b.scope, match)) return true
  // An organization-wide grant of a projects-scoped permission set is every current and future
  // project of the organization, so it includes any one project.
  return a.scope.type === 'organization' && b.scope.type === 'project'
}

/**
 * Does B grant anything A does not? A grant of B is covered when A has the same permission set
 * with the SAME (normalised) condition on the same scope or on the whole organization over one
 * of its projects. Conditions are never reasoned about: a grant A holds only under another
 * condition — even none, even one that looks wider — is "review", never "no new access".
 */
export function checkNoNewAccess(a: readonly Grant[], b: readonly Grant[], match: ProjectMatch): NoNewAccess {
  const aBySet = groupBy(a, (g) => g.permissionSet)
  const newGrants: Grant[] = []
  const review: ReviewGrant[] = []
  for (const g of sortGrants(b)) {
    const candidates = (aBySet.get(g.permissionSet) ?? []).filter((x) => scopeCovers(x, g, match))
    if (candidates.some((x) => x.condition === g.condition)) continue
    if (candidates.length > 0) review.push({ grant: g, against: sortGrants(candidates) })
    else newGrants.push(g)
  }
  const verdict = newGrants.length > 0 ? 'new_access' : review.length > 0 ? 'review' : 'no_new_access'
  return { verdict, newGrants, review }
}

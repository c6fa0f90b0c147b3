// The change history: what each sync found added, removed or modified, and the syncs
// themselves — answered from the cache, so it works offline.
import type { Cache } from '../../platform/cache/cache'
import type { ChangeKind, ChangeRecord } from '../../platform/cache/history.repo'
import type { Change, SyncRun } from '../../../../src-preload/contract'
import { KINDS, labelOf } from '../../../../domain/kinds'

type Json = Record<string, unknown>

/** The audit trail's resource types, as the kinds IAM Desk caches. */
const LOG_KINDS: Record<string, 'users' | 'applications' | 'groups' | 'policies' | 'api_keys' | undefined> = {
  user: 'users',
  application: 'applications',
  group: 'groups',
  policy: 'policies',
  api_key: 'api_keys',
}

export class HistoryService {
  constructor(private readonly cache: Cache) {}

  changes(q: { organizationId?: string | undefined; syncRunId?: string | undefined; kind?: string | undefined; limit?: number | undefined }): Change[] {
    const limit = q.limit ?? 200
    const orgs = this.cache.organizations.list().filter((o) => !q.organizationId || o.id === q.organizationId)
    const runId = q.syncRunId !== undefined ? Number(q.syncRunId) : undefined
    const out: Change[] = []
    for (const org of orgs) {
      const records: ChangeRecord[] = this.cache.history.changesSince(org.id, runId !== undefined ? runId - 1 : undefined, {
        ...(q.kind ? { kinds: [q.kind as ChangeKind] } : {}),
        limit,
      })
      for (const c of records) {
        if (runId !== undefined && c.syncRunId !== runId) continue
        const obj = (c.after ?? c.before) as unknown
        out.push({
          syncRunId: String(c.syncRunId),
          organizationId: org.id,
          organizationName: org.name,
          kind: c.kind,
          objectId: c.objectId,
          change: c.change,
          ...this.naming(org.id, c.kind, c.objectId, obj),
          before: wrapJson(c.before),
          after: wrapJson(c.after),
          at: c.at,
        })
      }
    }
    return out.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit)
  }

  /**
   * A change by name: the object's own before/after (a removed object is no longer in the
   * cache), with what it belongs to resolved from the cache — an API key or a session by whose
   * it is, not by its access key or token id. The id stays in `objectId` (shown on hover).
   */
  private naming(org: string, kind: string, objectId: string, obj: unknown): { label: string; sublabel: string } {
    const o = (obj ?? {}) as Json
    const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
    if (kind === 'rules') return { label: `Rules of policy ${this.cache.resources.get(org, 'policies', objectId)?.name ?? objectId.slice(0, 8)}`, sublabel: '' }
    if (kind === 'api_keys') return { label: str(o.description) ?? str(o.access_key) ?? objectId, sublabel: [str(o.access_key), this.bearer(org, o)].filter(Boolean).join(' · ') }
    if (kind === 'jwts') {
      const user = str(o.audience_id) ? this.cache.resources.get(org, 'users', o.audience_id as string) : undefined
      return { label: `Session of ${user?.email ?? str(o.audience_id) ?? 'an unknown user'}`, sublabel: str(o.user_agent) ?? '' }
    }
    if (kind === 'logs' && str(o.resource_type)) {
      // A log entry says who did what to which object: both by name where the cache knows them.
      const target = LOG_KINDS[o.resource_type as string]
      const named = target && str(o.resource_id) ? this.nameOf(org, target, o.resource_id as string) : null
      const actor = str(o.bearer_id) ? (this.nameOf(org, 'users', o.bearer_id as string) ?? this.nameOf(org, 'applications', o.bearer_id as string) ?? o.bearer_id) : null
      return { label: `${str(o.action) ?? 'changed'} ${String(o.resource_type).replace(/_/g, ' ')} ${named ?? str(o.resource_id) ?? ''}`.trim(), sublabel: actor ? `by ${actor}` : '' }
    }
    if (Object.hasOwn(KINDS, kind) && obj) return labelOf(kind as keyof typeof KINDS, obj as never)
    return { label: objectId, sublabel: '' }
  }

  /** A cached object's name (a user's e-mail), or null when it is not cached. */
  private nameOf(org: string, kind: 'users' | 'applications' | 'groups' | 'policies' | 'api_keys', id: string): string | null {
    const item = this.cache.resources.get(org, kind, id) as Json | undefined
    if (!item) return null
    return (typeof item.email === 'string' && item.email) || (typeof item.name === 'string' && item.name) || (typeof item.description === 'string' && item.description) || null
  }

  /** "application terraform" / "user ana@example.com", or the id when the bearer is not cached. */
  private bearer(org: string, key: Json): string | null {
    if (typeof key.application_id === 'string') return `application ${this.cache.resources.get(org, 'applications', key.application_id)?.name ?? key.application_id}`
    if (typeof key.user_id === 'string') return `user ${this.cache.resources.get(org, 'users', key.user_id)?.email ?? key.user_id}`
    return null
  }

  syncRuns(organizationId: string | undefined, limit = 50): SyncRun[] {
    const orgs = this.cache.organizations.list().filter((o) => !organizationId || o.id === organizationId)
    return orgs
      .flatMap((o) =>
        this.cache.syncRuns.list(o.id, limit).map((r) => ({
          id: String(r.id),
          organizationId: o.id,
          organizationName: o.name,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
          durationMs: r.durationMs,
          status: r.status,
          requests: r.requests,
          errorMessage: r.errorMessage,
        })),
      )
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, limit)
  }
}

function wrapJson(v: unknown): Json | null {
  if (v === null || v === undefined) return null
  return Array.isArray(v) ? { items: v } : (v as Json)
}

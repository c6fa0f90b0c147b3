// The change history: what each sync found added, removed or modified, and the syncs
// themselves — answered from the cache, so it works offline.
import type { Cache } from '../../platform/cache/cache'
import type { ChangeKind, ChangeRecord } from '../../platform/cache/history.repo'
import type { Change, SyncRun } from '../../../../src-preload/contract'
import { KINDS, labelOf } from '../../../../domain/kinds'

type Json = Record<string, unknown>

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
          label: c.kind === 'rules' ? `Rules of policy ${this.cache.resources.get(org.id, 'policies', c.objectId)?.name ?? c.objectId.slice(0, 8)}` : Object.hasOwn(KINDS, c.kind) && obj ? labelOf(c.kind as keyof typeof KINDS, obj as never).label : c.objectId,
          before: wrapJson(c.before),
          after: wrapJson(c.after),
          at: c.at,
        })
      }
    }
    return out.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit)
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

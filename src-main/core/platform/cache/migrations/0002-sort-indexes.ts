import type { Migration } from './migration'

// Every list's default order (and API keys by expiry) served from an index, as the browse
// queries expect: (sort column, organization_id, id), so SQLite walks the index in either
// direction instead of sorting every match in a temporary B-tree. Proven by EXPLAIN QUERY PLAN
// in test/unit/cache-browse-perf.test.ts.
const SQL = `
CREATE INDEX permission_sets_sort_name ON permission_sets (name, organization_id, id);
CREATE INDEX quota_sort_pretty_name ON quota (pretty_name, organization_id, id);
CREATE INDEX jwts_sort_created ON jwts (created_at_ms, organization_id, id);
DROP INDEX api_keys_expires;
CREATE INDEX api_keys_expires ON api_keys (expires_at_ms, organization_id, id);
`

export const sortIndexes: Migration = {
  version: 2,
  name: 'sort-indexes',
  up(db) {
    db.exec(SQL)
  },
}

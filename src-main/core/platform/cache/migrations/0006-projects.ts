import type { Migration } from './migration'

// Each organization's projects (Account API v3), so the project ids of rules, API keys and SSH
// keys read as names. Shaped like every kind's table (cache/kinds.ts): the API object as JSON
// beside the columns it is looked up by. Whether the last sync could list them at all is in
// that sync run's `skipped` (a credential without a project permission gets 403).
const SQL = `
CREATE TABLE projects (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL,
  created_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX projects_name ON projects (organization_id, name COLLATE NOCASE);
`

export const projects: Migration = {
  version: 6,
  name: 'projects',
  up(db) {
    db.exec(SQL)
  },
}

import type { Migration } from './migration'

// Every resource table: keyed by (organization_id, id), the API object kept whole in `json`
// (secrets stripped before it gets here), `search` = lower-cased text the instant search
// matches, and the columns lists filter and sort on. Timestamps are epoch milliseconds so
// that `2024-01-01T00:00:00.123456Z` and `2024-01-01T01:00:00+01:00` compare correctly.
// No column is meant for, or named like, a secret: a test scans the file for a canary.
const SQL = `
CREATE TABLE organizations (
  id                 TEXT PRIMARY KEY,
  name               TEXT NOT NULL,
  access_key         TEXT NOT NULL,
  api_url            TEXT NOT NULL,
  default_project_id TEXT,
  secret_storage     TEXT NOT NULL CHECK (secret_storage IN ('keychain', 'session')),
  added_at           TEXT NOT NULL,
  last_sync_at       TEXT,
  last_sync_status   TEXT CHECK (last_sync_status IN ('ok', 'failed', 'cancelled')),
  color              TEXT
);

CREATE TABLE users (
  organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id               TEXT NOT NULL,
  json             TEXT NOT NULL,
  search           TEXT NOT NULL,
  email            TEXT NOT NULL COLLATE NOCASE,
  username         TEXT NOT NULL COLLATE NOCASE,
  display_name     TEXT NOT NULL COLLATE NOCASE,
  type             TEXT NOT NULL,
  status           TEXT,
  locked           INTEGER NOT NULL,
  mfa              INTEGER NOT NULL,
  tags             TEXT NOT NULL,
  created_at_ms    INTEGER,
  last_login_at_ms INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX users_email ON users (email, organization_id, id);
CREATE INDEX users_org_email ON users (organization_id, email);
CREATE INDEX users_created ON users (created_at_ms);
CREATE INDEX users_last_login ON users (last_login_at_ms);

CREATE TABLE applications (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL COLLATE NOCASE,
  nb_api_keys     INTEGER NOT NULL,
  editable        INTEGER NOT NULL,
  tags            TEXT NOT NULL,
  created_at_ms   INTEGER,
  updated_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX applications_name ON applications (name, organization_id, id);
CREATE INDEX applications_org_name ON applications (organization_id, name);
CREATE INDEX applications_created ON applications (created_at_ms);

CREATE TABLE groups (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL COLLATE NOCASE,
  member_count    INTEGER NOT NULL,
  tags            TEXT NOT NULL,
  created_at_ms   INTEGER,
  updated_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX groups_name ON groups (name, organization_id, id);
CREATE INDEX groups_org_name ON groups (organization_id, name);
CREATE INDEX groups_created ON groups (created_at_ms);

-- Memberships derived from each group's user_ids / application_ids, queryable both ways:
-- the primary key serves "members of a group", the index serves "groups of a member".
CREATE TABLE group_members (
  organization_id TEXT NOT NULL,
  group_id        TEXT NOT NULL,
  member_id       TEXT NOT NULL,
  member_type     TEXT NOT NULL CHECK (member_type IN ('user', 'application')),
  PRIMARY KEY (organization_id, group_id, member_type, member_id),
  FOREIGN KEY (organization_id, group_id) REFERENCES groups (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX group_members_member ON group_members (organization_id, member_id);

CREATE TABLE policies (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL COLLATE NOCASE,
  principal_kind  TEXT NOT NULL CHECK (principal_kind IN ('user', 'group', 'application', 'none')),
  principal_id    TEXT,
  nb_rules        INTEGER NOT NULL,
  editable        INTEGER NOT NULL,
  tags            TEXT NOT NULL,
  created_at_ms   INTEGER,
  updated_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX policies_name ON policies (name, organization_id, id);
CREATE INDEX policies_org_name ON policies (organization_id, name);
CREATE INDEX policies_principal ON policies (organization_id, principal_id);
CREATE INDEX policies_created ON policies (created_at_ms);

CREATE TABLE rules (
  organization_id TEXT NOT NULL,
  id              TEXT NOT NULL,
  policy_id       TEXT NOT NULL,
  position        INTEGER NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  scope_type      TEXT NOT NULL,
  PRIMARY KEY (organization_id, id),
  FOREIGN KEY (organization_id, policy_id) REFERENCES policies (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX rules_policy ON rules (organization_id, policy_id, position);

-- One row per permission-set name of each rule, so "policies granting X" is an index lookup.
CREATE TABLE rule_permission_sets (
  organization_id     TEXT NOT NULL,
  rule_id             TEXT NOT NULL,
  policy_id           TEXT NOT NULL,
  permission_set_name TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (organization_id, rule_id, permission_set_name),
  FOREIGN KEY (organization_id, rule_id) REFERENCES rules (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX rule_permission_sets_name ON rule_permission_sets (organization_id, permission_set_name, policy_id);

CREATE TABLE api_keys (
  organization_id    TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id                 TEXT NOT NULL,
  json               TEXT NOT NULL,
  search             TEXT NOT NULL,
  bearer_type        TEXT NOT NULL,
  bearer_id          TEXT,
  description        TEXT NOT NULL COLLATE NOCASE,
  default_project_id TEXT NOT NULL,
  editable           INTEGER NOT NULL,
  created_at_ms      INTEGER,
  expires_at_ms      INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX api_keys_bearer ON api_keys (organization_id, bearer_id);
CREATE INDEX api_keys_expires ON api_keys (expires_at_ms);
CREATE INDEX api_keys_created ON api_keys (created_at_ms, organization_id, id);
CREATE INDEX api_keys_description ON api_keys (description);

CREATE TABLE ssh_keys (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL COLLATE NOCASE,
  fingerprint     TEXT NOT NULL,
  project_id      TEXT NOT NULL,
  disabled        INTEGER NOT NULL,
  created_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX ssh_keys_name ON ssh_keys (name, organization_id, id);
CREATE INDEX ssh_keys_created ON ssh_keys (created_at_ms);

CREATE TABLE permission_sets (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL COLLATE NOCASE,
  scope_type      TEXT NOT NULL,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX permission_sets_name ON permission_sets (organization_id, name);

CREATE TABLE quota (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  name            TEXT NOT NULL COLLATE NOCASE,
  pretty_name     TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE jwts (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  audience_id     TEXT NOT NULL,
  issuer_id       TEXT NOT NULL,
  created_at_ms   INTEGER,
  expires_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX jwts_audience ON jwts (organization_id, audience_id);

CREATE TABLE logs (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  action          TEXT NOT NULL,
  resource_type   TEXT NOT NULL,
  resource_id     TEXT NOT NULL,
  bearer_id       TEXT NOT NULL,
  created_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX logs_created ON logs (created_at_ms, organization_id, id);
CREATE INDEX logs_org_created ON logs (organization_id, created_at_ms);

-- A grace period has no id of its own: it is identified by its user and its type.
CREATE TABLE grace_periods (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id              TEXT NOT NULL,
  json            TEXT NOT NULL,
  search          TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  type            TEXT NOT NULL,
  expires_at_ms   INTEGER,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX grace_periods_user ON grace_periods (organization_id, user_id);

CREATE TABLE sync_runs (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  started_at      TEXT NOT NULL,
  finished_at     TEXT NOT NULL,
  duration_ms     INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'cancelled')),
  requests        INTEGER NOT NULL,
  error_code      TEXT,
  error_message   TEXT,
  counts          TEXT NOT NULL
);
CREATE INDEX sync_runs_org ON sync_runs (organization_id, id);

CREATE TABLE changes (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  sync_run_id     INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,
  object_id       TEXT NOT NULL,
  change          TEXT NOT NULL CHECK (change IN ('added', 'removed', 'modified')),
  before_json     TEXT,
  after_json      TEXT,
  at              TEXT NOT NULL
);
CREATE INDEX changes_run ON changes (sync_run_id);
CREATE INDEX changes_object ON changes (organization_id, kind, object_id, sync_run_id);

CREATE TABLE journal (
  id              TEXT PRIMARY KEY,
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  operation       TEXT NOT NULL,
  plan_json       TEXT NOT NULL,
  steps_json      TEXT NOT NULL,
  state           TEXT NOT NULL,
  started_at      TEXT NOT NULL,
  finished_at     TEXT
);
CREATE INDEX journal_state ON journal (state);
`

export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(SQL)
  },
}

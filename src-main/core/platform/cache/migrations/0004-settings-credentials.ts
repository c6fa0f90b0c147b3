import type { Migration } from './migration'

// The user's settings (one row per setting, its value as JSON; the contract's `settings` module
// says which exist and checks them) and the credential report's index: "the latest IAM log naming
// this bearer in this organization" is one seek per key, not a walk over the organization's logs.
// No setting is, or may hold, a secret.
const SQL = `
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE INDEX logs_bearer_created ON logs (organization_id, bearer_id, created_at_ms);
`

export const settingsCredentials: Migration = {
  version: 4,
  name: 'settings-credentials',
  up(db) {
    db.exec(SQL)
  },
}

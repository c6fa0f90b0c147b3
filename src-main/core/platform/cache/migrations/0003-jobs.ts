import type { Migration } from './migration'

// The jobs journal (docs/jobs.md): every multi-step change and each of its steps, written before
// and after each step runs, so a job interrupted by a crash can be shown, resumed without
// repeating a completed step, or abandoned. JSON columns pass through storedJson (no secret).
// Steps keep the organization's name beside its id, so a report reads without a join.
const SQL = `
CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  title        TEXT NOT NULL,
  plan_text    TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('planned', 'running', 'interrupted', 'finished', 'cancelled', 'abandoned')),
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  finished_at  TEXT,
  undo_of      TEXT REFERENCES jobs(id) ON DELETE SET NULL,
  undone_by    TEXT REFERENCES jobs(id) ON DELETE SET NULL
);
CREATE INDEX jobs_created ON jobs (created_at);

CREATE TABLE job_steps (
  job_id            TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  id                TEXT NOT NULL,
  position          INTEGER NOT NULL,
  organization_id   TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  organization_name TEXT NOT NULL,
  item              TEXT NOT NULL,
  target_kind       TEXT NOT NULL,
  target_id         TEXT NOT NULL,
  target_name       TEXT NOT NULL,
  action            TEXT NOT NULL,
  params_json       TEXT NOT NULL,
  expected_json     TEXT,
  before_json       TEXT,
  state             TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'already', 'skipped', 'failed')),
  message           TEXT,
  irreversible      INTEGER NOT NULL DEFAULT 0,
  attempts          INTEGER NOT NULL DEFAULT 0,
  finished_at       TEXT,
  PRIMARY KEY (job_id, id)
);
CREATE INDEX job_steps_position ON job_steps (job_id, position);
CREATE INDEX job_steps_organization ON job_steps (organization_id);

-- Removing an organization removes its steps (its data leaves the cache with it); a job left
-- without any step goes too.
CREATE TRIGGER job_steps_emptied AFTER DELETE ON job_steps
WHEN NOT EXISTS (SELECT 1 FROM job_steps WHERE job_id = OLD.job_id)
BEGIN
  DELETE FROM jobs WHERE id = OLD.job_id;
END;
`

export const jobs: Migration = {
  version: 3,
  name: 'jobs',
  up(db) {
    db.exec(SQL)
  },
}

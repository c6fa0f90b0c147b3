import type { Migration } from './migration'

// Fifty organizations need order in the sidebar: a user pins the few they work in every day to
// the top, and files the others into folders of their own choosing (Scaleway organizations have
// no tags to group by). Both are the user's local choices, kept beside the profile.
const SQL = `
ALTER TABLE organizations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
ALTER TABLE organizations ADD COLUMN folder TEXT;
`

export const orgPinsFolders: Migration = {
  version: 5,
  name: 'org-pins-folders',
  up(db) {
    db.exec(SQL)
  },
}

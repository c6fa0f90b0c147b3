import { initial } from './0001-initial'
import { sortIndexes } from './0002-sort-indexes'
import { jobs } from './0003-jobs'
import { settingsCredentials } from './0004-settings-credentials'
import { orgPinsFolders } from './0005-org-pins-folders'
import { projects } from './0006-projects'
import { searchIndex } from './0007-search-index'
import type { Migration } from './migration'

/** Every migration in order. Append only: a released entry is never edited or removed. */
export const MIGRATIONS: readonly Migration[] = [initial, sortIndexes, jobs, settingsCredentials, orgPinsFolders, projects, searchIndex]

export const LATEST_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0

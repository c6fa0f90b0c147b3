import { describe, expect, it } from 'vitest'
import { isFullSyncDue, type FullSyncPolicy } from '../../src-main/core/features/sync/full-sync'

const now = new Date('2026-11-30T12:00:00Z')
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString()
const due = (facts: Partial<Parameters<typeof isFullSyncDue>[0]>, policy: FullSyncPolicy = { every: 10, daily: true }) =>
  isFullSyncDue({ requested: false, successfulSyncs: 3, lastFullAt: hoursAgo(1), now, ...facts }, policy)

describe('when a sync is full', () => {
  it('when asked, and for the first sync of an organization', () => {
    expect(due({ requested: true })).toBe(true)
    expect(due({ successfulSyncs: 0 })).toBe(true)
    expect(due({})).toBe(false)
  })
  it('every Nth successful sync (N from the settings; 1 means always)', () => {
    expect(due({ successfulSyncs: 10 })).toBe(true)
    expect(due({ successfulSyncs: 11 })).toBe(false)
    expect(due({ successfulSyncs: 4 }, { every: 2, daily: false })).toBe(true)
    expect(due({ successfulSyncs: 7 }, { every: 1, daily: false })).toBe(true)
  })
  it('once a day when the daily rule is on: the last full sync is 24 hours old, or unknown', () => {
    expect(due({ lastFullAt: hoursAgo(23.9) })).toBe(false)
    expect(due({ lastFullAt: hoursAgo(24) })).toBe(true)
    expect(due({ lastFullAt: null })).toBe(true)
    expect(due({ lastFullAt: hoursAgo(48) }, { every: 10, daily: false })).toBe(false)
    expect(due({ lastFullAt: null }, { every: 10, daily: false })).toBe(false)
  })
})

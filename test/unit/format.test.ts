import { describe, expect, it } from 'vitest'
import {
  ageTone,
  cacheAge,
  oldestSync,
  clockTime,
  dayStartIso,
  enumLabel,
  exactTime,
  expiryState,
  formatCount,
  formatDuration,
  plural,
  relativeTime,
  roughDuration,
  shortId,
} from '../../src-renderer/src/lib/format'

const NOW = Date.parse('2024-05-10T12:00:00Z')
const DAY = 86_400_000

describe('plural and counts', () => {
  it('uses the singular for one and the plural otherwise', () => {
    expect(plural(1, 'key')).toBe('1 key')
    expect(plural(0, 'key')).toBe('0 keys')
    expect(plural(3, 'policy', 'policies')).toBe('3 policies')
  })
  it('separates thousands', () => {
    expect(formatCount(20000)).toBe('20,000')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(999)).toBe('999')
    expect(plural(20000, 'API key')).toBe('20,000 API keys')
  })
})

describe('relativeTime', () => {
  it('says how long ago a past time was', () => {
    expect(relativeTime(new Date(NOW - 3 * DAY).toISOString(), NOW)).toBe('3 days ago')
    expect(relativeTime(NOW - 5 * 60_000, NOW)).toBe('5 minutes ago')
    expect(relativeTime(NOW - 60 * 60_000, NOW)).toBe('1 hour ago')
    expect(relativeTime(NOW - 400 * DAY, NOW)).toBe('1 year ago')
    expect(relativeTime(NOW - 65 * DAY, NOW)).toBe('2 months ago')
  })
  it('says how far away a future time is', () => {
    expect(relativeTime(new Date(NOW + 5 * DAY + 1000).toISOString(), NOW)).toBe('in 5 days')
    expect(relativeTime(NOW + 2 * 60 * 60_000, new Date(NOW))).toBe('in 2 hours')
  })
  it('calls the last few seconds "just now" either way', () => {
    expect(relativeTime(NOW - 10_000, NOW)).toBe('just now')
    expect(relativeTime(NOW + 10_000, NOW)).toBe('just now')
  })
  it('returns an empty string for missing or unreadable times', () => {
    expect(relativeTime(null, NOW)).toBe('')
    expect(relativeTime(undefined, NOW)).toBe('')
    expect(relativeTime('not a date', NOW)).toBe('')
  })
  it('rounds down to the largest whole unit', () => {
    expect(roughDuration(DAY * 1.9)).toBe('1 day')
    expect(roughDuration(59_999)).toBe('59 seconds')
  })
})

describe('exactTime', () => {
  it('gives the full date and time with its zone', () => {
    expect(exactTime('2024-05-03T14:22:05.123456Z', 'UTC')).toBe('3 May 2024, 14:22:05 UTC')
  })
  it('is empty for a missing time', () => {
    expect(exactTime(null)).toBe('')
  })
})

describe('clockTime', () => {
  it('gives hours and minutes, empty for a missing time', () => {
    expect(clockTime('2024-05-03T14:22:05Z')).toMatch(/\d{1,2}.\d{2}/)
    expect(clockTime(null)).toBe('')
    expect(clockTime('not a date')).toBe('')
  })
})

describe('formatDuration', () => {
  it('is precise for short durations and coarse for long ones', () => {
    expect(formatDuration(350.4)).toBe('350 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(42_000)).toBe('42 s')
    expect(formatDuration(3 * 60_000 + 4000)).toBe('3 min 4 s')
    expect(formatDuration(5 * 60_000)).toBe('5 min')
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min')
    expect(formatDuration(4 * DAY + 1000)).toBe('4 days')
    expect(formatDuration(-5)).toBe('0 ms')
  })
})

describe('cacheAge', () => {
  it('says the cache was never synced when there is no sync', () => {
    expect(cacheAge(null, NOW)).toBe('Not synced yet')
  })
  it('gives the age in words', () => {
    expect(cacheAge(NOW - 2000, NOW)).toBe('cached just now')
    expect(cacheAge(NOW - (5 * 60_000 + 10_000), NOW)).toBe('cached 5 minutes ago')
    expect(cacheAge(new Date(NOW - 3 * 3_600_000).toISOString(), NOW)).toBe('cached 3 hours ago')
    // A clock a little behind the sync time reads "just now", never "in …".
    expect(cacheAge(NOW + 5000, NOW)).toBe('cached just now')
  })
  it('uses the very words of "synced …" for the same time and clock, at every age', () => {
    for (const ageMs of [0, 30_000, 44_999, 45_000, 59_999, 60_000, 61_000, 119_999, 3_600_000, 86_400_000 * 3]) {
      const syncedAt = new Date(NOW - ageMs).toISOString()
      expect(cacheAge(syncedAt, NOW)).toBe(`cached ${relativeTime(syncedAt, NOW)}`)
    }
  })
  it('takes the oldest sync of the organizations shown, none when one never synced', () => {
    expect(oldestSync([{ lastSyncAt: '2024-05-10T10:00:00Z' }, { lastSyncAt: '2024-05-09T10:00:00Z' }])).toBe('2024-05-09T10:00:00Z')
    expect(oldestSync([{ lastSyncAt: '2024-05-10T10:00:00Z' }, { lastSyncAt: null }])).toBeNull()
    expect(oldestSync([])).toBeNull()
  })
  it('turns amber past the warning threshold and red past the alert one', () => {
    const hoursAgo = (h: number) => NOW - h * 3_600_000
    expect(ageTone(hoursAgo(1), NOW, 24, 168)).toBe('fresh')
    expect(ageTone(hoursAgo(24), NOW, 24, 168)).toBe('fresh')
    expect(ageTone(hoursAgo(25), NOW, 24, 168)).toBe('warn')
    expect(ageTone(hoursAgo(169), NOW, 24, 168)).toBe('alert')
    expect(ageTone(null, NOW, 24, 168)).toBe('alert')
  })
})

describe('expiryState', () => {
  it('tells expired, soon, later and no expiry apart', () => {
    expect(expiryState(null, NOW)).toBe('none')
    expect(expiryState(new Date(NOW - 1000).toISOString(), NOW)).toBe('expired')
    expect(expiryState(new Date(NOW).toISOString(), NOW)).toBe('expired')
    expect(expiryState(new Date(NOW + 7 * DAY).toISOString(), NOW)).toBe('soon')
    expect(expiryState(new Date(NOW + 7 * DAY + 1).toISOString(), NOW)).toBe('later')
    expect(expiryState(new Date(NOW + 20 * DAY).toISOString(), NOW, 30)).toBe('soon')
  })
})

describe('small helpers', () => {
  it('turns wire enums into words', () => {
    expect(enumLabel('account_root_user')).toBe('account root user')
    expect(enumLabel('unknown_bearer_type')).toBe('unknown')
    expect(enumLabel(undefined)).toBe('')
  })
  it('shortens long ids only', () => {
    expect(shortId('a1b2c3d4-0000-4000-8000-00000000abcd')).toBe('a1b2c3d4…abcd')
    expect(shortId('short')).toBe('short')
  })
  it('turns a date input into the start of that local day', () => {
    const start = dayStartIso('2024-05-03')!
    const next = dayStartIso('2024-05-03', 1)!
    expect(new Date(start).getDate()).toBe(3)
    expect(new Date(start).getHours()).toBe(0)
    expect(Date.parse(next) - Date.parse(start)).toBeGreaterThanOrEqual(23 * 3_600_000)
    expect(dayStartIso('yesterday')).toBeNull()
  })
})

// The Settings view's words and checks: bounds come from the contract's schema (a changed bound
// changes the message), typed text is judged as typed, and every setting has its words.
import { describe, expect, it } from 'vitest'
import { SETTING_DEFAULTS, Settings } from '../../src-preload/contract'
import { defaultWords, folderProblem, numberBounds, numberProblem, SETTING_WORDS, typedNumber } from '../../src-renderer/src/lib/setting-words'

describe('setting words', () => {
  it('has words for every setting of the contract', () => {
    expect(Object.keys(SETTING_WORDS).sort()).toEqual(Object.keys(SETTING_DEFAULTS).sort())
  })

  it('reads the bounds from the schema, the nullable one unwrapped', () => {
    expect(numberBounds('credentialAgeDays')).toEqual({ min: Settings.shape.credentialAgeDays.minValue, max: Settings.shape.credentialAgeDays.maxValue })
    expect(numberBounds('apiKeyExpiryDays')).toEqual({ min: 1, max: 3650 })
    expect(numberBounds('cacheAgeAlertHours')).toEqual({ min: 1, max: 87_600 })
  })

  it('judges what is typed, with the label and the bounds', () => {
    expect(typedNumber(' 1,000 ')).toBe(1000)
    expect(typedNumber('12a')).toBeNull()
    expect(typedNumber('-3')).toBeNull()
    expect(typedNumber('2.5')).toBeNull()
    expect(numberProblem('apiKeyExpiryDays', '30')).toBeNull()
    expect(numberProblem('apiKeyExpiryDays', '0')).toBe('Expire after: a whole number of days from 1 to 3,650.')
    expect(numberProblem('cacheAgeWarnHours', '87601')).toBe('Amber after: a whole number of hours from 1 to 87,600.')
    expect(numberProblem('fullSyncEvery', '')).toBe('Full sync every: a whole number of syncs from 1 to 1,000.')
    expect(folderProblem('~/keys')).toBeNull()
    expect(folderProblem('x'.repeat(4097))).toBe('Folder: at most 4,096 characters.')
  })

  it('words defaults and stored values', () => {
    expect(defaultWords('apiKeyExpiryDays')).toBe('90 days')
    expect(defaultWords('finishDueRotations')).toBe('off')
    expect(defaultWords('sshFolder')).toBe('~/.ssh')
    expect(SETTING_WORDS.apiKeyExpiryDays.says(null)).toBe('New API keys never expire unless you choose a date.')
    expect(SETTING_WORDS.cacheAgeWarnHours.says(1)).toBe('The cache age turns amber after 1 hour.')
  })
})

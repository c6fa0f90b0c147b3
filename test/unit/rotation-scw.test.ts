// Delivering a rotated key to the Scaleway CLI config: only the old key's values change (every
// profile using it), comments / quoting / order / other profiles are kept byte for byte, the file
// is replaced atomically with its mode (0600), and a backup of the previous text sits beside it.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { fromHomeRelative, homeRelative, replaceScwKey, scwProfilesUsing, scwSecretOf, writeScwConfig } from '../../src-main/core/features/jobs/rotation-scw'
import { parseScwConfig } from '../../src-main/core/features/orgs/scw-config'

const FIXTURE = readFileSync(join(__dirname, '../fixtures/scw/rotation.yaml'), 'utf8')
const OLD = 'SCW5EEEEEEEEEEEEEEEE'
const OLD_SECRET = '3eaf8c31-4d4d-4f4f-8061-4c5d6e7f8091'
const NEW = { accessKey: 'SCW9ZZZZZZZZZZZZZZZZ', secretKey: '9f0e1d2c-3b4a-4958-a7b6-c5d4e3f2a1b0' }

describe('replaceScwKey', () => {
  it('finds the profiles using a key, top level included', () => {
    expect(scwProfilesUsing(FIXTURE, OLD)).toEqual(['ci', 'ci-alias'])
    expect(scwProfilesUsing(FIXTURE, 'SCW1AAAAAAAAAAAAAAAA')).toEqual(['default'])
    expect(scwProfilesUsing(FIXTURE, 'SCW0000000000000000X')).toEqual([])
    expect(scwProfilesUsing('not: [valid', OLD)).toEqual([])
    expect(scwSecretOf(FIXTURE, OLD)).toBe(OLD_SECRET)
  })

  it('changes only the two values of each profile using the old key, in their own quoting', () => {
    const { text, profiles } = replaceScwKey(FIXTURE, OLD, NEW)
    expect(profiles).toEqual(['ci', 'ci-alias'])
    // Line by line: exactly the four value lines differ, each keeping its quotes and comment.
    const before = FIXTURE.split('\n')
    const after = text.split('\n')
    expect(after).toHaveLength(before.length)
    const changed = after.map((l, i) => [before[i], l]).filter(([a, b]) => a !== b)
    expect(changed).toEqual([
      ['    access_key: "SCW5EEEEEEEEEEEEEEEE"', `    access_key: "${NEW.accessKey}"`],
      [`    secret_key: "${OLD_SECRET}"  # quoted on purpose`, `    secret_key: "${NEW.secretKey}"  # quoted on purpose`],
      ["    access_key: 'SCW5EEEEEEEEEEEEEEEE'", `    access_key: '${NEW.accessKey}'`],
      [`    secret_key: '${OLD_SECRET}'`, `    secret_key: '${NEW.secretKey}'`],
    ])
    // scw reads the result: the profiles now carry the new pair, the others are unchanged.
    const parsed = parseScwConfig(text, 'config.yaml', {})
    if (!parsed.ok) throw new Error(parsed.error)
    const byName = Object.fromEntries(parsed.candidates.map((c) => [c.profileName, { ak: c.accessKey, sk: c.secretKey?.reveal() }]))
    expect(byName.ci).toEqual({ ak: NEW.accessKey, sk: NEW.secretKey })
    expect(byName.prod).toEqual({ ak: 'SCW3CCCCCCCCCCCCCCCC', sk: '2d9e7b20-3c3c-4e3e-9f50-3b4c5d6e7f80' })
    expect(byName.default).toEqual({ ak: 'SCW1AAAAAAAAAAAAAAAA', sk: '0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e' })
    // Key order within each profile is kept.
    const ci = parseDocument(text).toJS().profiles.ci
    expect(Object.keys(ci)).toEqual(['default_zone', 'access_key', 'secret_key', 'default_organization_id'])
  })

  it('rewrites the top level when the default profile uses the key, and back again', () => {
    const there = replaceScwKey(FIXTURE, 'SCW1AAAAAAAAAAAAAAAA', NEW)
    expect(there.profiles).toEqual(['default'])
    expect(there.text).toContain(`access_key: ${NEW.accessKey}   # the default profile`)
    const back = replaceScwKey(there.text, NEW.accessKey, { accessKey: 'SCW1AAAAAAAAAAAAAAAA', secretKey: '0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e' })
    expect(back.text).toBe(FIXTURE)
  })

  it('refuses a profile without its own secret_key, and values that are not a key pair; errors never quote a secret', () => {
    const noSecret = 'profiles:\n  x:\n    access_key: SCW5EEEEEEEEEEEEEEEE\n'
    expect(() => replaceScwKey(noSecret, OLD, NEW)).toThrow(/no secret_key of its own/)
    let message = ''
    try {
      replaceScwKey(FIXTURE, OLD, { accessKey: 'nope', secretKey: NEW.secretKey })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/Not an access key/)
    expect(message).not.toContain(NEW.secretKey)
  })
})

describe('the path a plan shows', () => {
  it('is ~/… under the home folder (no machine path in an answer) and resolves back; elsewhere it stays as is', () => {
    expect(homeRelative('/home/ada/.config/scw/config.yaml', '/home/ada')).toBe('~/.config/scw/config.yaml')
    expect(homeRelative('/home/ada/.config/scw/config.yaml', '/home/ada/')).toBe('~/.config/scw/config.yaml')
    expect(homeRelative('/home/adam/config.yaml', '/home/ada')).toBe('/home/adam/config.yaml')
    expect(fromHomeRelative('~/.config/scw/config.yaml', '/home/ada')).toBe('/home/ada/.config/scw/config.yaml')
    expect(fromHomeRelative('/etc/scw.yaml', '/home/ada')).toBe('/etc/scw.yaml')
  })
})

describe('writeScwConfig', () => {
  let dir: string
  let path: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scw-rotation-'))
    path = join(dir, 'config.yaml')
    writeFileSync(path, FIXTURE)
    chmodSync(path, 0o600)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('replaces the file atomically with its mode kept and writes a 0600 backup of the previous text beside it', async () => {
    const { text } = replaceScwKey(FIXTURE, OLD, NEW)
    const now = new Date('2026-03-01T12:34:56Z')
    const { backupPath } = await writeScwConfig(path, FIXTURE, text, now)
    expect(readFileSync(path, 'utf8')).toBe(text)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(backupPath).toBe(`${path}.20260301-123456.bak`)
    expect(readFileSync(backupPath, 'utf8')).toBe(FIXTURE)
    expect(statSync(backupPath).mode & 0o777).toBe(0o600)
    // No temporary file left behind; a second write the same second gets its own backup.
    const second = await writeScwConfig(path, text, FIXTURE, now)
    expect(second.backupPath).toBe(`${path}.20260301-123456-1.bak`)
    expect(readdirSync(dir).sort()).toEqual(['config.yaml', 'config.yaml.20260301-123456-1.bak', 'config.yaml.20260301-123456.bak'])
  })

  it('keeps another mode as it was (e.g. 0640)', async () => {
    chmodSync(path, 0o640)
    await writeScwConfig(path, FIXTURE, replaceScwKey(FIXTURE, OLD, NEW).text, new Date())
    expect(statSync(path).mode & 0o777).toBe(0o640)
  })

  it('writes nothing when the file changed since it was read', async () => {
    writeFileSync(path, `${FIXTURE}# edited meanwhile\n`)
    await expect(writeScwConfig(path, FIXTURE, replaceScwKey(FIXTURE, OLD, NEW).text, new Date())).rejects.toThrow(/changed while IAM Desk was updating it/)
    expect(readdirSync(dir)).toEqual(['config.yaml'])
  })
})

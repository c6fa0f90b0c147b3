import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { parseScwConfig, scanScwConfig, scwConfigPathCandidates } from '../../src-main/core/features/orgs/scw-config'
import { apiUrlWarning, type CheckedScwCandidate } from '../../src-main/core/features/orgs/scw-candidates'
import { checkApiUrl } from '../../src-preload/contract/api-url'

const FIXTURES = join(__dirname, '../fixtures/scw')
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')

/** Every secret_key value written in any fixture: none may ever appear in our output. */
const FIXTURE_SECRETS = readdirSync(FIXTURES)
  .flatMap((f) => [...fixture(f).matchAll(/secret_key:\s*(.+)$/gm)].map((m) => m[1]!.trim()))
  .filter((s) => s.length >= 6)
const ENV_SECRET = 'e5e5e5e5-0000-4000-8000-00000000e5e5'

/** A readable summary of a candidate: its fields, whether a secret is there and which. */
function summary(c: CheckedScwCandidate) {
  const { secretKey, ...rest } = c
  return { ...rest, secret: secretKey?.reveal() }
}

function expectNoSecretIn(value: unknown) {
  const texts = [JSON.stringify(value), inspect(value, { depth: 10 }), String(value)]
  for (const text of texts) {
    for (const secret of [...FIXTURE_SECRETS, ENV_SECRET]) expect(text).not.toContain(secret)
  }
}

describe('the fixtures', () => {
  it('finds the secrets it guards against (so the leak checks below can fail)', () => {
    expect(FIXTURE_SECRETS).toContain('0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e')
    expect(FIXTURE_SECRETS).toContain('not-a-uuid')
    expect(FIXTURE_SECRETS.length).toBeGreaterThanOrEqual(6)
  })
})

describe('parseScwConfig', () => {
  it('config.yaml: the top level, three named profiles, active_profile marked', () => {
    const result = parseScwConfig(fixture('config.yaml'), '/x/config.yaml', {})
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.warnings).toEqual([])
    expect(result.candidates.map(summary)).toEqual([
      {
        source: 'config',
        profileName: 'default',
        active: false,
        accessKey: 'SCW1AAAAAAAAAAAAAAAA',
        secret: '0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e',
        organizationId: '6f0a8c2e-3b1d-4e5f-8a9b-0c1d2e3f4a5b',
        projectId: '6f0a8c2e-3b1d-4e5f-8a9b-0c1d2e3f4a5b',
        check: { status: 'valid' },
      },
      {
        source: 'config',
        profileName: 'staging',
        active: true,
        accessKey: 'SCW2BBBBBBBBBBBBBBBB',
        secret: '1c8d6a1f-2b2b-4d2d-8e4f-2a3b4c5d6e7f',
        organizationId: '7a1b9d3f-4c2e-4f60-9bac-1d2e3f4a5b6c',
        projectId: '8b2cae40-5d3f-4071-8cbd-2e3f4a5b6c7d',
        check: { status: 'valid' },
      },
      {
        // Its own organization, so the top level's project (another organization's) is not inherited.
        source: 'config',
        profileName: 'prod',
        active: false,
        accessKey: 'SCW3CCCCCCCCCCCCCCCC',
        secret: '2d9e7b20-3c3c-4e3e-9f50-3b4c5d6e7f80',
        organizationId: '9c3dbf51-6e40-4182-9dce-3f4a5b6c7d8e',
        apiUrl: 'https://api.scaleway.com',
        apiUrlFrom: 'profile',
        check: { status: 'valid' },
      },
      {
        // Its own access key, so the top level's secret (another key's) is not inherited.
        source: 'config',
        profileName: 'no-secret',
        active: false,
        accessKey: 'SCW4DDDDDDDDDDDDDDDD',
        secret: undefined,
        organizationId: 'ad4ec062-7f51-4293-8edf-4a5b6c7d8e9f',
        check: { status: 'invalid', reasons: ['it has no secret key'] },
      },
    ])
    expectNoSecretIn(result)
  })

  it('duplicate-keys.yaml: the second profile with the same access key is a duplicate of the first', () => {
    const result = parseScwConfig(fixture('duplicate-keys.yaml'), '/x/duplicate-keys.yaml', {})
    if (!result.ok) throw new Error(result.error)
    expect(result.candidates.map((c) => [c.profileName, c.active, c.accessKey, c.check])).toEqual([
      ['default', true, 'SCW1AAAAAAAAAAAAAAAA', { status: 'valid' }],
      [
        'alias-of-default',
        false,
        'SCW1AAAAAAAAAAAAAAAA',
        { status: 'duplicate', of: { source: 'config', profileName: 'default' }, reason: 'same access key as profile "default"' },
      ],
    ])
    expectNoSecretIn(result)
  })

  it('malformed.yaml: a clear error with the path and line, never a crash or a value from the file', () => {
    const result = parseScwConfig(fixture('malformed.yaml'), '/home/me/.config/scw/config.yaml', {})
    expect(result).toEqual({
      ok: false,
      error:
        'The Scaleway CLI config at /home/me/.config/scw/config.yaml is not valid YAML (line 3): ' +
        'a [ or { opened on an earlier line is not closed (a value containing brackets must be put in quotes).',
    })
    expectNoSecretIn(result)
  })

  it('invalid-values.yaml: every wrong format named in plain words, without the secret', () => {
    const result = parseScwConfig(fixture('invalid-values.yaml'), '/x/invalid-values.yaml', {})
    if (!result.ok) throw new Error(result.error)
    expect(result.candidates.map(summary)).toEqual([
      {
        source: 'config',
        profileName: 'default',
        active: true,
        accessKey: 'SCW123',
        secret: 'not-a-uuid',
        organizationId: 'acme',
        check: {
          status: 'invalid',
          reasons: [
            'the access key "SCW123" is not "SCW" followed by 17 capital letters or digits',
            'the secret key is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)',
            'the organization ID "acme" is not a UUID',
          ],
        },
      },
    ])
    expectNoSecretIn(result)
  })

  it('SCW_PROFILE overrides active_profile; an unknown name is a warning and marks nothing', () => {
    const prod = parseScwConfig(fixture('config.yaml'), 'c', { SCW_PROFILE: 'prod' })
    if (!prod.ok) throw new Error(prod.error)
    expect(prod.candidates.filter((c) => c.active).map((c) => c.profileName)).toEqual(['prod'])
    const top = parseScwConfig(fixture('config.yaml'), 'c', { SCW_PROFILE: 'default' })
    if (!top.ok) throw new Error(top.error)
    expect(top.candidates.filter((c) => c.active).map((c) => c.profileName)).toEqual(['default'])
    const missing = parseScwConfig(fixture('config.yaml'), 'c', { SCW_PROFILE: 'nope' })
    if (!missing.ok) throw new Error(missing.error)
    expect(missing.candidates.some((c) => c.active)).toBe(false)
    expect(missing.warnings).toEqual(['SCW_PROFILE names the profile "nope", which is not in the file; no profile is marked active.'])
  })

  it('merges what a named profile leaves out from the top level, as scw does', () => {
    const text = [
      'access_key: SCW1AAAAAAAAAAAAAAAA',
      'secret_key: 0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e',
      'default_organization_id: 6f0a8c2e-3b1d-4e5f-8a9b-0c1d2e3f4a5b',
      'default_project_id: 8b2cae40-5d3f-4071-8cbd-2e3f4a5b6c7d',
      'api_url: http://127.0.0.1:8080/',
      'profiles:',
      '  same-key-other-project:',
      '    default_project_id: 7a1b9d3f-4c2e-4f60-9bac-1d2e3f4a5b6c',
      '  empty:',
    ].join('\n')
    const result = parseScwConfig(text, 'c', {})
    if (!result.ok) throw new Error(result.error)
    expect(result.candidates.map(summary)).toEqual([
      expect.objectContaining({ profileName: 'default', apiUrl: 'http://127.0.0.1:8080', check: { status: 'valid' } }),
      expect.objectContaining({
        profileName: 'same-key-other-project',
        accessKey: 'SCW1AAAAAAAAAAAAAAAA',
        secret: '0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e',
        organizationId: '6f0a8c2e-3b1d-4e5f-8a9b-0c1d2e3f4a5b',
        projectId: '7a1b9d3f-4c2e-4f60-9bac-1d2e3f4a5b6c',
        apiUrl: 'http://127.0.0.1:8080',
        check: expect.objectContaining({ status: 'duplicate' }),
      }),
      expect.objectContaining({ profileName: 'empty', accessKey: 'SCW1AAAAAAAAAAAAAAAA', check: expect.objectContaining({ status: 'duplicate' }) }),
    ])
  })

  it('keeps secret text exactly as written and reports non-text values and bad URLs', () => {
    const text = [
      'access_key: [SCW1AAAAAAAAAAAAAAAA]',
      'secret_key: 00000000-0000-0000-0000-000000000000',
      'api_url: ftp://example.com',
      'default_project_id: "123"',
    ].join('\n')
    const result = parseScwConfig(text, 'c', {})
    if (!result.ok) throw new Error(result.error)
    expect(result.candidates.map(summary)).toEqual([
      {
        source: 'config',
        profileName: 'default',
        active: true,
        secret: '00000000-0000-0000-0000-000000000000',
        projectId: '123',
        apiUrl: 'ftp://example.com',
        apiUrlFrom: 'profile',
        unreadable: ['access_key'],
        check: {
          status: 'invalid',
          reasons: [
            'its access key is not a single text value',
            'the project ID "123" is not a UUID',
            'the API URL is not an https:// address',
          ],
        },
      },
    ])
  })

  it('refuses a file that is not a mapping, in plain words', () => {
    expect(parseScwConfig('- a\n- b\n', '/c.yaml', {})).toEqual({
      ok: false,
      error: 'The Scaleway CLI config at /c.yaml is not a Scaleway CLI config: the file is not a list of "name: value" settings.',
    })
    expect(parseScwConfig('profiles:\n  - wrong\n', '/c.yaml', {})).toMatchObject({ ok: false, error: expect.stringContaining('"profiles:" section') })
    expect(parseScwConfig('# nothing yet\n', '/c.yaml', {})).toEqual({ ok: true, candidates: [], warnings: [] })
  })

  it('does not echo a secret when the YAML error is on the secret line', () => {
    const result = parseScwConfig(`access_key: SCW1AAAAAAAAAAAAAAAA\nsecret_key: "${ENV_SECRET}\n`, '/c.yaml', {})
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^The Scaleway CLI config at \/c.yaml is not valid YAML \(line \d\): /) })
    expectNoSecretIn(result)
  })
})

describe('where a profile would send its secret key (the API URL)', () => {
  const KEYS = ['access_key: SCW1AAAAAAAAAAAAAAAA', 'secret_key: 0b7c5f0e-1a1a-4c1c-9d3e-1f2a3b4c5d6e']
  const HTTP_REASON = /^the API URL uses plain http:\/\/ to evil\.example, which would send the secret key unencrypted/

  it('refuses an http api_url from a crafted scw config', () => {
    const result = parseScwConfig([...KEYS, 'api_url: http://evil.example/'].join('\n'), 'c', {})
    if (!result.ok) throw new Error(result.error)
    expect(result.candidates).toHaveLength(1)
    const check = result.candidates[0]!.check
    expect(check.status).toBe('invalid')
    expect(check.status === 'invalid' && check.reasons).toEqual([expect.stringMatching(HTTP_REASON)])
    expectNoSecretIn(result)
  })

  it('refuses an http api_url set at the top level for every profile that inherits it', () => {
    const text = [
      ...KEYS,
      'api_url: http://evil.example',
      'profiles:',
      '  inherits:',
      '    access_key: SCW2BBBBBBBBBBBBBBBB',
      '    secret_key: 1c8d6a1f-2b2b-4d2d-8e4f-2a3b4c5d6e7f',
      '  own-url:',
      '    access_key: SCW3CCCCCCCCCCCCCCCC',
      '    secret_key: 2d9e7b20-3c3c-4e3e-9f50-3b4c5d6e7f80',
      '    api_url: https://api.scaleway.com',
    ].join('\n')
    const result = parseScwConfig(text, 'c', {})
    if (!result.ok) throw new Error(result.error)
    expect(result.candidates.map((c) => [c.profileName, c.apiUrlFrom, c.check.status])).toEqual([
      ['default', 'profile', 'invalid'],
      ['inherits', 'top_level', 'invalid'],
      ['own-url', 'profile', 'valid'],
    ])
  })

  it('refuses an http SCW_API_URL', () => {
    const result = parseScwConfig('', 'c', { SCW_ACCESS_KEY: 'SCW9ZZZZZZZZZZZZZZZZ', SCW_SECRET_KEY: ENV_SECRET, SCW_API_URL: 'http://evil.example' })
    if (!result.ok) throw new Error(result.error)
    const check = result.candidates[0]!.check
    expect(check.status === 'invalid' && check.reasons).toEqual([expect.stringMatching(HTTP_REASON)])
    expectNoSecretIn(result)
  })

  it('refuses credentials, a query or a fragment in the api_url', () => {
    for (const url of ['https://user:pw@api.scaleway.com', 'https://api.scaleway.com/?x=1', 'https://api.scaleway.com/#x', 'javascript:alert(1)', 'not a url']) {
      const result = parseScwConfig([...KEYS, `api_url: "${url}"`].join('\n'), 'c', {})
      if (!result.ok) throw new Error(result.error)
      expect(result.candidates[0]!.check.status, url).toBe('invalid')
    }
  })

  it('accepts plain http only for loopback hosts (127.0.0.0/8, ::1, localhost)', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://127.9.8.7', 'http://127.1:99/', 'http://localhost:3000', 'http://LOCALHOST', 'http://[::1]:8080', 'http://[0:0:0:0:0:0:0:1]']) {
      expect(checkApiUrl(url), url).toMatchObject({ ok: true, official: false })
    }
    for (const url of ['http://128.0.0.1', 'http://10.0.0.1', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'http://[::2]', 'http://[::ffff:127.0.0.1]', 'http://api.scaleway.com']) {
      expect(checkApiUrl(url), url).toMatchObject({ ok: false, problem: expect.stringContaining('plain http://') })
    }
    expect(checkApiUrl('https://api.scaleway.com/')).toEqual({ ok: true, url: 'https://api.scaleway.com', host: 'api.scaleway.com', official: true })
    expect(checkApiUrl('https://api.scaleway.com:443')).toMatchObject({ official: true })
    expect(checkApiUrl('https://api.scaleway.com:8443')).toMatchObject({ ok: true, official: false })
    expect(checkApiUrl('https://api.scaleway.com.evil.example')).toMatchObject({ ok: true, official: false })
  })

  it('flags any api_url host other than api.scaleway.com, naming where the URL comes from', () => {
    expect(apiUrlWarning({})).toBeNull()
    expect(apiUrlWarning({ apiUrl: 'https://api.scaleway.com', apiUrlFrom: 'profile' })).toBeNull()
    expect(apiUrlWarning({ apiUrl: 'http://evil.example', apiUrlFrom: 'profile' })).toBeNull() // invalid: a reason, not a warning
    expect(apiUrlWarning({ apiUrl: 'https://proxy.example:8443', apiUrlFrom: 'profile' })).toBe(
      "Its API URL sends the secret key to proxy.example:8443, not to Scaleway's api.scaleway.com. Tick it only if you trust that host.",
    )
    expect(apiUrlWarning({ apiUrl: 'https://proxy.example', apiUrlFrom: 'top_level' })).toMatch(/^The API URL set at the top level of the file \(scw applies it to every profile that sets none\) sends the secret key to proxy\.example/)
    expect(apiUrlWarning({ apiUrl: 'http://127.0.0.1:9', apiUrlFrom: 'environment' })).toMatch(/^The API URL of SCW_API_URL sends the secret key to 127\.0\.0\.1:9/)
  })
})

describe('the environment profile', () => {
  it('is built from SCW_* variables, listed after the config, and not active', () => {
    const result = parseScwConfig(fixture('config.yaml'), 'c', {
      SCW_ACCESS_KEY: 'SCW9ZZZZZZZZZZZZZZZZ',
      SCW_SECRET_KEY: ENV_SECRET,
      SCW_DEFAULT_ORGANIZATION_ID: '9c3dbf51-6e40-4182-9dce-3f4a5b6c7d8e',
      SCW_DEFAULT_PROJECT_ID: '8b2cae40-5d3f-4071-8cbd-2e3f4a5b6c7d',
      SCW_API_URL: 'https://api.example.test/',
    })
    if (!result.ok) throw new Error(result.error)
    expect(summary(result.candidates.at(-1)!)).toEqual({
      source: 'environment',
      profileName: 'environment',
      active: false,
      accessKey: 'SCW9ZZZZZZZZZZZZZZZZ',
      secret: ENV_SECRET,
      organizationId: '9c3dbf51-6e40-4182-9dce-3f4a5b6c7d8e',
      projectId: '8b2cae40-5d3f-4071-8cbd-2e3f4a5b6c7d',
      apiUrl: 'https://api.example.test',
      apiUrlFrom: 'environment',
      check: { status: 'valid' },
    })
    expectNoSecretIn(result)
  })

  it('reads the legacy names, with SCW_* winning, and is a duplicate of a config profile with its key', () => {
    const legacy = parseScwConfig(fixture('config.yaml'), 'c', {
      SCW_ACCESS_KEY: 'SCW2BBBBBBBBBBBBBBBB',
      SCALEWAY_TOKEN: ENV_SECRET,
      SCW_ORGANIZATION: 'legacy-org',
      SCW_DEFAULT_ORGANIZATION_ID: '7a1b9d3f-4c2e-4f60-9bac-1d2e3f4a5b6c',
    })
    if (!legacy.ok) throw new Error(legacy.error)
    const env = legacy.candidates.at(-1)!
    expect(summary(env)).toMatchObject({ secret: ENV_SECRET, organizationId: '7a1b9d3f-4c2e-4f60-9bac-1d2e3f4a5b6c' })
    expect(env.check).toEqual({
      status: 'duplicate',
      of: { source: 'config', profileName: 'staging' },
      reason: 'same access key as profile "staging"',
    })
  })

  it('is absent without credentials, and invalid with only one half of them', () => {
    const none = parseScwConfig('', 'c', { SCW_DEFAULT_PROJECT_ID: '8b2cae40-5d3f-4071-8cbd-2e3f4a5b6c7d' })
    expect(none).toEqual({ ok: true, candidates: [], warnings: [] })
    const half = parseScwConfig('', 'c', { SCW_SECRET_KEY: ENV_SECRET })
    if (!half.ok) throw new Error(half.error)
    expect(half.candidates.map((c) => c.check)).toEqual([{ status: 'invalid', reasons: ['it has no access key'] }])
  })
})

describe('finding the config file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scw-config-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, text)
  }

  it('lists the paths in the order scw tries them', () => {
    expect(scwConfigPathCandidates({ SCW_CONFIG_PATH: '/a/b.yaml', XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toEqual(['/a/b.yaml'])
    expect(scwConfigPathCandidates({ XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toEqual(['/xdg/scw/config.yaml', '/xdg/scw/config.yml'])
    expect(scwConfigPathCandidates({ SCW_CONFIG_PATH: '', XDG_CONFIG_HOME: '' }, '/home/u')).toEqual([
      '/home/u/.config/scw/config.yaml',
      '/home/u/.config/scw/config.yml',
    ])
  })

  it('SCW_CONFIG_PATH wins over XDG_CONFIG_HOME and the home folder', async () => {
    const home = join(dir, 'home')
    write(join(home, '.config/scw/config.yaml'), fixture('invalid-values.yaml'))
    write(join(dir, 'xdg/scw/config.yaml'), fixture('duplicate-keys.yaml'))
    write(join(dir, 'explicit.yaml'), fixture('config.yaml'))
    const result = await scanScwConfig({ env: { SCW_CONFIG_PATH: join(dir, 'explicit.yaml'), XDG_CONFIG_HOME: join(dir, 'xdg') }, homeDir: home })
    expect(result).toMatchObject({ ok: true, configPath: join(dir, 'explicit.yaml') })
    if (!result.ok) return
    expect(result.candidates.map((c) => c.profileName)).toEqual(['default', 'staging', 'prod', 'no-secret'])
  })

  it('XDG_CONFIG_HOME wins over the home folder, and is the only place looked at', async () => {
    const home = join(dir, 'home')
    write(join(home, '.config/scw/config.yaml'), fixture('config.yaml'))
    write(join(dir, 'xdg/scw/config.yaml'), fixture('duplicate-keys.yaml'))
    const found = await scanScwConfig({ env: { XDG_CONFIG_HOME: join(dir, 'xdg') }, homeDir: home })
    expect(found).toMatchObject({ ok: true, configPath: join(dir, 'xdg/scw/config.yaml') })
    const empty = await scanScwConfig({ env: { XDG_CONFIG_HOME: join(dir, 'empty-xdg') }, homeDir: home })
    expect(empty).toEqual({
      ok: true,
      configPath: null,
      searched: [join(dir, 'empty-xdg/scw/config.yaml'), join(dir, 'empty-xdg/scw/config.yml')],
      candidates: [],
      warnings: [],
    })
  })

  it('falls back to config.yml, and config.yaml wins when both exist', async () => {
    const home = join(dir, 'home')
    write(join(home, '.config/scw/config.yml'), fixture('duplicate-keys.yaml'))
    const yml = await scanScwConfig({ env: {}, homeDir: home })
    expect(yml).toMatchObject({ ok: true, configPath: join(home, '.config/scw/config.yml') })
    write(join(home, '.config/scw/config.yaml'), fixture('config.yaml'))
    const yaml = await scanScwConfig({ env: {}, homeDir: home })
    expect(yaml).toMatchObject({ ok: true, configPath: join(home, '.config/scw/config.yaml') })
  })

  it('with no file, still offers the environment profile', async () => {
    const result = await scanScwConfig({
      env: { SCW_ACCESS_KEY: 'SCW9ZZZZZZZZZZZZZZZZ', SCW_SECRET_KEY: ENV_SECRET },
      homeDir: join(dir, 'nobody'),
    })
    expect(result).toMatchObject({ ok: true, configPath: null })
    if (!result.ok) return
    expect(result.candidates.map((c) => [c.source, c.check.status])).toEqual([['environment', 'valid']])
    expectNoSecretIn(result)
  })

  it('a malformed file found on the path is an error result, not a throw', async () => {
    write(join(dir, 'bad.yaml'), fixture('malformed.yaml'))
    const result = await scanScwConfig({ env: { SCW_CONFIG_PATH: join(dir, 'bad.yaml') }, homeDir: dir })
    expect(result).toEqual({
      ok: false,
      configPath: join(dir, 'bad.yaml'),
      error: expect.stringContaining(`The Scaleway CLI config at ${join(dir, 'bad.yaml')} is not valid YAML (line 3)`),
    })
    expectNoSecretIn(result)
  })

  it('an unreadable file is an error result naming the path', async () => {
    const result = await scanScwConfig({
      env: { SCW_CONFIG_PATH: '/locked/config.yaml' },
      homeDir: dir,
      readFile: async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
      },
    })
    expect(result).toEqual({ ok: false, configPath: '/locked/config.yaml', error: 'The Scaleway CLI config at /locked/config.yaml could not be read (EACCES).' })
  })
})

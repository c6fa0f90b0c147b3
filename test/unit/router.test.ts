import { describe, expect, it } from 'vitest'
import { createRouter, type Handlers } from '../../src-main/core/router'
import { AppError } from '../../src-main/core/errors/app-error'
import { isUnreachable, toContractError } from '../../src-main/core/errors/contract-error'
import { CacheError } from '../../src-main/core/platform/cache/cache-error'
import { KeychainUnavailableError } from '../../src-main/core/platform/secrets/keychain-error'
import { ScalewayApiError } from '../../src-main/core/platform/scaleway/errors'
import { callNames, ErrorCode } from '../../src-preload/contract'
import { everyCoreError } from './core-error-kinds'

const CANARY = 'canary-secret-7f1c9b2e-0000-4000-8000-000000000000'

function routerWith(appInfo: Handlers['app.info']) {
  const logs: string[] = []
  const others = Object.fromEntries(callNames.map((n) => [n, () => Promise.reject(new Error('not under test'))]))
  const router = createRouter({ ...others, 'app.info': appInfo } as Handlers, { log: (m) => logs.push(m) })
  return { router, logs }
}

const goodInfo = () => ({ name: 'IAM Desk' as const, version: '1', mode: 'browser' as const, platform: 'linux', demo: false, keychain: { available: true } })

describe('router', () => {
  it('returns ok with the validated output', async () => {
    const { router } = routerWith(goodInfo)
    expect(await router.dispatch('app.info', {})).toEqual({ ok: true, value: goodInfo() })
  })

  it('rejects an unknown call with BAD_REQUEST', async () => {
    const { router } = routerWith(goodInfo)
    const r = await router.dispatch('secrets.dump', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('validates input before the service runs', async () => {
    let ran = false
    const { router } = routerWith(() => {
      ran = true
      return goodInfo()
    })
    const r = await router.dispatch('app.info', { unexpected: 1 })
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(ran).toBe(false)
  })

  it("answers an AppError with its kind's code, its message and its details", async () => {
    const { router, logs } = routerWith(() => {
      throw new AppError('invalid_input', 'This group cannot be created: name is required.', { fields: [{ argument_name: 'name' }] })
    })
    expect(await router.dispatch('app.info', {})).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'This group cannot be created: name is required.', details: { fields: [{ argument_name: 'name' }] } },
    })
    expect(logs).toEqual([])
  })

  it('answers every CoreError through the one conversion, never as INTERNAL', async () => {
    for (const err of everyCoreError()) {
      const { router, logs } = routerWith(() => {
        throw err
      })
      const r = await router.dispatch('app.info', {})
      expect(r, err.kind).toEqual({ ok: false, error: toContractError(err) })
      const error = (r as { ok: false; error: { code: string } }).error
      expect(ErrorCode.options, err.kind).toContain(error.code)
      expect(error.code, err.kind).not.toBe('INTERNAL')
      expect(logs, err.kind).toEqual([])
    }
  })

  it('has one connectivity rule: OFFLINE exactly for network, timeout and server errors', () => {
    const offline = everyCoreError().filter((e) => toContractError(e).code === 'OFFLINE')
    expect(offline.map((e) => e.kind).sort()).toEqual(['network', 'server_error', 'timeout'])
    for (const e of everyCoreError()) expect(isUnreachable(e), e.kind).toBe(toContractError(e).code === 'OFFLINE')
    expect(isUnreachable(new Error('ECONNRESET'))).toBe(false)
  })

  it('maps a kind to one code whatever carries it: cache, keychain and API errors', async () => {
    const cases: Array<[unknown, string]> = [
      [new CacheError('cache_too_new', 'The cache database was written by a newer version of IAM Desk.'), 'CACHE_UNAVAILABLE'],
      [new CacheError('organization_removed', 'The organization was removed while it was being synced.'), 'NOT_FOUND'],
      [new KeychainUnavailableError('no_secret_service'), 'KEYCHAIN_UNAVAILABLE'],
      [new ScalewayApiError({ kind: 'rate_limited', message: 'Scaleway is rate limiting requests.', method: 'GET', path: '/x', retryAfterMs: 1000 }), 'RATE_LIMITED'],
    ]
    for (const [err, code] of cases) {
      const { router } = routerWith(() => {
        throw err
      })
      expect(await router.dispatch('app.info', {})).toMatchObject({ ok: false, error: { code } })
    }
  })

  it('keeps file paths out of a keychain error: the plain reason crosses, the library message does not', () => {
    const e = toContractError(new KeychainUnavailableError('module_missing', '/home/someone/iam-desk/node_modules/keytar/build/Release/keytar.node: invalid ELF header'))
    expect(JSON.stringify(e)).not.toContain('/home/someone')
    expect(JSON.stringify(e)).not.toContain('keytar.node')
    expect(e.details).toEqual({ reason: 'module_missing', help: expect.stringContaining('libsecret') })
  })

  it('never leaks a stack trace, a path or a secret from an unexpected error', async () => {
    const { router, logs } = routerWith(() => {
      throw new Error(`failed at /home/someone/.config/iam-desk/cache.db with ${CANARY}`)
    })
    const r = await router.dispatch('app.info', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(logs).toEqual(['router: app.info failed with Error'])
    const text = JSON.stringify(r) + logs.join('\n')
    expect(text).not.toContain(CANARY)
    expect(text).not.toContain('/home/someone')
    expect(text).not.toMatch(/at .*\.ts:\d+/)
  })

  it('refuses output outside the contract', async () => {
    const { router } = routerWith(() => ({ ...goodInfo(), mode: 'nonsense' }) as never)
    expect(await router.dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('refuses to build without a handler for every call', () => {
    expect(() => createRouter({} as Handlers)).toThrow(/no handler for /)
  })
})

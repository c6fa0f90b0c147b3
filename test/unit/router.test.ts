import { describe, expect, it } from 'vitest'
import { createRouter, type Handlers } from '../../src-main/core/router'
import { AppError } from '../../src-main/core/errors/app-error'
import { callNames } from '../../src-preload/contract'

const CANARY = 'canary-secret-7f1c9b2e-0000-4000-8000-000000000000'

function routerWith(appInfo: Handlers['app.info'], mapError?: (e: unknown) => AppError | undefined) {
  const logs: string[] = []
  const others = Object.fromEntries(callNames.map((n) => [n, () => Promise.reject(new Error('not under test'))]))
  const router = createRouter({ ...others, 'app.info': appInfo } as Handlers, { mapError, log: (m) => logs.push(m) })
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

  it('passes AppError codes and messages through', async () => {
    const { router } = routerWith(() => {
      throw new AppError('OFFLINE', 'Scaleway cannot be reached.')
    })
    expect(await router.dispatch('app.info', {})).toEqual({ ok: false, error: { code: 'OFFLINE', message: 'Scaleway cannot be reached.' } })
  })

  it('maps foreign errors through the mapper', async () => {
    class ApiDown extends Error {}
    const { router } = routerWith(
      () => {
        throw new ApiDown('x')
      },
      (e) => (e instanceof ApiDown ? new AppError('RATE_LIMITED', 'Slow down', { retryAfterMs: 1000 }) : undefined),
    )
    expect(await router.dispatch('app.info', {})).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: 'Slow down', details: { retryAfterMs: 1000 } } })
  })

  it('never leaks a stack trace, a path or a secret from an unexpected error', async () => {
    const { router, logs } = routerWith(() => {
      throw new Error(`failed at /home/someone/.config/iam-desk/cache.db with ${CANARY}`)
    })
    const r = await router.dispatch('app.info', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
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

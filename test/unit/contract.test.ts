import { describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { callNames, eventNames, calls, events, bridgeName, eventBridgeName } from '../../src-preload/contract'
import { buildBridge } from '../../src-preload/bridge'
import { createApp } from '../../src-main/core/app'
import { ResourceKind } from '../../src-preload/contract'
import { BROWSE_KINDS } from '../../src-main/core/features/browse/browse.query'

// The handlers the real app gives its router, caught on their way in: `router.names` is the
// contract's own list, so comparing it with callNames would prove nothing.
const seen = vi.hoisted(() => ({ handlers: undefined as Record<string, unknown> | undefined }))
vi.mock('../../src-main/core/router', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/core/router')>()
  return {
    ...real,
    createRouter: (handlers: Parameters<typeof real.createRouter>[0], options?: Parameters<typeof real.createRouter>[1]) => {
      seen.handlers = { ...handlers }
      return real.createRouter(handlers, options)
    },
  }
})

/** `domain.verb` → `domainVerb`, written out here rather than taken from bridgeName. */
const expectedCallFn = (name: string) => {
  const [domain, verb] = name.split('.') as [string, string]
  return domain + verb.charAt(0).toUpperCase() + verb.slice(1)
}
/** `domain.event` → `onDomainEvent`. */
const expectedEventFn = (name: string) => {
  const fn = expectedCallFn(name)
  return 'on' + fn.charAt(0).toUpperCase() + fn.slice(1)
}

const DOMAIN_VERB = /^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/

describe('the contract', () => {
  it('names every call domain.verb and gives it input and output schemas', () => {
    expect(callNames.length).toBeGreaterThan(0)
    for (const name of callNames) {
      expect(name).toMatch(DOMAIN_VERB)
      expect(typeof calls[name].input.safeParse, name).toBe('function')
      expect(typeof calls[name].output.safeParse, name).toBe('function')
    }
  })

  it('names every event domain.event and gives it a payload schema', () => {
    expect(eventNames.length).toBeGreaterThan(0)
    for (const name of eventNames) {
      expect(name).toMatch(DOMAIN_VERB)
      expect(typeof events[name].safeParse, name).toBe('function')
    }
  })

  it('the real app builds exactly one handler per call: none missing, none outside the contract', async () => {
    seen.handlers = undefined
    const app = await createApp({ mode: 'browser', version: '0.0.0-test' })
    try {
      const handlers = seen.handlers
      expect(handlers, 'createApp did not build its router with createRouter').toBeDefined()
      const names = Object.keys(handlers!)
      expect(callNames.filter((n) => !names.includes(n)), 'calls without a handler').toEqual([])
      expect(names.filter((n) => !(callNames as string[]).includes(n)), 'handlers outside the contract').toEqual([])
      for (const name of names) expect(typeof handlers![name], name).toBe('function')
    } finally {
      await app.close()
    }
  })

  it('the preload bridge has one function per call that invokes that call with the input as given', async () => {
    const invoked: Array<{ name: string; input: unknown }> = []
    const bridge = buildBridge({
      invoke: async (name, input) => {
        invoked.push({ name, input })
        return { ok: true, value: null }
      },
      subscribe: () => () => {},
    }) as unknown as Record<string, (x: unknown) => unknown>

    const expected = [...callNames.map(expectedCallFn), ...eventNames.map(expectedEventFn)].sort()
    expect(Object.keys(bridge).sort()).toEqual(expected)

    for (const name of callNames) {
      const fn = bridge[expectedCallFn(name)]
      expect(typeof fn, expectedCallFn(name)).toBe('function')
      const input = { marker: name }
      invoked.length = 0
      await fn!(input)
      // Exactly this call, with this very input: a bridge function wired to another call fails here.
      expect(invoked, expectedCallFn(name)).toEqual([{ name, input }])
      expect(invoked[0]!.input).toBe(input)
    }
  })

  it('each bridge subscription delivers its own event only, and unsubscribes', () => {
    const listeners = new Set<(name: string, payload: unknown) => void>()
    const bridge = buildBridge({
      invoke: async () => ({ ok: true, value: null }),
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }) as unknown as Record<string, (cb: (payload: unknown) => void) => () => void>

    for (const name of eventNames) {
      const got: unknown[] = []
      const off = bridge[expectedEventFn(name)]!((p) => got.push(p))
      for (const other of eventNames) for (const l of [...listeners]) l(other, { from: other })
      expect(got, expectedEventFn(name)).toEqual([{ from: name }])
      off()
      expect(listeners.size, `${expectedEventFn(name)} left a listener behind`).toBe(0)
    }
  })

  it('the preload exposes only the bridge: no ipcRenderer, no generic invoke, no process.env', () => {
    const source = readFileSync('src-preload/index.ts', 'utf8')
    const exposed = source.match(/exposeInMainWorld\(([^)]*)\)/g) ?? []
    expect(exposed).toEqual(["exposeInMainWorld('iam', bridge)"])
    expect(source).toMatch(/const bridge = buildBridge\(/)
    expect(source).not.toMatch(/process\.env/)
  })

  it('lists exactly the kinds the cache can browse (the contract cannot import them)', () => {
    expect([...ResourceKind.options].sort()).toEqual([...BROWSE_KINDS].sort())
  })

  it('names bridge functions in camelCase', () => {
    expect(bridgeName('keys.rotate')).toBe('keysRotate')
    expect(bridgeName('groups.addMembers')).toBe('groupsAddMembers')
    expect(eventBridgeName('sync.progress')).toBe('onSyncProgress')
    for (const name of callNames) expect(bridgeName(name)).toBe(expectedCallFn(name))
    for (const name of eventNames) expect(eventBridgeName(name)).toBe(expectedEventFn(name))
  })
})

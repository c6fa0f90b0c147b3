import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { callNames, eventNames, calls, bridgeName, eventBridgeName } from '../../src-preload/contract'
import { buildBridge } from '../../src-preload/bridge'
import { createApp } from '../../src-main/core/app'
import { ResourceKind } from '../../src-preload/contract'
import { BROWSE_KINDS } from '../../src-main/core/features/browse/browse.query'

describe('the contract', () => {
  it('names every call domain.verb and gives it input and output schemas', () => {
    expect(callNames.length).toBeGreaterThan(0)
    for (const name of callNames) {
      expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/)
      expect(typeof calls[name].input.safeParse).toBe('function')
      expect(typeof calls[name].output.safeParse).toBe('function')
    }
  })

  it('main registers exactly one handler per call', async () => {
    const app = await createApp({ mode: 'browser', version: '0.0.0-test' })
    try {
      expect([...app.router.names].sort()).toEqual([...callNames].sort())
    } finally {
      await app.close()
    }
  })

  it('the preload exposes exactly one function per call and one subscription per event', () => {
    const invoked: string[] = []
    const bridge = buildBridge({
      invoke: async (name) => {
        invoked.push(name)
        return { ok: true, value: null }
      },
      subscribe: () => () => {},
    }) as unknown as Record<string, (x: unknown) => unknown>
    const expected = [...callNames.map(bridgeName), ...eventNames.map(eventBridgeName)].sort()
    expect(Object.keys(bridge).sort()).toEqual(expected)
    for (const name of callNames) void bridge[bridgeName(name)]!({})
    expect(invoked.sort()).toEqual([...callNames].sort())
  })

  it('the preload exposes only the bridge: no ipcRenderer, no generic invoke, no process.env', () => {
    const source = readFileSync('src-preload/index.ts', 'utf8')
    const exposed = source.match(/exposeInMainWorld\(([^)]*)\)/g) ?? []
    expect(exposed).toEqual(["exposeInMainWorld('iam', bridge)"])
    expect(source).not.toMatch(/process\.env/)
  })

  it('lists exactly the kinds the cache can browse (the contract cannot import them)', () => {
    expect([...ResourceKind.options].sort()).toEqual([...BROWSE_KINDS].sort())
  })

  it('names bridge functions in camelCase', () => {
    expect(bridgeName('keys.rotate')).toBe('keysRotate')
    expect(bridgeName('groups.addMembers')).toBe('groupsAddMembers')
    expect(eventBridgeName('sync.progress')).toBe('onSyncProgress')
  })
})

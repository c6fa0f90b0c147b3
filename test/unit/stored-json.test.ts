import { describe, expect, it } from 'vitest'
import { storedJson } from '../../src-main/core/platform/cache/stored-json'
import { Secret } from '../../src-main/core/platform/scaleway/secret'

describe('storedJson', () => {
  it('sorts keys at every depth and drops secret fields', () => {
    // Array-index names come first in numeric order, as in any JavaScript object.
    expect(storedJson({ b: 1, 10: 'x', 2: 'y' })).toBe('{"2":"y","10":"x","b":1}')
    const text = storedJson({ b: 1, secret_key: 's', a: { z: [{ y: 1, x: 2, SecretThing: 3 }], c: null }, u: undefined })
    expect(text).toBe('{"a":{"c":null,"z":[{"x":2,"y":1}]},"b":1}')
  })

  it('gives equal text for equal objects whatever their key order', () => {
    expect(storedJson({ a: 1, b: { d: 1, c: 2 } })).toBe(storedJson({ b: { c: 2, d: 1 }, a: 1 }))
  })

  it('prints a Secret as its redacted form, never its value', () => {
    const text = storedJson({ name: 'n', token: new Secret('canary-0000') })
    expect(text).not.toContain('canary-0000')
  })
})

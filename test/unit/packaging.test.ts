// Packaging without building: electron-builder.yml is valid for electron-builder (its own JSON
// schema, checked with ajv as electron-builder checks it), turns the dangerous Electron fuses off
// and ASAR integrity on, ships only the built app, and points at icons that exist in every size
// a desktop needs — PNGs, an .ico and an .icns whose embedded images are what they claim — with
// a valid Linux .desktop entry. The installers themselves need the Electron binary (README).
import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parse } from 'yaml'
import { Ajv } from 'ajv'

const root = path.resolve(import.meta.dirname, '../..')
const require = createRequire(import.meta.url)
const read = (p: string) => readFileSync(path.join(root, p))

type Config = {
  appId?: string
  files?: string[]
  asar?: boolean
  directories?: { buildResources?: string; output?: string }
  electronFuses?: Record<string, boolean>
  linux?: { icon?: string; executableName?: string; desktop?: { entry?: Record<string, string> } }
  win?: { icon?: string }
  mac?: { icon?: string }
}
const config = parse(read('electron-builder.yml').toString()) as Config

/**
 * electron-builder's validation: ajv over app-builder-lib's scheme.json with the options
 * electron-builder uses (app-builder-lib/out/util/config/schemaValidator.js); strict: false
 * because the schema has a `typeof` keyword of its own. Compiled once (the schema is large).
 */
let compiled: ReturnType<Ajv['compile']> | undefined
function validate(data: unknown): string[] {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object
  compiled ??= new Ajv({ allErrors: true, verbose: true, coerceTypes: true, strict: false }).compile(schema)
  const copy = structuredClone(data) // coerceTypes may rewrite what it checks
  return compiled(copy) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
}

/** Width and height from a PNG's IHDR chunk (after checking the signature). */
function pngSize(data: Buffer): { width: number; height: number } {
  expect(data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature').toBe(true)
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
}

function desktopEntry(text: string): Record<string, string> {
  const lines = text.split('\n').map((l) => l.trim())
  expect(lines[0]).toBe('[Desktop Entry]')
  return Object.fromEntries(lines.slice(1).filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own JSON schema", () => {
    expect(validate(config)).toEqual([])
  })

  it('is really checked: a misspelt fuse or a wrong type is refused', () => {
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }).length).toBeGreaterThan(0)
    expect(validate({ ...config, asar: 'yes please' }).length).toBeGreaterThan(0)
  })

  it('turns off RunAsNode, NODE_OPTIONS and --inspect, and turns on ASAR integrity (app loaded only from the archive)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
    expect(config.asar).toBe(true)
  })

  it('ships only the built app and package.json, under a reverse-DNS appId', () => {
    expect(config.files).toEqual(['out/**', 'package.json'])
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/)
    const pkg = JSON.parse(read('package.json').toString()) as { main: string }
    expect(pkg.main.startsWith('out/')).toBe(true)
  })

  it('uses the icons from resources/ and the Linux desktop entry of resources/iam-desk.desktop', () => {
    expect(config.directories?.buildResources).toBe('resources')
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) expect(existsSync(path.join(root, config.linux!.icon!, `${size}x${size}.png`)), `${size}x${size}.png`).toBe(true)
    expect(existsSync(path.join(root, config.win!.icon!))).toBe(true)
    expect(existsSync(path.join(root, config.mac!.icon!))).toBe(true)

    // electron-builder writes Exec, Icon and Type itself; every other key is the committed entry's.
    const entry = desktopEntry(read('resources/iam-desk.desktop').toString())
    const { Exec, Icon, Type, ...rest } = entry
    expect(config.linux?.desktop?.entry).toEqual(rest)
    expect(Type).toBe('Application')
    expect(Exec).toBe(`${config.linux?.executableName} %U`)
    expect(Icon).toBe(config.linux?.executableName)
  })
})

describe('app icons (scripts/build-icons.mjs, from resources/icon.svg)', () => {
  it('has a PNG of each size a desktop app needs, of that size', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(read(`resources/icons/${size}x${size}.png`)), `${size}x${size}.png`).toEqual({ width: size, height: size })
    }
    expect(pngSize(read('resources/icon.png'))).toEqual({ width: 1024, height: 1024 })
  })

  it('has an .ico whose directory lists 16 to 256 and points at PNGs of those sizes', () => {
    const ico = read('resources/icon.ico')
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i
      const size = ico.readUInt8(e) || 256
      const [length, offset] = [ico.readUInt32LE(e + 8), ico.readUInt32LE(e + 12)]
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual({ width: size, height: size })
      sizes.push(size)
    }
    expect(sizes).toEqual([16, 32, 48, 64, 128, 256])
  })

  it('has an .icns whose chunks are PNGs of the sizes their types name, up to 1024', () => {
    const icns = read('resources/icon.icns')
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const PIXELS: Record<string, number> = { icp4: 16, icp5: 32, ic11: 32, icp6: 64, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 }
    const seen: string[] = []
    for (let at = 8; at < icns.length; ) {
      const type = icns.subarray(at, at + 4).toString('ascii')
      const length = icns.readUInt32BE(at + 4)
      expect(PIXELS[type], `known PNG type ${type}`).toBeDefined()
      const size = PIXELS[type]!
      expect(pngSize(icns.subarray(at + 8, at + length))).toEqual({ width: size, height: size })
      seen.push(type)
      at += length
    }
    expect(seen.sort()).toEqual(Object.keys(PIXELS).sort())
  })
})

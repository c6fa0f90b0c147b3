// Builds the app icons from resources/icon.svg (the one source): PNGs in the sizes desktops ask
// for (resources/icons/<N>x<N>.png, the layout electron-builder reads for Linux, and
// resources/icon.png at 1024), resources/icon.ico (Windows) and resources/icon.icns (macOS).
// The .ico and .icns containers are written here in plain Node: both formats can hold PNG
// images as they are. The outputs are committed, so nothing else needs the rasteriser.
//
// Needs `rsvg-convert` (Debian: apt-get install librsvg2-bin). Run: node scripts/build-icons.mjs
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const resources = path.join(root, 'resources')
const SOURCE = path.join(resources, 'icon.svg')

export const PNG_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024]
/** Windows shows 16–48 in lists and title bars, 256 in large views; Vista+ reads PNG entries. */
export const ICO_SIZES = [16, 32, 48, 64, 128, 256]
/** macOS icon types holding PNG data, as `iconutil` writes them: [type, pixels]. */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256], // 128@2x
  ['ic09', 512],
  ['ic14', 512], // 256@2x
  ['ic10', 1024], // 512@2x
]

/** A Windows .ico holding the PNGs as they are (ICONDIR, one ICONDIRENTRY each, the images). */
export function icoFromPngs(pngs) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(pngs.length, 4)
  const entries = []
  let offset = 6 + 16 * pngs.length
  for (const { size, data } of pngs) {
    const e = Buffer.alloc(16)
    e.writeUInt8(size >= 256 ? 0 : size, 0) // width (0 means 256)
    e.writeUInt8(size >= 256 ? 0 : size, 1) // height
    e.writeUInt8(0, 2) // no palette
    e.writeUInt8(0, 3) // reserved
    e.writeUInt16LE(1, 4) // colour planes
    e.writeUInt16LE(32, 6) // bits per pixel
    e.writeUInt32LE(data.length, 8)
    e.writeUInt32LE(offset, 12)
    offset += data.length
    entries.push(e)
  }
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)])
}

/** A macOS .icns: 'icns', total length, then per image its type, length (with this header) and PNG. */
export function icnsFromPngs(images) {
  const chunks = images.map(({ type, data }) => {
    const h = Buffer.alloc(8)
    h.write(type, 0, 'ascii')
    h.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([h, data])
  })
  const header = Buffer.alloc(8)
  header.write('icns', 0, 'ascii')
  header.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4)
  return Buffer.concat([header, ...chunks])
}

function rasterise(size) {
  return execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--format', 'png', SOURCE], { maxBuffer: 64 * 1024 * 1024 })
}

function main() {
  try {
    execFileSync('rsvg-convert', ['--version'], { stdio: 'ignore' })
  } catch {
    console.error('build-icons: rsvg-convert not found (Debian: apt-get install librsvg2-bin)')
    process.exit(1)
  }
  mkdirSync(path.join(resources, 'icons'), { recursive: true })
  const png = new Map()
  for (const size of PNG_SIZES) {
    const data = rasterise(size)
    png.set(size, data)
    writeFileSync(path.join(resources, 'icons', `${size}x${size}.png`), data)
  }
  writeFileSync(path.join(resources, 'icon.png'), png.get(1024))
  writeFileSync(path.join(resources, 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, data: png.get(size) }))))
  writeFileSync(path.join(resources, 'icon.icns'), icnsFromPngs(ICNS_TYPES.map(([type, size]) => ({ type, data: png.get(size) }))))
  const svg = readFileSync(SOURCE)
  console.log(`build-icons: ${PNG_SIZES.length} PNGs, icon.png, icon.ico (${ICO_SIZES.length} images), icon.icns (${ICNS_TYPES.length} images) from icon.svg (${svg.length} bytes)`)
}

if (import.meta.url === `file://${process.argv[1]}`) main()

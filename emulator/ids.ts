// Identifier, key and timestamp generation. Runtime-created ids come from a seeded PRNG so a
// run with the same seed and the same requests produces the same ids; secret keys never do
// (they come from crypto) because a predictable secret would be a bad habit even locally.
import { randomUUID } from 'node:crypto'

/** mulberry32: tiny, fast, good enough for deterministic test data and fault decisions. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function uuidFrom(rng: () => number): string {
  const hex: string[] = []
  for (let i = 0; i < 32; i++) hex.push(Math.floor(rng() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

// Crockford base32: the real access keys never contain I, L, O or U (reference §9.1).
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export function accessKeyFrom(rng: () => number): string {
  let s = 'SCW'
  for (let i = 0; i < 17; i++) s += CROCKFORD[Math.floor(rng() * 32)]
  return s
}

export function newSecretKey(): string {
  return randomUUID()
}

/** RFC 3339 UTC with 6 fractional digits, as the server writes its own timestamps. */
export function isoMicros(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')
}

/** Client-supplied timestamps come back normalised to UTC, truncated to µs (§1.3). */
export function normaliseTimestamp(input: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(input)
  if (!m) return null
  const ms = Date.parse(`${m[1]}${m[3]}`)
  if (Number.isNaN(ms)) return null
  const frac = (m[2] ?? '').slice(0, 6)
  const base = new Date(ms).toISOString().slice(0, 19)
  return frac ? `${base}.${frac}Z` : `${base}Z`
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID_RE.test(s)

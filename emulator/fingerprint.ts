// SSH public key parsing and Scaleway's fingerprint form (reference §9.3):
// "<bits> MD5:<16 hex pairs>[ <comment>] (<key type>)".
import { createHash } from 'node:crypto'

export const SSH_KEY_TYPES = [
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
] as const

export interface ParsedSshKey {
  type: string
  blob: Buffer
  comment: string
  bits: number
}

/** Reads SSH wire strings (uint32 length + bytes) from a key blob. */
function readStrings(blob: Buffer, count: number): Buffer[] | null {
  const out: Buffer[] = []
  let off = 0
  for (let i = 0; i < count; i++) {
    if (off + 4 > blob.length) return null
    const len = blob.readUInt32BE(off)
    off += 4
    if (off + len > blob.length) return null
    out.push(blob.subarray(off, off + len))
    off += len
  }
  return out
}

function mpintBits(n: Buffer): number {
  let i = 0
  while (i < n.length && n[i] === 0) i++
  if (i === n.length) return 0
  const first = n[i] ?? 0
  return (n.length - i - 1) * 8 + (32 - Math.clz32(first))
}

/** Returns the parsed key, or a human-readable reason it is not acceptable. */
export function parseSshPublicKey(text: string): ParsedSshKey | { error: string } {
  const parts = text.trim().split(/\s+/)
  const [type, b64, ...rest] = parts
  if (!type || !b64) return { error: 'public key must be "<type> <base64> [comment]"' }
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) {
    return { error: 'only ssh-rsa, ssh-dss (DSA), ssh-ed25519 and ecdsa keys with NIST curves are supported' }
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { error: 'public key is not valid base64' }
  const blob = Buffer.from(b64, 'base64')
  if (blob.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) return { error: 'public key is not valid base64' }
  const head = readStrings(blob, 1)
  if (!head || head[0]?.toString('latin1') !== type) return { error: 'public key type does not match its content' }
  let bits: number
  if (type === 'ssh-ed25519') bits = 256
  else if (type.startsWith('ecdsa-sha2-nistp')) bits = Number(type.slice('ecdsa-sha2-nistp'.length))
  else {
    // ssh-rsa: string type, mpint e, mpint n; ssh-dss: string type, mpint p, q, g, y.
    const fields = readStrings(blob, type === 'ssh-rsa' ? 3 : 5)
    const modulus = type === 'ssh-rsa' ? fields?.[2] : fields?.[1]
    if (!modulus) return { error: 'public key is truncated' }
    bits = mpintBits(modulus)
  }
  return { type, blob, comment: rest.join(' '), bits }
}

export function fingerprintOf(key: ParsedSshKey): string {
  const md5 = createHash('md5').update(key.blob).digest('hex')
  const pairs = md5.match(/../g)?.join(':') ?? md5
  return `${key.bits} MD5:${pairs}${key.comment ? ` ${key.comment}` : ''} (${key.type})`
}

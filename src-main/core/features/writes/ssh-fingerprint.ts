// Parses an SSH public key and computes the fingerprint exactly as Scaleway shows it
// (docs/scaleway-iam-api.md §9.3): "<bits> MD5:<16 hex pairs>[ <comment>] (<key type>)",
// so the UI can show it before the key is saved and the user can compare it with `ssh-keygen`.
import { createHash } from 'node:crypto'

/** The key types Scaleway accepts (§6.1). */
export const SSH_KEY_TYPES = ['ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'] as const

export interface SshKeyPreview {
  type: string
  bits: number
  fingerprint: string
  comment: string
}

/** SSH wire strings (uint32 big-endian length + bytes) at the start of a key blob. */
export function readStrings(blob: Buffer, count: number): Buffer[] | null {
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

/** Bit length of an mpint (leading zero bytes are sign padding, not bits). */
export function mpintBits(n: Buffer): number {
  let i = 0
  while (i < n.length && n[i] === 0) i++
  if (i === n.length) return 0
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] ?? 0))
}

/** The preview of a pasted public key, or the reason it cannot be an SSH key Scaleway accepts. */
export function previewSshKey(text: string): SshKeyPreview | { error: string } {
  const [type, b64, ...rest] = text.trim().split(/\s+/)
  if (!type || !b64) return { error: 'A public key is "<type> <base64> [comment]", e.g. the content of ~/.ssh/id_ed25519.pub.' }
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) {
    return { error: 'Only ssh-rsa, ssh-dss (DSA), ssh-ed25519 and ecdsa keys with NIST curves are supported.' }
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { error: 'The key is not valid base64.' }
  const blob = Buffer.from(b64, 'base64')
  if (blob.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) return { error: 'The key is not valid base64.' }
  const head = readStrings(blob, 1)
  if (head?.[0]?.toString('latin1') !== type) return { error: `The key's content is not a ${type} key (it may be truncated or pasted from another key).` }
  let bits: number
  if (type === 'ssh-ed25519') bits = 256
  else if (type.startsWith('ecdsa-sha2-nistp')) bits = Number(type.slice('ecdsa-sha2-nistp'.length))
  else {
    // ssh-rsa: type, e, n; ssh-dss: type, p, q, g, y — the size is that of n (RSA) or p (DSA).
    const fields = readStrings(blob, type === 'ssh-rsa' ? 3 : 5)
    const modulus = type === 'ssh-rsa' ? fields?.[2] : fields?.[1]
    if (!modulus) return { error: 'The key is truncated.' }
    bits = mpintBits(modulus)
  }
  const comment = rest.join(' ')
  return { type, bits, comment, fingerprint: scalewayFingerprint(blob, bits, comment, type) }
}

/** Scaleway's fingerprint of a key blob (§9.3): "<bits> MD5:<hex pairs>[ <comment>] (<type>)". */
export function scalewayFingerprint(blob: Buffer, bits: number, comment: string, type: string): string {
  const pairs = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':')
  return `${bits} MD5:${pairs}${comment ? ` ${comment}` : ''} (${type})`
}

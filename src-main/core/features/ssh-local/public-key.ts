// One OpenSSH public key ("<type> <base64 blob> [comment]", or a blob from ssh-agent): its type,
// size, comment, both fingerprints, and why Scaleway would refuse it or why it is weak.
// Written here rather than taken from a library (docs/ssh-keys.md, "Parsing"): the format is
// three length-prefixed fields, and the libraries that parse it also read private keys — which
// this feature must never do. Fingerprints come from node:crypto over the decoded blob, so they
// equal `ssh-keygen -l` (SHA256) and Scaleway's own (MD5, §9.3).
import { createHash } from 'node:crypto'
import { mpintBits, readStrings, scalewayFingerprint, SSH_KEY_TYPES } from '../writes/ssh-fingerprint'

export type KeyProblem = 'broken_base64' | 'type_mismatch' | 'unknown_type' | 'truncated'

export interface KeyFlag {
  /** not_accepted: Scaleway refuses this type; weak: accepted, but too weak to trust. */
  code: 'not_accepted' | 'weak'
  reason: string
}

export interface ParsedPublicKey {
  type: string
  bits: number
  comment: string
  /** The decoded blob, base64 again: equal keys have equal text whatever padding they came with. */
  blob: string
  /** "<type> <blob>[ <comment>]": what is uploaded. */
  publicKey: string
  /** As `ssh-keygen -l` prints it: "256 SHA256:… alice@laptop (ED25519)". */
  sha256: string
  /** As Scaleway shows it: "256 MD5:aa:bb:… alice@laptop (ssh-ed25519)". */
  md5: string
  flags: KeyFlag[]
}

const SK_TYPES = ['sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com'] as const
const CERT_SUFFIX = '-cert-v01@openssh.com'

/** What `ssh-keygen -l` prints in parentheses for each key type. */
function keygenLabel(type: string): string {
  const cert = type.endsWith(CERT_SUFFIX)
  const base = cert ? type.slice(0, -CERT_SUFFIX.length) : type
  const label =
    base === 'ssh-rsa' ? 'RSA'
    : base === 'ssh-dss' ? 'DSA'
    : base === 'ssh-ed25519' ? 'ED25519'
    : base.startsWith('ecdsa-sha2-') ? 'ECDSA'
    : base === 'sk-ssh-ed25519@openssh.com' || base === 'sk-ssh-ed25519' ? 'ED25519-SK'
    : base.startsWith('sk-ecdsa-sha2-') ? 'ECDSA-SK'
    : base.toUpperCase()
  return cert ? `${label}-CERT` : label
}

/** Every type word this parser reads: Scaleway's, security keys, and certificates of them all. */
function knownType(type: string): boolean {
  const base = type.endsWith(CERT_SUFFIX) ? type.slice(0, -CERT_SUFFIX.length) : type
  if ((SSH_KEY_TYPES as readonly string[]).includes(base) || (SK_TYPES as readonly string[]).includes(base)) return true
  // Certificates drop the "@openssh.com" of security-key types: sk-ssh-ed25519-cert-v01@openssh.com.
  return type.endsWith(CERT_SUFFIX) && (SK_TYPES as readonly string[]).includes(`${base}@openssh.com`)
}

/** The size in bits, read from the blob's fields; null when the blob is cut short. */
function bitsOf(type: string, blob: Buffer): number | null {
  const cert = type.endsWith(CERT_SUFFIX)
  // A certificate is: type, nonce, then the key's own fields.
  const skip = cert ? 2 : 1
  const base = cert ? type.slice(0, -CERT_SUFFIX.length) : type
  if (base === 'ssh-ed25519' || base.startsWith('sk-ssh-ed25519')) {
    const f = readStrings(blob, skip + 1)
    return f && f[skip]!.length === 32 ? 256 : null
  }
  if (base.startsWith('ecdsa-sha2-nistp') || base.startsWith('sk-ecdsa-sha2-nistp')) {
    const f = readStrings(blob, skip + 2)
    const curve = f?.[skip]?.toString('latin1') ?? ''
    if (!f || !/^nistp(256|384|521)$/.test(curve) || !base.includes(curve)) return null
    return Number(curve.slice('nistp'.length))
  }
  if (base === 'ssh-rsa') {
    const f = readStrings(blob, skip + 2)
    return f ? mpintBits(f[skip + 1]!) : null
  }
  if (base === 'ssh-dss') {
    const f = readStrings(blob, skip + 4)
    return f ? mpintBits(f[skip]!) : null
  }
  return null
}

function flagsOf(type: string, bits: number): KeyFlag[] {
  const flags: KeyFlag[] = []
  if (type.endsWith(CERT_SUFFIX)) flags.push({ code: 'not_accepted', reason: 'A certificate, not a plain public key: Scaleway accepts plain keys only.' })
  else if (type.startsWith('sk-')) flags.push({ code: 'not_accepted', reason: 'A security-key (FIDO) key: Scaleway does not accept sk-* keys.' })
  if (type.startsWith('ssh-rsa') && bits < 2048) flags.push({ code: 'weak', reason: `RSA with ${bits} bits: keys under 2048 bits can be broken.` })
  if (type.startsWith('ssh-dss')) flags.push({ code: 'weak', reason: 'DSA: deprecated and disabled by default in OpenSSH.' })
  return flags
}

/** A key from its decoded blob and comment (ssh-agent hands out exactly these two). */
export function parseKeyBlob(blob: Buffer, comment: string, typeWord?: string): ParsedPublicKey | { problem: KeyProblem; message: string } {
  const inner = readStrings(blob, 1)?.[0]?.toString('latin1')
  if (!inner) return { problem: 'truncated', message: 'The key is cut short.' }
  if (typeWord !== undefined && inner !== typeWord) {
    return { problem: 'type_mismatch', message: `The file says ${typeWord} but the key inside is ${knownType(inner) ? inner : 'something else'}.` }
  }
  if (!knownType(inner)) return { problem: 'unknown_type', message: `"${inner.slice(0, 60)}" is not an SSH public key type IAM Desk knows.` }
  const bits = bitsOf(inner, blob)
  if (bits === null) return { problem: 'truncated', message: 'The key is cut short or malformed.' }
  const b64 = blob.toString('base64')
  const sha = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')
  return {
    type: inner,
    bits,
    comment,
    blob: b64,
    publicKey: `${inner} ${b64}${comment ? ` ${comment}` : ''}`,
    // ssh-keygen prints "no comment" for a key without one.
    sha256: `${bits} SHA256:${sha} ${comment || 'no comment'} (${keygenLabel(inner)})`,
    md5: scalewayFingerprint(blob, bits, comment, inner),
    flags: flagsOf(inner, bits),
  }
}

/** One line of a .pub file (or a pasted key). */
export function parsePublicKeyLine(line: string): ParsedPublicKey | { problem: KeyProblem; message: string } {
  const [type = '', b64 = '', ...rest] = line.trim().split(/\s+/)
  if (!knownType(type)) return { problem: 'unknown_type', message: `"${type.slice(0, 60)}" is not an SSH public key type IAM Desk knows.` }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { problem: 'broken_base64', message: 'The key is not valid base64.' }
  const blob = Buffer.from(b64, 'base64')
  if (blob.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, '')) return { problem: 'broken_base64', message: 'The key is not valid base64.' }
  return parseKeyBlob(blob, rest.join(' '), type)
}

/** The blob of a key stored on Scaleway (its public_key text), to match it with local keys. */
export function blobOf(publicKey: string): string | null {
  const parsed = parsePublicKeyLine(publicKey)
  return 'problem' in parsed ? null : parsed.blob
}

// Real, parseable OpenSSH public keys for the seed data, and Scaleway's fingerprint format.
// ed25519 and ECDSA keys are derived from seeded random bytes (deterministic and cheap: one
// scalar multiplication each). RSA key generation is slow and cannot be seeded through
// node:crypto, so RSA keys come from a small fixed pool generated once (rsa-pool.ts).
import { createECDH, createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import type { SeededRandom } from './random'
import { RSA_PUBLIC_KEY_POOL } from './rsa-pool'

export type SshKeyType = 'ssh-ed25519' | 'ecdsa-sha2-nistp256' | 'ecdsa-sha2-nistp384' | 'ssh-rsa'

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  return Buffer.concat([len, body])
}

function ed25519Blob(seed: Buffer): Buffer {
  // JWK import is ~10x faster than PKCS#8 DER here; OpenSSL derives the public half from `d`
  // and ignores the placeholder `x`.
  const privateKey = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: PLACEHOLDER_X },
    format: 'jwk',
  })
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' })
  if (typeof x !== 'string') throw new Error('ed25519 public key export failed')
  return Buffer.concat([sshString('ssh-ed25519'), sshString(Buffer.from(x, 'base64url'))])
}
const PLACEHOLDER_X = Buffer.alloc(32).toString('base64url')

function ecdsaBlob(curve: 'nistp256' | 'nistp384', scalar: Buffer): Buffer {
  const ecdh = createECDH(curve === 'nistp256' ? 'prime256v1' : 'secp384r1')
  ecdh.setPrivateKey(scalar)
  return Buffer.concat([sshString(`ecdsa-sha2-${curve}`), sshString(`${curve}`), sshString(ecdh.getPublicKey())])
}

/** Parse the type word and key size out of an OpenSSH wire blob. */
export function describeBlob(blob: Buffer): { type: string; bits: number } {
  let offset = 0
  const read = (): Buffer => {
    const len = blob.readUInt32BE(offset)
    const out = blob.subarray(offset + 4, offset + 4 + len)
    offset += 4 + len
    return out
  }
  const type = read().toString('utf8')
  if (type === 'ssh-ed25519') return { type, bits: 256 }
  if (type.startsWith('ecdsa-sha2-nistp')) return { type, bits: Number(type.slice('ecdsa-sha2-nistp'.length)) }
  if (type === 'ssh-rsa') {
    read() // public exponent
    const modulus = read()
    let i = 0
    while (i < modulus.length && modulus[i] === 0) i++
    const first = modulus[i] ?? 0
    return { type, bits: (modulus.length - i - 1) * 8 + (32 - Math.clz32(first)) }
  }
  throw new Error(`unsupported ssh key type ${type}`)
}

/**
 * Scaleway's fingerprint (reference §9.3): `<bits> MD5:<hex pairs>[ <comment>] (<type>)`,
 * the MD5 taken over the base64-decoded key blob.
 */
export function sshFingerprint(publicKey: string): string {
  const [, base64 = '', ...commentParts] = publicKey.trim().split(/\s+/)
  const blob = Buffer.from(base64, 'base64')
  const { type, bits } = describeBlob(blob)
  const md5 = createHash('md5').update(blob).digest('hex').match(/../g)?.join(':') ?? ''
  const comment = commentParts.join(' ')
  return `${bits} MD5:${md5}${comment ? ` ${comment}` : ''} (${type})`
}

/**
 * A fresh public key line. `rsaIndex` selects a pooled RSA key: callers use each pool entry at
 * most once per organization so public keys stay unique within one.
 */
export function makePublicKey(rng: SeededRandom, type: SshKeyType, comment: string, rsaIndex = 0): string {
  let line: string
  switch (type) {
    case 'ssh-ed25519':
      line = `ssh-ed25519 ${ed25519Blob(rng.bytes(32)).toString('base64')}`
      break
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384': {
      const curve = type === 'ecdsa-sha2-nistp256' ? 'nistp256' : 'nistp384'
      const scalar = rng.bytes(curve === 'nistp256' ? 32 : 48)
      // Keep the scalar below the group order (both orders start with 0xff..., so 0x7f is safe).
      scalar[0] = ((scalar[0] as number) & 0x7f) | 0x01
      line = `${type} ${ecdsaBlob(curve, scalar).toString('base64')}`
      break
    }
    case 'ssh-rsa':
      line = RSA_PUBLIC_KEY_POOL[rsaIndex % RSA_PUBLIC_KEY_POOL.length] as string
      break
    default:
      throw new Error(`unsupported key type ${String(type satisfies never)}`)
  }
  return comment ? `${line} ${comment}` : line
}

export const RSA_POOL_SIZE = RSA_PUBLIC_KEY_POOL.length

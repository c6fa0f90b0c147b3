// SSH keys from this computer: every case of test/fixtures/ssh-home gets its verdict, no private
// key file is ever opened (every opening call of node:fs is spied on, not only the result),
// special files never block, fingerprints equal ssh-keygen's, flags, and the ssh-agent protocol.
import { execFileSync, spawn } from 'node:child_process'
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'

// Every way node:fs can open a file, recorded. The reader may only ever open *.pub files that
// hold public keys (or a private key in disguise, recognised by content and wiped at once).
const opened: string[] = []
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const spy = <F extends (...a: never[]) => unknown>(f: F) => ((...a: Parameters<F>) => (opened.push(String(a[0])), f(...a))) as F
  return { ...real, default: real, open: spy(real.open), readFile: spy(real.readFile), opendir: real.opendir }
})
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  const spy = <F extends (...a: never[]) => unknown>(f: F) => ((...a: Parameters<F>) => (opened.push(String(a[0])), f(...a))) as F
  return { ...real, default: real, open: spy(real.open), openSync: spy(real.openSync), readFileSync: spy(real.readFileSync), readFile: spy(real.readFile), createReadStream: spy(real.createReadStream) }
})

const { readChosenFile, readKeyFolder, readKeyText } = await import('../../src-main/core/features/ssh-local/key-folder')
const { parseKeyBlob, parsePublicKeyLine } = await import('../../src-main/core/features/ssh-local/public-key')
const { readAgent } = await import('../../src-main/core/features/ssh-local/ssh-agent')

const HOME = fileURLToPath(new URL('../fixtures/ssh-home', import.meta.url))
const SSH = path.join(HOME, '.ssh')
const tmp = mkdtempSync(path.join(tmpdir(), 'iam-desk-ssh-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
beforeEach(() => {
  opened.length = 0
})

const EXPECTED: Record<string, string> = {
  authorized_keys: 'not_a_key_file',
  'broken.pub': 'broken_base64',
  'bundle.pub': 'keys',
  'ci_ed25519.pub': 'keys',
  config: 'not_a_key_file',
  'deploy_ecdsa384.pub': 'keys',
  'empty.pub': 'empty',
  'escape.pub': 'symlink_outside',
  'huge.pub': 'too_large',
  'id_ecdsa.pub': 'keys',
  id_ed25519: 'private_key',
  'id_ed25519.pub': 'keys',
  id_rsa: 'private_key',
  'id_rsa.pub': 'keys',
  'link_to_private.pub': 'symlink_to_private',
  'mismatched_type.pub': 'type_mismatch',
  'private_in_disguise.pub': 'private_key',
}

function sshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' })
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT'
  }
  return true
}
const HAS_KEYGEN = sshKeygen()

describe('the SSH folder of test/fixtures/ssh-home', () => {
  it('gives every entry its verdict, lists both keys of bundle.pub, and opens only .pub files that are not private keys or links out', async () => {
    const r = await readKeyFolder(SSH)
    expect(r.exists).toBe(true)
    expect(Object.fromEntries(r.files.map((f) => [f.name, f.verdict]))).toEqual(EXPECTED)
    expect(r.files.find((f) => f.name === 'bundle.pub')!.keys.map((k) => k.line)).toEqual([2, 3])
    expect(r.files.find((f) => f.name === 'escape.pub')!.reason).toMatch(/leaving the folder/)
    expect(r.files.find((f) => f.name === 'link_to_private.pub')!.reason).toMatch(/private key id_rsa/)
    expect(r.files.find((f) => f.name === 'huge.pub')!.reason).toMatch(/391 KiB: larger than a public key file can be \(16 KiB at most\)/)

    const names = opened.map((p) => path.relative(SSH, p))
    // The private keys, the link to one, the link out of the folder (and its target), the
    // oversized and the empty file, and everything not named .pub are never opened.
    for (const never of ['id_rsa', 'id_ed25519', 'link_to_private.pub', 'escape.pub', '../outside.pub', 'huge.pub', 'empty.pub', 'config', 'authorized_keys']) expect(names).not.toContain(never)
    expect(names.sort()).toEqual(
      ['broken.pub', 'bundle.pub', 'ci_ed25519.pub', 'deploy_ecdsa384.pub', 'id_ecdsa.pub', 'id_ed25519.pub', 'id_rsa.pub', 'mismatched_type.pub', 'private_in_disguise.pub'].sort(),
    )
  })

  it('never returns any part of a private key named .pub', async () => {
    const r = await readKeyFolder(SSH)
    const disguised = r.files.find((f) => f.name === 'private_in_disguise.pub')!
    expect(disguised.keys).toEqual([])
    expect(JSON.stringify(r)).not.toMatch(/b3BlbnNzaC1rZXktdjE|PRIVATE KEY/)
  })

  it('a chosen file: a private key by name is refused unopened; a .pub anywhere is read', async () => {
    expect((await readChosenFile(path.join(SSH, 'id_rsa'))).verdict).toBe('private_key')
    expect(opened).toEqual([])
    const pub = await readChosenFile(path.join(SSH, 'id_ed25519.pub'))
    expect(pub.keys.map((k) => k.comment)).toEqual(['alice@laptop'])
  })

  it('special files never block and are not opened: a FIFO, a folder, a dangling link; a missing folder reads as empty', async () => {
    const dir = path.join(tmp, 'special')
    mkdirSync(dir)
    execFileSync('mkfifo', [path.join(dir, 'pipe.pub')])
    mkdirSync(path.join(dir, 'folder.pub'))
    symlinkSync(path.join(dir, 'nowhere.pub'), path.join(dir, 'dangling.pub'))
    copyFileSync(path.join(SSH, 'id_ed25519.pub'), path.join(dir, 'real.pub'))
    symlinkSync('real.pub', path.join(dir, 'alias.pub'))
    const r = await readKeyFolder(dir)
    expect(Object.fromEntries(r.files.map((f) => [f.name, f.verdict]))).toEqual({ 'alias.pub': 'keys', 'dangling.pub': 'unreadable', 'folder.pub': 'directory', 'pipe.pub': 'fifo', 'real.pub': 'keys' })
    expect(opened.map((p) => path.basename(p)).sort()).toEqual(['real.pub', 'real.pub'])
    expect(await readKeyFolder(path.join(tmp, 'no-such-folder'))).toEqual({ folder: path.join(tmp, 'no-such-folder'), exists: false, files: [] })
  })

  it.skipIf(process.getuid?.() === 0)('a file the user cannot read is listed as unreadable', async () => {
    const dir = path.join(tmp, 'perm')
    mkdirSync(dir)
    copyFileSync(path.join(SSH, 'id_ed25519.pub'), path.join(dir, 'locked.pub'))
    chmodSync(path.join(dir, 'locked.pub'), 0)
    expect((await readKeyFolder(dir)).files[0]!.verdict).toBe('unreadable')
  })
})

describe('fingerprints', () => {
  it.skipIf(!HAS_KEYGEN)('equal `ssh-keygen -l -E sha256` and `-E md5` for every valid fixture key', async () => {
    const r = await readKeyFolder(SSH)
    let checked = 0
    for (const f of r.files.filter((x) => x.verdict === 'keys')) {
      const sha = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', f.path], { encoding: 'utf8' }).trim().split('\n')
      const md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', f.path], { encoding: 'utf8' }).trim().split('\n')
      expect(f.keys.map((k) => k.sha256)).toEqual(sha)
      f.keys.forEach((k, i) => {
        // ssh-keygen: "<bits> MD5:<pairs> <comment or 'no comment'> (<LABEL>)"; Scaleway: the type word, no "no comment".
        const [bits, hash] = md5[i]!.split(' ')
        expect(k.md5).toBe(`${bits} ${hash}${k.comment ? ` ${k.comment}` : ''} (${k.type})`)
        checked++
      })
    }
    expect(checked).toBe(7)
  })
  if (!HAS_KEYGEN) it('ssh-keygen is not installed: fingerprints not compared with it (apt-get install openssh-client)', () => {})

  it('the Scaleway form is the one Scaleway printed for a recorded key', () => {
    const k = parsePublicKeyLine('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJEoOOgQBLJPs4g/XcPTKT82NywNPpxeuA20FlOPlpO')
    expect('md5' in k && k.md5).toBe('256 MD5:6b:cd:72:8a:ae:45:24:4b:2b:72:f6:d0:6a:8d:16:06 (ssh-ed25519)')
  })
})

const str = (b: Buffer | string) => {
  const v = Buffer.from(b)
  const len = Buffer.alloc(4)
  len.writeUInt32BE(v.length)
  return Buffer.concat([len, v])
}
const mpint = (b: Buffer) => str(b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b)
const line = (type: string, blob: Buffer, comment = 'x') => `${type} ${blob.toString('base64')} ${comment}`

describe('flags', () => {
  const ed = randomBytes(32)
  it('security keys and certificates are not accepted; RSA under 2048 bits and DSA are weak', () => {
    const sk = parsePublicKeyLine(line('sk-ssh-ed25519@openssh.com', Buffer.concat([str('sk-ssh-ed25519@openssh.com'), str(ed), str('ssh:')])))
    const cert = parsePublicKeyLine(line('ssh-ed25519-cert-v01@openssh.com', Buffer.concat([str('ssh-ed25519-cert-v01@openssh.com'), str(randomBytes(32)), str(ed)])))
    const jwk = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' })
    const rsa = parsePublicKeyLine(line('ssh-rsa', Buffer.concat([str('ssh-rsa'), mpint(Buffer.from(jwk.e!, 'base64url')), mpint(Buffer.from(jwk.n!, 'base64url'))])))
    const p = Buffer.concat([Buffer.from([0xc0]), randomBytes(127)])
    const dsa = parsePublicKeyLine(line('ssh-dss', Buffer.concat([str('ssh-dss'), mpint(p), mpint(randomBytes(20)), mpint(randomBytes(128)), mpint(randomBytes(128))])))
    const flags = (k: ReturnType<typeof parsePublicKeyLine>) => ('flags' in k ? k.flags.map((f) => f.code) : k.problem)
    expect(flags(sk)).toEqual(['not_accepted'])
    expect(flags(cert)).toEqual(['not_accepted'])
    expect(flags(rsa)).toEqual(['weak'])
    expect('bits' in rsa && rsa.bits).toBe(1024)
    expect(flags(dsa)).toEqual(['weak'])
    expect('sha256' in sk && sk.sha256).toMatch(/^256 SHA256:\S+ x \(ED25519-SK\)$/)
    expect('sha256' in cert && cert.sha256).toMatch(/\(ED25519-CERT\)$/)
  })

  it('broken files: bad base64, a type word that disagrees with the blob, a cut blob, text that is no key', () => {
    expect(readKeyText(Buffer.from('ssh-ed25519 not-base64!!! x'), 'a.pub').verdict).toBe('broken_base64')
    expect(readKeyText(Buffer.from(line('ssh-rsa', Buffer.concat([str('ssh-ed25519'), str(ed)]))), 'a.pub').verdict).toBe('type_mismatch')
    expect(readKeyText(Buffer.from(line('ssh-ed25519', Buffer.concat([str('ssh-ed25519'), str(ed.subarray(0, 10))]))), 'a.pub').verdict).toBe('truncated')
    expect(readKeyText(Buffer.from('hello world'), 'a.pub').verdict).toBe('unknown_type')
    expect(readKeyText(Buffer.from('# only a comment\n\n'), 'a.pub').verdict).toBe('empty')
    const mixed = readKeyText(Buffer.from(`${line('ssh-ed25519', Buffer.concat([str('ssh-ed25519'), str(ed)]))}\nssh-ed25519 !!! y\n`), 'a.pub')
    expect([mixed.verdict, mixed.keys.length, mixed.reason]).toEqual(['keys', 1, '1 key. Line 2 skipped: The key is not valid base64.'])
  })
})

describe('ssh-agent', () => {
  it('says plainly when no agent runs', async () => {
    expect(await readAgent(undefined)).toMatchObject({ state: 'not_running', message: 'No ssh-agent is running (SSH_AUTH_SOCK is not set).' })
    const gone = await readAgent(path.join(tmp, 'no-agent.sock'))
    expect(gone).toMatchObject({ state: 'not_running' })
  })

  it('reads the identities with the agent protocol (a stand-in agent)', async () => {
    const sock = path.join(tmp, 'fake-agent.sock')
    const pk = randomBytes(32)
    const blob = Buffer.concat([str('ssh-ed25519'), str(pk)])
    let asked: number | undefined
    const server = net.createServer((c) =>
      c.on('data', (d) => {
        asked = d[4]
        const body = Buffer.concat([Buffer.from([12]), Buffer.from([0, 0, 0, 2]), str(blob), str('from-agent'), str(Buffer.concat([str('ssh-unknown'), str('x')])), str('odd')])
        const len = Buffer.alloc(4)
        len.writeUInt32BE(body.length)
        c.end(Buffer.concat([len, body]))
      }),
    )
    await new Promise<void>((r) => server.listen(sock, r))
    try {
      const r = await readAgent(sock)
      expect(asked).toBe(11)
      expect(r.state).toBe('running')
      if (r.state !== 'running') return
      expect(r.skipped).toBe(1)
      expect(r.keys.map((k) => [k.comment, k.sha256])).toEqual([['from-agent', `256 SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')} from-agent (ED25519)`]])
    } finally {
      server.close()
    }
  })

  it.skipIf(!HAS_KEYGEN)('reads a real ssh-agent: the same keys as `ssh-add -L`', async () => {
    const dir = path.join(tmp, 'agent')
    mkdirSync(dir)
    const sock = path.join(dir, 'agent.sock')
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' })
    try {
      // Wait for the socket (the agent's own start), not for a fixed time.
      for (let i = 0; i < 200 && (await readAgent(sock, 200)).state !== 'running'; i++) await new Promise((r) => setImmediate(r))
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'agent-test', '-f', path.join(dir, 'k')])
      execFileSync('ssh-add', ['-q', path.join(dir, 'k')], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' })
      const listed = execFileSync('ssh-add', ['-L'], { env: { ...process.env, SSH_AUTH_SOCK: sock }, encoding: 'utf8' }).trim()
      const r = await readAgent(sock)
      expect(r.state === 'running' && r.keys.map((k) => k.publicKey)).toEqual([listed])
    } finally {
      agent.kill()
    }
  })
})

it('a key from the agent and the same key from a file share one blob', () => {
  const fromFile = parsePublicKeyLine('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPE6KeyvhJaZe5JkcHuND+eEz9bQGLichx073zkRJwoA alice@laptop')
  const fromAgent = 'blob' in fromFile ? parseKeyBlob(Buffer.from(fromFile.blob, 'base64'), '') : fromFile
  expect('blob' in fromAgent && fromAgent.blob).toBe('blob' in fromFile && fromFile.blob)
})

it('a folder that cannot be read is the user\'s choice to change, said without its path', async () => {
  await expect(readKeyFolder('/tmp/no\u0000such')).rejects.toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/^The folder chosen for SSH keys cannot be read \(.+\)\. Choose another in Settings\.$/) })
})

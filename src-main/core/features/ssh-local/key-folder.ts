// Reads the public keys of one folder (~/.ssh by default) and NEVER opens a private key.
// The rules (docs/ssh-keys.md), checked in this order, each before anything is opened:
// - only files named *.pub are ever opened; everything else is listed and left unread, private
//   keys (by name: id_*, *.pem/*.key/*.ppk, or the twin of a .pub) called so;
// - a symlink is followed only to a *.pub file inside the same folder (realpath): one leaving the
//   folder, or pointing at a private key, is listed and not followed;
// - only regular files of 1 byte to 16 KiB: directories, FIFOs, sockets and devices are told
//   apart by lstat/stat before any open, and the open itself is O_NONBLOCK | O_NOFOLLOW, so a
//   file swapped for a FIFO in between never blocks the read; the opened file must still be the
//   one that was checked (same device and inode, still regular, still small);
// - the content must parse as public keys (each line one key, # comments and blank lines
//   skipped); a private key under a .pub name is recognised by its first line and its bytes are
//   wiped at once, never parsed or returned.
import { constants } from 'node:fs'
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises'
import { AppError } from '../../errors/app-error'
import path from 'node:path'
import { parsePublicKeyLine, type KeyProblem, type ParsedPublicKey } from './public-key'

export const MAX_KEY_FILE_BYTES = 16 * 1024

export type FileVerdictCode =
  | 'keys'
  | 'not_a_key_file'
  | 'private_key'
  | 'symlink_outside'
  | 'symlink_to_private'
  | 'directory'
  | 'fifo'
  | 'device'
  | 'socket'
  | 'not_regular'
  | 'unreadable'
  | 'empty'
  | 'too_large'
  | 'changed'
  | 'not_text'
  | KeyProblem

export interface FileReading {
  name: string
  path: string
  verdict: FileVerdictCode
  /** Why, in the user's words (with the lines that did not parse, for a file with keys). */
  reason: string
  keys: Array<ParsedPublicKey & { line: number }>
}

export interface FolderReading {
  folder: string
  /** False when the folder does not exist (nothing to read, not an error). */
  exists: boolean
  files: FileReading[]
}

/** Private keys by their name: never opened, whatever they hold. */
export function isPrivateKeyName(name: string, siblings: ReadonlySet<string>): boolean {
  if (name.endsWith('.pub')) return false
  return siblings.has(`${name}.pub`) || /^id_[a-z0-9_-]+$/i.test(name) || /\.(pem|key|ppk|p12|pfx)$/i.test(name)
}

/** The first line of every private key format ssh-keygen and PuTTY write. */
const PRIVATE_CONTENT = /^\s*(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----|PuTTY-User-Key-File-)/

const inside = (folder: string, p: string) => p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)
const kib = (n: number) => `${Math.round(n / 1024)} KiB`
const errno = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code ?? ''

/** Reads every entry of `folder` by the rules above. A missing folder reads as empty. */
export async function readKeyFolder(folder: string): Promise<FolderReading> {
  let real: string
  let names: string[]
  try {
    real = await realpath(folder)
    if (!(await stat(real)).isDirectory()) return { folder, exists: false, files: [] }
    names = (await readdir(real)).sort()
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return { folder, exists: false, files: [] }
    // Not readable (permissions, a name the system refuses…): the user's choice of folder, said
    // as such — without the path, which the Settings screen shows.
    throw new AppError('invalid_input', `The folder chosen for SSH keys cannot be read (${errno(err) || 'not a usable folder name'}). Choose another in Settings.`)
  }
  const siblings = new Set(names)
  const files: FileReading[] = []
  for (const name of names) files.push(await readEntry(real, name, siblings))
  return { folder, exists: true, files }
}

async function readEntry(folder: string, name: string, siblings: ReadonlySet<string>): Promise<FileReading> {
  const full = path.join(folder, name)
  if (!name.endsWith('.pub')) {
    const reading = (verdict: FileVerdictCode, reason: string): FileReading => ({ name, path: full, verdict, reason, keys: [] })
    if (isPrivateKeyName(name, siblings)) return reading('private_key', 'A private key (by its name): never opened.')
    return reading('not_a_key_file', 'Not a .pub file: not read.')
  }
  return readOneFile(full, { confineTo: folder, siblings })
}

/**
 * A file the user chose in the native dialog (Electron): the same rules, except that any name
 * and any folder will do — still never a private key by name or content, a special file, or a
 * file over 16 KiB.
 */
export async function readChosenFile(file: string): Promise<FileReading> {
  let siblings: ReadonlySet<string>
  try {
    siblings = new Set(await readdir(path.dirname(file)))
  } catch {
    siblings = new Set()
  }
  if (isPrivateKeyName(path.basename(file), siblings)) {
    return { name: path.basename(file), path: file, verdict: 'private_key', reason: 'A private key (by its name): never opened.', keys: [] }
  }
  return readOneFile(file, { confineTo: null, siblings })
}

async function readOneFile(full: string, where: { confineTo: string | null; siblings: ReadonlySet<string> }): Promise<FileReading> {
  const name = path.basename(full)
  const out = (verdict: FileVerdictCode, reason: string): FileReading => ({ name, path: full, verdict, reason, keys: [] })
  let target = full
  let st
  try {
    st = await lstat(full)
    if (st.isSymbolicLink()) {
      try {
        target = await realpath(full)
      } catch {
        return out('unreadable', 'A symlink to nothing (its target does not exist).')
      }
      const folder = where.confineTo
      if (folder !== null && !inside(folder, target)) return out('symlink_outside', `A symlink leaving the folder (to ${target}): not followed.`)
      const targetName = path.basename(target)
      const targetSiblings = path.dirname(target) === path.dirname(full) ? where.siblings : new Set(await readdir(path.dirname(target)))
      if (isPrivateKeyName(targetName, targetSiblings)) return out('symlink_to_private', `A symlink to the private key ${targetName}: not followed.`)
      if (folder !== null && !targetName.endsWith('.pub')) return out('not_a_key_file', `A symlink to ${targetName}, which is not a .pub file: not followed.`)
      st = await stat(target)
    }
  } catch (err) {
    return out('unreadable', `Cannot be looked at (${errno(err) || 'error'}).`)
  }
  if (st.isDirectory()) return out('directory', 'A folder, not a file.')
  if (st.isFIFO()) return out('fifo', 'A named pipe (FIFO): not read.')
  if (st.isCharacterDevice() || st.isBlockDevice()) return out('device', 'A device: not read.')
  if (st.isSocket()) return out('socket', 'A socket: not read.')
  if (!st.isFile()) return out('not_regular', 'Not a regular file: not read.')
  if (st.size === 0) return out('empty', 'Empty.')
  if (st.size > MAX_KEY_FILE_BYTES) return out('too_large', `${kib(st.size)}: larger than a public key file can be (16 KiB at most), not read.`)

  let bytes: Buffer
  try {
    // O_NONBLOCK: if the file was swapped for a FIFO since stat, open returns at once instead of
    // waiting for a writer. O_NOFOLLOW: no symlink slipped in at the last component. (Both are
    // 0 where the platform lacks them, e.g. Windows, which has no FIFOs in a folder.)
    const fh = await open(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0))
    try {
      const now = await fh.stat()
      if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev || now.size > MAX_KEY_FILE_BYTES) return out('changed', 'The file changed while it was being read: read again.')
      const buf = Buffer.alloc(MAX_KEY_FILE_BYTES + 1)
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0)
      bytes = buf.subarray(0, bytesRead)
    } finally {
      await fh.close()
    }
  } catch (err) {
    const code = errno(err)
    if (code === 'EACCES' || code === 'EPERM') return out('unreadable', 'Not readable by you (permissions).')
    return out('changed', `Could not be read (${code || 'error'}).`)
  }
  return { ...readKeyText(bytes, name), path: full }
}

/**
 * The keys in a file's bytes (a .pub file read above, or one the user picked or dropped), by the
 * same content rules. A private key's bytes are wiped before returning.
 */
export function readKeyText(bytes: Buffer, name: string): FileReading {
  const out = (verdict: FileVerdictCode, reason: string): FileReading => ({ name, path: name, verdict, reason, keys: [] })
  if (bytes.length === 0) return out('empty', 'Empty.')
  if (bytes.length > MAX_KEY_FILE_BYTES) return out('too_large', `${kib(bytes.length)}: larger than a public key file can be (16 KiB at most), not read.`)
  if (PRIVATE_CONTENT.test(bytes.subarray(0, 80).toString('latin1'))) {
    bytes.fill(0)
    return out('private_key', 'A private key (by its content), though named like a public key: its content was not kept.')
  }
  if (bytes.includes(0)) return out('not_text', 'Not a text file.')
  const keys: FileReading['keys'] = []
  const problems: Array<{ line: number; problem: KeyProblem; message: string }> = []
  bytes
    .toString('utf8')
    .split(/\r?\n/)
    .forEach((text, i) => {
      if (!text.trim() || text.trimStart().startsWith('#')) return
      const parsed = parsePublicKeyLine(text)
      if ('problem' in parsed) problems.push({ line: i + 1, ...parsed })
      else keys.push({ ...parsed, line: i + 1 })
    })
  if (keys.length === 0) {
    const first = problems[0]
    if (!first) return out('empty', 'Only comments and blank lines.')
    return out(first.problem, problems.length === 1 ? first.message : `Line ${first.line}: ${first.message} (and ${problems.length - 1} more line${problems.length === 2 ? '' : 's'}).`)
  }
  const some = keys.length === 1 ? '1 key' : `${keys.length} keys`
  const bad = problems.map((p) => ` Line ${p.line} skipped: ${p.message}`).join('')
  return { name, path: name, verdict: 'keys', reason: `${some}.${bad}`, keys }
}

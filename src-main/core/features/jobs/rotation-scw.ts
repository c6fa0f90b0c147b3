// Delivering a rotated key to the local Scaleway CLI config (docs/rotation.md): every profile
// that uses the old access key gets the new access key and secret, and nothing else in the file
// changes. The yaml package's Document API finds the two values (and where each sits in the
// text); only those characters are replaced, so comments, blank lines, quoting, key order and the
// other profiles stay byte for byte as they were. The file is written atomically (a temporary
// file beside it, then rename) with its mode kept (0600 for a file holding secrets), after a
// backup of the previous text beside it with the same mode.
//
// A secret goes only into that file and its backup, never into an error or a message: the yaml
// library's messages may quote the source, so its errors are reduced to our own words.
import { randomBytes } from 'node:crypto'
import { open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, sep } from 'node:path'
import { isMap, isScalar, parseDocument, type Scalar, type YAMLMap } from 'yaml'
import { AppError } from '../../errors/app-error'

/**
 * The config's path as the plan shows and stores it: `~/…` under the home folder (the user's
 * words, and no machine path in an answer), as is elsewhere (SCW_CONFIG_PATH).
 */
export function homeRelative(path: string, homeDir: string): string {
  const home = homeDir.endsWith(sep) ? homeDir.slice(0, -1) : homeDir
  return home && path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path
}

/** The file a stored `~/…` path names. */
export function fromHomeRelative(path: string, homeDir: string): string {
  return path.startsWith(`~${sep}`) ? join(homeDir, path.slice(2)) : path
}

/** The profile name of the file's top level, as scw calls it. */
export const TOP_LEVEL_PROFILE = 'default'

interface Located {
  profile: string
  accessKey: Scalar
  secretKey: Scalar | undefined
  /** The map holding them (for appending a secret_key when the profile had none). */
  map: YAMLMap
}

function parse(text: string) {
  // failsafe: every scalar is the exact text written (a secret like 0123… stays a string).
  const doc = parseDocument(text, { schema: 'failsafe', keepSourceTokens: true, uniqueKeys: true })
  if (doc.errors.length > 0) throw new AppError('invalid_input', 'The Scaleway CLI config is not valid YAML any more; it was not changed.')
  return doc
}

const valueOf = (s: Scalar | undefined): string | undefined => (s === undefined ? undefined : String(s.value ?? '').trim())

/** Every map (top level, then each named profile) whose own access_key is `accessKey`. */
function locate(text: string, accessKey: string): Located[] {
  const doc = parse(text)
  const root = doc.contents
  if (!isMap(root)) return []
  const out: Located[] = []
  const visit = (profile: string, map: YAMLMap) => {
    const ak = map.get('access_key', true)
    if (!isScalar(ak) || valueOf(ak) !== accessKey) return
    const sk = map.get('secret_key', true)
    out.push({ profile, accessKey: ak, secretKey: isScalar(sk) ? sk : undefined, map })
  }
  visit(TOP_LEVEL_PROFILE, root)
  const profiles = root.get('profiles', true)
  if (isMap(profiles)) {
    for (const pair of profiles.items) {
      if (!isScalar(pair.key) || !isMap(pair.value)) continue
      const name = String(pair.key.value)
      // As for scw, a "default" under profiles: is not a profile (scw-config.ts).
      if (name !== TOP_LEVEL_PROFILE) visit(name, pair.value)
    }
  }
  return out
}

/** The profiles (by name, "default" for the top level) that use this access key. */
export function scwProfilesUsing(text: string, accessKey: string): string[] {
  try {
    return locate(text, accessKey).map((l) => l.profile)
  } catch {
    return []
  }
}

/** The secret written next to `accessKey` in the first profile that uses it. */
export function scwSecretOf(text: string, accessKey: string): string | undefined {
  return valueOf(locate(text, accessKey)[0]?.secretKey)
}

/** A value in the scalar's own quoting; access keys and UUIDs never need escaping. */
function render(node: Scalar, value: string): string {
  switch (node.type) {
    case 'QUOTE_SINGLE':
      return `'${value}'`
    case 'QUOTE_DOUBLE':
      return `"${value}"`
    case 'PLAIN':
      return value
    default:
      // A block scalar (| or >) for a one-line value: written plainly, on the key's line.
      return `"${value}"`
  }
}

/**
 * The config text with every profile that uses `from` switched to `to` (access key and secret),
 * and the profiles changed. Only the characters of those values change. Throws when a profile
 * using `from` has no secret_key of its own (its secret would come from elsewhere: left alone).
 */
export function replaceScwKey(text: string, from: string, to: { accessKey: string; secretKey: string }): { text: string; profiles: string[] } {
  if (!/^SCW[0-9A-Z]{17}$/.test(to.accessKey) || !/^[0-9a-fA-F-]{36}$/.test(to.secretKey)) {
    throw new AppError('invalid_input', 'Not an access key and secret key pair; the Scaleway CLI config was not changed.')
  }
  const found = locate(text, from)
  const edits: Array<{ start: number; end: number; value: string }> = []
  for (const l of found) {
    if (!l.secretKey) throw new AppError('invalid_input', `The profile "${l.profile}" of the Scaleway CLI config has no secret_key of its own next to ${from}; it was not changed.`)
    for (const [node, value] of [
      [l.accessKey, to.accessKey],
      [l.secretKey, to.secretKey],
    ] as const) {
      const [start, valueEnd] = node.range ?? []
      if (start === undefined || valueEnd === undefined) throw new AppError('invalid_input', 'The Scaleway CLI config could not be read precisely enough to change it; it was not changed.')
      edits.push({ start, end: valueEnd, value: render(node, value) })
    }
  }
  let out = text
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.value + out.slice(e.end)
  // The result must read back as the same file with only those values changed.
  const check = locate(out, to.accessKey)
  if (check.length !== found.length || check.some((c) => valueOf(c.secretKey) !== to.secretKey) || locate(out, from).length !== 0) {
    throw new AppError('unexpected_answer', 'Changing the Scaleway CLI config did not give the expected result; it was not changed.')
  }
  return { text: out, profiles: found.map((l) => l.profile) }
}

export async function readScwConfig(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw new AppError('invalid_input', `The Scaleway CLI config could not be read${code ? ` (${code})` : ''}.`)
  }
}

/** `config.yaml.20260301-120000.bak`, with a counter if that name is taken. */
function backupName(path: string, now: Date, n: number): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${path}.${stamp}${n > 0 ? `-${n}` : ''}.bak`
}

async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const fh = await open(path, 'wx', mode)
  try {
    // open's mode passes through the umask: set it exactly.
    await fh.chmod(mode)
    await fh.writeFile(text, 'utf8')
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/**
 * Replaces the file's text atomically, keeping its mode, after writing the previous text to a
 * backup beside it (same mode). Answers the backup's path. `expected` is the text the change was
 * computed from: if the file changed since, nothing is written.
 */
export async function writeScwConfig(path: string, expected: string, text: string, now: Date): Promise<{ backupPath: string }> {
  const info = await stat(path)
  const mode = info.mode & 0o777
  const current = await readFile(path, 'utf8')
  if (current !== expected) throw new AppError('state_conflict', 'The Scaleway CLI config changed while IAM Desk was updating it; it was not changed. Plan the rotation again, or roll it back.')
  let backupPath = ''
  for (let n = 0; ; n++) {
    backupPath = backupName(path, now, n)
    try {
      await writeNew(backupPath, current, mode)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 100) throw err
    }
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeNew(tmp, text, mode)
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => undefined)
    throw err
  }
  // The rename is durable once the folder is synced (best effort: not every platform allows it).
  try {
    const dir = await open(dirname(path), 'r')
    await dir.sync().finally(() => dir.close())
  } catch {
    /* not supported here */
  }
  return { backupPath }
}

/** `.env` text: one block per key (scw's SCW_* variables), each named by a comment. */
export function revealedEnv(keys: ReadonlyArray<{ organizationId: string; organizationName: string; oldAccessKey: string; accessKey: string; secretKey: string; bearerLabel: string }>): string {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ')
  const blocks = keys.map((k) =>
    [
      `# ${oneLine(k.organizationName)}: ${oneLine(k.bearerLabel)} (replaces ${k.oldAccessKey})`,
      `SCW_ACCESS_KEY=${k.accessKey}`,
      `SCW_SECRET_KEY=${k.secretKey}`,
      `SCW_DEFAULT_ORGANIZATION_ID=${k.organizationId}`,
    ].join('\n'),
  )
  const head = keys.length > 1 ? '# New API keys from IAM Desk, one block per key: keep the block each program needs.\n\n' : '# New API key from IAM Desk.\n'
  return `${head}${blocks.join('\n\n')}\n`
}

/** Writes revealed keys to a new file (never over an existing one), mode 0600. */
export async function writeRevealed(
  path: string,
  format: 'env' | 'json',
  keys: ReadonlyArray<{ organizationId: string; organizationName: string; oldAccessKey: string; accessKey: string; secretKey: string; description: string; bearerLabel: string }>,
): Promise<void> {
  const text = format === 'env' ? revealedEnv(keys) : `${JSON.stringify({ api_keys: keys.map((k) => ({ organization_id: k.organizationId, organization_name: k.organizationName, bearer: k.bearerLabel, description: k.description, replaces: k.oldAccessKey, access_key: k.accessKey, secret_key: k.secretKey })) }, null, 2)}\n`
  try {
    await writeNew(path, text, 0o600)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw new AppError('state_conflict', 'That file already exists: choose a new name (IAM Desk never overwrites a file with secrets).', { field: 'path' })
    throw new AppError('invalid_input', `The file could not be written${code ? ` (${code})` : ''}; the secrets are still waiting to be revealed.`, { field: 'path' })
  }
}

// SSH keys from this computer (docs/ssh-keys.md): the public keys of the SSH folder (~/.ssh by
// default, a setting), of the running ssh-agent and of files the user picks or drops, each
// matched against every organization's SSH keys (the matrix), and the jobs that upload, enable or
// remove them. Main reads the folder by strict rules and never opens a private key; only public
// keys cross this contract.
import { z } from 'zod'
import { LIMITS } from '../../domain/limits'
import { Id, Timestamp } from './common'
import { Job } from './jobs'

export const KeyFlag = z.object({
  /** not_accepted: Scaleway refuses the type (security keys, certificates); weak: RSA < 2048 bits, DSA. */
  code: z.enum(['not_accepted', 'weak']),
  reason: z.string(),
})
export type KeyFlag = z.infer<typeof KeyFlag>

export const LocalKeySource = z.discriminatedUnion('kind', [
  /** A .pub file of the SSH folder (line: where in the file). */
  z.object({ kind: z.literal('file'), path: z.string(), line: z.number().int() }),
  z.object({ kind: z.literal('agent') }),
  /** A file the user picked or dropped (its name only: the browser does not tell the path). */
  z.object({ kind: z.literal('picked'), name: z.string() }),
])
export type LocalKeySource = z.infer<typeof LocalKeySource>

export const LocalKey = z.object({
  /** The SHA256 fingerprint's hash: one row per key, however many files and agents hold it. */
  id: z.string(),
  type: z.string(),
  bits: z.number().int(),
  comment: z.string(),
  /** "<type> <base64>[ <comment>]": the text uploaded. */
  publicKey: z.string(),
  /** As `ssh-keygen -l` prints it: "256 SHA256:… alice@laptop (ED25519)". */
  sha256: z.string(),
  /** As Scaleway shows it: "256 MD5:aa:bb:… alice@laptop (ssh-ed25519)". */
  md5: z.string(),
  sources: z.array(LocalKeySource),
  flags: z.array(KeyFlag),
  /** False when Scaleway does not accept the type (a not_accepted flag). */
  accepted: z.boolean(),
  /** The name it gets when uploaded: its comment, else "<file name>@<host name>". */
  suggestedName: z.string(),
})
export type LocalKey = z.infer<typeof LocalKey>

export const FileVerdictCode = z.enum([
  'keys',
  'not_a_key_file',
  'private_key',
  'symlink_outside',
  'symlink_to_private',
  'directory',
  'fifo',
  'device',
  'socket',
  'not_regular',
  'unreadable',
  'empty',
  'too_large',
  'changed',
  'not_text',
  'broken_base64',
  'type_mismatch',
  'unknown_type',
  'truncated',
])
export type FileVerdictCode = z.infer<typeof FileVerdictCode>

/** One entry of the SSH folder (or one picked file) and what was made of it. */
export const FileVerdict = z.object({
  name: z.string(),
  path: z.string(),
  verdict: FileVerdictCode,
  reason: z.string(),
  /** How many keys it gave (0 unless verdict is "keys"). */
  keys: z.number().int(),
})
export type FileVerdict = z.infer<typeof FileVerdict>

export const AgentStatus = z.object({
  state: z.enum(['running', 'not_running', 'failed']),
  /** "No ssh-agent is running (SSH_AUTH_SOCK is not set)." or "3 keys in the ssh-agent." */
  message: z.string(),
  keys: z.number().int(),
})
export type AgentStatus = z.infer<typeof AgentStatus>

export const LocalScan = z.object({
  /** The SSH folder read, and whether it is the setting's (else ~/.ssh of the home folder). */
  folder: z.string(),
  folderFromSetting: z.boolean(),
  folderExists: z.boolean(),
  files: z.array(FileVerdict),
  agent: AgentStatus,
  /** Picked or dropped files, as read. */
  picked: z.array(FileVerdict),
  keys: z.array(LocalKey),
  hostName: z.string(),
})
export type LocalScan = z.infer<typeof LocalScan>

export const RemoteKey = z.object({
  organizationId: z.string(),
  id: z.string(),
  name: z.string(),
  disabled: z.boolean(),
  projectId: z.string(),
  fingerprint: z.string(),
  createdAt: Timestamp.nullable(),
})
export type RemoteKey = z.infer<typeof RemoteKey>

/**
 * present: on Scaleway under the key's own name; present_other_name: the same key under another
 * name; present_disabled: only disabled copies; missing; not_accepted: Scaleway refuses its type.
 */
export const CellState = z.enum(['present', 'present_other_name', 'present_disabled', 'missing', 'not_accepted'])
export type CellState = z.infer<typeof CellState>

/**
 * One column of the matrix: an organization, or one of its projects when its SSH keys sit in more
 * than one project (split). A single column is the project its keys are in (null: none known).
 */
export const MatrixColumn = z.object({
  organizationId: z.string(),
  projectId: z.string().nullable(),
  /** From the projects sync; null when the project is not synced (show its id). */
  projectName: z.string().nullable(),
  split: z.boolean(),
})
export type MatrixColumn = z.infer<typeof MatrixColumn>

export const MatrixCell = z.object({
  organizationId: z.string(),
  /** The column's project: an upload from this cell goes there. */
  projectId: z.string().nullable(),
  state: CellState,
  /** The organization's keys with this key's blob (any name; in the column's project when split). */
  remote: z.array(RemoteKey),
})
export type MatrixCell = z.infer<typeof MatrixCell>

export const KeyMatrix = z.object({
  scan: LocalScan,
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      defaultProjectId: z.string().nullable(),
      lastSyncAt: Timestamp.nullable(),
      /** Where a key can go: the synced projects, the default project and those its keys are in (name null when not synced). */
      projects: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    }),
  ),
  /** The columns, organizations in the sidebar's order; each row's cells follow them one for one. */
  columns: z.array(MatrixColumn),
  rows: z.array(z.object({ key: LocalKey, cells: z.array(MatrixCell) })),
  /** "On Scaleway, not on this computer": remote keys no local key matches, oldest first. */
  remoteOnly: z.array(RemoteKey.extend({ organizationName: z.string(), type: z.string() })),
})
export type KeyMatrix = z.infer<typeof KeyMatrix>

/** A file's text as the user picked or dropped it (the renderer reads at most 16 KiB + 1 of it). */
export const PickedFile = z.object({ name: z.string().max(255), text: z.string().max(16 * 1024 + 1) }).strict()
export type PickedFile = z.infer<typeof PickedFile>

export const ReadFileAnswer = z.object({ file: FileVerdict, keys: z.array(LocalKey) })
export type ReadFileAnswer = z.infer<typeof ReadFileAnswer>

export const UploadItem = z
  .object({
    organizationId: Id,
    /** The public key text (re-parsed by main: the same rules as a file). */
    publicKey: z.string().min(1).max(16 * 1024),
    name: z.string().trim().min(1).max(LIMITS.sshKeyName),
    /** The organization's default project when left out; "already there" is judged in this project. */
    projectId: Id.optional(),
  })
  .strict()
export type UploadItem = z.input<typeof UploadItem>

const KeyRef = z.object({ organizationId: Id, id: Id }).strict()

export const sshLocalCalls = {
  /** Reads the SSH folder, the ssh-agent and the picked files, and matches them with the cache. */
  'sshLocal.matrix': { input: z.object({ picked: z.array(PickedFile).max(50).optional() }).strict(), output: KeyMatrix },
  /** Reads one picked or dropped file by the same rules (for the "Add an SSH key" dialog). */
  'sshLocal.readFile': { input: PickedFile, output: ReadFileAnswer },
  /**
   * Electron: the native file dialog, then the chosen files read by main by the folder's rules.
   * Browser mode answers available: false (the page uses the browser's file input instead).
   */
  'sshLocal.chooseFiles': { input: z.object({}).strict(), output: z.object({ available: z.boolean(), files: z.array(ReadFileAnswer) }) },
  /**
   * Plans uploading keys: one step per key and organization; a key the project already has
   * (read fresh from Scaleway, not from the cache) is planned as skipped. Nothing is sent.
   */
  'sshLocal.planUpload': { input: z.object({ items: z.array(UploadItem).min(1).max(5000) }).strict(), output: Job },
  /** Plans enabling disabled keys. */
  'sshLocal.planEnable': { input: z.object({ keys: z.array(KeyRef).min(1).max(5000) }).strict(), output: Job },
  /** Plans deleting keys from their organizations (irreversible). */
  'sshLocal.planRemove': { input: z.object({ keys: z.array(KeyRef).min(1).max(5000) }).strict(), output: Job },
} as const

// The identities of the running ssh-agent, read with the agent protocol over SSH_AUTH_SOCK
// (draft-miller-ssh-agent §4.4: SSH_AGENTC_REQUEST_IDENTITIES → SSH_AGENT_IDENTITIES_ANSWER).
// Only the public halves ever cross the socket: the agent never hands out a private key.
// No `ssh-add` process is spawned, so this works where OpenSSH's tools are not installed.
import net from 'node:net'
import { parseKeyBlob, type ParsedPublicKey } from './public-key'

const REQUEST_IDENTITIES = 11
const IDENTITIES_ANSWER = 12
const FAILURE = 5
/** An agent answer larger than this is not a list of public keys. */
const MAX_ANSWER_BYTES = 1024 * 1024

export type AgentReading =
  | { state: 'running'; socket: string; keys: ParsedPublicKey[]; skipped: number }
  | { state: 'not_running' | 'failed'; socket: string | null; message: string }

export async function readAgent(socket: string | undefined, timeoutMs = 3000): Promise<AgentReading> {
  if (!socket) return { state: 'not_running', socket: null, message: 'No ssh-agent is running (SSH_AUTH_SOCK is not set).' }
  let answer: Buffer
  try {
    answer = await request(socket, Buffer.from([0, 0, 0, 1, REQUEST_IDENTITIES]), timeoutMs)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ECONNREFUSED') return { state: 'not_running', socket, message: `No ssh-agent answers at ${socket} (SSH_AUTH_SOCK): it is not running.` }
    return { state: 'failed', socket, message: `The ssh-agent at ${socket} could not be read: ${(err as Error).message}` }
  }
  const type = answer[0]
  if (type === FAILURE) return { state: 'failed', socket, message: 'The ssh-agent refused to list its keys.' }
  if (type !== IDENTITIES_ANSWER || answer.length < 5) return { state: 'failed', socket, message: 'The ssh-agent answered something other than its list of keys.' }
  const count = answer.readUInt32BE(1)
  const keys: ParsedPublicKey[] = []
  let skipped = 0
  let off = 5
  for (let i = 0; i < count; i++) {
    const blob = field(answer, off)
    if (!blob) return { state: 'failed', socket, message: 'The ssh-agent list of keys is cut short.' }
    off = blob.next
    const comment = field(answer, off)
    if (!comment) return { state: 'failed', socket, message: 'The ssh-agent list of keys is cut short.' }
    off = comment.next
    const parsed = parseKeyBlob(blob.bytes, comment.bytes.toString('utf8'))
    if ('problem' in parsed) skipped++
    else keys.push(parsed)
  }
  return { state: 'running', socket, keys, skipped }
}

function field(buf: Buffer, off: number): { bytes: Buffer; next: number } | null {
  if (off + 4 > buf.length) return null
  const len = buf.readUInt32BE(off)
  if (off + 4 + len > buf.length) return null
  return { bytes: buf.subarray(off + 4, off + 4 + len), next: off + 4 + len }
}

/** Sends one message and returns the body of the one answer (its type byte first). */
function request(socket: string, message: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket)
    let got = Buffer.alloc(0)
    const done = (err: Error | null, value?: Buffer) => {
      clearTimeout(timer)
      conn.destroy()
      if (err) reject(err)
      else resolve(value!)
    }
    const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs)
    conn.on('connect', () => conn.write(message))
    conn.on('error', (err) => done(err))
    conn.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk])
      if (got.length < 4) return
      const len = got.readUInt32BE(0)
      if (len > MAX_ANSWER_BYTES) return done(new Error('answer too large'))
      if (got.length >= 4 + len) done(null, got.subarray(4, 4 + len))
    })
    conn.on('end', () => done(new Error('the agent closed the connection')))
  })
}

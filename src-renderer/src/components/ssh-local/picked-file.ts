// A file the user picked (the browser's file input) or dropped on the window, made ready for
// main, which reads it by the same rules as the SSH folder (docs/ssh-keys.md). What can be
// refused here is refused before a byte is read, so a private key never even crosses to main:
// a file over 16 KiB, or one whose first line is a private key's.
import type { PickedFile } from '../../../../src-preload/contract'

export const MAX_KEY_FILE_BYTES = 16 * 1024
const PRIVATE = /^\s*(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|-----BEGIN SSH2 ENCRYPTED PRIVATE KEY-----|PuTTY-User-Key-File-)/

export async function pickedFile(file: File): Promise<{ ok: true; value: PickedFile } | { ok: false; message: string }> {
  if (file.size === 0) return { ok: false, message: `${file.name} is empty.` }
  if (file.size > MAX_KEY_FILE_BYTES) return { ok: false, message: `${file.name} is larger than a public key file can be (16 KiB at most): not read.` }
  const head = await file.slice(0, 80).text()
  if (PRIVATE.test(head)) return { ok: false, message: `${file.name} is a private key: IAM Desk never reads one. Choose the .pub file beside it.` }
  return { ok: true, value: { name: file.name.slice(0, 255), text: await file.text() } }
}

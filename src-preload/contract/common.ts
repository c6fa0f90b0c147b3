// Shapes every feature's contract shares.
import { z } from 'zod'

export const Id = z.string().min(1).max(200)
export const Timestamp = z.string()

export const ResourceKind = z.enum([
  'users',
  'applications',
  'groups',
  'policies',
  'api_keys',
  'ssh_keys',
  'permission_sets',
  'quota',
  'jwts',
  'logs',
])
export type ResourceKind = z.infer<typeof ResourceKind>

/** A Scaleway API object as it crossed the wire (snake_case). The views read known fields. */
export const ApiObject = z.record(z.string(), z.unknown())
export type ApiObject = z.infer<typeof ApiObject>

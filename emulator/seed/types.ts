import type { ApiKey, Application, Group, Jwt, Log, Policy, Rule, SshKey, User } from '../../domain/schemas'

/** How many objects of each kind one seeded organization holds (owner and its key included). */
export interface SeedSizes {
  users: number
  applications: number
  apiKeys: number
  groups: number
  policies: number
  sshKeys: number
  logs: number
  jwts: number
}

export const DEFAULT_SIZES: SeedSizes = {
  users: 12,
  applications: 6,
  apiKeys: 20,
  groups: 5,
  policies: 8,
  sshKeys: 4,
  logs: 60,
  jwts: 5,
}

/**
 * A project as the seed knows it; the store makes the Account API object of it (created when
 * given, else with the organization's owner; description empty unless given).
 */
export interface SeedProject {
  id: string
  name: string
  description?: string
  createdMs?: number
}

/** An API key as the seed knows it: the secret is kept so the server can authenticate it. */
export type SeedApiKey = ApiKey & { secret_key: string }

/**
 * One organization's full IAM state, every object in its wire shape (valid against
 * domain/schemas.ts). The server serves these objects after nulling
 * `secret_key` (it is only ever shown in the create response).
 */
export interface SeedOrganization {
  organization: { id: string; name: string }
  /** First = the default project, whose id equals the organization id (as on Scaleway). */
  projects: SeedProject[]
  owner: User
  ownerApiKey: SeedApiKey
  /** Owner first. */
  users: User[]
  applications: Application[]
  /** ownerApiKey included. */
  apiKeys: SeedApiKey[]
  groups: Group[]
  policies: Policy[]
  /** Rules of each policy, keyed by policy id (every policy has an entry, possibly empty). */
  rules: Record<string, Rule[]>
  sshKeys: SshKey[]
  logs: Log[]
  jwts: Jwt[]
}

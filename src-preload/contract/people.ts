// People: one row per person across organizations, matched by e-mail (case-insensitive), and
// applications matched by name the same way ("services"). Answered from the cache.
import { z } from 'zod'
import { Id, Timestamp } from './common'
import { ApiKey, Group, Jwt } from '../../domain/schemas'
import { AppliedPolicy } from './browse'

const GroupRef = z.object({ id: z.string(), name: z.string() })

/** One person in one organization. */
export const PersonMembership = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  userId: z.string(),
  type: z.string(),
  status: z.string().nullable(),
  mfa: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: Timestamp.nullable(),
  groups: z.array(GroupRef),
  apiKeys: z.number().int(),
})
export type PersonMembership = z.infer<typeof PersonMembership>

export const Person = z.object({
  /** The e-mail, lower-cased: the person's identity across organizations. */
  key: z.string(),
  email: z.string(),
  name: z.string(),
  memberships: z.array(PersonMembership),
})
export type Person = z.infer<typeof Person>

/** One application in one organization. */
export const ServiceMembership = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  applicationId: z.string(),
  groups: z.array(GroupRef),
  apiKeys: z.number().int(),
})
export type ServiceMembership = z.infer<typeof ServiceMembership>
export const Service = z.object({
  /** The name, lower-cased: the application's identity across organizations. */
  key: z.string(),
  name: z.string(),
  memberships: z.array(ServiceMembership),
})
export type Service = z.infer<typeof Service>

export const PeopleListInput = z
  .object({
    organizationIds: z.array(Id).max(500).optional(),
    search: z.string().max(200).optional(),
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(500),
  })
  .strict()
export type PeopleListInput = z.infer<typeof PeopleListInput>

export const PeoplePage = z.object({ total: z.number().int(), rows: z.array(Person) })
export type PeoplePage = z.infer<typeof PeoplePage>
export const ServicesPage = z.object({ total: z.number().int(), rows: z.array(Service) })
export type ServicesPage = z.infer<typeof ServicesPage>

/** A person's detail per organization: groups, policies (direct and through groups), API keys, sessions. */
export const PersonDetail = z.object({
  key: z.string(),
  email: z.string(),
  name: z.string(),
  organizations: z.array(
    PersonMembership.extend({
      groupObjects: z.array(Group),
      policies: z.array(AppliedPolicy),
      apiKeyObjects: z.array(ApiKey),
      jwts: z.array(Jwt),
    }),
  ),
})
export type PersonDetail = z.infer<typeof PersonDetail>

export const peopleCalls = {
  'people.list': { input: PeopleListInput, output: PeoplePage },
  'people.services': { input: PeopleListInput, output: ServicesPage },
  'people.detail': { input: z.object({ email: z.string().min(1).max(320), organizationIds: z.array(Id).max(500).optional() }).strict(), output: PersonDetail },
} as const

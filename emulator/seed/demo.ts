// The demo dataset: what a new user sees first. Three hand-written organizations whose
// contents tell a story (an admin group with IAMManager, developers scoped to projects, an
// orphaned policy, keys about to expire, a locked contractor, months of audit logs), with
// times relative to `now` so "expires in 3 days" stays true whenever the demo starts.
// Cross-organization work: a consultant of an outside firm is a member of all three
// organizations and a managed-services admin administers two (one user per organization, each
// with its own id, the same email, as on Scaleway); every organization has a `Developers` and an
// `Auditors` group (different members); `ci-deployer` is an application of two organizations.
import type { Group, Log } from '../../domain/schemas'
import { OrgBuilder, type Principal, type RuleInput } from './org-builder'
import { accessKey, DAY_MS, SeededRandom } from './random'
import { makePublicKey, type SshKeyType } from './ssh-keys'
import type { SeedApiKey, SeedOrganization } from './types'
import { BROWSER_USER_AGENTS, USER_AGENTS, publicIp, slug } from './vocabulary'

interface PersonSpec {
  first: string
  last: string
  locale: string
  /** Days since the account was created. */
  joined: number
  /** Days since last login; null = never logged in. */
  lastLogin: number | null
  mfa?: boolean
  locked?: boolean
  phone?: string
  tags?: string[]
}

type ScopeSpec = 'organization' | string[] // project names

/** Someone who belongs to several organizations: the same email everywhere. */
interface SharedPerson {
  first: string
  last: string
  email: string
  locale: string
  mfa: boolean
  /** Days since last login (the same account logs into every organization). */
  lastLogin: number
  tags: string[]
}

/** The consultant of an outside firm, member of all three demo organizations. */
export const DEMO_CONSULTANT: SharedPerson = {
  first: 'Sam',
  last: 'Whitfield',
  email: 'sam.whitfield@brightline-consulting.com',
  locale: 'en_US',
  mfa: true,
  lastLogin: 2,
  tags: ['consultant'],
}

/** The managed-services admin who administers Northwind Analytics and Kestrel Robotics. */
export const DEMO_SHARED_ADMIN: SharedPerson = {
  first: 'Ingrid',
  last: 'Halvorsen',
  email: 'ingrid.halvorsen@fjordops.eu',
  locale: 'en_US',
  mfa: true,
  lastLogin: 1,
  tags: ['managed-services'],
}

interface SharedMembership {
  who: SharedPerson
  /** Days since this organization invited them. */
  joined: number
  /** Group names of this organization (existing or in `lateGroups`). */
  groups: string[]
  apiKey?: { description: string; ageDays: number; expiresInDays: number | null }
}

type GroupSpec = { name: string; description: string; users: number[]; applications: string[]; tags?: string[] }
type PolicySpec = {
  name: string
  description: string
  principal: { group: string } | { user: number } | { application: string } | 'none'
  rules: Array<{ sets: string[]; scope: ScopeSpec; condition?: string }>
  tags?: string[]
}

interface OrgSpec {
  name: string
  domain: string
  ageDays: number
  projects: string[]
  people: PersonSpec[] // first = owner
  applications: Array<{ name: string; description: string; ageDays: number; tags?: string[] }>
  groups: GroupSpec[]
  policies: PolicySpec[]
  /** bearer: person index or application name; expires in days from now (negative = expired), null = never. */
  apiKeys: Array<{ bearer: number | string; description: string; ageDays: number; expiresInDays: number | null; project?: string }>
  sshKeys: Array<{ person: number; name: string; type: SshKeyType; comment: boolean; ageDays: number; disabled?: boolean }>
  /**
   * Built after everything above (the seeded random sequence of the rest is unchanged, so ids,
   * access keys and SSH keys stay what they were before these were added): groups and their
   * policies, then the people shared with other organizations.
   */
  lateGroups?: GroupSpec[]
  latePolicies?: PolicySpec[]
  shared?: SharedMembership[]
}

const NORTHWIND: OrgSpec = {
  name: 'Northwind Analytics',
  domain: 'northwind-analytics.com',
  ageDays: 1460,
  projects: ['production', 'staging', 'data-lake'],
  people: [
    { first: 'Margaret', last: 'Hale', locale: 'en_US', joined: 1460, lastLogin: 0, mfa: true, phone: '+1 415 555 0142' },
    { first: 'Daniel', last: 'Okafor', locale: 'en_US', joined: 1300, lastLogin: 1, mfa: true, tags: ['platform'] },
    { first: 'Priya', last: 'Raman', locale: 'en_US', joined: 980, lastLogin: 0, mfa: true, tags: ['data'] },
    { first: 'Tom', last: 'Becker', locale: 'de_DE', joined: 720, lastLogin: 3, mfa: false, tags: ['data'] },
    { first: 'Sofia', last: 'Lindqvist', locale: 'en_US', joined: 610, lastLogin: 12, mfa: true },
    { first: 'Lucas', last: 'Moreau', locale: 'fr_FR', joined: 400, lastLogin: 45, mfa: false },
    { first: 'Hannah', last: 'Kim', locale: 'en_US', joined: 240, lastLogin: 2, mfa: true, tags: ['finance'] },
    { first: 'Oscar', last: 'Reyes', locale: 'en_US', joined: 150, lastLogin: 90, locked: true, tags: ['contractor'] },
    { first: 'Emily', last: 'Walsh', locale: 'en_US', joined: 20, lastLogin: null },
    { first: 'Jonas', last: 'Weber', locale: 'de_DE', joined: 6, lastLogin: null },
  ],
  applications: [
    { name: 'ci-deployer', description: 'GitHub Actions deployments to production and staging', ageDays: 1100, tags: ['ci'] },
    { name: 'terraform', description: 'Infrastructure as code (Terraform Cloud)', ageDays: 1200, tags: ['iac'] },
    { name: 'backup-agent', description: 'Nightly database dumps to Object Storage', ageDays: 800 },
    { name: 'grafana-exporter', description: 'Exports Cockpit metrics to the shared Grafana', ageDays: 300 },
    { name: 'dbt-runner', description: 'Runs dbt models against the warehouse', ageDays: 120, tags: ['data'] },
  ],
  groups: [
    { name: 'Administrators', description: 'Full IAM and organization administration', users: [0, 1], applications: [] },
    { name: 'Developers', description: 'Application engineers', users: [1, 2, 3, 5, 8], applications: ['ci-deployer'] },
    { name: 'Data team', description: 'Analysts and data engineers', users: [2, 3, 9], applications: ['dbt-runner'] },
    { name: 'Billing', description: 'Invoices and budgets', users: [6], applications: [] },
    { name: 'Auditors', description: 'External and internal auditors', users: [4, 7], applications: [] },
  ],
  policies: [
    { name: 'Administrators - IAM', description: 'Admins manage IAM and the organization', principal: { group: 'Administrators' }, rules: [
      { sets: ['IAMManager', 'OrganizationManager', 'ProjectManager'], scope: 'organization' },
      { sets: ['AllProductsFullAccess'], scope: 'organization' },
    ] },
    { name: 'Developers - production and staging', description: 'Deploy and operate the product', principal: { group: 'Developers' }, rules: [
      { sets: ['InstancesFullAccess', 'KubernetesFullAccess', 'ContainerRegistryFullAccess', 'LoadBalancersFullAccess'], scope: ['staging'] },
      { sets: ['InstancesReadOnly', 'KubernetesReadOnly', 'ContainerRegistryReadOnly', 'CockpitReadOnly'], scope: ['production'] },
    ] },
    { name: 'Data team - data lake', description: 'Object Storage and databases of the data lake', principal: { group: 'Data team' }, rules: [
      { sets: ['ObjectStorageFullAccess', 'RelationalDatabasesFullAccess', 'DataWarehouseFullAccess'], scope: ['data-lake'] },
    ] },
    { name: 'Billing access', description: 'Invoices, budgets and support', principal: { group: 'Billing' }, rules: [
      { sets: ['BillingManager', 'SupportTicketManager'], scope: 'organization' },
    ] },
    { name: 'Auditors read-only', description: 'Read everything, change nothing', principal: { group: 'Auditors' }, rules: [
      { sets: ['IAMReadOnly', 'AuditTrailReadOnly', 'BillingReadOnly'], scope: 'organization' },
      { sets: ['AllProductsReadOnly'], scope: 'organization' },
    ] },
    { name: 'CI deploys', description: 'Push images and roll out deployments', principal: { application: 'ci-deployer' }, rules: [
      { sets: ['ContainerRegistryFullAccess', 'KubernetesFullAccess', 'ServerlessContainersFullAccess'], scope: ['production', 'staging'] },
    ] },
    { name: 'Terraform', description: 'Everything Terraform manages', principal: { application: 'terraform' }, rules: [
      { sets: ['AllProductsFullAccess'], scope: ['production', 'staging', 'data-lake'] },
      { sets: ['IAMManager'], scope: 'organization', condition: "request.user_agent == 'terraform-provider-scaleway/v2.50.0'" },
    ], tags: ['managed-by=terraform'] },
    { name: 'Backups to object storage', description: 'Write-only access to the backup buckets', principal: { application: 'backup-agent' }, rules: [
      { sets: ['ObjectStorageObjectsWrite', 'ObjectStorageBucketsRead', 'RelationalDatabasesReadOnly'], scope: ['production'] },
    ] },
    { name: 'Monitoring read', description: 'Cockpit metrics export', principal: { application: 'grafana-exporter' }, rules: [
      { sets: ['CockpitReadOnly', 'InstancesReadOnly'], scope: ['production', 'staging'] },
    ] },
    { name: 'Legacy contractor access', description: 'Left over from the 2023 migration project', principal: 'none', rules: [
      { sets: ['InstancesFullAccess', 'VPCFullAccess', 'IPAMReadOnly'], scope: ['staging'] },
    ] },
    { name: 'Finance dashboards', description: 'Hannah reads consumption for the monthly report', principal: { user: 6 }, rules: [
      { sets: ['BillingReadOnly'], scope: 'organization' },
    ] },
  ],
  apiKeys: [
    { bearer: 0, description: 'Margaret - laptop CLI', ageDays: 1400, expiresInDays: null },
    { bearer: 1, description: 'Daniel - scw CLI', ageDays: 200, expiresInDays: 165 },
    { bearer: 2, description: 'Priya - notebooks', ageDays: 85, expiresInDays: 5 },
    { bearer: 3, description: 'Tom - old laptop', ageDays: 400, expiresInDays: -35 },
    { bearer: 7, description: 'Oscar - contractor', ageDays: 150, expiresInDays: -60 },
    { bearer: 'ci-deployer', description: 'GitHub Actions (production)', ageDays: 900, expiresInDays: null, project: 'production' },
    { bearer: 'ci-deployer', description: 'GitHub Actions (staging)', ageDays: 30, expiresInDays: 2, project: 'staging' },
    { bearer: 'terraform', description: 'Terraform Cloud workspace', ageDays: 1150, expiresInDays: null },
    { bearer: 'backup-agent', description: 'nightly backups', ageDays: 780, expiresInDays: 320, project: 'production' },
    { bearer: 'backup-agent', description: 'previous backup key', ageDays: 1000, expiresInDays: -220, project: 'production' },
    { bearer: 'grafana-exporter', description: '', ageDays: 290, expiresInDays: 6 },
    { bearer: 'dbt-runner', description: 'dbt Cloud', ageDays: 100, expiresInDays: 265, project: 'data-lake' },
  ],
  sshKeys: [
    { person: 0, name: 'margaret-macbook', type: 'ssh-ed25519', comment: true, ageDays: 1300 },
    { person: 1, name: 'daniel-workstation', type: 'ssh-rsa', comment: true, ageDays: 1250 },
    { person: 1, name: 'daniel-yubikey', type: 'ecdsa-sha2-nistp256', comment: false, ageDays: 300 },
    { person: 2, name: 'priya-laptop', type: 'ssh-ed25519', comment: true, ageDays: 900 },
    { person: 3, name: 'bastion', type: 'ecdsa-sha2-nistp384', comment: true, ageDays: 650 },
    { person: 7, name: 'oscar-contractor', type: 'ssh-rsa', comment: true, ageDays: 150, disabled: true },
  ],
  shared: [
    { who: DEMO_SHARED_ADMIN, joined: 700, groups: ['Administrators'] },
    { who: DEMO_CONSULTANT, joined: 210, groups: ['Developers'], apiKey: { description: 'Sam Whitfield - Brightline laptop', ageDays: 200, expiresInDays: 25 } },
  ],
}

const ATELIER: OrgSpec = {
  name: 'Atelier Lumière',
  domain: 'atelier-lumiere.fr',
  ageDays: 900,
  projects: ['production', 'preprod'],
  people: [
    { first: 'Camille', last: 'Durand', locale: 'fr_FR', joined: 900, lastLogin: 1, mfa: true, phone: '+33 6 12 34 56 78' },
    { first: 'Théo', last: 'Lefèvre', locale: 'fr_FR', joined: 850, lastLogin: 0, mfa: true },
    { first: 'Inès', last: 'Bouchard', locale: 'fr_FR', joined: 500, lastLogin: 4, mfa: false },
    { first: 'Hugo', last: 'Fontaine', locale: 'fr_FR', joined: 380, lastLogin: 30, mfa: true },
    { first: 'Chloé', last: 'Marchand', locale: 'fr_FR', joined: 200, lastLogin: 7, mfa: false, tags: ['compta'] },
    { first: 'Sarah', last: 'Cohen', locale: 'en_US', joined: 60, lastLogin: null },
    { first: 'Julien', last: 'Roux', locale: 'fr_FR', joined: 330, lastLogin: 120, locked: true, tags: ['freelance'] },
  ],
  applications: [
    { name: 'site-deployer', description: 'Déploiement du site vitrine', ageDays: 800 },
    { name: 'backup-agent', description: 'Sauvegardes quotidiennes', ageDays: 700 },
    { name: 'image-resizer', description: 'Serverless function generating thumbnails', ageDays: 250 },
  ],
  groups: [
    { name: 'Administrateurs', description: 'Gestion complète', users: [0, 1], applications: [] },
    { name: 'Developers', description: 'Equipe technique', users: [1, 2, 3, 6], applications: ['site-deployer'] },
    { name: 'Comptabilite', description: 'Factures et budgets', users: [4], applications: [] },
  ],
  policies: [
    { name: 'Administrateurs', description: 'Accès complet', principal: { group: 'Administrateurs' }, rules: [
      { sets: ['IAMManager', 'OrganizationManager'], scope: 'organization' },
      { sets: ['AllProductsFullAccess'], scope: ['production', 'preprod'] },
    ] },
    { name: 'Developpeurs - preprod', description: 'Instances, conteneurs et fonctions en préproduction', principal: { group: 'Developers' }, rules: [
      { sets: ['InstancesFullAccess', 'ServerlessFunctionsFullAccess', 'ServerlessContainersFullAccess', 'ObjectStorageFullAccess'], scope: ['preprod'] },
      { sets: ['CockpitReadOnly', 'DomainsDNSReadOnly'], scope: ['production'] },
    ] },
    { name: 'Comptabilite', description: 'Facturation', principal: { group: 'Comptabilite' }, rules: [
      { sets: ['BillingManager'], scope: 'organization' },
    ] },
    { name: 'Site deploys', description: '', principal: { application: 'site-deployer' }, rules: [
      { sets: ['ObjectStorageObjectsWrite', 'ObjectStorageObjectsRead', 'EdgeServicesCachePurge'], scope: ['production'] },
    ] },
    { name: 'Thumbnails', description: 'Read originals, write thumbnails', principal: { application: 'image-resizer' }, rules: [
      { sets: ['ObjectStorageObjectsRead', 'ObjectStorageObjectsWrite'], scope: ['production'], condition: "request.ip == '51.159.10.10'" },
    ] },
    { name: 'Ancien prestataire', description: 'Policy orpheline : le groupe a été supprimé', principal: 'none', rules: [
      { sets: ['DomainsDNSFullAccess', 'TransactionalEmailFullAccess'], scope: ['production'] },
    ] },
  ],
  apiKeys: [
    { bearer: 0, description: 'Camille - CLI', ageDays: 880, expiresInDays: null },
    { bearer: 1, description: 'Théo - terraform local', ageDays: 45, expiresInDays: 3 },
    { bearer: 2, description: '', ageDays: 300, expiresInDays: -12 },
    { bearer: 'site-deployer', description: 'GitLab CI', ageDays: 790, expiresInDays: null, project: 'production' },
    { bearer: 'backup-agent', description: 'restic', ageDays: 690, expiresInDays: 60, project: 'production' },
    { bearer: 'image-resizer', description: 'function runtime', ageDays: 240, expiresInDays: null, project: 'production' },
  ],
  sshKeys: [
    { person: 0, name: 'camille-mbp', type: 'ssh-ed25519', comment: true, ageDays: 850 },
    { person: 1, name: 'theo-fixe', type: 'ssh-ed25519', comment: true, ageDays: 700 },
    { person: 2, name: 'deploy', type: 'ecdsa-sha2-nistp256', comment: false, ageDays: 400 },
  ],
  lateGroups: [
    { name: 'Auditors', description: 'Audit annuel des accès', users: [4], applications: [] },
  ],
  latePolicies: [
    { name: 'Auditeurs - lecture seule', description: 'Lecture seule pour l\'audit', principal: { group: 'Auditors' }, rules: [
      { sets: ['IAMReadOnly', 'AuditTrailReadOnly'], scope: 'organization' },
    ] },
  ],
  shared: [
    { who: DEMO_CONSULTANT, joined: 95, groups: ['Auditors'] },
  ],
}

const KESTREL: OrgSpec = {
  name: 'Kestrel Robotics',
  domain: 'kestrel-robotics.de',
  ageDays: 1200,
  projects: ['production', 'staging', 'simulation', 'firmware-ci'],
  people: [
    { first: 'Lukas', last: 'Hoffmann', locale: 'de_DE', joined: 1200, lastLogin: 0, mfa: true, phone: '+49 30 1234567' },
    { first: 'Anna', last: 'Schneider', locale: 'de_DE', joined: 1100, lastLogin: 2, mfa: true },
    { first: 'Felix', last: 'Wagner', locale: 'de_DE', joined: 950, lastLogin: 1, mfa: true, tags: ['firmware'] },
    { first: 'Mia', last: 'Fischer', locale: 'de_DE', joined: 700, lastLogin: 5, mfa: false, tags: ['simulation'] },
    { first: 'Jakob', last: 'Richter', locale: 'de_DE', joined: 640, lastLogin: 60, mfa: false },
    { first: 'Elena', last: 'Novak', locale: 'en_US', joined: 420, lastLogin: 9, mfa: true },
    { first: 'Ben', last: 'Carter', locale: 'en_US', joined: 310, lastLogin: 200, locked: true, tags: ['contractor'] },
    { first: 'Lea', last: 'Zimmermann', locale: 'de_DE', joined: 90, lastLogin: 3, mfa: true },
    { first: 'Noah', last: 'Braun', locale: 'de_DE', joined: 14, lastLogin: null },
  ],
  applications: [
    { name: 'ci-deployer', description: 'Jenkins deployments', ageDays: 1000 },
    { name: 'terraform', description: 'Atlantis', ageDays: 1100, tags: ['iac'] },
    { name: 'sim-scheduler', description: 'Schedules GPU simulation jobs', ageDays: 600, tags: ['simulation'] },
    { name: 'grafana-exporter', description: 'Fleet telemetry dashboards', ageDays: 500 },
    { name: 'firmware-signer', description: 'Signs firmware images with Key Manager', ageDays: 250, tags: ['security'] },
    { name: 'backup-agent', description: 'Velero backups', ageDays: 400 },
  ],
  groups: [
    { name: 'Administrators', description: 'Platform administrators', users: [0, 1], applications: [] },
    { name: 'Developers', description: 'Robotics software', users: [2, 3, 4, 5, 7], applications: ['ci-deployer'] },
    { name: 'Simulation', description: 'GPU simulation', users: [3, 5], applications: ['sim-scheduler'] },
    { name: 'Billing', description: 'Finance', users: [1], applications: [] },
    { name: 'Auditors', description: 'ISO 27001 auditors', users: [6], applications: [] },
    { name: 'Firmware', description: 'Firmware release managers', users: [2], applications: ['firmware-signer'] },
  ],
  policies: [
    { name: 'Administrators', description: 'Full administration', principal: { group: 'Administrators' }, rules: [
      { sets: ['IAMManager', 'OrganizationManager', 'ProjectManager', 'BillingManager'], scope: 'organization' },
      { sets: ['AllProductsFullAccess'], scope: 'organization' },
    ] },
    { name: 'Developers', description: 'Staging full access, production read-only', principal: { group: 'Developers' }, rules: [
      { sets: ['KubernetesFullAccess', 'ContainerRegistryFullAccess', 'InstancesFullAccess', 'SecretManagerFullAccess'], scope: ['staging'] },
      { sets: ['KubernetesReadOnly', 'CockpitFullAccess'], scope: ['production'] },
    ] },
    { name: 'Simulation GPUs', description: '', principal: { group: 'Simulation' }, rules: [
      { sets: ['GPUInstancesFullAccess', 'ServerlessJobsFullAccess', 'ObjectStorageFullAccess'], scope: ['simulation'] },
    ] },
    { name: 'Billing', description: '', principal: { group: 'Billing' }, rules: [
      { sets: ['BillingReadOnly', 'SupportTicketReadOnly'], scope: 'organization' },
    ] },
    { name: 'Auditors', description: 'Read-only for audits', principal: { group: 'Auditors' }, rules: [
      { sets: ['IAMReadOnly', 'AuditTrailReadOnly', 'OrganizationReadOnly'], scope: 'organization' },
    ] },
    { name: 'Firmware signing', description: 'Sign firmware with the release key', principal: { group: 'Firmware' }, rules: [
      { sets: ['KeyManagerSign', 'SecretManagerSecretAccess'], scope: ['firmware-ci'], condition: "request.ip == '163.172.20.20'" },
    ] },
    { name: 'Terraform', description: '', principal: { application: 'terraform' }, rules: [
      { sets: ['AllProductsFullAccess'], scope: 'organization' },
      { sets: ['IAMManager'], scope: 'organization' },
    ], tags: ['managed-by=terraform'] },
    { name: 'CI deploys', description: '', principal: { application: 'ci-deployer' }, rules: [
      { sets: ['ContainerRegistryPush', 'KubernetesFullAccess'], scope: ['staging', 'production'] },
    ] },
    { name: 'Velero backups', description: '', principal: { application: 'backup-agent' }, rules: [
      { sets: ['ObjectStorageFullAccess', 'BlockStorageReadOnly'], scope: ['production'] },
    ] },
    { name: 'Old monitoring', description: 'Detached when the monitoring group was removed', principal: 'none', rules: [
      { sets: ['CockpitReadOnly'], scope: ['production'] },
    ] },
  ],
  apiKeys: [
    { bearer: 0, description: 'Lukas - scw', ageDays: 1150, expiresInDays: null },
    { bearer: 1, description: 'Anna - laptop', ageDays: 400, expiresInDays: 1 },
    { bearer: 2, description: 'Felix - firmware tooling', ageDays: 90, expiresInDays: 275 },
    { bearer: 6, description: 'Ben - contractor', ageDays: 300, expiresInDays: -100 },
    { bearer: 'ci-deployer', description: 'Jenkins', ageDays: 990, expiresInDays: null, project: 'staging' },
    { bearer: 'terraform', description: 'Atlantis', ageDays: 1080, expiresInDays: null },
    { bearer: 'sim-scheduler', description: 'scheduler', ageDays: 580, expiresInDays: -3, project: 'simulation' },
    { bearer: 'sim-scheduler', description: 'scheduler (rotated)', ageDays: 4, expiresInDays: 360, project: 'simulation' },
    { bearer: 'grafana-exporter', description: '', ageDays: 480, expiresInDays: 4 },
    { bearer: 'firmware-signer', description: 'HSM bridge', ageDays: 240, expiresInDays: null, project: 'firmware-ci' },
  ],
  sshKeys: [
    { person: 0, name: 'lukas-thinkpad', type: 'ssh-ed25519', comment: true, ageDays: 1100 },
    { person: 2, name: 'felix-build', type: 'ssh-rsa', comment: false, ageDays: 900 },
    { person: 3, name: 'sim-cluster', type: 'ecdsa-sha2-nistp256', comment: true, ageDays: 600 },
    { person: 5, name: 'elena-laptop', type: 'ssh-ed25519', comment: true, ageDays: 400 },
    { person: 6, name: 'contractor', type: 'ssh-ed25519', comment: true, ageDays: 300, disabled: true },
  ],
  shared: [
    { who: DEMO_SHARED_ADMIN, joined: 480, groups: ['Administrators'] },
    { who: DEMO_CONSULTANT, joined: 320, groups: ['Developers', 'Auditors'], apiKey: { description: 'Sam Whitfield - Brightline CI', ageDays: 310, expiresInDays: -20 } },
  ],
}

const SPECS = [NORTHWIND, ATELIER, KESTREL]

export function demoOrganizations(now: Date): SeedOrganization[] {
  const accessKeys = new Set<string>()
  // A fixed seed: the demo is the same every time, only its dates move with `now`.
  return SPECS.map((spec, index) => buildDemo(spec, new SeededRandom(0x5eed + index), now.getTime(), accessKeys))
}

function buildDemo(spec: OrgSpec, rng: SeededRandom, nowMs: number, accessKeys: Set<string>): SeedOrganization {
  const org = new OrgBuilder(rng, spec.name, accessKeys)
  const ago = (days: number): number => nowMs - days * DAY_MS - rng.int(0, 6 * 3_600_000)
  const orgCreatedMs = nowMs - spec.ageDays * DAY_MS
  const projectIds = new Map<string, string>([['default', org.organizationId]])
  for (const name of spec.projects) projectIds.set(name, org.addProject(name).id)
  const project = (name: string): string => {
    const id = projectIds.get(name)
    if (id === undefined) throw new Error(`demo refers to unknown project ${name}`)
    return id
  }

  const people = spec.people.map((p, i) => {
    const username = `${slug(p.first)}.${slug(p.last)}`
    const createdMs = i === 0 ? orgCreatedMs : ago(p.joined)
    return org.addUser({
      owner: i === 0,
      email: `${username}@${spec.domain}`,
      username,
      first_name: p.first,
      last_name: p.last,
      phone_number: p.phone ?? '',
      locale: p.locale,
      createdMs,
      updatedMs: Math.max(createdMs, ago(Math.min(p.joined, 30))),
      lastLoginMs: p.lastLogin === null ? null : ago(p.lastLogin),
      mfa: p.mfa ?? false,
      locked: p.locked ?? false,
      tags: p.tags ?? [],
    })
  })
  const person = (index: number): string => {
    const p = people[index]
    if (p === undefined) throw new Error(`demo refers to unknown person #${index}`)
    return p.id
  }

  const apps = new Map(
    spec.applications.map((a) => [a.name, org.addApplication({ name: a.name, description: a.description, createdMs: ago(a.ageDays), updatedMs: ago(Math.min(a.ageDays, 20)), tags: a.tags ?? [] })]),
  )
  const app = (name: string): string => {
    const a = apps.get(name)
    if (a === undefined) throw new Error(`demo refers to unknown application ${name}`)
    return a.id
  }

  const keys: SeedApiKey[] = spec.apiKeys.map((k) =>
    org.addApiKey({
      bearer: typeof k.bearer === 'number' ? { user_id: person(k.bearer) } : { application_id: app(k.bearer) },
      description: k.description,
      createdMs: ago(k.ageDays),
      updatedMs: ago(Math.max(0, k.ageDays - 1)),
      expiresMs: k.expiresInDays === null ? null : nowMs + k.expiresInDays * DAY_MS,
      default_project_id: project(k.project ?? 'default'),
      creation_ip: publicIp(rng),
    }),
  )

  const groups = new Map<string, Group>()
  const addGroup = (g: GroupSpec, createdMs: number): void => {
    groups.set(
      g.name,
      org.addGroup({ name: g.name, description: g.description, user_ids: g.users.map(person), application_ids: g.applications.map(app), createdMs, updatedMs: createdMs + DAY_MS, tags: g.tags ?? [] }),
    )
  }
  spec.groups.forEach((g, i) => addGroup(g, orgCreatedMs + (i + 1) * 3 * DAY_MS))

  const addPolicy = (p: PolicySpec, createdMs: number): void => {
    let principal: Principal
    if (p.principal === 'none') principal = { no_principal: true }
    else if ('group' in p.principal) {
      const g = groups.get(p.principal.group)
      if (g === undefined) throw new Error(`demo refers to unknown group ${p.principal.group}`)
      principal = { group_id: g.id }
    } else if ('user' in p.principal) principal = { user_id: person(p.principal.user) }
    else principal = { application_id: app(p.principal.application) }
    const rules: RuleInput[] = p.rules.map((r) =>
      r.scope === 'organization'
        ? { permission_set_names: r.sets, organization_id: org.organizationId, condition: r.condition ?? '' }
        : { permission_set_names: r.sets, project_ids: r.scope.map(project), condition: r.condition ?? '' },
    )
    org.addPolicy({ name: p.name, description: p.description, principal, rules, createdMs, updatedMs: Math.max(createdMs, ago(rng.int(5, 200))), tags: p.tags ?? [] })
  }
  spec.policies.forEach((p, i) => addPolicy(p, orgCreatedMs + (i + 2) * 4 * DAY_MS))

  let rsaIndex = 0
  for (const s of spec.sshKeys) {
    const holder = people[s.person]
    const comment = s.comment && holder !== undefined ? `${holder.username}@${s.name}` : ''
    org.addSshKey({
      name: s.name,
      public_key: makePublicKey(rng, s.type, comment, s.type === 'ssh-rsa' ? rsaIndex++ : 0),
      createdMs: ago(s.ageDays),
      updatedMs: ago(Math.max(0, s.ageDays - 10)),
      disabled: s.disabled ?? false,
    })
  }

  addDemoLogs(org, rng, nowMs, keys)

  // Console sessions of the people who logged in recently.
  for (const p of people) {
    if (p.last_login_at === null) continue
    const loginMs = Date.parse(p.last_login_at)
    if (nowMs - loginMs > 30 * DAY_MS) continue
    const ua = rng.pick(BROWSER_USER_AGENTS)
    const ip = publicIp(rng)
    org.addJwt({ userId: p.id, createdMs: loginMs, updatedMs: Math.min(nowMs, loginMs + 3_600_000), expiresMs: loginMs + 30 * DAY_MS, ip, user_agent: ua })
    if (rng.chance(0.4)) {
      const earlier = loginMs - rng.int(20, 60) * DAY_MS
      org.addJwt({ userId: p.id, createdMs: earlier, expiresMs: earlier + 30 * DAY_MS, ip: publicIp(rng), user_agent: ua })
    }
  }

  // Everything below comes after the rest on purpose: see OrgSpec.lateGroups.
  for (const g of spec.lateGroups ?? []) addGroup(g, ago(120))
  for (const p of spec.latePolicies ?? []) addPolicy(p, ago(118))
  for (const m of spec.shared ?? []) addSharedPerson(org, rng, nowMs, ago, m, groups)

  return org.build()
}

/** One organization's user for someone who also belongs to others, with its groups, key, session and logs. */
function addSharedPerson(
  org: OrgBuilder,
  rng: SeededRandom,
  nowMs: number,
  ago: (days: number) => number,
  m: SharedMembership,
  groups: ReadonlyMap<string, Group>,
): void {
  const w = m.who
  const username = `${slug(w.first)}.${slug(w.last)}`
  const createdMs = ago(m.joined)
  const loginMs = ago(w.lastLogin)
  const user = org.addUser({
    email: w.email,
    username,
    first_name: w.first,
    last_name: w.last,
    locale: w.locale,
    createdMs,
    updatedMs: Math.max(createdMs, ago(Math.min(m.joined, 30))),
    lastLoginMs: loginMs,
    mfa: w.mfa,
    tags: w.tags,
  })
  for (const name of m.groups) {
    const g = groups.get(name)
    if (g === undefined) throw new Error(`demo refers to unknown group ${name}`)
    g.user_ids.push(user.id)
  }
  const owner = org.users[0]
  const windowStart = nowMs - 150 * DAY_MS
  // Older than the five months of logs: logged at a random time inside them instead.
  const within = (ms: number): number => (ms >= windowStart ? ms + 1000 : windowStart + rng.next() * (nowMs - windowStart))
  const log = (ms: number, action: Log['action'], resource_type: Log['resource_type'], resource_id: string): void => {
    org.addLog({ createdMs: Math.min(ms, nowMs - 60_000), ip: publicIp(rng), user_agent: rng.pick(USER_AGENTS), action, bearer_id: owner?.id ?? user.id, resource_type, resource_id })
  }
  const joinedMs = within(createdMs)
  log(joinedMs, 'created', 'user', user.id)
  for (const name of m.groups) log(joinedMs + rng.int(1, 48) * 3_600_000, 'updated', 'group', groups.get(name)?.id ?? '')
  if (m.apiKey) {
    const k = m.apiKey
    const key = org.addApiKey({
      bearer: { user_id: user.id },
      description: k.description,
      createdMs: ago(k.ageDays),
      updatedMs: ago(Math.max(0, k.ageDays - 1)),
      expiresMs: k.expiresInDays === null ? null : nowMs + k.expiresInDays * DAY_MS,
      default_project_id: org.organizationId,
      creation_ip: publicIp(rng),
    })
    log(within(Date.parse(key.created_at ?? '')), 'created', 'api_key', key.access_key)
  }
  org.addJwt({ userId: user.id, createdMs: loginMs, updatedMs: Math.min(nowMs, loginMs + 3_600_000), expiresMs: loginMs + 30 * DAY_MS, ip: publicIp(rng), user_agent: rng.pick(BROWSER_USER_AGENTS) })
}

/** Five months of audit trail: the visible objects' recent edits plus churn of since-deleted ones. */
function addDemoLogs(org: OrgBuilder, rng: SeededRandom, nowMs: number, keys: readonly SeedApiKey[]): void {
  const admins = org.users.slice(0, 2)
  const automation = org.applications.find((a) => a.name === 'terraform') ?? org.applications[0]
  const windowStart = nowMs - 150 * DAY_MS
  const within = (createdAt: string | null): number => {
    const t = createdAt === null ? windowStart : Date.parse(createdAt)
    return t >= windowStart ? t + 1000 : windowStart + rng.next() * (nowMs - windowStart)
  }
  const log = (createdMs: number, action: Log['action'], resource_type: Log['resource_type'], resource_id: string): void => {
    const byAutomation = automation !== undefined && rng.chance(0.35)
    const bearer = byAutomation ? automation.id : rng.pick(admins).id
    const user_agent = byAutomation
      ? rng.pick(USER_AGENTS.filter((ua) => ua.startsWith('terraform') || ua.startsWith('scaleway-cli')))
      : rng.pick(USER_AGENTS)
    org.addLog({ createdMs: Math.min(createdMs, nowMs - 60_000), ip: publicIp(rng), user_agent, action, bearer_id: bearer, resource_type, resource_id })
  }
  for (const k of keys) log(within(k.created_at), 'created', 'api_key', k.access_key)
  for (const u of org.users.slice(1)) log(within(u.created_at), 'created', 'user', u.id)
  for (const u of org.users.filter((x) => x.locked)) log(nowMs - rng.int(10, 100) * DAY_MS, 'updated', 'user', u.id)
  for (const a of org.applications) log(within(a.created_at), 'updated', 'application', a.id)
  for (const g of org.groups) {
    for (let i = rng.int(1, 3); i > 0; i--) log(nowMs - rng.int(1, 149) * DAY_MS, 'updated', 'group', g.id)
  }
  for (const p of org.policies) log(nowMs - rng.int(1, 149) * DAY_MS, 'updated', 'policy', p.id)
  // Resources created and removed during the window: keys rotated away, a temporary group, a departed member.
  for (let i = 0; i < 6; i++) {
    const createdMs = nowMs - rng.int(60, 149) * DAY_MS
    const gone = accessKey(rng)
    log(createdMs, 'created', 'api_key', gone)
    log(createdMs + rng.int(5, 50) * DAY_MS, 'deleted', 'api_key', gone)
  }
  const tempGroup = rng.uuid()
  log(nowMs - 140 * DAY_MS, 'created', 'group', tempGroup)
  log(nowMs - 95 * DAY_MS, 'deleted', 'group', tempGroup)
  const departed = rng.uuid()
  log(nowMs - 130 * DAY_MS, 'created', 'user', departed)
  log(nowMs - 45 * DAY_MS, 'deleted', 'user', departed)
  const tempPolicy = rng.uuid()
  log(nowMs - 110 * DAY_MS, 'created', 'policy', tempPolicy)
  log(nowMs - 80 * DAY_MS, 'deleted', 'policy', tempPolicy)
}

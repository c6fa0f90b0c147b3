// The permission-set catalogue served by GET /permission-sets and used to check rules.
// Scaleway does not publish the list in a machine-readable form; the names below follow the
// ones seen in real recordings (IAMManager, AllProductsFullAccess, IPAMReadOnly, VPCReadOnly,
// ContainerRegistryReadOnly, ...) and the console's naming scheme (<Product>FullAccess /
// <Product>ReadOnly plus a few finer-grained sets). The real catalogue has ~174 entries
// (reference §5.8); this one is of the same size so paging (ObjectStorage* on page 2 at
// page_size 100) behaves alike.
import { createHash } from 'node:crypto'
import type { PermissionSet } from '../../domain/schemas'

type ScopeType = PermissionSet['scope_type']

/** Stable id derived from the name (UUID v5 layout over SHA-1), so ids survive re-seeding. */
export function permissionSetId(name: string): string {
  const h = createHash('sha1').update(`scaleway-iam-permission-set:${name}`).digest()
  h[6] = ((h[6] as number) & 0x0f) | 0x50
  h[8] = ((h[8] as number) & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`
}

interface Entry {
  name: string
  scope: ScopeType
  description: string
  categories: string[]
}

const entries: Entry[] = []
const add = (name: string, scope: ScopeType, description: string, categories: string[]): void => {
  entries.push({ name, scope, description, categories })
}

/** The usual pair for a project-scoped product. */
function product(prefix: string, label: string, category: string, extras: Array<[string, string]> = []): void {
  add(`${prefix}FullAccess`, 'projects', `Full access to create, read, list, edit and delete ${label}.`, [category])
  add(`${prefix}ReadOnly`, 'projects', `Read-only access to ${label}.`, [category])
  for (const [suffix, description] of extras) add(`${prefix}${suffix}`, 'projects', description, [category])
}

// Organization-level sets (IAM, billing, organization, support, audit).
add('IAMManager', 'organization', 'Full access to create, read, list, edit and delete users, applications, groups, API keys, policies and SSH keys.', ['IAM'])
add('IAMReadOnly', 'organization', 'Read-only access to users, applications, groups, API keys, policies and SSH keys.', ['IAM'])
add('IAMApiKeysManager', 'organization', 'Full access to create, read, list, edit and delete API keys.', ['IAM'])
add('IAMApiKeysReadOnly', 'organization', 'Read-only access to API keys.', ['IAM'])
add('IAMPoliciesManager', 'organization', 'Full access to create, read, list, edit and delete policies and their rules.', ['IAM'])
add('IAMPoliciesReadOnly', 'organization', 'Read-only access to policies and their rules.', ['IAM'])
add('IAMUsersManager', 'organization', 'Full access to invite, read, list, edit, lock and delete members.', ['IAM'])
add('IAMUsersReadOnly', 'organization', 'Read-only access to members of the Organization.', ['IAM'])
add('IAMGroupsManager', 'organization', 'Full access to create, read, list, edit and delete groups and their memberships.', ['IAM'])
add('IAMGroupsReadOnly', 'organization', 'Read-only access to groups and their memberships.', ['IAM'])
add('IAMApplicationsManager', 'organization', 'Full access to create, read, list, edit and delete applications.', ['IAM'])
add('IAMApplicationsReadOnly', 'organization', 'Read-only access to applications.', ['IAM'])
add('IAMLogsReadOnly', 'organization', 'Read-only access to the IAM audit logs of the Organization.', ['IAM'])
add('IAMSecuritySettingsManager', 'organization', 'Full access to the Organization security settings (password renewal, session length, API key expiration).', ['IAM', 'Security'])
add('IAMSamlManager', 'organization', 'Full access to configure SAML single sign-on and SCIM provisioning.', ['IAM', 'Security'])
add('OrganizationManager', 'organization', 'Full access to manage the Organization settings, alias, login methods and contacts.', ['Organization'])
add('OrganizationReadOnly', 'organization', 'Read-only access to the Organization settings and contacts.', ['Organization'])
add('ProjectManager', 'organization', 'Full access to create, read, list, edit and delete Projects.', ['Organization'])
add('ProjectReadOnly', 'organization', 'Read-only access to Projects.', ['Organization'])
add('ContractsManager', 'organization', 'Full access to read and sign contracts and commitments.', ['Organization', 'Billing'])
add('ContractsReadOnly', 'organization', 'Read-only access to contracts and commitments.', ['Organization', 'Billing'])
add('BillingManager', 'organization', 'Full access to invoices, payment methods, budgets and consumption.', ['Billing'])
add('BillingReadOnly', 'organization', 'Read-only access to invoices, budgets and consumption.', ['Billing'])
add('BillingBudgetsManager', 'organization', 'Full access to create, read, edit and delete budget alerts.', ['Billing'])
add('BillingPaymentMethodsManager', 'organization', 'Full access to add, read and remove payment methods.', ['Billing'])
add('BillingInvoicesReadOnly', 'organization', 'Read-only access to invoices and their downloads.', ['Billing'])
add('BillingDiscountsReadOnly', 'organization', 'Read-only access to vouchers and discounts.', ['Billing'])
add('SupportTicketManager', 'organization', 'Full access to open, read, answer and close support tickets.', ['Support'])
add('SupportTicketReadOnly', 'organization', 'Read-only access to support tickets.', ['Support'])
add('AuditTrailReadOnly', 'organization', 'Read-only access to Audit Trail events of the Organization.', ['Security', 'Observability'])
add('AuditTrailExportManager', 'organization', 'Full access to configure Audit Trail exports.', ['Security', 'Observability'])
add('EnvironmentalFootprintReadOnly', 'organization', 'Read-only access to the environmental footprint reports of the Organization.', ['Organization'])
add('QuotasReadOnly', 'organization', 'Read-only access to the Organization quotas.', ['Organization'])
add('MarketplaceReadOnly', 'organization', 'Read-only access to Marketplace images and offers.', ['Organization'])
add('PartnerManager', 'organization', 'Full access to manage partner sub-Organizations and resellers.', ['Organization', 'Billing'])
add('PartnerReadOnly', 'organization', 'Read-only access to partner sub-Organizations.', ['Organization', 'Billing'])
add('DediboxFullAccess', 'organization', 'Full access to Dedibox servers, failover IPs and RPN.', ['Bare Metal'])
add('DediboxReadOnly', 'organization', 'Read-only access to Dedibox servers, failover IPs and RPN.', ['Bare Metal'])

// Account root user sets: only the account's root user can hold them.
add('AccountRootUserManager', 'account_root_user', 'Full access to the root user account: credentials, MFA and Organization ownership.', ['Account'])
add('AccountRootUserReadOnly', 'account_root_user', 'Read-only access to the root user account details.', ['Account'])
add('AccountRootUserSecurityManager', 'account_root_user', 'Full access to the root user security settings: password, MFA and sessions.', ['Account', 'Security'])
add('AccountRootUserContactsManager', 'account_root_user', 'Full access to the root user contact details and notification preferences.', ['Account'])

// Every product at once.
add('AllProductsFullAccess', 'projects', 'Full access to all products and their resources in the Projects.', ['All products'])
add('AllProductsReadOnly', 'projects', 'Read-only access to all products and their resources in the Projects.', ['All products'])

// Compute.
product('Instances', 'Instances, volumes, snapshots, images, IPs and security groups', 'Compute', [
  ['SnapshotsFullAccess', 'Full access to create, read, list and delete Instance snapshots and images.'],
  ['PowerCycle', 'Power on, power off and reboot Instances.'],
])
product('BlockStorage', 'Block Storage volumes and snapshots', 'Storage')
product('ElasticMetal', 'Elastic Metal servers, options and flexible IPs', 'Bare Metal', [
  ['Install', 'Install operating systems on Elastic Metal servers.'],
])
product('AppleSilicon', 'Apple silicon Mac minis', 'Bare Metal')
product('FlexibleIPs', 'flexible IPs for Elastic Metal servers', 'Network')
product('GPUInstances', 'GPU Instances', 'Compute')

// Containers and serverless.
product('Kubernetes', 'Kubernetes Kapsule and Kosmos clusters, pools and nodes', 'Containers', [
  ['ClusterAccess', 'Download the kubeconfig of Kubernetes clusters.'],
  ['NodesReboot', 'Reboot and replace Kubernetes nodes.'],
])
product('ContainerRegistry', 'Container Registry namespaces, images and tags', 'Containers', [
  ['Push', 'Push and pull images to and from Container Registry namespaces.'],
  ['Pull', 'Pull images from Container Registry namespaces.'],
])
product('ServerlessContainers', 'Serverless Containers namespaces, containers, crons and domains', 'Serverless', [
  ['Deploy', 'Deploy new versions of Serverless Containers.'],
])
product('ServerlessFunctions', 'Serverless Functions namespaces, functions, crons and triggers', 'Serverless', [
  ['Deploy', 'Deploy new versions of Serverless Functions.'],
])
product('ServerlessJobs', 'Serverless Jobs definitions and runs', 'Serverless', [
  ['Run', 'Start and stop Serverless Jobs runs.'],
])
product('MessagingAndQueuing', 'NATS, Queues and Topics and Events accounts and credentials', 'Serverless')

// Storage.
product('ObjectStorage', 'Object Storage buckets, objects and their configuration', 'Storage', [
  ['BucketsRead', 'List buckets and read their configuration.'],
  ['BucketsWrite', 'Create buckets and edit their configuration.'],
  ['BucketsDelete', 'Delete buckets.'],
  ['ObjectsRead', 'List and download objects.'],
  ['ObjectsWrite', 'Upload and overwrite objects.'],
  ['ObjectsDelete', 'Delete objects and object versions.'],
  ['BucketPolicyRead', 'Read bucket policies.'],
  ['BucketPolicyWrite', 'Create, edit and delete bucket policies.'],
])
product('FileStorage', 'File Storage filesystems', 'Storage')
product('Glacier', 'cold storage archives', 'Storage')

// Databases.
product('RelationalDatabases', 'Managed Databases for PostgreSQL and MySQL instances, users and backups', 'Databases', [
  ['BackupsFullAccess', 'Full access to create, restore, export and delete database backups.'],
  ['Connect', 'Read connection settings and certificates of database instances.'],
])
product('ServerlessSQLDatabase', 'Serverless SQL Databases', 'Databases', [
  ['ReadWrite', 'Read and write data in Serverless SQL Databases.'],
  ['DataReadOnly', 'Read data in Serverless SQL Databases.'],
])
product('ManagedMongoDB', 'Managed MongoDB instances, users and snapshots', 'Databases')
product('ManagedRedis', 'Managed Database for Redis clusters and ACLs', 'Databases')
product('DataWarehouse', 'Data Warehouse for ClickHouse deployments', 'Databases')
product('DocumentDB', 'Document Databases instances', 'Databases')

// Network.
product('VPC', 'VPCs, Private Networks and routes', 'Network')
product('PrivateNetworks', 'Private Networks and their subnets', 'Network')
product('PublicGateways', 'Public Gateways, DHCP configurations and PAT rules', 'Network')
product('LoadBalancers', 'Load Balancers, frontends, backends, routes and certificates', 'Network', [
  ['CertificatesFullAccess', 'Full access to Load Balancer certificates.'],
])
product('IPAM', 'IP addresses reserved in the IP Address Manager', 'Network')
product('EdgeServices', 'Edge Services pipelines, caching and WAF', 'Network', [
  ['CachePurge', 'Purge the cache of Edge Services pipelines.'],
])
product('InterLink', 'InterLink connections and routing policies', 'Network')
product('SiteToSiteVPN', 'Site-to-Site VPN gateways, connections and routing policies', 'Network')
product('IPFailover', 'failover IPs', 'Network')

// Domains and email.
product('DomainsDNS', 'DNS zones and records', 'Domains', [
  ['RecordsWrite', 'Create, edit and delete DNS records.'],
])
product('DomainsRegistrar', 'domain registrations, transfers and renewals', 'Domains')
product('TransactionalEmail', 'Transactional Email domains, emails and webhooks', 'Domains', [
  ['Send', 'Send emails through Transactional Email.'],
])
product('WebHosting', 'Web Hosting plans, databases and mailboxes', 'Domains')

// Security.
product('SecretManager', 'Secret Manager secrets and versions', 'Security', [
  ['SecretAccess', 'Access the payload of secret versions.'],
  ['SecretsWrite', 'Create secrets and add new versions.'],
])
product('KeyManager', 'Key Manager keys', 'Security', [
  ['EncryptDecrypt', 'Encrypt and decrypt data with Key Manager keys.'],
  ['Sign', 'Sign and verify data with Key Manager keys.'],
])
product('CertificateManager', 'SSL/TLS certificates', 'Security')

// Observability.
product('Cockpit', 'Cockpit data sources, tokens, alerts and Grafana users', 'Observability', [
  ['AlertsManager', 'Full access to alert rules and contact points.'],
  ['TokensManager', 'Full access to Cockpit tokens.'],
  ['MetricsPush', 'Push metrics and logs to Cockpit data sources.'],
])

// AI.
product('GenerativeApis', 'Generative APIs models and usage', 'AI', [
  ['ModelAccess', 'Call Generative APIs models.'],
])
product('ManagedInference', 'Managed Inference deployments and endpoints', 'AI')
product('QuantumComputing', 'Quantum as a Service platforms and sessions', 'AI')

// Other products.
product('IoTHub', 'IoT Hub hubs, devices, routes and networks', 'IoT')
product('DataLab', 'Distributed Data Lab clusters', 'Data')
product('Batch', 'Batch jobs and job queues', 'Compute')
product('Environments', 'Environment templates and deployments', 'Developer tools')

export const PERMISSION_SETS: PermissionSet[] = entries
  .map((e) => ({ id: permissionSetId(e.name), name: e.name, scope_type: e.scope, description: e.description, categories: e.categories }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))

const byName = new Map(PERMISSION_SETS.map((p) => [p.name, p]))

export function permissionSetByName(name: string): PermissionSet | undefined {
  return byName.get(name)
}

/** Names of the catalogue's sets with the given scope type (for rule generation). */
export function permissionSetNamesOfScope(scope: ScopeType): string[] {
  return PERMISSION_SETS.filter((p) => p.scope_type === scope).map((p) => p.name)
}

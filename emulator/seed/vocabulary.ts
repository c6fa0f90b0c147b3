// Word lists the seeder draws from. ASCII only where the API restricts the alphabet
// (usernames `^[a-zA-Z0-9@._-]+$`, names `^[\w().\-]+( +[\w().\-]+)*$`).
import type { SeededRandom } from './random'

export const FIRST_NAMES = [
  'Alice', 'Bruno', 'Chloe', 'David', 'Emma', 'Felix', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Karin', 'Louis',
  'Maya', 'Nils', 'Olivia', 'Paul', 'Quentin', 'Rosa', 'Samuel', 'Tara', 'Ugo', 'Vera', 'William', 'Yasmin',
  'Zoe', 'Amir', 'Lena', 'Marco', 'Sofia', 'Theo', 'Nora', 'Ethan', 'Clara', 'Leon', 'Aiko', 'Mateo',
] as const

export const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Schmidt', 'Muller', 'Rossi', 'Garcia', 'Smith', 'Johnson', 'Brown', 'Weber',
  'Fischer', 'Moreau', 'Laurent', 'Lefevre', 'Novak', 'Kowalski', 'Jensen', 'Nakamura', 'Silva', 'Costa',
  'Becker', 'Hoffmann', 'Petit', 'Roux', 'Fontaine', 'Clarke', 'Walsh', 'Okafor', 'Haddad', 'Lindqvist',
] as const

export const ORG_WORDS_A = ['Blue', 'North', 'Silver', 'Bright', 'Iron', 'Quiet', 'Swift', 'Green', 'Amber', 'Polar', 'Cedar', 'Coral'] as const
export const ORG_WORDS_B = ['Harbor', 'Labs', 'Systems', 'Works', 'Analytics', 'Cloud', 'Robotics', 'Studio', 'Logistics', 'Media', 'Health', 'Energy'] as const

export const EXTRA_PROJECTS = ['production', 'staging', 'development', 'data-lake', 'sandbox', 'shared-services'] as const

export const APPLICATION_BASES = [
  'ci-deployer', 'backup-agent', 'terraform', 'grafana-exporter', 'billing-sync', 'log-shipper', 'k8s-autoscaler',
  'dns-updater', 'image-builder', 'cost-reporter', 'secrets-rotator', 'monitoring', 'gitlab-runner', 'dbt-runner',
] as const

export const GROUP_BASES = [
  'Administrators', 'Developers', 'Billing', 'Read-only auditors', 'Data team', 'Platform', 'Support', 'Security',
  'On-call', 'Contractors', 'Finance', 'QA',
] as const

export const POLICY_BASES = [
  'Admins full access', 'Developers project access', 'Billing access', 'Auditors read-only', 'CI deploys',
  'Backups to object storage', 'Monitoring read', 'Secrets access', 'DNS automation', 'Kubernetes operators',
] as const

export const SSH_KEY_NAMES = ['laptop', 'workstation', 'bastion', 'deploy', 'ci-runner', 'yubikey', 'home-desktop', 'build-server'] as const

export const USER_AGENTS = [
  'scaleway-cli/2.34.0',
  'scaleway-cli/2.31.0',
  'terraform-provider-scaleway/v2.50.0',
  'terraform-provider-scaleway/v2.47.0',
  'scaleway-sdk-go/v1.0.0-beta.30 (go1.22.5; linux; amd64)',
  'scaleway-sdk-js/2.78.0',
  'scaleway-sdk-python/2.3.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 console',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 console',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0 console',
] as const

export const BROWSER_USER_AGENTS = USER_AGENTS.filter((ua) => ua.startsWith('Mozilla/'))

/** A public-looking IPv4 (documentation and well-known cloud ranges, never loopback/private). */
export function publicIp(rng: SeededRandom): string {
  const prefixes = ['51.159', '62.210', '163.172', '212.47', '195.154', '82.64', '90.112', '185.199', '2.12', '80.215']
  return `${rng.pick(prefixes)}.${rng.int(1, 254)}.${rng.int(1, 254)}`
}

/** Lower-case ASCII slug usable in usernames and e-mail local parts. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

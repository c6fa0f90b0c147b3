// Seed data for the emulator: deterministic random organizations of any size, the demo
// organizations, and the permission-set catalogue.
export { DEFAULT_SIZES } from './types'
export type { SeedApiKey, SeedOrganization, SeedSizes } from './types'
export { seedOrganizations, type SeedOptions } from './generate'
export { DEMO_CONSULTANT, DEMO_SHARED_ADMIN, demoOrganizations } from './demo'
export { PERMISSION_SETS, permissionSetByName, permissionSetId, permissionSetNamesOfScope } from './permission-sets'
export { policyCounts } from './org-builder'
export { sshFingerprint } from './ssh-keys'

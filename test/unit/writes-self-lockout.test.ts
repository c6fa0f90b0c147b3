// The self-lockout guard on constructed organization state: which changes would take IAM write
// away from the credential IAM Desk uses, and which would not.
import { describe, expect, it } from 'vitest'
import { checkSelfLockout, type GuardGroup, type GuardPolicy, type GuardRule, type IamView } from '../../src-main/core/features/writes/self-lockout'

const ORG = '11111111-1111-4111-8111-111111111111'
const PROJ = '22222222-2222-4222-8222-222222222222'
const APP = 'aaaaaaaa-0000-4000-8000-000000000001'
const OTHER_APP = 'aaaaaaaa-0000-4000-8000-000000000002'
const KEY = 'SCWXXXXXXXXXXXXXXXXX'

function view(o: { groups?: GuardGroup[]; policies?: GuardPolicy[]; rules?: Record<string, GuardRule[]>; owner?: boolean; bearer?: IamView['bearer'] } = {}): IamView {
  return {
    organizationId: ORG,
    organizationName: 'Acme',
    accessKey: KEY,
    bearer: o.bearer ?? { type: 'application', id: APP },
    bearerLabel: 'application "iam-desk"',
    bearerIsOwner: o.owner ?? false,
    groups: o.groups ?? [],
    policies: o.policies ?? [],
    rulesOf: (id) => o.rules?.[id] ?? [],
  }
}
const orgRule = (...sets: string[]): GuardRule => ({ permission_set_names: sets, organization_id: ORG })
const admins: GuardGroup = { id: 'g-admins', name: 'Admins', user_ids: [], application_ids: [APP] }

describe('checkSelfLockout', () => {
  it('refuses deleting the API key IAM Desk uses, even for an owner, but not another key', () => {
    expect(checkSelfLockout(view({ owner: true, bearer: { type: 'user', id: 'u1' } }), { kind: 'deleteApiKey', accessKey: KEY })).toMatchObject({ lockout: true })
    expect(checkSelfLockout(view(), { kind: 'deleteApiKey', accessKey: 'SCWOTHEROTHEROTHER00' })).toEqual({ lockout: false, note: null })
  })

  it('refuses deleting our application or deleting/locking our user', () => {
    expect(checkSelfLockout(view(), { kind: 'deleteApplication', id: APP })).toMatchObject({ lockout: true, explanation: expect.stringContaining('its API keys go with it') })
    expect(checkSelfLockout(view(), { kind: 'deleteApplication', id: OTHER_APP })).toMatchObject({ lockout: false })
    const asUser = view({ bearer: { type: 'user', id: 'u1' } })
    expect(checkSelfLockout(asUser, { kind: 'lockUser', id: 'u1' })).toMatchObject({ lockout: true })
    expect(checkSelfLockout(asUser, { kind: 'deleteUser', id: 'u1' })).toMatchObject({ lockout: true })
  })

  it('refuses removing our bearer from the group that grants IAMManager, names the policy and group', () => {
    const v = view({ groups: [admins], policies: [{ id: 'p1', name: 'Admins full', group_id: 'g-admins' }], rules: { p1: [orgRule('IAMManager')] } })
    const verdict = checkSelfLockout(v, { kind: 'removeGroupMember', groupId: 'g-admins', member: { type: 'application', id: APP } })
    expect(verdict).toMatchObject({ lockout: true, grantsLost: [{ policyId: 'p1', viaGroupId: 'g-admins', permissionSets: ['IAMManager'] }] })
    expect(verdict.lockout && verdict.explanation).toMatch(/IAMManager from policy "Admins full" through group "Admins"/)
    // Removing someone else, or a replacement membership that keeps us, is fine.
    expect(checkSelfLockout(v, { kind: 'removeGroupMember', groupId: 'g-admins', member: { type: 'application', id: OTHER_APP } }).lockout).toBe(false)
    expect(checkSelfLockout(v, { kind: 'setGroupMembers', groupId: 'g-admins', userIds: [], applicationIds: [APP] }).lockout).toBe(false)
    expect(checkSelfLockout(v, { kind: 'setGroupMembers', groupId: 'g-admins', userIds: [], applicationIds: [] }).lockout).toBe(true)
    expect(checkSelfLockout(v, { kind: 'deleteGroup', id: 'g-admins' }).lockout).toBe(true)
  })

  it('allows removing one grant while another (direct) grant remains', () => {
    const v = view({
      groups: [admins],
      policies: [
        { id: 'p1', name: 'Admins full', group_id: 'g-admins' },
        { id: 'p2', name: 'Desk', application_id: APP },
      ],
      rules: { p1: [orgRule('IAMManager')], p2: [orgRule('OrganizationManager')] },
    })
    expect(checkSelfLockout(v, { kind: 'deleteGroup', id: 'g-admins' }).lockout).toBe(false)
    expect(checkSelfLockout(v, { kind: 'deletePolicy', id: 'p2' }).lockout).toBe(false)
  })

  it('refuses editing the policy that grants the right: rules or principal', () => {
    const v = view({ policies: [{ id: 'p2', name: 'Desk', application_id: APP }], rules: { p2: [orgRule('AllProductsFullAccess')] } })
    expect(checkSelfLockout(v, { kind: 'setRules', policyId: 'p2', rules: [orgRule('IAMReadOnly')] }).lockout).toBe(true)
    // Project-scoped AllProductsFullAccess does not include IAM (an organization-level product).
    expect(checkSelfLockout(v, { kind: 'setRules', policyId: 'p2', rules: [{ permission_set_names: ['AllProductsFullAccess'], project_ids: [PROJ] }] }).lockout).toBe(true)
    expect(checkSelfLockout(v, { kind: 'setRules', policyId: 'p2', rules: [orgRule('IAMManager', 'IAMReadOnly')] }).lockout).toBe(false)
    expect(checkSelfLockout(v, { kind: 'setPolicyPrincipal', id: 'p2', principal: { type: 'none' } }).lockout).toBe(true)
    expect(checkSelfLockout(v, { kind: 'setPolicyPrincipal', id: 'p2', principal: { type: 'application', id: APP } }).lockout).toBe(false)
    expect(checkSelfLockout(v, { kind: 'deletePolicy', id: 'p2' }).lockout).toBe(true)
  })

  it('counts "all users" / "all applications" groups as membership', () => {
    const everyone: GuardGroup = { id: 'g-all', name: 'All applications', user_ids: [], application_ids: [], all_applications: true }
    const v = view({ groups: [everyone], policies: [{ id: 'p3', name: 'Everyone admin', group_id: 'g-all' }], rules: { p3: [orgRule('IAMManager')] } })
    expect(checkSelfLockout(v, { kind: 'deletePolicy', id: 'p3' }).lockout).toBe(true)
  })

  it('never locks out an owner through rights, and says why', () => {
    const v = view({ owner: true, bearer: { type: 'user', id: 'u1' }, policies: [{ id: 'p2', name: 'Desk', user_id: 'u1' }], rules: { p2: [orgRule('IAMManager')] } })
    expect(checkSelfLockout(v, { kind: 'deletePolicy', id: 'p2' })).toEqual({ lockout: false, note: expect.stringContaining('owner') })
  })

  it('has nothing to protect when the credential has no IAM write grant', () => {
    const v = view({ policies: [{ id: 'p4', name: 'Read', application_id: APP }], rules: { p4: [orgRule('IAMReadOnly')] } })
    expect(checkSelfLockout(v, { kind: 'deletePolicy', id: 'p4' }).lockout).toBe(false)
  })
})

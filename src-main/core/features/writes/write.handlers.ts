// The contract's write calls (`writeCalls` in src-preload/contract.ts) bound to their services.
// app.ts spreads these into its handlers.
import type { Handlers } from '../../router'
import type { WriteCallName } from '../../../../src-preload/contract'
import { apiKeysCreate, apiKeysDelete, apiKeysUpdate } from './api-keys.writes'
import { applicationsCreate, applicationsDelete, applicationsDeletePreview, applicationsUpdate } from './applications.writes'
import { groupsAddMembers, groupsCreate, groupsDelete, groupsDeletePreview, groupsRemoveMember, groupsSetMembers, groupsUpdate } from './groups.writes'
import { policiesClone, policiesCreate, policiesDelete, policiesRulesDiff, policiesRulesForEdit, policiesSetRules, policiesUpdate } from './policies.writes'
import { createWriteKit } from './services'
import { sshKeysCreate, sshKeysDelete, sshKeysPreview, sshKeysUpdate } from './ssh-keys.writes'
import { usersCreate, usersDelete, usersLock, usersSetPassword, usersUnlock, usersUpdate } from './users.writes'
import type { WriteDeps } from './write-runner'

export function writeHandlers(deps: WriteDeps): Pick<Handlers, WriteCallName> {
  const k = createWriteKit(deps)
  const now = deps.now ?? (() => new Date())
  return {
    'sshKeys.preview': (i) => sshKeysPreview(i),
    'sshKeys.create': (i) => sshKeysCreate(k, i),
    'sshKeys.update': (i) => sshKeysUpdate(k, i),
    'sshKeys.delete': (i) => sshKeysDelete(k, i),

    'applications.create': (i) => applicationsCreate(k, i),
    'applications.update': (i) => applicationsUpdate(k, i),
    'applications.deletePreview': (i) => applicationsDeletePreview(k, i),
    'applications.delete': (i) => applicationsDelete(k, i),

    'apiKeys.create': (i) => apiKeysCreate(k, i, now),
    'apiKeys.update': (i) => apiKeysUpdate(k, i, now),
    'apiKeys.delete': (i) => apiKeysDelete(k, i),

    'groups.create': (i) => groupsCreate(k, i),
    'groups.update': (i) => groupsUpdate(k, i),
    'groups.deletePreview': (i) => groupsDeletePreview(k, i),
    'groups.delete': (i) => groupsDelete(k, i),
    'groups.addMembers': (i) => groupsAddMembers(k, i),
    'groups.removeMember': (i) => groupsRemoveMember(k, i),
    'groups.setMembers': (i) => groupsSetMembers(k, i),

    'users.create': (i) => usersCreate(k, i),
    'users.update': (i) => usersUpdate(k, i),
    'users.lock': (i) => usersLock(k, i),
    'users.unlock': (i) => usersUnlock(k, i),
    'users.setPassword': (i) => usersSetPassword(k, i),
    'users.delete': (i) => usersDelete(k, i),

    'policies.create': (i) => policiesCreate(k, i),
    'policies.update': (i) => policiesUpdate(k, i),
    'policies.rulesForEdit': (i) => policiesRulesForEdit(k, i),
    'policies.rulesDiff': (i) => policiesRulesDiff(i),
    'policies.setRules': (i) => policiesSetRules(k, i),
    'policies.clone': (i) => policiesClone(k, i),
    'policies.delete': (i) => policiesDelete(k, i),

    'jwts.revoke': async (i) => {
      const t = await k.w.target(i.organizationId)
      return k.w.run({ operation: 'jwts.revoke', plan: { jti: i.jti }, kinds: ['jwts'] }, t, async (ctx) => {
        await ctx.client.deleteJwt(i.jti)
        ctx.cache([{ kind: 'jwts', id: i.jti }], () => k.cache.resources.remove(t.profile.id, 'jwts', i.jti))
        return { value: { revoked: i.jti }, objectId: i.jti }
      })
    },

    'writes.journal': ({ organizationId, limit }) => k.w.journal(organizationId, limit ?? 100),
  }
}

// /ssh-keys (reference §6.1).
import type { SshKey } from '../../domain/schemas'
import { fingerprintOf, parseSshPublicKey } from '../fingerprint'
import { permissionsDenied } from '../http/errors'
import type { RouteSpec } from '../http/router'
import { sortBy, splitOrder } from '../store/collection'
import { Checker, field } from '../validate'
import { allow, API, checkQuota, listPage, lookup, noContent, ok, tsKey, viewKeyOf } from './common'

const ORDERS = ['created_at_asc', 'created_at_desc', 'updated_at_asc', 'updated_at_desc', 'name_asc', 'name_desc'] as const

export const sshKeyRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${API}/ssh-keys`,
    handler: (ctx) => {
      const q = ctx.query
      const order = q.orderBy(ORDERS)
      const orgId = q.uuid('organization_id')
      const name = q.str('name', { min: 1, max: 1000 })
      const projectId = q.uuid('project_id')
      const disabled = q.bool('disabled')
      allow(ctx, 'ssh_key', 'read', orgId)
      const org = ctx.principal.org
      if (projectId !== undefined && !org.hasProject(projectId)) throw permissionsDenied('ssh_key', 'read')
      return listPage(ctx.store, q, 'ssh_keys', org.sshKeys, viewKeyOf(q), () => {
        const items = [...org.sshKeys.values()].filter(
          (k) =>
            (name === undefined || k.name === name) &&
            (projectId === undefined || k.project_id === projectId) &&
            (disabled === undefined || k.disabled === disabled),
        )
        const { field: f, desc } = splitOrder(order)
        return sortBy(items, (k) => (f === 'name' ? k.name.toLowerCase() : tsKey(f === 'updated_at' ? k.updated_at : k.created_at)), desc)
      })
    },
  },
  {
    method: 'POST',
    path: `${API}/ssh-keys`,
    handler: (ctx) => {
      const c = new Checker()
      const b = ctx.body
      const name = c.checkString('name', field(b, 'name'), { max: 1000, ignoreEmpty: true }) ?? ''
      const publicKey = c.checkString('public_key', field(b, 'public_key'), { required: true, min: 1, max: 65000 })
      const projectId = c.checkUuid('project_id', field(b, 'project_id'), true)
      const parsed = publicKey !== undefined ? parseSshPublicKey(publicKey) : undefined
      if (parsed && 'error' in parsed) c.fail('public_key', 'constraint', parsed.error)
      c.done()
      const org = ctx.principal.org
      allow(ctx, 'ssh_key', 'write')
      if (!projectId || !org.hasProject(projectId)) throw permissionsDenied('ssh_key', 'write')
      checkQuota(ctx, 'ssh_keys')
      if (!parsed || 'error' in parsed || publicKey === undefined) throw new Error('unreachable: validated above')
      const now = ctx.store.timestamp()
      const key: SshKey = {
        id: ctx.store.newId(),
        name: name || `key-${ctx.store.newId().slice(0, 8)}`,
        public_key: publicKey.trim(),
        fingerprint: fingerprintOf(parsed),
        created_at: now,
        updated_at: now,
        organization_id: org.id,
        project_id: projectId,
        disabled: false,
      }
      org.sshKeys.set(key.id, key)
      ctx.store.own(org.id, key.id)
      return ok(key)
    },
  },
  {
    method: 'GET',
    path: `${API}/ssh-keys/:id`,
    handler: (ctx) => {
      allow(ctx, 'ssh_key', 'read')
      return ok(lookup(ctx, ctx.principal.org.sshKeys, ctx.params.id ?? '', 'ssh_key', 'read'))
    },
  },
  {
    method: 'PATCH',
    path: `${API}/ssh-keys/:id`,
    handler: (ctx) => {
      allow(ctx, 'ssh_key', 'write')
      const org = ctx.principal.org
      const key = lookup(ctx, org.sshKeys, ctx.params.id ?? '', 'ssh_key', 'write')
      const c = new Checker()
      const name = c.checkString('name', field(ctx.body, 'name'), { max: 1000 })
      const disabled = c.checkBool('disabled', field(ctx.body, 'disabled'))
      c.done()
      if (name !== undefined && name !== '') key.name = name
      if (disabled !== undefined) key.disabled = disabled
      key.updated_at = ctx.store.timestamp()
      org.sshKeys.touch()
      return ok(key)
    },
  },
  {
    method: 'DELETE',
    path: `${API}/ssh-keys/:id`,
    handler: (ctx) => {
      allow(ctx, 'ssh_key', 'write')
      const org = ctx.principal.org
      const key = lookup(ctx, org.sshKeys, ctx.params.id ?? '', 'ssh_key', 'write')
      org.sshKeys.delete(key.id)
      ctx.store.disown(key.id)
      return noContent()
    },
  },
]

import type { Handlers } from '../../router'
import type { AccessService } from './access.service'

export function accessHandlers(access: AccessService): Pick<Handlers, 'access.effective' | 'access.whoCan' | 'access.lint'> {
  return {
    'access.effective': (input) => access.effective(input.organizationId, { type: input.type, id: input.id }),
    'access.whoCan': (input) => access.whoCan(input),
    'access.lint': (input) => access.lint(input.organizationIds),
  }
}

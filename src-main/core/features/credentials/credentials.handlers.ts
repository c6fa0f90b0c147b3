import type { Handlers } from '../../router'
import type { CredentialsService } from './credentials.service'

export function credentialsHandlers(credentials: CredentialsService): Pick<Handlers, 'credentials.report' | 'credentials.attention' | 'credentials.export'> {
  return {
    'credentials.report': (input) => credentials.report(input),
    'credentials.attention': (input) => credentials.attention(input),
    'credentials.export': (input) => credentials.export(input),
  }
}

import type { Handlers } from '../../router'
import type { HomeService } from './home.service'

export function homeHandlers(home: HomeService): Pick<Handlers, 'home.attention'> {
  return {
    'home.attention': (input) => home.attention(input),
  }
}

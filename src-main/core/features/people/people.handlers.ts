import type { Handlers } from '../../router'
import type { PeopleService } from './people.service'

export function peopleHandlers(people: PeopleService): Pick<Handlers, 'people.list' | 'people.services' | 'people.detail'> {
  return {
    'people.list': (input) => people.list(input),
    'people.services': (input) => people.services(input),
    'people.detail': (input) => people.detail(input),
  }
}

import type { Handlers } from '../../router'
import type { EventHub } from '../../event-hub'
import type { OrgsService } from '../orgs/orgs.service'
import type { DemoService } from './demo.service'
import { AppError } from '../../errors/app-error'

export function demoHandlers(d: {
  demo: DemoService
  orgs: OrgsService
  hub: EventHub
  /** The test clock's hook (web CLI `--demo --test-clock` only): moves it, answers the new now. */
  advanceClock: ((ms: number) => Date) | undefined
}): Pick<Handlers, 'demo.start' | 'demo.advanceClock'> {
  return {
    'demo.advanceClock': ({ hours }) => {
      if (!d.advanceClock) throw new AppError('invalid_input', 'The clock can only be moved in a demo started for tests (--demo --test-clock).')
      return { now: d.advanceClock(hours * 3_600_000).toISOString() }
    },
    'demo.start': async () => {
      await d.demo.start()
      const list = await d.orgs.list()
      d.hub.emit('orgs.changed', { organizations: list })
      return list
    },
  }
}

import type { Handlers } from '../../router'
import type { EventHub } from '../../event-hub'
import type { OrgsService } from '../orgs/orgs.service'
import type { DemoService } from './demo.service'

export function demoHandlers(d: { demo: DemoService; orgs: OrgsService; hub: EventHub }): Pick<Handlers, 'demo.start'> {
  return {
    'demo.start': async () => {
      await d.demo.start()
      const list = await d.orgs.list()
      d.hub.emit('orgs.changed', { organizations: list })
      return list
    },
  }
}

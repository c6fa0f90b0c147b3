import type { EventHub } from '../../event-hub'
import type { Handlers } from '../../router'
import type { SettingsService } from './settings.service'

export function settingsHandlers(settings: SettingsService, hub: EventHub): Pick<Handlers, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': () => settings.get(),
    'settings.set': (patch) => {
      const next = settings.set(patch)
      hub.emit('settings.changed', next)
      return next
    },
  }
}

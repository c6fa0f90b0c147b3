// The window's state, made once at start (main.ts) around the one bridge to main and handed to
// every component through Svelte context: `const { orgs, sync } = useStates()`. No state module
// keeps an instance of its own or reaches for `window.iam`.
import { getContext } from 'svelte'
import type { IamBridge } from '../../../src-preload/contract'
import { AppState } from './app.svelte'
import { Clock } from './clock.svelte'
import { CredentialsState } from './credentials.svelte'
import { SectionCounts } from './counts.svelte'
import { JobsState } from './jobs.svelte'
import { nav } from './nav.svelte'
import { OrgsState } from './orgs.svelte'
import { ProjectsState } from './projects.svelte'
import { SettingsState } from './settings.svelte'
import { SyncState } from './sync.svelte'
import { ToastsState } from './toasts.svelte'
import { UiState } from './ui.svelte'
import { WritesState } from './writes.svelte'

export function createStates(iam: IamBridge) {
  const app = new AppState(iam)
  const orgs = new OrgsState(iam, nav)
  const toasts = new ToastsState()
  const settings = new SettingsState(iam, toasts)
  return {
    /** The bridge itself, for the calls that belong to one component (previews, searches). */
    iam,
    app,
    orgs,
    sync: new SyncState(iam, orgs),
    writes: new WritesState(iam, app, toasts, nav),
    toasts,
    settings,
    jobs: new JobsState(iam, app, nav, toasts),
    counts: new SectionCounts(iam),
    credentials: new CredentialsState(iam, settings),
    projects: new ProjectsState(iam),
    clock: new Clock(),
    ui: new UiState(),
  }
}

export type States = ReturnType<typeof createStates>

const KEY = Symbol('iam-desk states')

/** The context to mount the app with: `mount(App, { target, context: statesContext(states) })`. */
export function statesContext(states: States): Map<symbol, States> {
  return new Map([[KEY, states]])
}

/** The window's state; call while a component initialises. */
export function useStates(): States {
  const states = getContext<States | undefined>(KEY)
  if (!states) throw new Error('useStates() outside the app: mount App with statesContext(createStates(bridge)).')
  return states
}

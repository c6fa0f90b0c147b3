// The sidebar's icons (the narrow window's rail): drawn here as SVG path data on one 24×24 grid,
// stroked with the text colour, so they stay sharp at any zoom, follow the theme and need no
// icon font or package. Each section names its icon once, in SECTION_ICON: typed by Section, so
// a new section does not compile until it has one (a Settings section: 'sliders').
import type { Section } from '../state/nav.svelte'

export const ICONS = {
  home: 'M3.5 11 12 4l8.5 7 M5.5 9.5V20h13V9.5 M10 20v-5.5h4V20',
  people: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6 M16 4.3a3.5 3.5 0 0 1 0 6.4 M18 14.3c2.1.7 3.5 2.9 3.5 5.7',
  user: 'M12 11.5a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 21c0-4.1 3.6-7 8-7s8 2.9 8 7',
  application: 'M6 8.5h12a2 2 0 0 1 2 2V18a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-7.5a2 2 0 0 1 2-2z M12 8.5V5 M12 3.5v.01 M9 13.5v1.5 M15 13.5v1.5 M2 13v3 M22 13v3',
  group: 'M12 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M6.5 20c0-3.2 2.5-5.5 5.5-5.5s5.5 2.3 5.5 5.5 M5 12a2.3 2.3 0 1 0 0-4.6 M19 12a2.3 2.3 0 1 1 0-4.6 M1.5 18.5c0-2.3 1.3-3.8 3.2-4.3 M22.5 18.5c0-2.3-1.3-3.8-3.2-4.3',
  policy: 'M12 3 4.5 6v5.5c0 4.6 3.1 8.2 7.5 9.5 4.4-1.3 7.5-4.9 7.5-9.5V6z M8.8 12l2.3 2.3 4.2-4.6',
  key: 'M8 20.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9z M11.2 12.8 20 4 M16.5 7.5l2.5 2.5 M14 10l2 2',
  terminal: 'M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z M7 9l3 3-3 3 M12.5 15H17',
  laptop: 'M5 5h14a1 1 0 0 1 1 1v10H4V6a1 1 0 0 1 1-1z M2 19h20 M9.5 9.5 8 11l1.5 1.5 M14.5 9.5 16 11l-1.5 1.5',
  checklist: 'M3.5 6.5 5 8l2.5-3 M3.5 12.5 5 14l2.5-3 M3.5 18.5 5 20l2.5-3 M11 6.5h9.5 M11 12.5h9.5 M11 18.5h9.5',
  gauge: 'M3 17a9 9 0 0 1 18 0 M12 17l4.5-5 M12 8v1.5 M5.6 10.6l1 1 M18.4 10.6l-1 1 M3 20h18',
  session: 'M14 4h4a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-4 M9.5 16l4-4-4-4 M13.5 12H3.5',
  log: 'M6 3h9l4 4v14H6z M15 3v4h4 M9 11.5h7 M9 15h7 M9 18.5h4',
  folder: 'M3 7a2 2 0 0 1 2-2h4l2 2.2h8a2 2 0 0 1 2 2V18a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z',
  badge: 'M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z M9 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z M6 16c.5-1.4 1.6-2 3-2s2.5.6 3 2 M14.5 10H18 M14.5 14H18',
  history: 'M3.5 12a8.5 8.5 0 1 0 2.6-6.1 M3.5 4v4.5H8 M12 7.5V12l3 2',
  analysis: 'M10.5 17.5a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M15.5 15.5 21 21 M7.5 10.5l2 2 3.5-3.5',
  lock: 'M6.5 11h11a1.5 1.5 0 0 1 1.5 1.5v7a1.5 1.5 0 0 1-1.5 1.5h-11A1.5 1.5 0 0 1 5 19.5v-7A1.5 1.5 0 0 1 6.5 11z M8 11V7.5a4 4 0 0 1 8 0V11 M12 15v2',
  layers: 'M12 3.5 21 8l-9 4.5L3 8z M3 12.5l9 4.5 9-4.5 M3 16.5l9 4.5 9-4.5',
  sliders: 'M4 6h9 M17 6h3 M4 12h3 M11 12h9 M4 18h11 M19 18h1 M15 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4z M9 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4z M17 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  organizations: 'M4 4h6.5v6.5H4z M13.5 4H20v6.5h-6.5z M4 13.5h6.5V20H4z M13.5 13.5H20V20h-6.5z',
  'sidebar-open': 'M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z M9 4v16 M13 9.5l2.5 2.5-2.5 2.5',
  'sidebar-close': 'M5 4h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z M9 4v16 M15.5 9.5 13 12l2.5 2.5',
  pin: 'M9 3.5h6 M10 3.5v6L7 14h10l-3-4.5v-6 M12 14v6.5',
} as const

export type IconName = keyof typeof ICONS

/** Every sidebar section's icon. */
export const SECTION_ICON: Record<Section, IconName> = {
  overview: 'home',
  people: 'people',
  users: 'user',
  applications: 'application',
  groups: 'group',
  policies: 'policy',
  api_keys: 'key',
  ssh_keys: 'terminal',
  ssh_local: 'laptop',
  permission_sets: 'checklist',
  quota: 'gauge',
  jwts: 'session',
  logs: 'log',
  credentials: 'badge',
  changes: 'history',
  analysis: 'analysis',
  access: 'lock',
  jobs: 'layers',
  settings: 'sliders',
}

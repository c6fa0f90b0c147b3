import { mount } from 'svelte'
import App from './App.svelte'
import { connectBridge } from './lib/iam'
import { createStates, statesContext } from './state/context'
import { startHistory } from './state/history.svelte'
import { nav } from './state/nav.svelte'
import './app.css'

// Back/forward and the address follow the navigation for the window's whole life.
startHistory(nav)
// One bridge and one set of state for the window's whole life, handed down through context.
mount(App, { target: document.getElementById('app')!, context: statesContext(createStates(connectBridge())) })

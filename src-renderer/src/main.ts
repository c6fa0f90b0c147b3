import { mount } from 'svelte'
import App from './App.svelte'
import { connectBridge } from './lib/iam'
import { createStates, statesContext } from './state/context'
import './app.css'

// One bridge and one set of state for the window's whole life, handed down through context.
mount(App, { target: document.getElementById('app')!, context: statesContext(createStates(connectBridge())) })

// The app version, read once from package.json (bundled by Vite, resolved by tsx).
import pkg from '../../package.json' with { type: 'json' }

export const APP_VERSION: string = pkg.version

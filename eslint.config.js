// Lint rules that keep the layers apart (docs/architecture.md, "Layering"):
// - only src-main/{index,window,ipc}.ts and src-preload/index.ts may import 'electron';
// - the renderer never imports src-main/** (not even types);
// - core/ never imports the emulator;
// - the contract imports nothing but zod, itself and the domain; the domain only zod.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'

const electronAllowed = ['src-main/index.ts', 'src-main/window.ts', 'src-main/ipc.ts', 'src-preload/index.ts']

const noElectron = {
  paths: [{ name: 'electron', message: 'Only src-main/{index,window,ipc}.ts and src-preload/index.ts may import electron: keep logic in src-main/core (runs under plain Node).' }],
}

export const layerRules = [
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'emulator/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    ignores: electronAllowed,
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    // The renderer talks to main only through window.iam: it imports the contract and the domain,
    // never src-main (not even types) and nothing of Node.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            { group: ['**/src-main/**', 'src-main/*'], message: 'The renderer knows nothing of main: talk to it through window.iam (src-preload/contract/) and read the domain (domain/).' },
            { group: ['node:*'], message: 'The renderer knows nothing of Node.' },
          ],
        },
      ],
    },
  },
  {
    // The core runs the app, never the emulator: the demo's emulator is started by the entry points.
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noElectron, patterns: [{ group: ['**/emulator', '**/emulator/**'], message: 'core/ never imports the emulator: entry points start it (src-main/demo/launch-demo.ts).' }] }],
    },
  },
  {
    files: ['src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./|\\.\\./\\.\\./domain/).*', message: 'The contract imports only zod, its own modules and the domain.' }] }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./).*', message: 'The domain is runtime-neutral: it imports only zod and itself.' }] }],
    },
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**', 'test/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  ...layerRules,
)

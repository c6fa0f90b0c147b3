// Proves the layering rule is enforced by the linter, not by good intentions.
import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImportErrors(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports').length
}

describe('layer rules', () => {
  it('fails core code that imports electron', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron'\nexport const a = app\n", 'src-main/core/lint-fixture.ts')).toBe(1)
  })
  it('fails the web host importing electron', async () => {
    expect(await restrictedImportErrors("import { shell } from 'electron'\nexport const s = shell\n", 'src-main/web/lint-fixture.ts')).toBe(1)
  })
  it('allows the shell files to import electron', async () => {
    for (const file of ['src-main/index.ts', 'src-main/window.ts', 'src-main/ipc.ts', 'src-preload/index.ts']) {
      expect(await restrictedImportErrors("import { app } from 'electron'\nexport const a = app\n", file)).toBe(0)
    }
  })
  it('fails the renderer importing main code', async () => {
    expect(await restrictedImportErrors("import { createApp } from '../../src-main/core/app'\nexport const c = createApp\n", 'src-renderer/src/lint-fixture.ts')).toBe(1)
  })
  it('fails the renderer importing even types from main', async () => {
    expect(await restrictedImportErrors("import type { Cache } from '../../src-main/core/platform/cache/cache'\nexport type C = Cache\n", 'src-renderer/src/lint-fixture.ts')).toBe(1)
  })
  it('lets the renderer import the contract and the domain', async () => {
    expect(await restrictedImportErrors("import type { Detail } from '../../src-preload/contract'\nexport type D = Detail\n", 'src-renderer/src/lint-fixture.ts')).toBe(0)
    expect(await restrictedImportErrors("import { KINDS } from '../../domain/kinds'\nexport const K = KINDS\n", 'src-renderer/src/lint-fixture.ts')).toBe(0)
  })
  it('fails core code that imports the emulator', async () => {
    expect(await restrictedImportErrors("import { startEmulator } from '../../../emulator'\nexport const s = startEmulator\n", 'src-main/core/features/lint-fixture.ts')).toBe(1)
    expect(await restrictedImportErrors("import { startEmulator } from '../../emulator'\nexport const s = startEmulator\n", 'src-main/demo/lint-fixture.ts')).toBe(0)
  })
  it('fails the domain importing anything but zod', async () => {
    expect(await restrictedImportErrors("import { z } from 'zod'\nimport { homedir } from 'node:os'\nexport const x = [z, homedir]\n", 'domain/lint-fixture.ts')).toBe(1)
    expect(await restrictedImportErrors("import { z } from 'zod'\nimport { User } from './schemas'\nexport const x = [z, User]\n", 'domain/lint-fixture.ts')).toBe(0)
  })
  it('fails the renderer importing node built-ins', async () => {
    expect(await restrictedImportErrors("import fs from 'node:fs'\nexport const f = fs\n", 'src-renderer/src/lint-fixture.ts')).toBe(1)
  })
  it('fails the contract importing anything but zod, itself and the domain', async () => {
    expect(await restrictedImportErrors("import { z } from 'zod'\nimport path from 'node:path'\nexport const x = [z, path]\n", 'src-preload/contract/lint-fixture.ts')).toBe(1)
    expect(await restrictedImportErrors("import { Cache } from '../../src-main/core/platform/cache/cache'\nexport const x = Cache\n", 'src-preload/contract/lint-fixture.ts')).toBe(1)
    expect(await restrictedImportErrors("import { z } from 'zod'\nimport { Id } from './common'\nimport { KINDS } from '../../domain/kinds'\nexport const x = [z, Id, KINDS]\n", 'src-preload/contract/lint-fixture.ts')).toBe(0)
  })
})

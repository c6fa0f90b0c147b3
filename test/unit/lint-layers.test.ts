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
  it('lets the renderer import API object types only', async () => {
    expect(await restrictedImportErrors("import type { User } from '../../domain/schemas'\nexport type U = User\n", 'src-renderer/src/lint-fixture.ts')).toBe(0)
    expect(await restrictedImportErrors("import { User } from '../../domain/schemas'\nexport const U = User\n", 'src-renderer/src/lint-fixture.ts')).toBe(1)
  })
  it('fails the renderer importing node built-ins', async () => {
    expect(await restrictedImportErrors("import fs from 'node:fs'\nexport const f = fs\n", 'src-renderer/src/lint-fixture.ts')).toBe(1)
  })
  it('fails the contract importing anything but zod', async () => {
    expect(await restrictedImportErrors("import { z } from 'zod'\nimport path from 'node:path'\nexport const x = [z, path]\n", 'src-preload/contract.ts')).toBe(1)
  })
})

// Which shell dialog is open. One at a time: opening one replaces the other.
import type { Organization } from '../../../src-preload/contract'

export type ShellDialog =
  | { kind: 'add' }
  | { kind: 'import' }
  | { kind: 'rename'; organization: Organization }
  | { kind: 'folder'; organization: Organization }
  | { kind: 'remove'; organization: Organization }
  | { kind: 'quick-switcher' }
  /** Export as Terraform; no ids = every organization. */
  | { kind: 'terraform'; organizationIds: string[] }

export class UiState {
  dialog = $state.raw<ShellDialog | null>(null)

  open(dialog: ShellDialog): void {
    this.dialog = dialog
  }

  close(): void {
    this.dialog = null
  }
}

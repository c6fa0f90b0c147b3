// "Explore demo organizations": asks the entry point's demo launcher (the built-in emulator,
// started by src-main/demo/launch-demo.ts — the core never imports the emulator) for its demo
// organizations and adds them. Their secrets stay in session memory: the emulator and its keys
// live exactly as long as this app process.
import type { OrgsService } from '../orgs/orgs.service'
import { AppError } from '../../errors/app-error'

/** A running demo API: where it listens and the organizations it serves. */
export interface DemoApi {
  url: string
  organizations: ReadonlyArray<{ name: string; accessKey: string; secretKey: string }>
  /**
   * Optional: changes the demo API as someone else would between two syncs (a policy's rules
   * edited), so the sync history holds two versions for policy analysis to show.
   */
  drift?(): Promise<void>
  close(): Promise<void>
}
export type DemoLauncher = () => Promise<DemoApi>

export class DemoService {
  #api: Promise<DemoApi> | undefined

  constructor(
    private readonly orgs: OrgsService,
    private readonly launch: DemoLauncher | undefined,
    private readonly log: (m: string) => void,
    /** Syncs every organization and resolves when done (the first of the demo's two syncs). */
    private readonly syncAll?: () => Promise<unknown>,
  ) {}

  get available(): boolean {
    return this.launch !== undefined
  }

  /** Idempotent: a second call reuses the running demo API and skips organizations already added. */
  async start(): Promise<void> {
    if (!this.launch) throw new AppError('invalid_input', 'The demo organizations are not part of this build of IAM Desk.')
    const first = this.#api === undefined
    this.#api ??= this.launch()
    const api = await this.#api
    this.log(`demo: emulator at ${api.url}`)
    for (const o of api.organizations) {
      try {
        await this.orgs.add({ accessKey: o.accessKey, secretKey: o.secretKey, apiUrl: api.url, name: o.name, storage: 'session' })
      } catch (err) {
        if (!(err instanceof AppError && err.kind === 'state_conflict')) throw err
      }
    }
    // History for the demo: a first sync, then a policy edited on the API; the caller's sync
    // (the start-up one) then records the second version.
    if (first && api.drift && this.syncAll) {
      await this.syncAll()
      await api.drift()
    }
  }

  async stop(): Promise<void> {
    const running = this.#api
    this.#api = undefined
    if (running) await (await running).close()
  }
}

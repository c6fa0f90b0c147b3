// "Explore demo organizations": starts the built-in emulator in-process with its demo dataset
// and adds its three organizations. Their secrets stay in session memory: the emulator and its
// keys live exactly as long as this app process.
import { startEmulator, type RunningEmulator } from '../../../emulator'
import type { OrgsService } from '../orgs/orgs.service'
import { AppError } from '../app-error'

export class DemoService {
  #emulator: Promise<RunningEmulator> | undefined

  constructor(
    private readonly orgs: OrgsService,
    private readonly log: (m: string) => void,
  ) {}

  /** Idempotent: a second call reuses the running emulator and skips organizations already added. */
  async start(): Promise<void> {
    this.#emulator ??= startEmulator({ demo: true, port: 0 })
    const emulator = await this.#emulator
    this.log(`demo: emulator at ${emulator.url}`)
    for (const o of emulator.organizations) {
      try {
        await this.orgs.add({ accessKey: o.access_key, secretKey: o.secret_key, apiUrl: emulator.url, name: o.name, storage: 'session' })
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err
      }
    }
  }

  async stop(): Promise<void> {
    const running = this.#emulator
    this.#emulator = undefined
    if (running) await (await running).close()
  }
}

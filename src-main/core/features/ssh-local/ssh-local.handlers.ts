import type { Handlers } from '../../router'
import type { JobsService } from '../jobs/jobs.service'
import type { SshLocalService } from './ssh-local.service'

type SshLocalCalls = 'sshLocal.matrix' | 'sshLocal.readFile' | 'sshLocal.chooseFiles' | 'sshLocal.planUpload' | 'sshLocal.planEnable' | 'sshLocal.planRemove'

export function sshLocalHandlers(ssh: SshLocalService, jobs: JobsService): Pick<Handlers, SshLocalCalls> {
  return {
    'sshLocal.matrix': ({ picked }) => ssh.matrix(picked),
    'sshLocal.readFile': (file) => ssh.readFile(file),
    'sshLocal.chooseFiles': () => ssh.chooseFiles(),
    // Stored like every job's plan (shown before anything is sent, applied with jobs.apply).
    'sshLocal.planUpload': async ({ items }) => jobs.storePlanned(await ssh.planUpload(items)),
    'sshLocal.planEnable': ({ keys }) => jobs.storePlanned(ssh.planEnable(keys)),
    'sshLocal.planRemove': ({ keys }) => jobs.storePlanned(ssh.planRemove(keys)),
  }
}

import type { Handlers } from '../../router'
import type { JobsService } from './jobs.service'

type JobsCalls =
  | 'jobs.planMembership'
  | 'jobs.planOffboarding'
  | 'jobs.planUndo'
  | 'jobs.apply'
  | 'jobs.cancel'
  | 'jobs.abandon'
  | 'jobs.list'
  | 'jobs.get'
  | 'jobs.reportCsv'
  | 'jobs.planRotation'
  | 'jobs.rotationReveal'
  | 'jobs.rotations'
  | 'jobs.planRotationFinish'
  | 'jobs.planRotationRollback'

export function jobsHandlers(jobs: JobsService): Pick<Handlers, JobsCalls> {
  return {
    'jobs.planMembership': (i) =>
      jobs.planMembership({
        operation: i.operation,
        emails: i.principals.emails,
        applicationNames: i.principals.applicationNames,
        groupName: i.groupName,
        organizationIds: i.organizationIds,
        groups: i.groups,
        inviteMissing: i.inviteMissing,
        override: i.override,
      }),
    'jobs.planOffboarding': (i) => jobs.planOffboarding(i),
    'jobs.planUndo': ({ id, force }) => jobs.planUndo(id, force ?? false),
    'jobs.apply': ({ id }) => jobs.apply(id),
    'jobs.cancel': ({ id }) => jobs.cancel(id),
    'jobs.abandon': ({ id }) => jobs.abandon(id),
    'jobs.list': ({ limit }) => jobs.list(limit),
    'jobs.get': ({ id }) => jobs.get(id),
    'jobs.reportCsv': ({ id }) => jobs.reportCsv(id),
    'jobs.planRotation': (i) => jobs.planRotation(i),
    'jobs.rotationReveal': ({ id, exportTo }) => jobs.rotationReveal(id, exportTo),
    'jobs.rotations': (i) => jobs.rotations(i),
    'jobs.planRotationFinish': ({ rotations, override }) => jobs.planRotationFinish(rotations, override ?? false),
    'jobs.planRotationRollback': ({ rotations }) => jobs.planRotationRollback(rotations),
  }
}

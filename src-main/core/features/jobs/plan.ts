// What a planner hands the jobs service: a job's title, its one-line summary and its steps.
import type { JobKind, JobStep } from '../../../../src-preload/contract/jobs'

export type PlannedStep = Omit<JobStep, 'id' | 'position' | 'attempts' | 'finishedAt' | 'before'>

export interface PlannedJob {
  kind: JobKind
  title: string
  planText: string
  steps: PlannedStep[]
  undoOf?: string
}

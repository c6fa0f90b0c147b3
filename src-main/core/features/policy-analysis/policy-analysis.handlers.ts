import type { Handlers } from '../../router'
import type { PolicyAnalysisService } from './policy-analysis.service'

export function policyAnalysisHandlers(analysis: PolicyAnalysisService): Pick<Handlers, 'analysis.compare' | 'analysis.across' | 'analysis.timeline'> {
  return {
    'analysis.compare': (input) => analysis.compare(input.a, input.b),
    'analysis.across': (input) => analysis.across(input),
    'analysis.timeline': (input) => analysis.timeline(input.organizationId, input.policyId),
  }
}

// Errors in the user's terms. Every code of the contract's closed set has its sentence.
import type { AppErrorShape, ErrorCode } from '../../../../src-preload/contract'

function detail(details: Record<string, unknown> | undefined, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = details?.[key]
    if (typeof v === 'string' && v.trim()) return v
  }
  return null
}

function unreachable(x: never): never {
  throw new Error(`Unhandled error code: ${String(x)}`)
}

/** One or two sentences a person can act on. `organization` names whose key it was, if known. */
export function explainError(error: AppErrorShape, organization?: string): string {
  const code: ErrorCode = error.code
  const d = error.details
  const org = detail(d, 'organizationName', 'organization') ?? organization
  const inOrg = org ? ` in ${org}` : ''
  switch (code) {
    case 'UNAUTHENTICATED':
      return `This key is unknown or expired${inOrg}. Check the access key and secret key, or create a new API key in the Scaleway console.`
    case 'PERMISSION_DENIED': {
      const permission = detail(d, 'permission', 'missingPermission', 'permissionSet')
      if (permission) return `This key lacks the permission ${permission}${inOrg}. Give its owner a policy that grants it (IAMReadOnly or IAMManager).`
      return `This key cannot read IAM${inOrg ? inOrg : ' in its organization'} (it needs IAMReadOnly or IAMManager).`
    }
    case 'OFFLINE':
      return 'Scaleway is unreachable. Check your connection; cached data stays available.'
    case 'KEYCHAIN_UNAVAILABLE':
      return 'The system keychain is unavailable, so IAM Desk cannot store the secret key safely.'
    case 'CACHE_UNAVAILABLE':
      return error.message || "IAM Desk's local cache cannot be used right now."
    case 'RATE_LIMITED': {
      const ms = typeof d?.retryAfterMs === 'number' ? d.retryAfterMs : null
      return ms === null
        ? `Scaleway asked IAM Desk to slow down${inOrg}. It will retry shortly.`
        : `Scaleway asked IAM Desk to slow down${inOrg}. It will retry in ${Math.max(1, Math.ceil(ms / 1000))} s.`
    }
    case 'NOT_FOUND':
      return error.message || `It no longer exists${inOrg}.`
    case 'CONFLICT':
      return error.message || 'This conflicts with the current state. Refresh and try again.'
    case 'BAD_REQUEST':
      return error.message || 'Some of the values were not accepted.'
    case 'QUOTA_EXCEEDED':
      return error.message || `The organization's quota is reached${inOrg}.`
    case 'BAD_RESPONSE':
      return `Scaleway answered with something IAM Desk did not understand${inOrg}. Try again later.`
    case 'CANCELLED':
      return 'Cancelled.'
    case 'INTERNAL':
      return error.message || 'Something went wrong inside IAM Desk.'
    default:
      return unreachable(code)
  }
}

// Client-side checks of the add-organization form, in plain words. The server checks again.
import { checkApiUrl } from '../../../../src-preload/contract/api-url'

const ACCESS_KEY = /^SCW[A-Z0-9]{17}$/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface OrgFormErrors {
  accessKey?: string
  secretKey?: string
  apiUrl?: string
  name?: string
}

export function validateOrgForm(v: { accessKey: string; secretKey: string; apiUrl: string; name: string }): OrgFormErrors {
  const errors: OrgFormErrors = {}
  const ak = v.accessKey.trim()
  if (!ak) errors.accessKey = 'Enter the access key.'
  else if (!ACCESS_KEY.test(ak)) errors.accessKey = 'An access key is "SCW" followed by 17 letters or digits, like SCWABCDEFGHIJ12345678.'
  const sk = v.secretKey.trim()
  if (!sk) errors.secretKey = 'Enter the secret key.'
  else if (!UUID.test(sk)) errors.secretKey = 'A secret key looks like 1a2b3c4d-0000-1111-2222-333344445555 (36 characters with dashes).'
  const url = v.apiUrl.trim()
  if (url) {
    const checked = checkApiUrl(url)
    if (!checked.ok) errors.apiUrl = `${checked.problem.charAt(0).toUpperCase()}${checked.problem.slice(1)}. Use https:// (for example https://api.scaleway.com).`
  }
  if (v.name.trim().length > 100) errors.name = 'Keep the name under 100 characters.'
  return errors
}

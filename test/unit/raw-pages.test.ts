// Raw list pages (ScalewayClient.listPagesRaw) are parsed and validated in the commit worker:
// a bad page must fail like a page validated by the client, without echoing its values.
import { describe, expect, it } from 'vitest'
import { itemsOfRawPages } from '../../src-main/core/platform/cache/raw-pages'
import { ScalewayApiError } from '../../src-main/core/platform/scaleway/errors'

const ssh = (id: string, name = 'k') => ({
  id,
  name,
  public_key: 'ssh-ed25519 AAAA',
  fingerprint: '256 SHA256:x',
  created_at: '2025-01-01T00:00:00.000000Z',
  updated_at: null,
  organization_id: '11111111-1111-4111-8111-111111111111',
  project_id: '11111111-1111-4111-8111-111111111111',
  disabled: false,
})

describe('itemsOfRawPages', () => {
  it('returns every item of every page, in order', () => {
    const pages = [JSON.stringify({ ssh_keys: [ssh('22222222-2222-4222-8222-222222222222')], total_count: 2 }), JSON.stringify({ ssh_keys: [ssh('33333333-3333-4333-8333-333333333333')], total_count: 2 })]
    expect(itemsOfRawPages('ssh_keys', pages, '/iam/v1alpha1/ssh-keys').map((k) => k.id)).toEqual(['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'])
  })

  it('refuses a body that is not JSON', () => {
    expect(() => itemsOfRawPages('ssh_keys', ['<html>'], '/iam/v1alpha1/ssh-keys')).toThrow(ScalewayApiError)
    expect(() => itemsOfRawPages('ssh_keys', ['<html>'], '/iam/v1alpha1/ssh-keys')).toThrow(/GET \/iam\/v1alpha1\/ssh-keys with a body that is not JSON/)
  })

  it('names the failing fields but never their values', () => {
    const page = JSON.stringify({ ssh_keys: [{ ...ssh('44444444-4444-4444-8444-444444444444'), disabled: 'secret-looking-value' }], total_count: 1 })
    let err: unknown
    try {
      itemsOfRawPages('ssh_keys', [page], '/iam/v1alpha1/ssh-keys')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ScalewayApiError)
    expect((err as ScalewayApiError).kind).toBe('bad_response')
    expect((err as Error).message).toMatch(/ssh_keys\.0\.disabled: invalid_type/)
    expect((err as Error).message).not.toContain('secret-looking-value')
  })
})

import { describe, expect, it } from 'vitest'
import { createPreviewToken, verifyPreviewToken } from './preview-token'

const secret = 's'.repeat(48)
const pageId = '6f1c3c8e-6c1e-4d7e-9d49-2a8f0c5a1b23'

describe('preview tokens', () => {
  it('verify within 15 minutes and expire after', () => {
    const now = Date.now()
    const token = createPreviewToken(secret, pageId, now)
    expect(verifyPreviewToken(secret, token, now + 14 * 60 * 1000)).toEqual({ pageId })
    expect(verifyPreviewToken(secret, token, now + 16 * 60 * 1000)).toBeUndefined()
  })

  it('reject a token for another page, another secret or a tampered expiry', () => {
    const token = createPreviewToken(secret, pageId)
    const [, expires, signature] = token.split('.')
    expect(verifyPreviewToken(secret, `00000000-0000-0000-0000-000000000000.${expires}.${signature}`)).toBeUndefined()
    expect(verifyPreviewToken('x'.repeat(48), token)).toBeUndefined()
    expect(verifyPreviewToken(secret, `${pageId}.${Number(expires) + 3600}.${signature}`)).toBeUndefined()
    expect(verifyPreviewToken(secret, 'garbage')).toBeUndefined()
  })
})

import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/** The site's preview route: `?token=` of a link made by `createPreviewToken`. */
export const previewQuerySchema = z.object({ token: z.string().min(10).max(300) })

/**
 * Signed, expiring preview links: `<pageId>.<expires>.<signature>`. Anyone with the link
 * can see the draft until it expires (15 minutes), nobody can forge one without the secret.
 */
export function createPreviewToken(secret: string, pageId: string, now = Date.now(), ttlMs = 15 * 60 * 1000): string {
  const expires = Math.floor((now + ttlMs) / 1000)
  return `${pageId}.${expires}.${sign(secret, `${pageId}.${expires}`)}`
}

export function verifyPreviewToken(secret: string, token: string, now = Date.now()): { pageId: string } | undefined {
  const [pageId, expires, signature] = token.split('.')
  if (!pageId || !expires || !signature || !/^\d+$/.test(expires)) return undefined
  if (Number(expires) * 1000 < now) return undefined
  const expected = Buffer.from(sign(secret, `${pageId}.${expires}`))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given) ? { pageId } : undefined
}

function sign(secret: string, value: string): string {
  return createHmac('sha256', `preview:${secret}`).update(value).digest('base64url')
}

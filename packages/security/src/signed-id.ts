import { createHmac, timingSafeEqual } from 'node:crypto'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `<id>.<signature>`: a link that opens one record (a booking, a subscription) without an account.
 * Signed rather than stored, so every process can write the same link; `purpose` keeps a token
 * made for one kind of record from opening another with the same id.
 */
export function signId(secret: string, purpose: string, id: string): string {
  return `${id}.${signatureOf(secret, purpose, id)}`
}

/** The id, or undefined for a token not signed with `secret` for `purpose`. */
export function verifySignedId(secret: string, purpose: string, token: string): string | undefined {
  const [id, signature, ...rest] = token.split('.')
  if (!id || !signature || rest.length > 0 || !UUID.test(id)) return undefined
  const expected = Buffer.from(signatureOf(secret, purpose, id))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : undefined
}

function signatureOf(secret: string, purpose: string, id: string): string {
  return createHmac('sha256', `${purpose}:${secret}`).update(id.toLowerCase()).digest('base64url')
}

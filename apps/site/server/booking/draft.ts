import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/** A visitor's details between the details step and the confirmation. */
export interface BookingDraft {
  customer: { name: string, email: string, phone: string }
  answers: Record<string, string | boolean>
  /** The files uploaded for `file` questions: their answer is the id; name and size are for display. */
  files: Record<string, { id: string, name: string, size: number }>
  /** When these details passed the project's Turnstile check (ms), for the confirmation to trust. */
  humanCheckedAt?: number
}

// The details ride in the summary's URL, so they are sealed (AES-256-GCM, a key of their own
// derived from the session secret), bound to the project, and expire: no name or email in a
// URL, a log line or a referrer, and nothing stored for a visitor who never books.
const DRAFT_TTL_MS = 6 * 60 * 60 * 1000
const keys = new Map<string, Buffer>()

function keyFor(secret: string): Buffer {
  let key = keys.get(secret)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'flectar-booking-draft', 'booking draft v1', 32))
    keys.set(secret, key)
  }
  return key
}

export function sealDraft(secret: string, projectId: string, draft: BookingDraft, now = Date.now()): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv)
  cipher.setAAD(Buffer.from(projectId))
  const body = Buffer.concat([cipher.update(JSON.stringify({ ...draft, exp: now + DRAFT_TTL_MS })), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** The draft, or undefined when it is not one of ours, is for another project or has expired. */
export function openDraft(secret: string, projectId: string, sealed: string | undefined, now = Date.now()): BookingDraft | undefined {
  if (!sealed) return undefined
  try {
    const bytes = Buffer.from(sealed, 'base64url')
    if (bytes.length < 29) return undefined
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), bytes.subarray(0, 12))
    decipher.setAAD(Buffer.from(projectId))
    decipher.setAuthTag(bytes.subarray(12, 28))
    const parsed = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as BookingDraft & { exp: number }
    if (typeof parsed.exp !== 'number' || parsed.exp < now) return undefined
    return { customer: parsed.customer, answers: parsed.answers ?? {}, files: parsed.files ?? {}, ...(typeof parsed.humanCheckedAt === 'number' ? { humanCheckedAt: parsed.humanCheckedAt } : {}) }
  }
  catch {
    return undefined
  }
}

// How long a Turnstile pass on the details step lets those details book: enough to read the
// summary, try a coupon or pick another time, not a day of replays of one solved check.
const HUMAN_CHECK_TTL_MS = 30 * 60 * 1000

/**
 * Whether the details posted with the confirmation passed Turnstile on the details step: the
 * sealed draft says so, recently, for the same customer (the summary posts them back as hidden fields).
 */
export function humanCheckHolds(sealed: BookingDraft | undefined, posted: BookingDraft, now = Date.now()): boolean {
  if (sealed?.humanCheckedAt === undefined || now - sealed.humanCheckedAt > HUMAN_CHECK_TTL_MS) return false
  const { name, email, phone } = sealed.customer
  return posted.customer.name === name && posted.customer.email === email && posted.customer.phone === phone
}

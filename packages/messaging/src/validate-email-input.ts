import { z } from 'zod'
import { isCleanText } from '@flectar/validation'
import { MAX_SUBJECT_LENGTH } from './email-subject'

const MAX_ATTACHMENTS = 10
/** Total attachment size, in base64 characters (about 7.5 MB decoded). */
const MAX_ATTACHMENT_CHARS = 10_000_000
// No CR/LF (header injection) nor any other control character; see `emailSubject` for building one.
const singleLine = (value: string) => isCleanText(value)

const attachmentSchema = z.object({
  filename: z.string().trim().min(1).max(255)
    .refine(value => singleLine(value) && !/[/\\]/.test(value), 'must be a plain file name'),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type'),
  content: z.base64('must be base64').min(1),
})

/** The outbox's input rules; `enqueueEmail` parses with it. */
export const emailInputSchema = z.object({
  /** One bare address: `ana@example.com`. */
  to: z.string().trim().max(320).pipe(z.email('must be one email address')),
  /** One bare address replies go to instead of the sender; none by default. */
  replyTo: z.string().trim().max(320).pipe(z.email('must be one email address')).nullish().transform(value => value ?? null),
  subject: z.string().trim().min(1).max(MAX_SUBJECT_LENGTH).refine(singleLine, 'must be a single line'),
  text: z.string().refine(value => value.trim() !== '', 'is required'),
  html: z.string().nullish().transform(value => value ?? null),
  /** What kind of message: `auth.verify_email`, `org.invitation`, … */
  template: z.string().trim().max(100).regex(/^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/, 'must look like `auth.verify_email`'),
  orgId: z.uuid().nullish().transform(value => value ?? null),
  projectId: z.uuid().nullish().transform(value => value ?? null),
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([])
    .refine(list => list.reduce((total, item) => total + item.content.length, 0) <= MAX_ATTACHMENT_CHARS, 'are too large (10 MB of base64 at most)'),
})

/** What `enqueueEmail` accepts. */
export type EmailInput = z.input<typeof emailInputSchema>
/** An `EmailInput` after validation: trimmed, optional ids as null, attachments as a list. */
export type ValidEmail = z.output<typeof emailInputSchema>

/**
 * `enqueueEmail` was given something it cannot send. Shaped like `@flectar/errors`'
 * `InvalidInputError` (h3's `statusCode`/`data`), so an app answers it with a 422.
 */
export class EmailValidationError extends Error {
  override name = 'EmailValidationError'
  readonly statusCode = 422
  readonly statusMessage = 'Some fields need attention.'
  readonly data: { code: 'invalid_input', fields: Record<string, string> }

  constructor(fields: Record<string, string>) {
    super(`Invalid email: ${Object.entries(fields).map(([path, message]) => `${path} ${message}`).join('; ')}`)
    this.data = { code: 'invalid_input', fields }
  }

  get fields(): Record<string, string> {
    return this.data.fields
  }
}

/** Parses an email for the outbox; throws `EmailValidationError` naming each field at fault. */
export function validateEmailInput(input: EmailInput): ValidEmail {
  const result = emailInputSchema.safeParse(input)
  if (result.success) return result.data
  const fields: Record<string, string> = {}
  for (const issue of result.error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message
  throw new EmailValidationError(fields)
}

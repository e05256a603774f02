import { describe, expect, it } from 'vitest'
import { EmailValidationError, validateEmailInput, type EmailInput } from './validate-email-input'

const valid: EmailInput = { to: ' ana@example.com ', subject: ' Hello ', text: 'Body', template: 'auth.verify_email' }

function fieldsOf(input: unknown) {
  try {
    validateEmailInput(input as EmailInput)
  }
  catch (error) {
    expect(error).toBeInstanceOf(EmailValidationError)
    return (error as EmailValidationError).fields
  }
  throw new Error('expected a validation error')
}

describe('validateEmailInput', () => {
  it('trims and fills the optional fields', () => {
    expect(validateEmailInput(valid)).toEqual({
      to: 'ana@example.com', replyTo: null, subject: 'Hello', text: 'Body', html: null, template: 'auth.verify_email',
      orgId: null, projectId: null, attachments: [],
    })
  })

  it('keeps a valid attachment, ids and html', () => {
    const attachment = { filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7').toString('base64') }
    const orgId = '6f1c2b8e-3d4a-4b5c-9d6e-7f8091a2b3c4'
    expect(validateEmailInput({ ...valid, html: '<p>Body</p>', orgId, attachments: [attachment] })).toMatchObject({ html: '<p>Body</p>', orgId, attachments: [attachment] })
    expect(validateEmailInput({ ...valid, replyTo: ' visitor@example.com ' })).toMatchObject({ replyTo: 'visitor@example.com' })
  })

  it('names each field at fault, as a 422', () => {
    const fields = fieldsOf({ to: 'not an email', replyTo: 'Ana <ana@example.com>\r\nBcc: x@example.com', subject: '', text: ' ', template: 'Bad Template', orgId: 'nope' })
    expect(Object.keys(fields).sort()).toEqual(['orgId', 'replyTo', 'subject', 'template', 'text', 'to'])
    const error = (() => {
      try {
        validateEmailInput({ ...valid, to: 'x' })
      }
      catch (caught) {
        return caught as EmailValidationError
      }
    })()
    expect(error?.statusCode).toBe(422)
    expect(error?.data).toEqual({ code: 'invalid_input', fields: { to: 'must be one email address' } })
  })

  it('refuses header injection and lists of recipients', () => {
    expect(fieldsOf({ ...valid, subject: 'Hi\r\nBcc: x@evil.test' })).toHaveProperty('subject')
    expect(fieldsOf({ ...valid, to: 'a@example.com, b@example.com' })).toHaveProperty('to')
    expect(fieldsOf({ ...valid, to: 'a@example.com\nBcc: b@example.com' })).toHaveProperty('to')
  })

  it('checks attachments', () => {
    const good = { filename: 'a.txt', contentType: 'text/plain', content: 'aGk=' }
    expect(fieldsOf({ ...valid, attachments: [{ ...good, content: 'not base64!' }] })).toHaveProperty(['attachments.0.content'])
    expect(fieldsOf({ ...valid, attachments: [{ ...good, filename: '../etc/passwd' }] })).toHaveProperty(['attachments.0.filename'])
    expect(fieldsOf({ ...valid, attachments: [{ ...good, contentType: 'pdf' }] })).toHaveProperty(['attachments.0.contentType'])
    expect(fieldsOf({ ...valid, attachments: Array.from({ length: 11 }, () => good) })).toHaveProperty('attachments')
  })
})

import { describe, expect, it } from 'vitest'
import { isCleanText } from '@flectar/validation'
import { emailSubject, MAX_SUBJECT_LENGTH } from './email-subject'
import { validateEmailInput } from './validate-email-input'

describe('emailSubject', () => {
  it('makes one line of names holding newlines, tabs and control characters', () => {
    expect(emailSubject('New booking: Eve\nSmith, Monday')).toBe('New booking: Eve Smith, Monday')
    expect(emailSubject('Booking confirmed: Cut\r\nand dry\t— Monday')).toBe('Booking confirmed: Cut and dry — Monday')
    expect(emailSubject('Hi\r\nBcc: x@evil.test\u0000')).toBe('Hi Bcc: x@evil.test')
  })

  it('cuts what the outbox would refuse as too long, without splitting a character', () => {
    const subject = emailSubject(`New booking: ${'\u{1F600}'.repeat(400)}`)
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH)
    expect(subject.endsWith('…')).toBe(true)
    expect(isCleanText(subject)).toBe(true)
  })

  it('always gives a subject the outbox takes', () => {
    for (const name of ['Eve\nSmith', 'a\u0000b', '\uD800x', 'x'.repeat(5000)]) {
      expect(() => validateEmailInput({ to: 'ana@example.com', subject: emailSubject(`Booking: ${name}`), text: 'T', template: 'test.message' })).not.toThrow()
    }
  })
})

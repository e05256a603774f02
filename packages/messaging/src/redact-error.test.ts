import { describe, expect, it } from 'vitest'
import { redactError } from './redact-error'

describe('redactError', () => {
  it('masks bearer tokens, Resend keys, key=value secrets and URL passwords', () => {
    const message = redactError(new Error('failed with Authorization: Bearer abc.def and re_123456789abc; api_key=s3cret token: "tok" via postgres://user:pw@db/x'))
    expect(message).not.toMatch(/abc\.def|re_123456789abc|s3cret|tok"|:pw@/)
    expect(message).toContain('[redacted]')
  })

  it('masks the secrets it is given', () => {
    expect(redactError('the key is hunter2hunter2', ['hunter2hunter2'])).toBe('the key is [redacted]')
  })

  it('is one short line and names non-generic errors', () => {
    const error = new TypeError(`line one\nline two ${'x'.repeat(1000)}`)
    const message = redactError(error)
    expect(message.startsWith('TypeError: line one line two')).toBe(true)
    expect(message).toHaveLength(500)
    expect(message).not.toContain('\n')
    expect(redactError(' \n ')).toBe('Unknown error')
    expect(redactError('plain')).toBe('plain')
  })
})

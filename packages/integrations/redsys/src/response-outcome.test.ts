import { describe, expect, it } from 'vitest'
import { redsysResponseOutcome } from './response-outcome'

describe('redsysResponseOutcome', () => {
  it('treats 0000–0099 as authorised', () => {
    for (const code of ['0000', '0001', '0050', '0099', '000']) expect(redsysResponseOutcome(code)).toBe('authorised')
  })

  it('maps 0900 to refunded and 0400 to cancelled', () => {
    expect(redsysResponseOutcome('0900')).toBe('refunded')
    expect(redsysResponseOutcome('0400')).toBe('cancelled')
  })

  it('treats everything else as failed, including 9915 and garbage', () => {
    for (const code of ['0100', '0190', '0913', '0950', '9915', '0101', '', 'abcd', '00000', '-1', '0x10']) {
      expect(redsysResponseOutcome(code)).toBe('failed')
    }
    expect(redsysResponseOutcome(undefined as unknown as string)).toBe('failed')
  })
})

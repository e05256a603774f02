import { describe, expect, it } from 'vitest'
import { isUuid } from './ids'

describe('isUuid', () => {
  it('accepts a UUID in either case, whatever its version', () => {
    expect(isUuid('0b7e3c52-54d4-4a8e-9a4f-0c2b6f1d9e01')).toBe(true)
    expect(isUuid('0B7E3C52-54D4-4A8E-9A4F-0C2B6F1D9E01')).toBe(true)
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true)
  })

  it('refuses anything a route or body could carry instead', () => {
    for (const value of ['', 'abc', '0b7e3c52-54d4-4a8e-9a4f-0c2b6f1d9e0', '0b7e3c5254d44a8e9a4f0c2b6f1d9e01', ' 0b7e3c52-54d4-4a8e-9a4f-0c2b6f1d9e01', '0b7e3c52-54d4-4a8e-9a4f-0c2b6f1d9e01\n', '0b7e3c52-54d4-4a8e-9a4f-0c2b6f1d9g01', undefined, null, 42, ['0b7e3c52-54d4-4a8e-9a4f-0c2b6f1d9e01']]) {
      expect(isUuid(value)).toBe(false)
    }
  })
})

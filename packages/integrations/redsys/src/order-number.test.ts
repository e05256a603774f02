import { describe, expect, it } from 'vitest'
import { isValidRedsysOrderNumber, redsysOrderNumber } from './order-number'

describe('redsysOrderNumber', () => {
  it('is 12 characters: 4 digits then 8 base36', () => {
    const order = redsysOrderNumber()
    expect(order).toMatch(/^\d{4}[\da-z]{8}$/)
    expect(isValidRedsysOrderNumber(order)).toBe(true)
  })

  it('takes its first 4 digits from the clock', () => {
    expect(redsysOrderNumber(new Date(1_700_000_123_000)).slice(0, 4)).toBe('0123')
    expect(redsysOrderNumber(new Date(1_700_009_999_000)).slice(0, 4)).toBe('9999')
  })

  it('does not repeat', () => {
    const now = new Date()
    const orders = new Set(Array.from({ length: 500 }, () => redsysOrderNumber(now)))
    expect(orders.size).toBe(500)
  })
})

describe('isValidRedsysOrderNumber', () => {
  it('applies Redsys rules', () => {
    for (const order of ['1234', '1234abcdWXYZ', '000000000000']) expect(isValidRedsysOrderNumber(order)).toBe(true)
    for (const order of ['123', '123a', 'abcd1234', '1234abcdWXYZ1', '1234-abc', '1234 abc', '1234ñ', '']) {
      expect(isValidRedsysOrderNumber(order)).toBe(false)
    }
  })
})

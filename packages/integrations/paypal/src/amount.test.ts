import { describe, expect, it } from 'vitest'
import { currencyMinorDigits, formatPayPalAmount, parsePayPalAmount } from './amount'

describe('formatPayPalAmount', () => {
  it.each([
    [1050, 'EUR', '10.50'],
    [1050, 'JPY', '1050'],
    [5, 'USD', '0.05'],
    [0, 'GBP', '0.00'],
    [1234, 'KWD', '1.234'],
    [1000, 'HUF', '1000'],
    [100000, 'TWD', '1000'],
    [123456789012, 'EUR', '1234567890.12'],
  ])('%i %s → %s', (minor, currency, expected) => {
    expect(formatPayPalAmount(minor, currency)).toBe(expected)
  })

  it('never drifts like floats do', () => {
    for (let minor = 0; minor < 20_000; minor += 7) {
      expect(parsePayPalAmount(formatPayPalAmount(minor, 'EUR'), 'EUR')).toBe(minor)
    }
    expect(formatPayPalAmount(29, 'EUR')).toBe('0.29') // 0.29 * 100 is 28.999999999999996 in floats
  })

  it('refuses negative, fractional or unsafe amounts, bad currencies, and TWD cents', () => {
    expect(() => formatPayPalAmount(-1, 'EUR')).toThrow(RangeError)
    expect(() => formatPayPalAmount(10.5, 'EUR')).toThrow(RangeError)
    expect(() => formatPayPalAmount(2 ** 53, 'EUR')).toThrow(RangeError)
    expect(() => formatPayPalAmount(100, 'eur')).toThrow(RangeError)
    expect(() => formatPayPalAmount(100050, 'TWD')).toThrow(/whole units/)
    expect(() => formatPayPalAmount(100, 'XYZ')).toThrow(RangeError)
  })
})

describe('parsePayPalAmount', () => {
  it('reads decimal strings back to minor units', () => {
    expect(parsePayPalAmount('10.50', 'EUR')).toBe(1050)
    expect(parsePayPalAmount('10.5', 'EUR')).toBe(1050)
    expect(parsePayPalAmount('10', 'EUR')).toBe(1000)
    expect(parsePayPalAmount('1050', 'JPY')).toBe(1050)
    expect(parsePayPalAmount('1000', 'TWD')).toBe(100000)
  })

  it('gives undefined for anything else, without throwing', () => {
    for (const [value, currency] of [['1.234', 'EUR'], ['10.5', 'JPY'], ['-1', 'EUR'], ['1e3', 'EUR'], [' 1', 'EUR'], ['', 'EUR'], ['1.', 'EUR'], [10, 'EUR'], ['1', 'XX'], ['1', undefined]]) {
      expect(parsePayPalAmount(value, currency)).toBeUndefined()
    }
  })

  it('takes the currency digits from Intl', () => {
    expect([currencyMinorDigits('EUR'), currencyMinorDigits('JPY'), currencyMinorDigits('KWD')]).toEqual([2, 0, 3])
  })
})

import { describe, expect, it } from 'vitest'
import { currencyDigits, formatMoney, majorToMinor, minorToMajor } from './money'

describe('money in minor units', () => {
  it('knows each currency\'s decimals', () => {
    expect([currencyDigits('EUR'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3])
  })

  it('formats minor units in a locale', () => {
    expect(formatMoney({ amount: 1250, currency: 'EUR' }, 'en')).toBe('€12.50')
    expect(formatMoney({ amount: 1250, currency: 'EUR' }, 'es').replace(/\s/g, ' ')).toBe('12,50 €')
    expect(formatMoney({ amount: 1250, currency: 'JPY' }, 'en')).toBe('¥1,250')
    expect(formatMoney({ amount: 1250, currency: 'KWD' }, 'en').replace(/\s/g, ' ')).toBe('KWD 1.250')
  })

  it('shows an unknown currency code instead of throwing', () => {
    expect(formatMoney({ amount: 1250, currency: 'EU' }, 'en')).toBe('12.50 EU')
  })

  it('turns form values into whole minor units and back', () => {
    expect(majorToMinor(19.999, 'EUR')).toBe(2000)
    expect(majorToMinor(25.5, 'EUR')).toBe(2550)
    expect(majorToMinor(1250, 'JPY')).toBe(1250)
    expect(majorToMinor(undefined, 'EUR')).toBe(0)
    expect(minorToMajor(2550, 'EUR')).toBe(25.5)
  })
})

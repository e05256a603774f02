import { describe, expect, it } from 'vitest'
import { verifactuAmount, verifactuDate, verifactuTimestamp } from './verifactu-format'

describe('verifactuAmount', () => {
  it('writes cents with two decimals and a point', () => {
    expect(verifactuAmount(1235)).toBe('12.35')
    expect(verifactuAmount(-1235)).toBe('-12.35')
    expect(verifactuAmount(0)).toBe('0.00')
    expect(verifactuAmount(-0)).toBe('0.00')
    expect(verifactuAmount(5)).toBe('0.05')
    expect(verifactuAmount(-5)).toBe('-0.05')
    expect(verifactuAmount(56700)).toBe('567.00')
    expect(verifactuAmount(99_999_999_999_999)).toBe('999999999999.99')
  })

  it('refuses fractions of a cent, non-numbers and more than 12 integer digits', () => {
    expect(() => verifactuAmount(12.5)).toThrow(RangeError)
    expect(() => verifactuAmount(Number.NaN)).toThrow(RangeError)
    expect(() => verifactuAmount(Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(() => verifactuAmount(100_000_000_000_000)).toThrow(RangeError)
    expect(() => verifactuAmount(-100_000_000_000_000)).toThrow(RangeError)
  })
})

describe('verifactuDate', () => {
  it('turns YYYY-MM-DD into dd-mm-yyyy', () => {
    expect(verifactuDate('2024-01-01')).toBe('01-01-2024')
    expect(verifactuDate('2025-04-23')).toBe('23-04-2025')
    expect(verifactuDate('2024-02-29')).toBe('29-02-2024')
  })

  it('refuses dates that are not on the calendar or not ISO', () => {
    expect(() => verifactuDate('2023-02-29')).toThrow(RangeError)
    expect(() => verifactuDate('01-01-2024')).toThrow(RangeError)
    expect(() => verifactuDate('2024-1-1')).toThrow(RangeError)
  })
})

describe('verifactuTimestamp', () => {
  it('writes Madrid winter time with +01:00 and summer time with +02:00', () => {
    expect(verifactuTimestamp(new Date('2024-01-01T18:20:30Z'))).toBe('2024-01-01T19:20:30+01:00')
    expect(verifactuTimestamp(new Date('2024-07-15T10:00:00Z'), 'Europe/Madrid')).toBe('2024-07-15T12:00:00+02:00')
  })

  it('switches offset at the exact DST instants (last Sunday of March and October, 01:00 UTC)', () => {
    expect(verifactuTimestamp(new Date('2024-03-31T00:59:59Z'))).toBe('2024-03-31T01:59:59+01:00')
    expect(verifactuTimestamp(new Date('2024-03-31T01:00:00Z'))).toBe('2024-03-31T03:00:00+02:00')
    expect(verifactuTimestamp(new Date('2024-10-27T00:59:59Z'))).toBe('2024-10-27T02:59:59+02:00')
    expect(verifactuTimestamp(new Date('2024-10-27T01:00:00Z'))).toBe('2024-10-27T02:00:00+01:00')
  })

  it('writes Canary Islands time with +00:00 in winter and +01:00 in summer', () => {
    expect(verifactuTimestamp(new Date('2024-01-01T18:20:30Z'), 'Atlantic/Canary')).toBe('2024-01-01T18:20:30+00:00')
    expect(verifactuTimestamp(new Date('2024-07-15T10:00:00Z'), 'Atlantic/Canary')).toBe('2024-07-15T11:00:00+01:00')
  })

  it('keeps whole seconds, dropping milliseconds', () => {
    expect(verifactuTimestamp(new Date('2024-01-01T18:20:30.999Z'))).toBe('2024-01-01T19:20:30+01:00')
  })

  it('refuses an invalid date or zone', () => {
    expect(() => verifactuTimestamp(new Date('nope'))).toThrow(RangeError)
    expect(() => verifactuTimestamp(new Date(), 'Europe/Nowhere')).toThrow(RangeError)
  })
})

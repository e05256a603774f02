import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { dateOrDateTime, dateText, dateTimeText, isCalendarDate } from './dates'

function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value)
  return result.success ? undefined : result.error.issues[0]!.message
}

describe('dateText', () => {
  const date = dateText({ message: 'must be a date like 2026-12-07', outOfRange: 'must be in the years 1900 to 2200' })

  it('accepts real calendar days in range, as strings', () => {
    for (const value of ['2026-12-07', '2028-02-29', '1900-01-01', '2200-12-31']) expect(date.parse(value)).toBe(value)
  })

  it('refuses days that do not exist and other shapes', () => {
    for (const value of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-1', '2026-12-07T00:00:00Z', '', ' 2026-12-07', '2026-12-07\u0000', JSON.parse('"2026-12-07\\u0000"'), '2026-12-07\n']) {
      expect(messageOf(date, value)).toBe('must be a date like 2026-12-07')
    }
    for (const value of [1e308, JSON.parse('9007199254740993'), -1, null]) expect(messageOf(date, value)).toBe('must be a date like 2026-12-07')
  })

  it('refuses years outside 1900–2200: 0001, 0999, 9999 and 99999', () => {
    for (const value of ['0001-01-01', '0999-12-30', '1899-12-31', '2201-01-01', '9999-12-01', '9999-12-31']) {
      expect(messageOf(date, value)).toBe('must be in the years 1900 to 2200')
    }
    expect(messageOf(date, '99999-01-01')).toBe('must be a date like 2026-12-07')
  })

  it('has readable defaults', () => {
    expect(messageOf(dateText(), 'soon')).toBe('Use a date like 2026-12-24')
    expect(messageOf(dateText(), '9999-12-31')).toBe('Use a year between 1900 and 2200')
  })
})

describe('dateTimeText', () => {
  const start = dateTimeText({ message: 'must be an ISO 8601 date-time with offset' })

  it('accepts ISO 8601 with Z or an offset, as strings', () => {
    for (const value of ['2026-12-07T10:00:00Z', '2026-12-07T10:00:00+01:00', '2026-12-07T10:00:00.123-05:30', '2200-12-31T23:59:59Z']) expect(start.parse(value)).toBe(value)
  })

  it('refuses local times, bad days and garbage', () => {
    for (const value of ['2026-12-07T10:00:00', '2026-12-07', '2026-02-30T10:00:00Z', '2026-12-07T25:00:00Z', 'now', '2026-12-07T10:00:00Z\u0000', '2026-12-07T10:00:00Z\r\n', 1e308, JSON.parse('9007199254740993'), -1]) {
      expect(messageOf(start, value)).toBe('must be an ISO 8601 date-time with offset')
    }
  })

  it('refuses years outside 1900–2200', () => {
    for (const value of ['0001-01-01T00:00:00Z', '0999-12-30T10:00:00Z', '9999-12-31T10:00:00Z']) expect(messageOf(start, value)).toBe('Use a year between 1900 and 2200')
    expect(messageOf(start, '99999-01-01T00:00:00Z')).toBe('must be an ISO 8601 date-time with offset')
  })
})

describe('dateOrDateTime', () => {
  const before = dateOrDateTime({ message: 'Enter a valid date' })

  it('gives a Date for either form', () => {
    expect(before.parse('2026-12-07')).toEqual(new Date('2026-12-07T00:00:00Z'))
    expect(before.parse('2026-12-07T10:00:00+01:00')).toEqual(new Date('2026-12-07T09:00:00Z'))
  })

  it('refuses extreme years and garbage with the field\'s message', () => {
    expect(messageOf(before, '99999-01-01')).toBe('Enter a valid date')
    expect(messageOf(before, '0001-01-01')).toBe('Use a year between 1900 and 2200')
    expect(messageOf(before, '9999-12-31T10:00:00Z')).toBe('Use a year between 1900 and 2200')
    expect(messageOf(before, '%00')).toBe('Enter a valid date')
    expect(messageOf(before, 42)).toBe('Enter a valid date')
  })
})

describe('isCalendarDate', () => {
  it('knows leap years, also before year 100', () => {
    expect(isCalendarDate('2000-02-29')).toBe(true)
    expect(isCalendarDate('1900-02-29')).toBe(false)
    expect(isCalendarDate('0004-02-29')).toBe(true)
    expect(isCalendarDate('0001-01-01')).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { addLocalDays, addLocalMonths, firstOfMonth, lastOfMonth, parseLocalDate, startOfWeek, weekdayOf } from './local-dates'

describe('local dates', () => {
  it('adds days across months, years and 29 February', () => {
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addLocalDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28')
    // The spring change in Madrid is not a shorter day for a calendar date.
    expect(addLocalDays('2027-03-27', 2)).toBe('2027-03-29')
  })

  it('knows weekdays and week starts', () => {
    expect(weekdayOf('2026-12-07')).toBe(1)
    expect(weekdayOf('2026-12-13')).toBe(7)
    expect(startOfWeek('2026-12-13')).toBe('2026-12-07')
    expect(startOfWeek('2026-12-13', 7)).toBe('2026-12-13')
    expect(startOfWeek('2026-12-12', 7)).toBe('2026-12-06')
  })

  it('moves by months from the first of the month', () => {
    expect(firstOfMonth('2026-12-24')).toBe('2026-12-01')
    expect(addLocalMonths('2026-12-24', 1)).toBe('2027-01-01')
    expect(addLocalMonths('2027-01-31', -1)).toBe('2026-12-01')
    expect(addLocalMonths('2026-01-15', -13)).toBe('2024-12-01')
    expect(lastOfMonth('2028-02-10')).toBe('2028-02-29')
  })

  it('refuses days that do not exist', () => {
    for (const text of ['2026-02-29', '2026-13-01', '2026-1-1', '']) expect(() => parseLocalDate(text)).toThrow(RangeError)
  })
})

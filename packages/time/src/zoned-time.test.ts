import { describe, expect, it } from 'vitest'
import { dateInZone, dayRangeInZone, formatInZone, instantInZone, todayIn, wallClockIn } from './zoned-time'

// Literal instants around the changes of 2027 in Madrid (28 March: 02:00 → 03:00;
// 31 October: 03:00 → 02:00) and New York (14 March, 7 November).
describe('wall-clock times in a zone', () => {
  it('turns a local date and time into its instant, DST-correct', () => {
    expect(instantInZone('2027-03-27', 9 * 60, 'Europe/Madrid').toISOString()).toBe('2027-03-27T08:00:00.000Z')
    expect(instantInZone('2027-03-29', 9 * 60, 'Europe/Madrid').toISOString()).toBe('2027-03-29T07:00:00.000Z')
    expect(instantInZone('2027-03-14', 9 * 60, 'America/New_York').toISOString()).toBe('2027-03-14T13:00:00.000Z')
  })

  it('takes the first instant after a skipped time and the first occurrence of a repeated one, as the engine does', () => {
    expect(instantInZone('2027-03-28', 2 * 60 + 30, 'Europe/Madrid').toISOString()).toBe('2027-03-28T01:00:00.000Z')
    expect(instantInZone('2027-10-31', 2 * 60 + 30, 'Europe/Madrid').toISOString()).toBe('2027-10-31T00:30:00.000Z')
  })

  it('reads an instant back as local date and minutes, and as ISO with the offset', () => {
    expect(wallClockIn('2027-03-28T01:00:00Z', 'Europe/Madrid')).toEqual({ date: '2027-03-28', minutes: 3 * 60 })
    expect(wallClockIn(new Date('2026-12-31T23:30:00Z'), 'Europe/Madrid')).toEqual({ date: '2027-01-01', minutes: 30 })
    expect(dateInZone('2026-12-07T03:00:00Z', 'America/Los_Angeles')).toBe('2026-12-06')
    expect(formatInZone(new Date('2027-03-29T07:00:00Z'), 'Europe/Madrid')).toBe('2027-03-29T09:00:00+02:00')
    expect(formatInZone(new Date('2026-12-07T09:00:00Z'), 'America/New_York')).toBe('2026-12-07T04:00:00-05:00')
  })

  it('gives today in the zone asked for, not the machine\'s', () => {
    const now = new Date('2026-12-07T23:30:00Z')
    expect(todayIn('Europe/Madrid', now)).toBe('2026-12-08')
    expect(todayIn('America/New_York', now)).toBe('2026-12-07')
  })

  it('spans local days, 23 hours on the spring change', () => {
    const { from, to } = dayRangeInZone('2027-03-28', '2027-03-28', 'Europe/Madrid')
    expect([from.toISOString(), to.toISOString()]).toEqual(['2027-03-27T23:00:00.000Z', '2027-03-28T22:00:00.000Z'])
  })
})

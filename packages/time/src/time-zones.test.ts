import { describe, expect, it } from 'vitest'
import { canonicalTimeZone, isTimeZone, timeZoneText } from './time-zones'

describe('the one time-zone rule', () => {
  it('takes any IANA zone Intl knows, as its canonical name', () => {
    expect(canonicalTimeZone('Europe/Madrid')).toBe('Europe/Madrid')
    expect(canonicalTimeZone(' europe/madrid ')).toBe('Europe/Madrid')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
    expect(canonicalTimeZone('Etc/UTC')).toBe('UTC')
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York')
    // Zones without a slash are zones too (bookings used to refuse them while sites took them).
    for (const zone of ['EST', 'CET', 'GMT', 'Etc/GMT+1', 'America/Argentina/Buenos_Aires']) expect(isTimeZone(zone)).toBe(true)
  })

  it('refuses offsets, unknown names and anything that is not text', () => {
    for (const value of ['+01:00', '-05:00', '01:00', 'Europe/Atlantis', 'Madrid', '', ' ', 'Europe/Madrid\u0000', 42, null, undefined]) {
      expect(isTimeZone(value)).toBe(false)
    }
  })

  it('is a zod field that stores the canonical name and says what to type', () => {
    const zone = timeZoneText({ message: 'must be an IANA time zone such as Europe/Madrid' })
    expect(zone.parse('europe/madrid')).toBe('Europe/Madrid')
    expect(zone.safeParse('+01:00').error?.issues[0]?.message).toBe('must be an IANA time zone such as Europe/Madrid')
    expect(zone.safeParse(7).error?.issues[0]?.message).toBe('must be an IANA time zone such as Europe/Madrid')
    expect(timeZoneText().safeParse('x'.repeat(65)).error?.issues[0]?.message).toBe('Choose a time zone like Europe/Madrid')
  })
})

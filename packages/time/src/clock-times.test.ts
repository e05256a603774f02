import { describe, expect, it } from 'vitest'
import { clockMinutes, clockText, clockTime } from './clock-times'

describe('HH:MM clock times', () => {
  it('reads 00:00 to 24:00 as minutes after midnight', () => {
    expect(clockMinutes('00:00')).toBe(0)
    expect(clockMinutes('09:30')).toBe(570)
    expect(clockMinutes('23:59')).toBe(1439)
    expect(clockMinutes('24:00')).toBe(1440)
  })

  it('is NaN for anything else', () => {
    for (const text of ['24:01', '25:00', '23:60', '9:30', '09:3', '0930', '09:30:00', ' 09:30', '09:30\n', '']) expect(clockMinutes(text)).toBeNaN()
  })

  it('writes minutes back as HH:MM', () => {
    expect([0, 570, 1439, 1440].map(clockText)).toEqual(['00:00', '09:30', '23:59', '24:00'])
  })

  it('allows 24:00 only as the end of an interval', () => {
    const start = clockTime({ message: 'Use a time like 09:00' })
    const end = clockTime({ message: 'Use a time like 17:30', endOfDay: true })
    expect(start.safeParse('23:59').success).toBe(true)
    expect(start.safeParse('24:00').error?.issues[0]?.message).toBe('Use a time like 09:00')
    expect(end.safeParse('24:00').success).toBe(true)
    expect(end.safeParse('24:30').error?.issues[0]?.message).toBe('Use a time like 17:30')
  })
})

import { describe, expect, it } from 'vitest'
import { weeklyHoursLines } from './site-chrome'

describe('weeklyHoursLines', () => {
  it('groups days with the same hours, in the visitor\'s language', () => {
    const rows = [1, 2, 3, 4, 5].map(weekday => ({ weekday, start: '09:00', end: '18:00' }))
    rows.push({ weekday: 6, start: '14:00', end: '17:00' }, { weekday: 6, start: '10:00', end: '13:00' })
    expect(weeklyHoursLines(rows, 'en')).toEqual(['Mon–Fri 09:00–18:00', 'Sat 10:00–13:00, 14:00–17:00'])
    expect(weeklyHoursLines([{ weekday: 7, start: '10:00', end: '14:00' }], 'es')).toEqual(['dom 10:00–14:00'])
    expect(weeklyHoursLines([], 'en')).toEqual([])
  })
})

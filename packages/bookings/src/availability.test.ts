import { describe, expect, it } from 'vitest'
import { dayRangeInZone, formatInZone } from '@flectar/time'
import { computeSlots, emptyBusySource, staticBusySource } from './availability'
import type { AvailabilityInput, AvailabilityResource, AvailabilityService, BusyTime, ExistingBooking, Slot } from './availability'

// The unit project pins TZ=UTC; every expectation below is a literal instant, so a wrong offset fails.
const MADRID = 'Europe/Madrid'
const NEW_YORK = 'America/New_York'
const WEEKDAYS = [1, 2, 3, 4, 5]
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]

function hours(weekdays: number[], start: string, end: string) {
  return weekdays.map(weekday => ({ weekday, start, end }))
}

function madridResource(changes: Partial<AvailabilityResource> = {}): AvailabilityResource {
  return { id: 'ana', timeZone: MADRID, weeklyHours: hours(WEEKDAYS, '09:00', '13:00'), dateOverrides: [], blockedDates: [], ...changes }
}

function haircut(changes: Partial<AvailabilityService> = {}): AvailabilityService {
  return {
    id: 'haircut',
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 365,
    dailyLimit: null,
    capacity: 1,
    slotIntervalMinutes: 30,
    ...changes,
  }
}

function booking(serviceId: string | null, start: string, end: string, resourceId = 'ana'): ExistingBooking {
  return { resourceId, serviceId, start: new Date(start), end: new Date(end), blockedStart: new Date(start), blockedEnd: new Date(end) }
}

/** Slots for whole UTC days firstDay..lastDay, which cover Madrid and New York working hours. */
function slotsBetween(firstDay: string, lastDay: string, changes: Partial<AvailabilityInput> = {}): Slot[] {
  return computeSlots({
    service: haircut(),
    resources: [madridResource()],
    bookings: [],
    busy: [],
    from: new Date(`${firstDay}T00:00:00Z`),
    to: new Date(new Date(`${lastDay}T00:00:00Z`).getTime() + 24 * 3_600_000),
    now: new Date('2026-01-01T00:00:00Z'),
    ...changes,
  })
}

function slotsOn(day: string, changes: Partial<AvailabilityInput> = {}): Slot[] {
  return slotsBetween(day, day, changes)
}

function startsOf(slots: Slot[]): string[] {
  return slots.map(slot => slot.start.toISOString())
}

function lengthsInMinutes(slots: Slot[]): number[] {
  return [...new Set(slots.map(slot => (slot.end.getTime() - slot.start.getTime()) / 60_000))]
}

describe('computeSlots: working hours', () => {
  it('offers a slot every step from the start of the working hours until the service no longer fits', () => {
    // Monday 2026-03-02, Madrid on CET (UTC+1): 09:00–13:00 local is 08:00–12:00Z.
    const slots = slotsOn('2026-03-02')
    expect(startsOf(slots)).toEqual([
      '2026-03-02T08:00:00.000Z', '2026-03-02T08:30:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z',
      '2026-03-02T10:00:00.000Z', '2026-03-02T10:30:00.000Z', '2026-03-02T11:00:00.000Z',
    ])
    expect(slots[0]).toEqual({ start: new Date('2026-03-02T08:00:00Z'), end: new Date('2026-03-02T09:00:00Z'), resourceIds: ['ana'] })
  })

  it('offers nothing on a weekday without hours', () => {
    expect(slotsOn('2026-03-07')).toEqual([]) // Saturday
  })

  it('keeps every appointment inside one interval around a lunch break', () => {
    const resource = madridResource({ weeklyHours: [{ weekday: 1, start: '09:00', end: '11:00' }, { weekday: 1, start: '12:00', end: '14:00' }] })
    expect(startsOf(slotsOn('2026-03-02', { resources: [resource] }))).toEqual([
      '2026-03-02T08:00:00.000Z', '2026-03-02T08:30:00.000Z', '2026-03-02T09:00:00.000Z', // 09:00, 09:30, 10:00 local
      '2026-03-02T11:00:00.000Z', '2026-03-02T11:30:00.000Z', '2026-03-02T12:00:00.000Z', // 12:00, 12:30, 13:00 local
    ])
  })

  it('does not offer the same start twice when intervals overlap', () => {
    const resource = madridResource({ weeklyHours: [{ weekday: 1, start: '09:00', end: '11:00' }, { weekday: 1, start: '10:00', end: '11:00' }] })
    const slots = slotsOn('2026-03-02', { resources: [resource], service: haircut({ slotIntervalMinutes: 60 }) })
    expect(slots.map(slot => [slot.start.toISOString(), slot.resourceIds])).toEqual([
      ['2026-03-02T08:00:00.000Z', ['ana']],
      ['2026-03-02T09:00:00.000Z', ['ana']],
    ])
  })

  it('opens extra hours on a date override, such as a Saturday', () => {
    const resource = madridResource({ dateOverrides: [{ date: '2026-03-07', intervals: [{ start: '10:00', end: '12:00' }] }] })
    expect(startsOf(slotsOn('2026-03-07', { resources: [resource] }))).toEqual([
      '2026-03-07T09:00:00.000Z', '2026-03-07T09:30:00.000Z', '2026-03-07T10:00:00.000Z',
    ])
  })

  it('replaces the weekly hours with the override, and closes the day with an empty one', () => {
    const resource = madridResource({
      dateOverrides: [
        { date: '2026-03-03', intervals: [{ start: '15:00', end: '16:00' }] },
        { date: '2026-03-04', intervals: [] },
      ],
    })
    const slots = slotsBetween('2026-03-02', '2026-03-04', { resources: [resource] })
    expect(startsOf(slots).filter(start => start >= '2026-03-03')).toEqual(['2026-03-03T14:00:00.000Z'])
    expect(startsOf(slots).filter(start => start < '2026-03-03')).toHaveLength(7)
  })

  it('closes every date of a blocked range, even one with an override', () => {
    const resource = madridResource({
      blockedDates: [{ from: '2026-03-03', to: '2026-03-05' }],
      dateOverrides: [{ date: '2026-03-04', intervals: [{ start: '09:00', end: '13:00' }] }],
    })
    const days = startsOf(slotsBetween('2026-03-02', '2026-03-08', { resources: [resource] })).map(start => start.slice(0, 10))
    expect([...new Set(days)]).toEqual(['2026-03-02', '2026-03-06'])
  })

  it('rejects a service whose slot step would never advance', () => {
    expect(() => slotsOn('2026-03-02', { service: haircut({ slotIntervalMinutes: 0 }) })).toThrow(RangeError)
  })
})

describe('computeSlots: time window', () => {
  it('only offers starts inside [from, to)', () => {
    const slots = slotsOn('2026-03-02', { from: new Date('2026-03-02T08:30:00Z'), to: new Date('2026-03-02T10:00:00Z') })
    expect(startsOf(slots)).toEqual(['2026-03-02T08:30:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z'])
  })

  it('respects the minimum notice from now', () => {
    const slots = slotsOn('2026-03-02', { now: new Date('2026-03-02T08:10:00Z'), service: haircut({ minNoticeMinutes: 60 }) })
    expect(startsOf(slots)).toEqual(['2026-03-02T09:30:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:30:00.000Z', '2026-03-02T11:00:00.000Z'])
  })

  it('stops at now + maxAdvanceDays, that instant included', () => {
    const slots = slotsBetween('2026-03-02', '2026-03-04', { now: new Date('2026-03-02T08:00:00Z'), service: haircut({ maxAdvanceDays: 1 }) })
    expect(startsOf(slots).filter(start => start >= '2026-03-03')).toEqual(['2026-03-03T08:00:00.000Z'])
  })
})

describe('computeSlots: bookings and busy times', () => {
  it('blocks neighbouring slots by the buffers of the existing booking and of the new one', () => {
    // Existing 10:00–11:00 local with 15 minutes of cleaning after it.
    const existing = { ...booking('haircut', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'), blockedEnd: new Date('2026-03-02T10:15:00Z') }
    expect(startsOf(slotsOn('2026-03-02', { bookings: [existing] }))).toEqual([
      '2026-03-02T08:00:00.000Z', '2026-03-02T10:30:00.000Z', '2026-03-02T11:00:00.000Z',
    ])
    const buffered = haircut({ bufferBeforeMinutes: 30, bufferAfterMinutes: 30 })
    expect(startsOf(slotsOn('2026-03-02', { bookings: [existing], service: buffered }))).toEqual(['2026-03-02T11:00:00.000Z'])
  })

  it('ignores bookings of other resources', () => {
    const elsewhere = booking('haircut', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', 'ben')
    expect(slotsOn('2026-03-02', { bookings: [elsewhere] })).toHaveLength(7)
  })

  it('closes a local day once the daily limit of this service is reached there', () => {
    const service = haircut({ dailyLimit: 1 })
    // 23:30Z on Sunday is 00:30 on Monday in Madrid, so it counts for Monday.
    const justAfterMidnight = booking('haircut', '2026-03-01T23:30:00Z', '2026-03-02T00:30:00Z')
    const days = startsOf(slotsBetween('2026-03-02', '2026-03-03', { service, bookings: [justAfterMidnight] })).map(start => start.slice(0, 10))
    expect(days).toEqual(Array(7).fill('2026-03-03'))
    const otherService = booking('colour', '2026-03-01T23:30:00Z', '2026-03-02T00:30:00Z')
    expect(slotsOn('2026-03-02', { service, bookings: [otherService] })).toHaveLength(7)
  })

  it('keeps a group class open until its seats are taken', () => {
    const yoga = haircut({ id: 'yoga', capacity: 3, slotIntervalMinutes: 60 })
    const seat = () => booking('yoga', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z')
    const all = ['2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z']
    expect(startsOf(slotsOn('2026-03-02', { service: yoga, bookings: [seat(), seat()] }))).toEqual(all)
    expect(startsOf(slotsOn('2026-03-02', { service: yoga, bookings: [seat(), seat(), seat()] })))
      .toEqual(['2026-03-02T08:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z'])
  })

  it('closes a group class slot that a different service or a different start overlaps', () => {
    const yoga = haircut({ id: 'yoga', capacity: 3, slotIntervalMinutes: 60 })
    const seat = booking('yoga', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z')
    const haircutBooking = booking('haircut', '2026-03-02T09:30:00Z', '2026-03-02T09:45:00Z')
    expect(startsOf(slotsOn('2026-03-02', { service: yoga, bookings: [seat, haircutBooking] })))
      .toEqual(['2026-03-02T08:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z'])
    const offsetSeat = booking('yoga', '2026-03-02T09:30:00Z', '2026-03-02T10:30:00Z')
    expect(startsOf(slotsOn('2026-03-02', { service: yoga, bookings: [offsetSeat] })))
      .toEqual(['2026-03-02T08:00:00.000Z', '2026-03-02T11:00:00.000Z'])
  })

  it('lengthens the appointment by the chosen extras, so the last slot no longer fits', () => {
    const slots = slotsOn('2026-03-02', { extraMinutes: 30 })
    expect(startsOf(slots).at(-1)).toBe('2026-03-02T10:30:00.000Z')
    expect(slots[0]?.end.toISOString()).toBe('2026-03-02T09:30:00.000Z')
  })

  it('avoids busy times from an external calendar', async () => {
    const source = staticBusySource([
      { resourceId: 'ana', start: new Date('2026-03-02T09:00:00Z'), end: new Date('2026-03-02T09:45:00Z') },
      { resourceId: 'ana', start: new Date('2026-03-09T09:00:00Z'), end: new Date('2026-03-09T10:00:00Z') },
      { resourceId: 'ben', start: new Date('2026-03-02T10:00:00Z'), end: new Date('2026-03-02T12:00:00Z') },
    ])
    const from = new Date('2026-03-02T00:00:00Z')
    const to = new Date('2026-03-03T00:00:00Z')
    const busy: BusyTime[] = await source.busyTimes({ resourceIds: ['ana'], from, to })
    expect(busy.map(time => time.start.toISOString())).toEqual(['2026-03-02T09:00:00.000Z'])
    expect(startsOf(slotsOn('2026-03-02', { busy }))).toEqual([
      '2026-03-02T08:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-02T10:30:00.000Z', '2026-03-02T11:00:00.000Z',
    ])
    expect(await emptyBusySource.busyTimes({ resourceIds: ['ana'], from, to })).toEqual([])
  })
})

describe('computeSlots: several resources', () => {
  it('merges resources in different zones into one slot per start, with the ids that can take it', () => {
    // Ben works 06:00–10:00 in New York (EST, UTC−5) = 11:00–15:00Z; Ana 08:00–12:00Z.
    const ben: AvailabilityResource = { ...madridResource(), id: 'ben', timeZone: NEW_YORK, weeklyHours: hours(WEEKDAYS, '06:00', '10:00') }
    const slots = slotsOn('2026-03-02', { resources: [ben, madridResource()], service: haircut({ slotIntervalMinutes: 60 }) })
    expect(slots.map(slot => [slot.start.toISOString(), slot.resourceIds])).toEqual([
      ['2026-03-02T08:00:00.000Z', ['ana']],
      ['2026-03-02T09:00:00.000Z', ['ana']],
      ['2026-03-02T10:00:00.000Z', ['ana']],
      ['2026-03-02T11:00:00.000Z', ['ana', 'ben']],
      ['2026-03-02T12:00:00.000Z', ['ben']],
      ['2026-03-02T13:00:00.000Z', ['ben']],
      ['2026-03-02T14:00:00.000Z', ['ben']],
    ])
  })
})

describe('computeSlots: daylight saving time', () => {
  const hourly = haircut({ slotIntervalMinutes: 60 })

  function allDay(timeZone: string, start = '09:00', end = '17:00'): AvailabilityResource {
    return madridResource({ timeZone, weeklyHours: hours(EVERY_DAY, start, end) })
  }

  function firstAndLast(day: string, timeZone: string) {
    const slots = slotsOn(day, { resources: [allDay(timeZone)], service: hourly })
    return { first: slots[0]?.start.toISOString(), last: slots.at(-1)?.start.toISOString(), count: slots.length, lengths: lengthsInMinutes(slots) }
  }

  it('keeps Madrid 09:00–17:00 on the wall clock across spring forward (2026-03-29)', () => {
    expect(firstAndLast('2026-03-28', MADRID)).toEqual({ first: '2026-03-28T08:00:00.000Z', last: '2026-03-28T15:00:00.000Z', count: 8, lengths: [60] })
    expect(firstAndLast('2026-03-29', MADRID)).toEqual({ first: '2026-03-29T07:00:00.000Z', last: '2026-03-29T14:00:00.000Z', count: 8, lengths: [60] })
  })

  it('keeps Madrid 09:00–17:00 on the wall clock across fall back (2026-10-25)', () => {
    expect(firstAndLast('2026-10-24', MADRID)).toEqual({ first: '2026-10-24T07:00:00.000Z', last: '2026-10-24T14:00:00.000Z', count: 8, lengths: [60] })
    expect(firstAndLast('2026-10-25', MADRID)).toEqual({ first: '2026-10-25T08:00:00.000Z', last: '2026-10-25T15:00:00.000Z', count: 8, lengths: [60] })
  })

  it('keeps New York 09:00–17:00 on the wall clock across spring forward (2026-03-08) and fall back (2026-11-01)', () => {
    expect(firstAndLast('2026-03-07', NEW_YORK)).toEqual({ first: '2026-03-07T14:00:00.000Z', last: '2026-03-07T21:00:00.000Z', count: 8, lengths: [60] })
    expect(firstAndLast('2026-03-08', NEW_YORK)).toEqual({ first: '2026-03-08T13:00:00.000Z', last: '2026-03-08T20:00:00.000Z', count: 8, lengths: [60] })
    expect(firstAndLast('2026-10-31', NEW_YORK)).toEqual({ first: '2026-10-31T13:00:00.000Z', last: '2026-10-31T20:00:00.000Z', count: 8, lengths: [60] })
    expect(firstAndLast('2026-11-01', NEW_YORK)).toEqual({ first: '2026-11-01T14:00:00.000Z', last: '2026-11-01T21:00:00.000Z', count: 8, lengths: [60] })
  })

  it('shows change-day slots at the same local times', () => {
    const slots = slotsOn('2026-03-29', { resources: [allDay(MADRID)], service: hourly })
    expect(slots.slice(0, 2).map(slot => formatInZone(slot.start, MADRID))).toEqual(['2026-03-29T09:00:00+02:00', '2026-03-29T10:00:00+02:00'])
  })

  it('counts real minutes through the skipped hour of a 01:00–04:00 interval (Madrid, 2026-03-29)', () => {
    // 01:00 CET = 00:00Z; the clock jumps 02:00 → 03:00; 04:00 CEST = 02:00Z: two real hours.
    const night = madridResource({ dateOverrides: [{ date: '2026-03-29', intervals: [{ start: '01:00', end: '04:00' }] }] })
    const slots = slotsBetween('2026-03-28', '2026-03-29', { resources: [night] })
    expect(startsOf(slots)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z'])
    expect(slots.map(slot => formatInZone(slot.start, MADRID))).toEqual([
      '2026-03-29T01:00:00+01:00', '2026-03-29T01:30:00+01:00', '2026-03-29T03:00:00+02:00',
    ])
    expect(lengthsInMinutes(slots)).toEqual([60])
  })

  it('starts an interval that opens inside the skipped hour when the clock reaches it', () => {
    // 02:30 never happens on 2026-03-29 in Madrid; the next valid instant is 03:00 CEST = 01:00Z.
    const night = madridResource({ dateOverrides: [{ date: '2026-03-29', intervals: [{ start: '02:30', end: '05:00' }] }] })
    const slots = slotsOn('2026-03-29', { resources: [night], service: hourly })
    expect(startsOf(slots)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'])
  })

  it('counts real minutes through the repeated hour of a 01:00–04:00 interval (Madrid, 2026-10-25)', () => {
    // 01:00 CEST = 23:00Z the day before; 02:00–03:00 happens twice; 04:00 CET = 03:00Z: four real hours.
    const night = madridResource({ dateOverrides: [{ date: '2026-10-25', intervals: [{ start: '01:00', end: '04:00' }] }] })
    const slots = slotsBetween('2026-10-24', '2026-10-25', { resources: [night], service: hourly })
    expect(slots.map(slot => formatInZone(slot.start, MADRID))).toEqual([
      '2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00',
    ])
    expect(startsOf(slots)).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z'])
    expect(lengthsInMinutes(slots)).toEqual([60])
  })

  it('opens an interval that starts at a repeated wall time at its first occurrence', () => {
    // 02:00 happens at 00:00Z (CEST) and again at 01:00Z (CET) on 2026-10-25; 04:00 CET = 03:00Z.
    const night = madridResource({ dateOverrides: [{ date: '2026-10-25', intervals: [{ start: '02:00', end: '04:00' }] }] })
    const slots = slotsOn('2026-10-25', { resources: [night], service: hourly })
    expect(startsOf(slots)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z'])
  })
})

describe('dayRangeInZone', () => {
  it('spans 23 hours on spring-forward days and 25 on fall-back days', () => {
    expect(dayRangeInZone('2026-03-29', '2026-03-29', MADRID)).toEqual({ from: new Date('2026-03-28T23:00:00Z'), to: new Date('2026-03-29T22:00:00Z') })
    expect(dayRangeInZone('2026-10-25', '2026-10-25', MADRID)).toEqual({ from: new Date('2026-10-24T22:00:00Z'), to: new Date('2026-10-25T23:00:00Z') })
    expect(dayRangeInZone('2026-03-08', '2026-03-08', NEW_YORK)).toEqual({ from: new Date('2026-03-08T05:00:00Z'), to: new Date('2026-03-09T04:00:00Z') })
    expect(dayRangeInZone('2026-11-01', '2026-11-01', NEW_YORK)).toEqual({ from: new Date('2026-11-01T04:00:00Z'), to: new Date('2026-11-02T05:00:00Z') })
  })

  it('covers several dates inclusively and rejects impossible dates', () => {
    expect(dayRangeInZone('2026-03-28', '2026-03-30', MADRID)).toEqual({ from: new Date('2026-03-27T23:00:00Z'), to: new Date('2026-03-30T22:00:00Z') })
    expect(() => dayRangeInZone('2026-02-30', '2026-03-01', MADRID)).toThrow(RangeError)
  })
})

describe('formatInZone', () => {
  it('writes the wall time with the offset in force at that instant, without milliseconds', () => {
    expect(formatInZone(new Date('2026-03-29T08:00:00Z'), MADRID)).toBe('2026-03-29T10:00:00+02:00')
    expect(formatInZone(new Date('2026-03-29T00:59:59.999Z'), MADRID)).toBe('2026-03-29T01:59:59+01:00')
    expect(formatInZone(new Date('2026-03-29T01:00:00Z'), MADRID)).toBe('2026-03-29T03:00:00+02:00')
    expect(formatInZone(new Date('2026-10-25T00:30:00Z'), MADRID)).toBe('2026-10-25T02:30:00+02:00')
    expect(formatInZone(new Date('2026-10-25T01:30:00Z'), MADRID)).toBe('2026-10-25T02:30:00+01:00')
    expect(formatInZone(new Date('2026-11-01T05:30:00Z'), NEW_YORK)).toBe('2026-11-01T01:30:00-04:00')
    expect(formatInZone(new Date('2026-11-01T06:30:00Z'), NEW_YORK)).toBe('2026-11-01T01:30:00-05:00')
    expect(formatInZone(new Date('2026-03-02T08:00:00Z'), 'UTC')).toBe('2026-03-02T08:00:00+00:00')
  })
})

import { addDays, assertTimeZone, clockMinutes, DAY_MS, isoWeekday, localDateOf, MINUTE_MS, toDateKey, wallTimeToInstant, zoneDay, type LocalDate, type ZoneDay } from '@flectar/time'
import { buildConflicts, countBetween, freeSeats, overlapsBlocking, type ResourceConflicts } from './resource-conflicts'

// Pure availability engine: working hours, bookings and busy times in, bookable slots out.
// No clock and no I/O; `now` and every busy time arrive as input.

/** 'HH:MM' local wall time; end > start, '24:00' allowed as end. */
export interface WorkingInterval { start: string, end: string }

export interface AvailabilityResource {
  id: string
  /** IANA time zone the working hours are written in. */
  timeZone: string
  /** weekday 1=Monday … 7=Sunday (ISO) → intervals; missing weekday = closed */
  weeklyHours: Array<{ weekday: number, start: string, end: string }>
  /** a date override REPLACES that local date's weekly hours; empty intervals = closed that day */
  dateOverrides: Array<{ date: string /* YYYY-MM-DD */, intervals: WorkingInterval[] }>
  /** closed on every local date from..to inclusive (holidays); wins over overrides */
  blockedDates: Array<{ from: string, to: string }>
}

export interface AvailabilityService {
  id: string
  durationMinutes: number
  bufferBeforeMinutes: number
  bufferAfterMinutes: number
  minNoticeMinutes: number
  /** latest start is now + maxAdvanceDays × 24 h */
  maxAdvanceDays: number
  /** max bookings of this service per resource per local day (resource's zone); null = no limit */
  dailyLimit: number | null
  /** seats per slot (group class); 1 = one-to-one */
  capacity: number
  /** slot starts every N minutes from the start of each working interval */
  slotIntervalMinutes: number
}

export interface ExistingBooking { resourceId: string, serviceId: string | null, start: Date, end: Date, blockedStart: Date, blockedEnd: Date }
export interface BusyTime { resourceId: string, start: Date, end: Date }
export interface Slot { start: Date, end: Date, resourceIds: string[] }

export interface AvailabilityInput {
  service: AvailabilityService
  resources: AvailabilityResource[]
  /** active bookings (pending, pending_payment with an unexpired hold, confirmed) of these resources around the range */
  bookings: ExistingBooking[]
  /** external calendars */
  busy: BusyTime[]
  /** range start (instant, inclusive) */
  from: Date
  /** range end (instant, exclusive) */
  to: Date
  now: Date
  /** chosen extras add duration */
  extraMinutes?: number
}

/** Where external calendar busy times come from (Google, Microsoft, …); the engine only sees the result. */
export interface BusySource { busyTimes(query: { resourceIds: string[], from: Date, to: Date }): Promise<BusyTime[]> }

export const emptyBusySource: BusySource = { busyTimes: () => Promise.resolve([]) }

/** A fixed list of busy times, filtered like a real calendar would answer the query. */
export function staticBusySource(times: BusyTime[]): BusySource {
  return {
    busyTimes: ({ resourceIds, from, to }) => {
      const wanted = new Set(resourceIds)
      return Promise.resolve(times.filter(time => wanted.has(time.resourceId) && time.start < to && time.end > from))
    },
  }
}

// ---------------------------------------------------------------------------
// Working hours
// ---------------------------------------------------------------------------

interface MinuteInterval { start: number, end: number }

interface Schedule {
  weekly: Map<number, MinuteInterval[]>
  overrides: Map<string, MinuteInterval[]>
  blockedDates: Array<{ from: string, to: string }>
}

/** Minutes after local midnight for 'HH:MM'; '24:00' is the end of the day. */
function parseWallTime(text: string): number {
  const minutes = clockMinutes(text)
  if (Number.isNaN(minutes)) throw new RangeError(`Invalid wall time '${text}', expected HH:MM`)
  return minutes
}

function toMinutes(interval: WorkingInterval): MinuteInterval {
  return { start: parseWallTime(interval.start), end: parseWallTime(interval.end) }
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

// Parsed once per call so malformed hours fail loudly and the day loop stays arithmetic.
function buildSchedule(resource: AvailabilityResource): Schedule {
  const weekly = new Map<number, MinuteInterval[]>()
  for (const { weekday, ...interval } of resource.weeklyHours) appendTo(weekly, weekday, toMinutes(interval))
  // Several overrides for one date add up rather than the last one winning.
  const overrides = new Map<string, MinuteInterval[]>()
  for (const override of resource.dateOverrides) {
    overrides.set(override.date, [...(overrides.get(override.date) ?? []), ...override.intervals.map(toMinutes)])
  }
  return { weekly, overrides, blockedDates: resource.blockedDates }
}

function workingMinutesOn(schedule: Schedule, date: CalendarDate): MinuteInterval[] {
  const { key } = date
  // ISO date strings compare correctly as text.
  if (schedule.blockedDates.some(range => range.from <= key && key <= range.to)) return []
  return schedule.overrides.get(key) ?? schedule.weekly.get(date.weekday) ?? []
}

// ---------------------------------------------------------------------------
// Calendar: the local dates of the range in one zone
// ---------------------------------------------------------------------------

interface CalendarDate {
  date: LocalDate
  /** 'YYYY-MM-DD' */
  key: string
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number
  /** Its offsets, looked up the first time a resource works that date. */
  zoneDay?: ZoneDay
}

interface Calendar { timeZone: string, dates: CalendarDate[] }

// Built once per zone and shared by its resources: offset look-ups go through Intl and were
// most of the engine's time when every resource repeated them for every date.
function buildCalendar(timeZone: string, rules: SlotRules): Calendar {
  assertTimeZone(timeZone)
  const lastKey = toDateKey(localDateOf(rules.lastStart, timeZone))
  const dates: CalendarDate[] = []
  for (let date = localDateOf(rules.firstStart, timeZone), key = toDateKey(date); key <= lastKey; date = addDays(date, 1), key = toDateKey(date)) {
    dates.push({ date, key, weekday: isoWeekday(date) })
  }
  return { timeZone, dates }
}

function zoneDayOf(calendar: Calendar, date: CalendarDate): ZoneDay {
  date.zoneDay ??= zoneDay(calendar.timeZone, date.date)
  return date.zoneDay
}

// ---------------------------------------------------------------------------
// Slots
// ---------------------------------------------------------------------------

interface SlotRules {
  service: AvailabilityService
  lengthMs: number
  stepMs: number
  bufferBeforeMs: number
  bufferAfterMs: number
  firstStart: number
  lastStart: number
}

function assertValidService(service: AvailabilityService, extraMinutes: number): void {
  const positive = { durationMinutes: service.durationMinutes + extraMinutes, slotIntervalMinutes: service.slotIntervalMinutes, capacity: service.capacity }
  for (const [name, value] of Object.entries(positive)) {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`Service ${name} must be a positive number, got ${value}`)
  }
}

function slotRules(input: AvailabilityInput): SlotRules {
  const { service, now } = input
  const extraMinutes = input.extraMinutes ?? 0
  assertValidService(service, extraMinutes)
  return {
    service,
    lengthMs: (service.durationMinutes + extraMinutes) * MINUTE_MS,
    stepMs: service.slotIntervalMinutes * MINUTE_MS,
    bufferBeforeMs: service.bufferBeforeMinutes * MINUTE_MS,
    bufferAfterMs: service.bufferAfterMinutes * MINUTE_MS,
    firstStart: Math.max(input.from.getTime(), now.getTime() + service.minNoticeMinutes * MINUTE_MS),
    // `to` is exclusive and instants are whole milliseconds.
    lastStart: Math.min(input.to.getTime() - 1, now.getTime() + service.maxAdvanceDays * DAY_MS),
  }
}

function isFree(conflicts: ResourceConflicts, rules: SlotRules, start: number): boolean {
  const blockedStart = start - rules.bufferBeforeMs
  const blockedEnd = start + rules.lengthMs + rules.bufferAfterMs
  return !overlapsBlocking(conflicts, blockedStart, blockedEnd) && freeSeats(conflicts, rules.service.capacity, start, blockedStart, blockedEnd) > 0
}

function reachedDailyLimit(conflicts: ResourceConflicts, rules: SlotRules, day: ZoneDay): boolean {
  const limit = rules.service.dailyLimit
  if (limit === null) return false
  return countBetween(conflicts.serviceStarts, wallTimeToInstant(day, 0), wallTimeToInstant(day, 24 * 60)) >= limit
}

/** Adds the free starts of one working interval, stepping in real minutes from its opening instant. */
function addStartsInInterval(starts: number[], open: number, close: number, conflicts: ResourceConflicts, rules: SlotRules): void {
  const skippedSteps = Math.max(0, Math.ceil((rules.firstStart - open) / rules.stepMs))
  for (let start = open + skippedSteps * rules.stepMs; start + rules.lengthMs <= close && start <= rules.lastStart; start += rules.stepMs) {
    if (isFree(conflicts, rules, start)) starts.push(start)
  }
}

/** A resource's free starts, ascending and without repeats (overlapping intervals can offer one twice). */
function startsForResource(resource: AvailabilityResource, conflicts: ResourceConflicts, rules: SlotRules, calendar: Calendar): number[] {
  const schedule = buildSchedule(resource)
  const starts: number[] = []
  for (const date of calendar.dates) {
    const intervals = workingMinutesOn(schedule, date)
    if (intervals.length === 0) continue
    const day = zoneDayOf(calendar, date)
    if (reachedDailyLimit(conflicts, rules, day)) continue
    for (const interval of intervals) addStartsInInterval(starts, wallTimeToInstant(day, interval.start), wallTimeToInstant(day, interval.end), conflicts, rules)
  }
  return ascendingUnique(starts)
}

/** The values sorted without repeats; most lists already are, and are returned as they are. */
function ascendingUnique(values: number[]): number[] {
  const ascending = values.every((value, index) => index === 0 || values[index - 1]! < value)
  return ascending ? values : [...new Set(values)].sort((a, b) => a - b)
}

function groupByResource<T extends { resourceId: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) appendTo(groups, item.resourceId, item)
  return groups
}

interface ResourceStarts { id: string, starts: number[] }

/**
 * One slot per start, merging the resources' ascending starts (rather than collecting them in a
 * map and sorting it, the larger share of a 3-month listing); the resources come sorted by id,
 * so each slot's ids are too.
 */
function mergeStarts(byResource: ResourceStarts[], lengthMs: number): Slot[] {
  const next = byResource.map(() => 0)
  const headOf = (index: number) => {
    const { starts } = byResource[index]!
    return next[index]! < starts.length ? starts[next[index]!]! : Infinity
  }
  const slots: Slot[] = []
  for (;;) {
    let earliest = Infinity
    for (let index = 0; index < byResource.length; index++) earliest = Math.min(earliest, headOf(index))
    if (earliest === Infinity) return slots
    const resourceIds: string[] = []
    for (let index = 0; index < byResource.length; index++) {
      if (headOf(index) !== earliest) continue
      next[index]!++
      // The same resource listed twice offers its start once.
      const { id } = byResource[index]!
      if (resourceIds.at(-1) !== id) resourceIds.push(id)
    }
    slots.push({ start: new Date(earliest), end: new Date(earliest + lengthMs), resourceIds })
  }
}

/**
 * Bookable slots for one service across resources: one slot per start with every resource that can
 * take it (ids sorted), slots sorted by start.
 */
export function computeSlots(input: AvailabilityInput): Slot[] {
  const rules = slotRules(input)
  if (rules.firstStart > rules.lastStart) return []
  const bookingsByResource = groupByResource(input.bookings)
  const busyByResource = groupByResource(input.busy)
  const calendars = new Map<string, Calendar>()
  const byResource: ResourceStarts[] = input.resources.map((resource) => {
    const conflicts = buildConflicts(bookingsByResource.get(resource.id) ?? [], busyByResource.get(resource.id) ?? [], input.service)
    let calendar = calendars.get(resource.timeZone)
    if (!calendar) calendars.set(resource.timeZone, calendar = buildCalendar(resource.timeZone, rules))
    return { id: resource.id, starts: startsForResource(resource, conflicts, rules, calendar) }
  })
  // The same order as sorting the ids themselves (UTF-16 code units).
  return mergeStarts(byResource.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), rules.lengthMs)
}

import { addDays, assertTimeZone, clockMinutes, DAY_MS, isoWeekday, localDateOf, MINUTE_MS, toDateKey, wallTimeToInstant, zoneDay, type LocalDate, type ZoneDay } from '@flectar/time'

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

function workingMinutesOn(schedule: Schedule, date: LocalDate): MinuteInterval[] {
  const key = toDateKey(date)
  // ISO date strings compare correctly as text.
  if (schedule.blockedDates.some(range => range.from <= key && key <= range.to)) return []
  return schedule.overrides.get(key) ?? schedule.weekly.get(isoWeekday(date)) ?? []
}

// ---------------------------------------------------------------------------
// Conflicts: bookings and busy times of one resource, sorted for binary search
// ---------------------------------------------------------------------------

interface Span { start: number, end: number }
interface SeatBooking { start: number, blockedStart: number, blockedEnd: number }

interface ResourceConflicts {
  /** Busy times and bookings that block anything overlapping them, merged into disjoint sorted spans. */
  blocking: Span[]
  /** Bookings of a group service: they may share a slot that starts at exactly their start. Sorted by blockedStart. */
  seats: SeatBooking[]
  longestSeatMs: number
  /** Starts of this service's bookings, sorted, for the daily limit. */
  serviceStarts: number[]
}

/** First index whose item satisfies a predicate that is false…false true…true over the list. */
function firstIndex<T>(items: T[], isAtOrAfter: (item: T) => boolean): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (isAtOrAfter(items[middle]!)) high = middle
    else low = middle + 1
  }
  return low
}

function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = []
  for (const span of spans.filter(span => span.end > span.start).sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1)
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else merged.push({ ...span })
  }
  return merged
}

function overlapsAny(merged: Span[], range: Span): boolean {
  const next = merged[firstIndex(merged, span => span.end > range.start)]
  return next !== undefined && next.start < range.end
}

function buildConflicts(bookings: ExistingBooking[], busy: BusyTime[], service: AvailabilityService): ResourceConflicts {
  const blocking: Span[] = busy.map(time => ({ start: time.start.getTime(), end: time.end.getTime() }))
  const seats: SeatBooking[] = []
  const serviceStarts: number[] = []
  for (const booking of bookings) {
    const sameService = booking.serviceId === service.id
    if (sameService) serviceStarts.push(booking.start.getTime())
    const blocked = { start: booking.blockedStart.getTime(), end: booking.blockedEnd.getTime() }
    if (sameService && service.capacity > 1) seats.push({ start: booking.start.getTime(), blockedStart: blocked.start, blockedEnd: blocked.end })
    else blocking.push(blocked)
  }
  seats.sort((a, b) => a.blockedStart - b.blockedStart)
  return {
    blocking: mergeSpans(blocking),
    seats,
    longestSeatMs: seats.reduce((longest, seat) => Math.max(longest, seat.blockedEnd - seat.blockedStart), 0),
    serviceStarts: serviceStarts.sort((a, b) => a - b),
  }
}

/** Seats left at `start`; none when the blocked range touches a booking of this service at another start. */
function freeSeats(conflicts: ResourceConflicts, capacity: number, start: number, blocked: Span): number {
  const { seats, longestSeatMs } = conflicts
  let taken = 0
  // A seat can only reach `blocked` if it begins within the longest seat length before it.
  for (let index = firstIndex(seats, seat => seat.blockedStart >= blocked.start - longestSeatMs); index < seats.length; index++) {
    const seat = seats[index]!
    if (seat.blockedStart >= blocked.end) break
    if (seat.blockedEnd <= blocked.start) continue
    if (seat.start !== start) return 0
    taken++
  }
  return capacity - taken
}

function countBetween(sorted: number[], from: number, to: number): number {
  return firstIndex(sorted, value => value >= to) - firstIndex(sorted, value => value >= from)
}

// ---------------------------------------------------------------------------
// Slots
// ---------------------------------------------------------------------------

interface SlotRules {
  service: AvailabilityService
  lengthMs: number
  stepMs: number
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
    firstStart: Math.max(input.from.getTime(), now.getTime() + service.minNoticeMinutes * MINUTE_MS),
    // `to` is exclusive and instants are whole milliseconds.
    lastStart: Math.min(input.to.getTime() - 1, now.getTime() + service.maxAdvanceDays * DAY_MS),
  }
}

function isFree(conflicts: ResourceConflicts, rules: SlotRules, start: number): boolean {
  const { service } = rules
  const blocked = {
    start: start - service.bufferBeforeMinutes * MINUTE_MS,
    end: start + rules.lengthMs + service.bufferAfterMinutes * MINUTE_MS,
  }
  return !overlapsAny(conflicts.blocking, blocked) && freeSeats(conflicts, service.capacity, start, blocked) > 0
}

function reachedDailyLimit(conflicts: ResourceConflicts, rules: SlotRules, day: ZoneDay): boolean {
  const limit = rules.service.dailyLimit
  if (limit === null) return false
  return countBetween(conflicts.serviceStarts, wallTimeToInstant(day, 0), wallTimeToInstant(day, 24 * 60)) >= limit
}

/** Free starts in one working interval, stepping in real minutes from its opening instant. */
function startsInInterval(open: number, close: number, conflicts: ResourceConflicts, rules: SlotRules): number[] {
  const starts: number[] = []
  const skippedSteps = Math.max(0, Math.ceil((rules.firstStart - open) / rules.stepMs))
  for (let start = open + skippedSteps * rules.stepMs; start + rules.lengthMs <= close && start <= rules.lastStart; start += rules.stepMs) {
    if (isFree(conflicts, rules, start)) starts.push(start)
  }
  return starts
}

function startsForResource(resource: AvailabilityResource, conflicts: ResourceConflicts, rules: SlotRules): number[] {
  assertTimeZone(resource.timeZone)
  const schedule = buildSchedule(resource)
  const lastDateKey = toDateKey(localDateOf(rules.lastStart, resource.timeZone))
  const starts: number[] = []
  for (let date = localDateOf(rules.firstStart, resource.timeZone); toDateKey(date) <= lastDateKey; date = addDays(date, 1)) {
    const intervals = workingMinutesOn(schedule, date)
    if (intervals.length === 0) continue
    const day = zoneDay(resource.timeZone, date)
    if (reachedDailyLimit(conflicts, rules, day)) continue
    for (const interval of intervals) {
      starts.push(...startsInInterval(wallTimeToInstant(day, interval.start), wallTimeToInstant(day, interval.end), conflicts, rules))
    }
  }
  return starts
}

function groupByResource<T extends { resourceId: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) appendTo(groups, item.resourceId, item)
  return groups
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
  const resourcesByStart = new Map<number, string[]>()
  for (const resource of input.resources) {
    const conflicts = buildConflicts(bookingsByResource.get(resource.id) ?? [], busyByResource.get(resource.id) ?? [], input.service)
    for (const start of startsForResource(resource, conflicts, rules)) appendTo(resourcesByStart, start, resource.id)
  }
  return [...resourcesByStart.entries()]
    .sort(([a], [b]) => a - b)
    // The Set drops repeats: overlapping intervals of one resource can offer the same start twice.
    .map(([start, ids]) => ({ start: new Date(start), end: new Date(start + rules.lengthMs), resourceIds: [...new Set(ids)].sort() }))
}

import type { AvailabilityService, BusyTime, ExistingBooking } from './availability'

// A resource's bookings and busy times for the availability engine, sorted for binary search.
// The slot loop asks about every candidate start, so the answers come from plain sorted
// numbers, allocating nothing and calling no callbacks.

interface Span { start: number, end: number }
interface SeatBooking { start: number, blockedStart: number, blockedEnd: number }

export interface ResourceConflicts {
  /** Busy times and bookings that block anything overlapping them, merged into disjoint spans: both lists ascending. */
  blockingStarts: number[]
  blockingEnds: number[]
  /** Bookings of a group service: they may share a slot that starts at exactly their start. Sorted by blockedStart. */
  seats: SeatBooking[]
  seatBlockedStarts: number[]
  longestSeatMs: number
  /** Starts of this service's bookings, sorted, for the daily limit. */
  serviceStarts: number[]
}

/** First index whose value is >= `value` in an ascending list (its length when there is none). */
function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (sorted[middle]! >= value) high = middle
    else low = middle + 1
  }
  return low
}

function mergeSpans(spans: Span[]): Pick<ResourceConflicts, 'blockingStarts' | 'blockingEnds'> {
  const blockingStarts: number[] = []
  const blockingEnds: number[] = []
  for (const span of spans.filter(span => span.end > span.start).sort((a, b) => a.start - b.start)) {
    const last = blockingEnds.length - 1
    if (last >= 0 && span.start <= blockingEnds[last]!) blockingEnds[last] = Math.max(blockingEnds[last]!, span.end)
    else {
      blockingStarts.push(span.start)
      blockingEnds.push(span.end)
    }
  }
  return { blockingStarts, blockingEnds }
}

export function buildConflicts(bookings: ExistingBooking[], busy: BusyTime[], service: AvailabilityService): ResourceConflicts {
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
    ...mergeSpans(blocking),
    seats,
    seatBlockedStarts: seats.map(seat => seat.blockedStart),
    longestSeatMs: seats.reduce((longest, seat) => Math.max(longest, seat.blockedEnd - seat.blockedStart), 0),
    serviceStarts: serviceStarts.sort((a, b) => a - b),
  }
}

/** Whether [start, end) overlaps a blocking span: only the last span that starts before `end` can. */
export function overlapsBlocking(conflicts: ResourceConflicts, start: number, end: number): boolean {
  const candidate = firstAtOrAfter(conflicts.blockingStarts, end) - 1
  return candidate >= 0 && conflicts.blockingEnds[candidate]! > start
}

/** Seats left at `start`; none when the blocked range touches a booking of this service at another start. */
export function freeSeats(conflicts: ResourceConflicts, capacity: number, start: number, blockedStart: number, blockedEnd: number): number {
  const { seats, longestSeatMs } = conflicts
  let taken = 0
  // A seat can only reach the blocked range if it begins within the longest seat length before it.
  for (let index = firstAtOrAfter(conflicts.seatBlockedStarts, blockedStart - longestSeatMs); index < seats.length; index++) {
    const seat = seats[index]!
    if (seat.blockedStart >= blockedEnd) break
    if (seat.blockedEnd <= blockedStart) continue
    if (seat.start !== start) return 0
    taken++
  }
  return capacity - taken
}

/** How many values of an ascending list lie in [from, to). */
export function countBetween(sorted: readonly number[], from: number, to: number): number {
  return firstAtOrAfter(sorted, to) - firstAtOrAfter(sorted, from)
}

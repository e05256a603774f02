import { asc, inArray } from 'drizzle-orm'
import { bookingResources, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError } from '@flectar/errors'
import { dayRangeInZone, formatInZone } from '@flectar/time'
import type { BusySource } from './availability'
import { expireHolds } from './expire-holds'
import { listAvailableSlots, slotJson, type AvailableSlots, type SlotQuery } from './list-available-slots'
import type { ServiceRow } from './load-availability'

export interface SlotRequest {
  service: ServiceRow
  start: Date
  /** When the appointment ends; the service's buffers are blocked around [start, end). */
  end: Date
  /** Minutes the booking's extras add (the engine checks a slot that long). */
  extraMinutes: number
  now: Date
  /** Staff booking on a customer's behalf: no minimum notice and no advance window. */
  byStaff: boolean
  /** The zone the alternatives of a 409 are given in (the visitor's). */
  timeZone: string
  /** The resource asked for, if any. */
  resourceId?: string
  /** A booking being moved: left out of the check, its resource locked too and kept when free. */
  moving?: { id: string, resourceId: string }
  /** A waitlist offer being claimed: its own hold does not block it. */
  claimingOfferId?: string
  busy?: BusySource
}

export interface ReservedPlace {
  resourceId: string
  /** 0 for one-to-one services; a group class fills seats 0…capacity−1. */
  seat: number
  /** The appointment plus its buffers: what the EXCLUDE constraint keeps from overlapping. */
  blocked: { start: Date, end: Date }
}

/**
 * Reserves a start for `write`, which inserts or moves the booking on the place it is given.
 * Before the transaction, a start no configuration allows is a 422 (`start`, `resourceId`).
 * Inside it the candidate resources are locked in id order, so bookings of one resource
 * queue instead of racing or deadlocking, expired holds on them are cleared, and the start is
 * checked again against the bookings as they are now; the EXCLUDE constraint stays the last
 * word. A start taken meanwhile is a 409 `slot_unavailable` with the nearest free alternatives.
 */
export async function reserveSlot<T>(db: DbOrTx, request: SlotRequest, write: (tx: DbOrTx, place: ReservedPlace) => Promise<T>): Promise<T> {
  const { service, start, now } = request
  const query: SlotQuery = {
    from: start, to: new Date(start.getTime() + 1), now,
    extraMinutes: request.extraMinutes, byStaff: request.byStaff, busy: request.busy, excludeBookingId: request.moving?.id,
    excludeOfferId: request.claimingOfferId,
  }
  const possible = (await listAvailableSlots(db, service, { ...query, ignoreBookings: true })).slots[0]
  if (!possible) throw new InvalidInputError({ start: 'is not a bookable time for this service; choose one of the available slots' })
  if (request.resourceId && !possible.resourceIds.includes(request.resourceId)) throw new InvalidInputError({ resourceId: 'cannot take this service at this time' })
  const candidates = request.resourceId ? [request.resourceId] : possible.resourceIds

  try {
    return await withDeadlockRetry(() => db.transaction(async (tx) => {
      await lockResources(tx, request.moving ? [...new Set([...candidates, request.moving.resourceId])] : candidates, now)
      const found = await listAvailableSlots(tx, service, { ...query, resourceIds: candidates })
      const slot = found.slots[0]
      if (!slot) throw slotTaken()
      const resourceId = request.moving && slot.resourceIds.includes(request.moving.resourceId) ? request.moving.resourceId : leastBusy(slot.resourceIds, found, start)
      const seat = freeSeat(service, found.bookings.filter(booking => booking.resourceId === resourceId), start)
      const blocked = { start: new Date(start.getTime() - service.bufferBeforeMinutes * 60_000), end: new Date(request.end.getTime() + service.bufferAfterMinutes * 60_000) }
      return await write(tx, { resourceId, seat, blocked })
    }))
  }
  catch (error) {
    if (isSlotConflict(error)) throw await unavailable(db, service, start, request.timeZone, query)
    throw error
  }
}

/** Locks the resources (in id order, so two bookings never wait on each other) and clears expired holds on them. */
async function lockResources(tx: DbOrTx, resourceIds: string[], now: Date) {
  await tx.select({ id: bookingResources.id }).from(bookingResources).where(inArray(bookingResources.id, resourceIds)).orderBy(asc(bookingResources.id)).for('update')
  await expireHolds(tx, now, resourceIds)
}

/** Of the resources free at `start`, the one with the fewest bookings that day, to spread the work. */
function leastBusy(resourceIds: string[], data: Pick<AvailableSlots, 'resources' | 'bookings'>, start: Date) {
  const zoneOf = new Map(data.resources.map(resource => [resource.id, resource.timeZone]))
  const load = (id: string) => {
    // That local day of the resource, as instants: one conversion per resource, not per booking.
    const zone = zoneOf.get(id) ?? 'UTC'
    const day = formatInZone(start, zone).slice(0, 10)
    const { from, to } = dayRangeInZone(day, day, zone)
    return data.bookings.filter(booking => booking.resourceId === id && booking.start >= from && booking.start < to).length
  }
  return [...resourceIds].sort((a, b) => load(a) - load(b) || a.localeCompare(b))[0]!
}

/** A group class fills seats 0…capacity−1; the constraint keeps one booking per seat per time. */
function freeSeat(service: ServiceRow, existing: Array<{ seat: number, start: Date }>, start: Date) {
  if (service.capacity <= 1) return 0
  const taken = new Set(existing.filter(booking => booking.start.getTime() === start.getTime()).map(booking => booking.seat))
  for (let seat = 0; seat < service.capacity; seat++) if (!taken.has(seat)) return seat
  throw slotTaken()
}

class SlotTakenError extends Error {}
const slotTaken = () => new SlotTakenError('slot taken')

/** Taken meanwhile: seen by the re-check, or refused by the EXCLUDE constraint (23P01). */
function isSlotConflict(error: unknown): boolean {
  if (error instanceof SlotTakenError) return true
  return codeOf(error) === '23P01' || (error as { cause?: { code?: string } })?.cause?.code === '23P01'
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code
}

async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    }
    catch (error) {
      const code = codeOf(error)
      if ((code !== '40P01' && code !== '40001') || attempt >= attempts) throw error
    }
  }
}

/** The 409, with the nearest free starts around `start` (same day first, then up to a week either side). */
async function unavailable(db: DbOrTx, service: ServiceRow, start: Date, timeZone: string, query: SlotQuery, limit = 5) {
  const from = new Date(Math.max(query.now.getTime(), start.getTime() - 7 * 86_400_000))
  const to = new Date(start.getTime() + 7 * 86_400_000)
  const { slots } = await listAvailableSlots(db, service, { ...query, from, to })
  const alternatives = slots
    .filter(slot => slot.start.getTime() !== start.getTime())
    .sort((a, b) => Math.abs(a.start.getTime() - start.getTime()) - Math.abs(b.start.getTime() - start.getTime()))
    .slice(0, limit)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map(slot => slotJson(slot, timeZone))
  return new ConflictError('That time is not free. Please choose another.', 'slot_unavailable', { alternatives })
}

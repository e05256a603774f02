import type { DbOrTx } from '@flectar/db'
import { DAY_MS, formatInZone } from '@flectar/time'
import { computeSlots, emptyBusySource, type AvailabilityResource, type BusySource, type Slot } from './availability'
import { engineService, loadAvailabilityData, type AvailabilityWindow, type LoadedBooking, type ServiceRow } from './load-availability'

/** Visitors, API clients and staff ask for at most this many local days at once (a month view and a margin). */
export const SLOT_QUERY_MAX_DAYS = 62

export interface SlotQuery extends AvailabilityWindow {
  /** Minutes the chosen extras add. */
  extraMinutes?: number
  /** Staff booking on a customer's behalf: no minimum notice and no advance window. */
  byStaff?: boolean
  /** External calendars (Google Calendar); none by default. */
  busy?: BusySource
  /**
   * Working hours and rules only, as if nothing were booked: tells a start no configuration
   * allows (a 422) from one that is only taken (a 409).
   */
  ignoreBookings?: boolean
}

export interface AvailableSlots {
  slots: Slot[]
  /** What the slots were computed from: a booking transaction picks a resource and a seat from them. */
  resources: AvailabilityResource[]
  bookings: LoadedBooking[]
}

/**
 * The one slot listing: free slots of a service over [from, to), for the public API, staff
 * and the booking transaction (which re-checks a start here after locking its resources).
 * Four queries whatever the number of resources or days, plus the busy source.
 */
export async function listAvailableSlots(db: DbOrTx, service: ServiceRow, query: SlotQuery): Promise<AvailableSlots> {
  const data = await loadAvailabilityData(db, service, query)
  const bookings = query.ignoreBookings ? [] : data.bookings
  // A day either side, like the bookings: a busy time past `to` can still overlap a slot's end or buffers.
  const busy = query.ignoreBookings
    ? []
    : await (query.busy ?? emptyBusySource).busyTimes({
        resourceIds: data.resources.map(resource => resource.id),
        from: new Date(query.from.getTime() - DAY_MS),
        to: new Date(query.to.getTime() + DAY_MS),
      })
  const slots = computeSlots({
    service: engineService(service, query.byStaff),
    resources: data.resources,
    bookings,
    busy,
    from: query.from,
    to: query.to,
    now: query.now,
    extraMinutes: query.extraMinutes,
  })
  return { slots, resources: data.resources, bookings }
}

/** A slot as the API answers it: local times with the zone's offset. */
export function slotJson(slot: Slot, timeZone: string) {
  return { start: formatInZone(slot.start, timeZone), end: formatInZone(slot.end, timeZone), resourceIds: slot.resourceIds }
}

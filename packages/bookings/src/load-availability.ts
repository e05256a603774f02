import { and, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import {
  bookingBlockedDates, bookingDateOverrides, bookingExtras, bookingResources, bookings, bookingServiceResources, bookingServices,
  type DbOrTx,
} from '@flectar/db'
import { InvalidInputError } from '@flectar/errors'
import { computeSlots, emptyBusySource, type AvailabilityResource, type BusySource, type ExistingBooking, type Slot } from './availability'

export const ACTIVE_STATUSES = ['pending', 'pending_payment', 'confirmed'] as const
const DAY_MS = 24 * 60 * 60 * 1000

export type ServiceRow = typeof bookingServices.$inferSelect

export interface AvailabilityQuery {
  serviceId: string
  from: Date
  to: Date
  now: Date
  extraMinutes?: number
  /** Leave this booking out (it is the one being moved). */
  excludeBookingId?: string
  /** Only these resources (e.g. the ones locked by a booking transaction). */
  resourceIds?: readonly string[]
  busy?: BusySource
  /** Staff booking on the customer's behalf may book inside the notice period and beyond the window. */
  ignoreNotice?: boolean
}

/** The project's active service, or undefined. */
export async function findService(db: DbOrTx, projectId: string, serviceId: string): Promise<ServiceRow | undefined> {
  const [service] = await db.select().from(bookingServices)
    .where(and(eq(bookingServices.id, serviceId), eq(bookingServices.projectId, projectId), eq(bookingServices.active, true)))
  return service
}

/** Minutes the chosen extras add to an appointment; a 422 on `extras` when one is not offered with the service. */
export async function offeredExtraMinutes(db: DbOrTx, projectId: string, serviceId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0
  const rows = await db.select({ id: bookingExtras.id, durationMinutes: bookingExtras.durationMinutes, serviceIds: bookingExtras.serviceIds }).from(bookingExtras)
    .where(and(eq(bookingExtras.projectId, projectId), eq(bookingExtras.active, true), inArray(bookingExtras.id, [...ids])))
  const offered = rows.filter(extra => extra.serviceIds.length === 0 || extra.serviceIds.includes(serviceId))
  if (offered.length !== new Set(ids).size) throw new InvalidInputError({ extras: 'lists an extra not offered with this service' })
  return offered.reduce((sum, extra) => sum + extra.durationMinutes, 0)
}

/**
 * Everything the availability engine needs for one service over [from, to), in four queries
 * whatever the number of resources or days: its resources, their date overrides and closures,
 * and the active bookings (holds only while unexpired) around the range.
 */
export async function loadAvailabilityData(db: DbOrTx, service: ServiceRow, query: AvailabilityQuery) {
  const resourceIdsOfService = db.select({ id: bookingServiceResources.resourceId }).from(bookingServiceResources)
    .where(eq(bookingServiceResources.serviceId, service.id))
  const onlyThese = query.resourceIds ? inArray(bookingResources.id, [...query.resourceIds]) : undefined
  // Local dates differ from UTC ones by at most a day either side.
  const firstDate = new Date(query.from.getTime() - DAY_MS).toISOString().slice(0, 10)
  const lastDate = new Date(query.to.getTime() + DAY_MS).toISOString().slice(0, 10)
  const around = { start: new Date(query.from.getTime() - DAY_MS), end: new Date(query.to.getTime() + DAY_MS) }

  const [resourceRows, overrideRows, closureRows, bookingRows] = await Promise.all([
    db.select().from(bookingResources)
      .where(and(inArray(bookingResources.id, resourceIdsOfService), eq(bookingResources.active, true), eq(bookingResources.projectId, service.projectId), onlyThese)),
    db.select().from(bookingDateOverrides)
      .where(and(inArray(bookingDateOverrides.resourceId, resourceIdsOfService), gte(bookingDateOverrides.date, firstDate), lte(bookingDateOverrides.date, lastDate))),
    db.select().from(bookingBlockedDates)
      .where(and(eq(bookingBlockedDates.projectId, service.projectId), lte(bookingBlockedDates.fromDate, lastDate), gte(bookingBlockedDates.toDate, firstDate),
        or(isNull(bookingBlockedDates.resourceId), inArray(bookingBlockedDates.resourceId, resourceIdsOfService)))),
    // Times as epoch milliseconds (float8): thousands of rows parse much faster than timestamps and ranges.
    db.select({
      resourceId: bookings.resourceId, serviceId: bookings.serviceId, seat: bookings.seat,
      start: sql<number>`(extract(epoch from ${bookings.startsAt}) * 1000)::float8`.mapWith(Number),
      end: sql<number>`(extract(epoch from ${bookings.endsAt}) * 1000)::float8`.mapWith(Number),
      blockedStart: sql<number>`(extract(epoch from lower(${bookings.blocked})) * 1000)::float8`.mapWith(Number),
      blockedEnd: sql<number>`(extract(epoch from upper(${bookings.blocked})) * 1000)::float8`.mapWith(Number),
    })
      .from(bookings)
      .where(and(
        inArray(bookings.resourceId, resourceIdsOfService),
        inArray(bookings.status, [...ACTIVE_STATUSES]),
        or(isNull(bookings.holdExpiresAt), gt(bookings.holdExpiresAt, query.now)),
        sql`${bookings.blocked} && tstzrange(${around.start.toISOString()}::timestamptz, ${around.end.toISOString()}::timestamptz)`,
        query.excludeBookingId ? sql`${bookings.id} <> ${query.excludeBookingId}` : undefined,
      )),
  ])

  const resources: AvailabilityResource[] = resourceRows.map(resource => ({
    id: resource.id,
    timeZone: resource.timeZone,
    weeklyHours: resource.weeklyHours,
    dateOverrides: overrideRows.filter(row => row.resourceId === resource.id).map(row => ({ date: row.date, intervals: row.intervals })),
    blockedDates: closureRows.filter(row => row.resourceId === null || row.resourceId === resource.id).map(row => ({ from: row.fromDate, to: row.toDate })),
  }))
  const existing: Array<ExistingBooking & { seat: number }> = bookingRows.map(row => ({
    seat: row.seat, resourceId: row.resourceId, serviceId: row.serviceId, start: new Date(row.start), end: new Date(row.end),
    blockedStart: new Date(row.blockedStart), blockedEnd: new Date(row.blockedEnd),
  }))
  return { resources, bookings: existing }
}

/** Free slots of a service over [from, to). */
export async function findSlots(db: DbOrTx, service: ServiceRow, query: AvailabilityQuery): Promise<Slot[]> {
  const data = await loadAvailabilityData(db, service, query)
  const busy = await (query.busy ?? emptyBusySource).busyTimes({ resourceIds: data.resources.map(resource => resource.id), from: query.from, to: query.to })
  return computeSlots({
    service: engineService(service, query.ignoreNotice),
    resources: data.resources,
    bookings: data.bookings,
    busy,
    from: query.from,
    to: query.to,
    now: query.now,
    extraMinutes: query.extraMinutes,
  })
}

export function engineService(service: ServiceRow, ignoreNotice = false) {
  return {
    id: service.id,
    durationMinutes: service.durationMinutes,
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    minNoticeMinutes: ignoreNotice ? 0 : service.minNoticeMinutes,
    maxAdvanceDays: ignoreNotice ? 3650 : service.maxAdvanceDays,
    dailyLimit: service.dailyLimit,
    capacity: service.capacity,
    slotIntervalMinutes: service.slotIntervalMinutes,
  }
}

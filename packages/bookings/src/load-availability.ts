import { and, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import {
  bookingBlockedDates, bookingDateOverrides, bookingResources, bookings, bookingServiceResources, bookingServices,
  type DbOrTx,
} from '@flectar/db'
import { DAY_MS } from '@flectar/time'
import type { AvailabilityResource, ExistingBooking } from './availability'

export const ACTIVE_STATUSES = ['pending', 'pending_payment', 'confirmed'] as const

export type ServiceRow = typeof bookingServices.$inferSelect

/** What availability is loaded for: the range [from, to) and the bookings to count. */
export interface AvailabilityWindow {
  from: Date
  to: Date
  now: Date
  /** Leave this booking out (it is the one being moved). */
  excludeBookingId?: string
  /** Only these resources (e.g. the ones locked by a booking transaction). */
  resourceIds?: readonly string[]
}

/** Active bookings around a range, with their seats, as the engine and the seat choice read them. */
export type LoadedBooking = ExistingBooking & { seat: number }

/** The project's active service, or undefined. */
export async function findService(db: DbOrTx, projectId: string, serviceId: string): Promise<ServiceRow | undefined> {
  const [service] = await db.select().from(bookingServices)
    .where(and(eq(bookingServices.id, serviceId), eq(bookingServices.projectId, projectId), eq(bookingServices.active, true)))
  return service
}

/**
 * Everything the availability engine needs for one service over [from, to), in four queries
 * whatever the number of resources or days: its resources, their date overrides and closures,
 * and the active bookings (holds only while unexpired) around the range.
 */
export async function loadAvailabilityData(db: DbOrTx, service: ServiceRow, query: AvailabilityWindow) {
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
  const existing: LoadedBooking[] = bookingRows.map(row => ({
    seat: row.seat, resourceId: row.resourceId, serviceId: row.serviceId, start: new Date(row.start), end: new Date(row.end),
    blockedStart: new Date(row.blockedStart), blockedEnd: new Date(row.blockedEnd),
  }))
  return { resources, bookings: existing }
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

import { and, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import {
  bookingBlockedDates, bookingDateOverrides, bookingResources, bookings, bookingServiceResources, bookingServices,
  type DbOrTx, waitlistOffers,
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
  /** Leave this waitlist offer's hold out (it is the one being claimed). */
  excludeOfferId?: string
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
 * Everything the availability engine needs for one service over [from, to), in five queries
 * whatever the number of resources or days: its resources, their date overrides and closures,
 * the active bookings (holds only while unexpired) around the range, and the open waitlist
 * offers, which hold their slot exactly as a booking does until they are claimed or expire.
 */
export async function loadAvailabilityData(db: DbOrTx, service: ServiceRow, query: AvailabilityWindow) {
  const resourceIdsOfService = db.select({ id: bookingServiceResources.resourceId }).from(bookingServiceResources)
    .where(eq(bookingServiceResources.serviceId, service.id))
  const onlyThese = query.resourceIds ? inArray(bookingResources.id, [...query.resourceIds]) : undefined
  // Local dates differ from UTC ones by at most a day either side.
  const firstDate = new Date(query.from.getTime() - DAY_MS).toISOString().slice(0, 10)
  const lastDate = new Date(query.to.getTime() + DAY_MS).toISOString().slice(0, 10)
  const around = { start: new Date(query.from.getTime() - DAY_MS), end: new Date(query.to.getTime() + DAY_MS) }

  const [resourceRows, overrideRows, closureRows, bookingRows, offerRows] = await Promise.all([
    db.select().from(bookingResources)
      .where(and(inArray(bookingResources.id, resourceIdsOfService), eq(bookingResources.active, true), eq(bookingResources.projectId, service.projectId), onlyThese)),
    db.select().from(bookingDateOverrides)
      .where(and(inArray(bookingDateOverrides.resourceId, resourceIdsOfService), gte(bookingDateOverrides.date, firstDate), lte(bookingDateOverrides.date, lastDate))),
    db.select().from(bookingBlockedDates)
      .where(and(eq(bookingBlockedDates.projectId, service.projectId), lte(bookingBlockedDates.fromDate, lastDate), gte(bookingBlockedDates.toDate, firstDate),
        or(isNull(bookingBlockedDates.resourceId), inArray(bookingBlockedDates.resourceId, resourceIdsOfService)))),
    // One row per resource, service and seat, its bookings' times in one bytea of binary
    // timestamps: a few values to parse instead of seven per booking, and no number or date
    // formatted as text, which is what reading a month of thousands of bookings spent its time on.
    db.select({
      resourceId: bookings.resourceId, serviceId: bookings.serviceId, seat: bookings.seat,
      times: sql<Uint8Array>`string_agg(timestamptz_send(${bookings.startsAt}) || timestamptz_send(${bookings.endsAt}) || timestamptz_send(lower(${bookings.blocked})) || timestamptz_send(upper(${bookings.blocked})), '')`,
    })
      .from(bookings)
      .where(and(
        inArray(bookings.resourceId, resourceIdsOfService),
        inArray(bookings.status, [...ACTIVE_STATUSES]),
        or(isNull(bookings.holdExpiresAt), gt(bookings.holdExpiresAt, query.now)),
        sql`${bookings.blocked} && tstzrange(${around.start.toISOString()}::timestamptz, ${around.end.toISOString()}::timestamptz)`,
        query.excludeBookingId ? sql`${bookings.id} <> ${query.excludeBookingId}` : undefined,
      ))
      .groupBy(bookings.resourceId, bookings.serviceId, bookings.seat),
    db.select({
      resourceId: waitlistOffers.resourceId, serviceId: waitlistOffers.serviceId, seat: waitlistOffers.seat,
      start: waitlistOffers.startsAt, end: waitlistOffers.endsAt, blocked: waitlistOffers.blocked,
    })
      .from(waitlistOffers)
      .where(and(
        inArray(waitlistOffers.resourceId, resourceIdsOfService),
        eq(waitlistOffers.status, 'open'),
        gt(waitlistOffers.expiresAt, query.now),
        sql`${waitlistOffers.blocked} && tstzrange(${around.start.toISOString()}::timestamptz, ${around.end.toISOString()}::timestamptz)`,
        query.excludeOfferId ? sql`${waitlistOffers.id} <> ${query.excludeOfferId}` : undefined,
      )),
  ])

  const resources: AvailabilityResource[] = resourceRows.map(resource => ({
    id: resource.id,
    timeZone: resource.timeZone,
    weeklyHours: resource.weeklyHours,
    dateOverrides: overrideRows.filter(row => row.resourceId === resource.id).map(row => ({ date: row.date, intervals: row.intervals })),
    blockedDates: closureRows.filter(row => row.resourceId === null || row.resourceId === resource.id).map(row => ({ from: row.fromDate, to: row.toDate })),
  }))
  const existing: LoadedBooking[] = []
  for (const { resourceId, serviceId, seat, times } of bookingRows) {
    const instants = readTimestamps(times)
    for (let index = 0; index < instants.length; index += 4) {
      existing.push({
        seat, resourceId, serviceId, start: new Date(instants[index]!), end: new Date(instants[index + 1]!),
        blockedStart: new Date(instants[index + 2]!), blockedEnd: new Date(instants[index + 3]!),
      })
    }
  }
  for (const offer of offerRows) {
    existing.push({ ...offer, blockedStart: offer.blocked.start, blockedEnd: offer.blocked.end })
  }
  return { resources, bookings: existing }
}

/** PostgreSQL's epoch, 2000-01-01, in Unix milliseconds. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1)

/**
 * Epoch milliseconds of `timestamptz_send` values run together: each is the protocol's binary
 * timestamp, a big-endian int64 of microseconds since 2000-01-01, read as two halves (exact
 * below 2^53 µs, ±285 years) rather than as BigInts.
 */
function readTimestamps(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const instants: number[] = []
  for (let offset = 0; offset < bytes.byteLength; offset += 8) {
    const microseconds = view.getInt32(offset) * 2 ** 32 + view.getUint32(offset + 4)
    instants.push(POSTGRES_EPOCH_MS + microseconds / 1000)
  }
  return instants
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

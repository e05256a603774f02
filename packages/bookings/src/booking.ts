import { and, asc, eq, inArray, lte } from 'drizzle-orm'
import { z } from 'zod'
import { bookingExtras, bookingResources, bookings, customers, type BookedExtra, type DbOrTx } from '@flectar/db'
import { ConflictError, InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import type { Project } from '@flectar/sites'
import { computeSlots, dayRangeInZone, formatInZone, type BusySource, type Slot } from './availability'
import { checkAnswers } from './check-answers'
import { findUsableCoupon, recordRedemption, redeemCoupon, releaseCoupon } from './coupon-use'
import { couponCodeInputSchema, customerNameSchema, instantSchema, lineSchema, notesSchema } from './input-fields'
import { upsertCustomer } from './customers'
import { engineService, findService, findSlots, loadAvailabilityData, type ServiceRow } from './load-availability'
import { manageUrl } from './manage-token'
import { notifyOwners, sendCustomerMessage, type CustomerMessageKind } from './notifications'
import { priceBooking } from './pricing'

export type BookingRow = typeof bookings.$inferSelect

/** What a booking operation needs to know about where it runs. */
export interface BookingEnv {
  /** The project's public site origin, for manage links. */
  siteOrigin: string
  /** Signs manage links (the shared SESSION_SECRET). */
  secret: string
  /** The admin app's bookings page for this project, for owner notifications. */
  adminUrl: string
  busy?: BusySource
  now?: Date
}

export const timeZoneSchema = z.string().trim().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid')

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return value.includes('/') || value === 'UTC'
  }
  catch {
    return false
  }
}

const answerValue = z.union([notesSchema(2000), z.boolean(), z.array(lineSchema(200)).max(20)])

export const createBookingSchema = z.object({
  serviceId: z.uuid('must be a service id'),
  start: instantSchema,
  timeZone: timeZoneSchema,
  resourceId: z.uuid('must be a resource id').optional(),
  customer: z.object({
    name: customerNameSchema,
    email: z.string().trim().max(320).pipe(z.email('must be an email address')),
    phone: z.string().trim().max(40).regex(/^\+?[\d\s().-]{6,}$/, 'must be a phone number').optional().or(z.literal('').transform(() => undefined)),
  }),
  extras: z.array(z.uuid('must be an extra id')).max(20).default([]),
  answers: z.record(z.string(), answerValue).default({}),
  couponCode: couponCodeInputSchema.optional().or(z.literal('').transform(() => undefined)),
  notes: notesSchema(2000).optional(),
})
export type CreateBookingInput = z.input<typeof createBookingSchema>

/** Staff booking by phone: an email is optional, a phone or an email is needed. */
export const adminCreateBookingSchema = createBookingSchema.extend({
  customer: z.object({
    name: customerNameSchema,
    email: z.string().trim().max(320).pipe(z.email('must be an email address')).optional().or(z.literal('').transform(() => undefined)),
    phone: z.string().trim().max(40).regex(/^\+?[\d\s().-]{6,}$/, 'must be a phone number').optional().or(z.literal('').transform(() => undefined)),
  }).refine(customer => customer.email || customer.phone, { message: 'needs an email or a phone number', path: ['phone'] }),
  timeZone: timeZoneSchema.optional(),
})

export interface CreateOptions {
  source: 'site' | 'api' | 'admin'
  /** Create it as `pending_payment`, holding the slot this long (the payment step). */
  paymentHoldMinutes?: number
}

export interface CreatedBooking {
  booking: BookingRow
  manageUrl: string
}

/**
 * Books a slot. Everything is checked before the transaction (422s name the field); inside
 * it the candidate resources are locked in id order, so bookings of one resource queue up
 * instead of racing, the slot is checked again against the bookings as they are now, and
 * the EXCLUDE constraint stays the last word. A slot taken meanwhile is a 409 with the
 * nearest free alternatives.
 */
export async function createBooking(db: DbOrTx, project: Project, raw: unknown, env: BookingEnv, options: CreateOptions): Promise<CreatedBooking> {
  const isAdmin = options.source === 'admin'
  const input = parseInput(isAdmin ? adminCreateBookingSchema : createBookingSchema, raw)
  const now = env.now ?? new Date()
  const timeZone = input.timeZone ?? project.timeZone
  const start = new Date(input.start)
  const service = await findService(db, project.id, input.serviceId)
  if (!service) throw new InvalidInputError({ serviceId: 'is not a bookable service of this site' })
  if (start.getTime() <= now.getTime()) throw new InvalidInputError({ start: 'is in the past' })

  const extras = await pickExtras(db, project.id, service, input.extras)
  const answers = await checkAnswers(db, { orgId: project.orgId, projectId: project.id }, service.id, input.answers, { now, byStaff: isAdmin })
  const extraMinutes = extras.reduce((sum, extra) => sum + extra.durationMinutes, 0)
  const coupon = input.couponCode ? await findUsableCoupon(db, project.id, service.id, input.couponCode, now) : undefined
  const at = { from: start, to: new Date(start.getTime() + 1) }

  // A start that no configuration allows is a 422; one that is only taken is a 409 below.
  const possible = await slotAt(db, service, { ...at, now, extraMinutes, ignoreNotice: isAdmin }, { ignoreBookings: true })
  if (!possible) throw new InvalidInputError({ start: 'is not a bookable time for this service; choose one of the available slots' })
  if (input.resourceId && !possible.resourceIds.includes(input.resourceId)) throw new InvalidInputError({ resourceId: 'cannot take this service at this time' })
  const candidates = input.resourceId ? [input.resourceId] : possible.resourceIds

  try {
    return await withDeadlockRetry(() => db.transaction(async (tx) => {
      await lockResources(tx, candidates, now)
      const data = await loadAvailabilityData(tx, service, { serviceId: service.id, ...at, now, resourceIds: candidates })
      const slot = computeSlots({ service: engineService(service, isAdmin), resources: data.resources, bookings: data.bookings, busy: await busyOf(env, candidates, at), ...at, now, extraMinutes })[0]
      if (!slot) throw slotTaken()
      const resourceId = leastBusy(slot.resourceIds, data, start)
      const seat = freeSeat(service, data.bookings.filter(booking => booking.resourceId === resourceId), start)
      const customer = await upsertCustomer(tx, { orgId: project.orgId, projectId: project.id }, input.customer)
      const applied = coupon ? await redeemCoupon(tx, coupon.id, service.id, customer.id, now) : undefined
      const price = priceBooking(service, extras, applied)
      const end = new Date(start.getTime() + (service.durationMinutes + extraMinutes) * 60_000)
      const held = options.paymentHoldMinutes !== undefined && price.deposit > 0
      const status = held ? 'pending_payment' as const : service.requiresConfirmation && !isAdmin ? 'pending' as const : 'confirmed' as const
      const [booking] = await tx.insert(bookings).values({
        orgId: project.orgId, projectId: project.id, resourceId, seat, status, serviceId: service.id, customerId: customer.id,
        startsAt: start, endsAt: end, blocked: blockedRange(service, start, end), timeZone,
        holdExpiresAt: held ? new Date(now.getTime() + options.paymentHoldMinutes! * 60_000) : null,
        serviceName: service.name, extras, answers, currency: service.currency,
        priceAmount: price.subtotal, discountAmount: price.discount, depositAmount: price.deposit,
        couponId: applied ? coupon!.id : null, source: options.source, notes: input.notes ?? '',
        remindersSent: service.reminderMinutes.filter(lead => start.getTime() - lead * 60_000 <= now.getTime()),
        confirmedAt: status === 'confirmed' ? now : null,
      }).returning()
      if (applied) await recordRedemption(tx, coupon!.id, customer.id, booking!.id)
      const context = { project, customer, manageUrl: manageUrl(env.siteOrigin, env.secret, booking!.id) }
      if (status !== 'pending_payment') {
        await sendCustomerMessage(tx, status === 'pending' ? 'requested' : 'confirmed', booking!, context)
        if (!isAdmin) await notifyOwners(tx, status === 'pending' ? 'requested' : 'created', booking!, { ...context, adminUrl: env.adminUrl, projectTimeZone: project.timeZone })
      }
      return { booking: booking!, manageUrl: context.manageUrl }
    }))
  }
  catch (error) {
    if (isSlotConflict(error)) throw await unavailable(db, service, start, timeZone, { now, extraMinutes, ignoreNotice: isAdmin, busy: env.busy })
    throw error
  }
}

export const quoteSchema = z.object({
  serviceId: z.uuid('must be a service id'),
  extras: z.array(z.uuid('must be an extra id')).max(20).default([]),
  couponCode: couponCodeInputSchema.optional().or(z.literal('').transform(() => undefined)),
})

/**
 * What a booking would cost, with the coupon checked as far as it can be before the visitor
 * is known ("one per customer" is checked when booking). A bad coupon is a 422 on `couponCode`.
 */
export async function quoteBooking(db: DbOrTx, project: Project, raw: unknown, now = new Date()) {
  const input = parseInput(quoteSchema, raw)
  const service = await findService(db, project.id, input.serviceId)
  if (!service) throw new InvalidInputError({ serviceId: 'is not a bookable service of this site' })
  const extras = await pickExtras(db, project.id, service, input.extras)
  const coupon = input.couponCode ? await findUsableCoupon(db, project.id, service.id, input.couponCode, now) : undefined
  const price = priceBooking(service, extras, coupon)
  return { currency: service.currency, ...price, coupon: coupon ? { code: coupon.code, kind: coupon.kind, amount: coupon.amount } : null }
}

/** Moves a booking to a new start (same service and extras), under the same rules as a new one. */
export async function moveBooking(db: DbOrTx, project: Project, booking: BookingRow, newStart: Date, env: BookingEnv, options: { byStaff: boolean, resourceId?: string }) {
  const now = env.now ?? new Date()
  if (!['pending', 'pending_payment', 'confirmed'].includes(booking.status)) throw new ConflictError('Only an upcoming booking can be moved.', 'booking_not_active')
  if (newStart.getTime() <= now.getTime()) throw new InvalidInputError({ start: 'is in the past' })
  const service = booking.serviceId ? await findService(db, project.id, booking.serviceId) : undefined
  if (!service) throw new ConflictError('This service can no longer be booked online; contact the business.', 'service_unavailable')
  const extraMinutes = booking.extras.reduce((sum, extra) => sum + extra.durationMinutes, 0)
  const at = { from: newStart, to: new Date(newStart.getTime() + 1) }
  const query = { serviceId: service.id, ...at, now, extraMinutes, excludeBookingId: booking.id, ignoreNotice: options.byStaff }
  const possible = await slotAt(db, service, query, { ignoreBookings: true })
  if (!possible) throw new InvalidInputError({ start: 'is not a bookable time for this service; choose one of the available slots' })
  if (options.resourceId && !possible.resourceIds.includes(options.resourceId)) throw new InvalidInputError({ resourceId: 'cannot take this service at this time' })
  const candidates = options.resourceId ? [options.resourceId] : possible.resourceIds
  try {
    return await withDeadlockRetry(() => db.transaction(async (tx) => {
      await lockResources(tx, [...new Set([...candidates, booking.resourceId])], now)
      const data = await loadAvailabilityData(tx, service, { ...query, resourceIds: candidates })
      const slot = computeSlots({ service: engineService(service, options.byStaff), resources: data.resources, bookings: data.bookings, busy: await busyOf(env, candidates, at), ...at, now, extraMinutes })[0]
      if (!slot) throw slotTaken()
      const resourceId = slot.resourceIds.includes(booking.resourceId) ? booking.resourceId : leastBusy(slot.resourceIds, data, newStart)
      const seat = freeSeat(service, data.bookings.filter(other => other.resourceId === resourceId), newStart)
      const end = new Date(newStart.getTime() + (booking.endsAt.getTime() - booking.startsAt.getTime()))
      const [moved] = await tx.update(bookings).set({
        startsAt: newStart, endsAt: end, blocked: blockedRange(service, newStart, end), resourceId, seat, updatedAt: new Date(),
        remindersSent: service.reminderMinutes.filter(lead => newStart.getTime() - lead * 60_000 <= now.getTime()),
      }).where(and(eq(bookings.id, booking.id), eq(bookings.projectId, project.id), eq(bookings.status, booking.status))).returning()
      if (!moved) throw new ConflictError('This booking changed meanwhile; reload and try again.', 'booking_changed')
      const customer = await customerOf(tx, moved)
      const context = { project, customer, manageUrl: manageUrl(env.siteOrigin, env.secret, moved.id) }
      await sendCustomerMessage(tx, 'rescheduled', moved, context)
      if (!options.byStaff) await notifyOwners(tx, 'rescheduled', moved, { ...context, adminUrl: env.adminUrl, projectTimeZone: project.timeZone })
      return moved
    }))
  }
  catch (error) {
    if (isSlotConflict(error)) throw await unavailable(db, service, newStart, booking.timeZone, { now, extraMinutes, ignoreNotice: options.byStaff, busy: env.busy, excludeBookingId: booking.id })
    throw error
  }
}

export type StatusChange = 'confirm' | 'reject' | 'cancel' | 'complete' | 'no_show'

const TRANSITIONS: Record<StatusChange, { from: BookingRow['status'][], to: BookingRow['status'], message?: CustomerMessageKind }> = {
  confirm: { from: ['pending', 'pending_payment'], to: 'confirmed', message: 'confirmed' },
  reject: { from: ['pending'], to: 'rejected', message: 'rejected' },
  cancel: { from: ['pending', 'pending_payment', 'confirmed'], to: 'cancelled', message: 'cancelled' },
  complete: { from: ['confirmed', 'no_show'], to: 'completed' },
  no_show: { from: ['confirmed', 'completed'], to: 'no_show' },
}

/** Confirm, reject, cancel, or mark attended / no-show; tells the customer where it matters. */
export async function changeBookingStatus(db: DbOrTx, project: Project, bookingId: string, change: StatusChange, env: BookingEnv, options: { reason?: string, byCustomer?: boolean } = {}) {
  const now = env.now ?? new Date()
  const rule = TRANSITIONS[change]
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(bookings).where(and(eq(bookings.id, bookingId), eq(bookings.projectId, project.id))).for('update')
    if (!current) throw new NotFoundError('Booking not found.')
    if (!rule.from.includes(current.status)) throw new ConflictError(`A ${current.status.replace('_', ' ')} booking cannot be changed that way.`, 'invalid_transition')
    if ((change === 'complete' || change === 'no_show') && current.startsAt > now) throw new ConflictError('Attendance can be recorded once the booking has started.', 'not_started')
    const [updated] = await tx.update(bookings).set({
      status: rule.to, updatedAt: now,
      ...(rule.to === 'confirmed' ? { confirmedAt: now, holdExpiresAt: null } : {}),
      ...(rule.to === 'cancelled' || rule.to === 'rejected' ? { cancelledAt: now, cancelReason: options.reason?.trim() || null } : {}),
    }).where(eq(bookings.id, bookingId)).returning()
    if (rule.to === 'cancelled' || rule.to === 'rejected') await releaseCoupon(tx, updated!)
    if (rule.message) {
      const customer = await customerOf(tx, updated!)
      const context = { project, customer, manageUrl: manageUrl(env.siteOrigin, env.secret, updated!.id) }
      await sendCustomerMessage(tx, rule.message, updated!, context, options.reason)
      if (options.byCustomer) await notifyOwners(tx, 'cancelled', updated!, { ...context, adminUrl: env.adminUrl, projectTimeZone: project.timeZone })
    }
    return updated!
  })
}

/** The nearest free starts around `start` (same day first, then up to a week either side). */
export async function nearestAlternatives(db: DbOrTx, service: ServiceRow, start: Date, timeZone: string, query: { now: Date, extraMinutes?: number, ignoreNotice?: boolean, busy?: BusySource, excludeBookingId?: string }, limit = 5) {
  const from = new Date(Math.max(query.now.getTime(), start.getTime() - 7 * 86_400_000))
  const to = new Date(start.getTime() + 7 * 86_400_000)
  const slots = await findSlots(db, service, { serviceId: service.id, from, to, ...query })
  return slots
    .filter(slot => slot.start.getTime() !== start.getTime())
    .sort((a, b) => Math.abs(a.start.getTime() - start.getTime()) - Math.abs(b.start.getTime() - start.getTime()))
    .slice(0, limit)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map(slot => slotJson(slot, timeZone))
}

export function slotJson(slot: Slot, timeZone: string) {
  return { start: formatInZone(slot.start, timeZone), end: formatInZone(slot.end, timeZone), resourceIds: slot.resourceIds }
}

export async function customerOf(db: DbOrTx, booking: BookingRow) {
  if (!booking.customerId) return { name: 'Customer', email: null }
  const [customer] = await db.select({ name: customers.name, email: customers.email }).from(customers).where(eq(customers.id, booking.customerId))
  return customer ?? { name: 'Customer', email: null }
}

/** Pending-payment holds past their expiry give their slot back. Returns how many expired. */
export async function expireHolds(db: DbOrTx, now = new Date(), resourceIds?: readonly string[]) {
  return db.transaction(async (tx) => {
    const rows = await tx.update(bookings).set({ status: 'cancelled', cancelReason: 'Payment hold expired', cancelledAt: now, updatedAt: now })
      .where(and(eq(bookings.status, 'pending_payment'), lte(bookings.holdExpiresAt, now), resourceIds ? inArray(bookings.resourceId, [...resourceIds]) : undefined))
      .returning({ id: bookings.id, couponId: bookings.couponId })
    for (const row of rows) await releaseCoupon(tx, row)
    return rows.length
  })
}

// --- helpers -------------------------------------------------------------------------

async function slotAt(db: DbOrTx, service: ServiceRow, query: { from: Date, to: Date, now: Date, extraMinutes?: number, ignoreNotice?: boolean, excludeBookingId?: string }, options: { ignoreBookings: boolean }) {
  const data = await loadAvailabilityData(db, service, { serviceId: service.id, ...query })
  return computeSlots({
    service: engineService(service, query.ignoreNotice), resources: data.resources, bookings: options.ignoreBookings ? [] : data.bookings,
    busy: [], from: query.from, to: query.to, now: query.now, extraMinutes: query.extraMinutes,
  })[0]
}

async function busyOf(env: BookingEnv, resourceIds: string[], at: { from: Date, to: Date }) {
  return env.busy ? env.busy.busyTimes({ resourceIds, from: new Date(at.from.getTime() - 86_400_000), to: new Date(at.to.getTime() + 86_400_000) }) : []
}

/** Locks the resources (in id order, so two bookings never wait on each other) and clears expired holds on them. */
async function lockResources(tx: DbOrTx, resourceIds: string[], now: Date) {
  await tx.select({ id: bookingResources.id }).from(bookingResources).where(inArray(bookingResources.id, resourceIds)).orderBy(asc(bookingResources.id)).for('update')
  await expireHolds(tx, now, resourceIds)
}

function blockedRange(service: ServiceRow, start: Date, end: Date) {
  return { start: new Date(start.getTime() - service.bufferBeforeMinutes * 60_000), end: new Date(end.getTime() + service.bufferAfterMinutes * 60_000) }
}

/** Of the resources free at `start`, the one with the fewest bookings that day, to spread the work. */
function leastBusy(resourceIds: string[], data: { resources: Array<{ id: string, timeZone: string }>, bookings: Array<{ resourceId: string, start: Date }> }, start: Date) {
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

function isSlotConflict(error: unknown): boolean {
  if (error instanceof SlotTakenError) return true
  const code = (error as { code?: string, cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code
  return code === '23P01' || (error as { cause?: { code?: string } })?.cause?.code === '23P01'
}

async function withDeadlockRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    }
    catch (error) {
      const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code
      if ((code !== '40P01' && code !== '40001') || attempt >= attempts) throw error
    }
  }
}

async function unavailable(db: DbOrTx, service: ServiceRow, start: Date, timeZone: string, query: Parameters<typeof nearestAlternatives>[4]) {
  const alternatives = await nearestAlternatives(db, service, start, timeZone, query)
  return new ConflictError('That time is not free. Please choose another.', 'slot_unavailable', { alternatives })
}

async function pickExtras(db: DbOrTx, projectId: string, service: ServiceRow, ids: string[]): Promise<BookedExtra[]> {
  if (ids.length === 0) return []
  const rows = await db.select().from(bookingExtras).where(and(eq(bookingExtras.projectId, projectId), inArray(bookingExtras.id, ids), eq(bookingExtras.active, true)))
  const fields: Record<string, string> = {}
  const picked = ids.map((id, index) => {
    const row = rows.find(extra => extra.id === id && (extra.serviceIds.length === 0 || extra.serviceIds.includes(service.id)))
    if (!row) fields[`extras.${index}`] = 'is not an extra offered with this service'
    return row
  })
  if (new Set(ids).size !== ids.length) fields.extras = 'lists an extra twice'
  if (Object.keys(fields).length > 0) throw new InvalidInputError(fields)
  return picked.map(extra => ({ id: extra!.id, name: extra!.name, priceAmount: extra!.priceAmount, durationMinutes: extra!.durationMinutes }))
}

import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import { z } from 'zod'
import { bookingServices, type Db, type DbOrTx, messagingChannelSettings, waitlistEntries, waitlistOffers } from '@flectar/db'
import { AppError, ConflictError, InvalidInputError, NotFoundError } from '@flectar/errors'
import { customerMessageAllowed, emailSubject, enqueueEmail, enqueueText, renderEmail } from '@flectar/messaging'
import { offeredPaymentProviders } from '@flectar/payments'
import { signId, verifySignedId } from '@flectar/security'
import { auditProjectChange, requireProject, type Project } from '@flectar/sites'
import { DAY_MS, dayRangeInZone, todayIn } from '@flectar/time'
import type { Actor } from '@flectar/accounts'
import type { BookingEnv } from './booking-env'
import { DEFAULT_PAYMENT_HOLD_MINUTES } from './book-with-payment'
import { checkAnswers } from './check-answers'
import { createBooking } from './create-booking'
import { upsertCustomer } from './customers'
import { localDateSchema, timeZoneSchema } from './input-fields'
import { listAvailableSlots } from './list-available-slots'
import { findService } from './load-availability'
import { formatWhen } from './notifications'
import { requireBookableService } from './require-bookable-service'
import { reserveSlot } from './reserve-slot'
import { createBookingSchema } from './schemas'

/** How long a freed slot is held for the person it is offered to. */
export const WAITLIST_OFFER_MINUTES = 15
/** The longest day range one can wait for (the booking page's two months). */
export const WAITLIST_MAX_DAYS = 62

export const joinWaitlistSchema = z.object({
  serviceId: z.uuid('must be a service id'),
  fromDate: localDateSchema,
  toDate: localDateSchema,
  timeZone: timeZoneSchema,
  customer: createBookingSchema.shape.customer,
  /** The service's questions, as the booking's details step asks them. */
  answers: createBookingSchema.shape.answers,
  /** Offers always go by email; `sms` texts them as well. */
  channel: z.enum(['email', 'sms'], 'must be email or sms').default('email'),
}).refine(input => input.toDate >= input.fromDate, { message: 'must not be before the first day', path: ['toDate'] })
  .refine(input => Date.parse(input.toDate) - Date.parse(input.fromDate) <= (WAITLIST_MAX_DAYS - 1) * DAY_MS, { message: `must be at most ${WAITLIST_MAX_DAYS} days after the first day`, path: ['toDate'] })
  .refine(input => input.channel !== 'sms' || input.customer.phone, { message: 'is needed to be told by text message', path: ['customer', 'phone'] })
export type JoinWaitlistInput = z.output<typeof joinWaitlistSchema>

export interface WaitlistEnv {
  /** Signs claim links (the shared SESSION_SECRET). */
  secret: string
  siteOriginFor: (projectSlug: string) => string
  now?: Date
  offerMinutes?: number
}

type Entry = typeof waitlistEntries.$inferSelect
type Offer = typeof waitlistOffers.$inferSelect

const TOKEN_PURPOSE = 'waitlist-offer'

export function claimUrl(siteOrigin: string, secret: string, offerId: string): string {
  return `${siteOrigin.replace(/\/$/, '')}/book/waitlist/offer/${signId(secret, TOKEN_PURPOSE, offerId)}`
}

/**
 * Puts a visitor on a service's waitlist for a range of days. One entry per person and service:
 * joining again moves their range (and keeps their place). A slot already free in the range is
 * offered at once, by the caller's `offerFreedSlots`.
 */
export async function joinWaitlist(db: DbOrTx, project: Project, input: JoinWaitlistInput, now = new Date()): Promise<Entry> {
  const service = await requireBookableService(db, project.id, input.serviceId)
  if (input.toDate < todayIn(input.timeZone, now)) throw new InvalidInputError({ toDate: 'is in the past' })
  // Answered now, so that claiming an offer later is one click; the booking checks them again.
  await checkAnswers(db, { orgId: project.orgId, projectId: project.id }, service.id, input.answers, { now })
  return await db.transaction(async (tx) => {
    const customer = await upsertCustomer(tx, { orgId: project.orgId, projectId: project.id }, input.customer)
    const values = {
      name: input.customer.name, email: input.customer.email, phone: input.customer.phone ?? null, channel: input.channel,
      fromDate: input.fromDate, toDate: input.toDate, timeZone: input.timeZone, answers: input.answers, updatedAt: now,
    }
    const [waiting] = await tx.select().from(waitlistEntries)
      .where(and(eq(waitlistEntries.serviceId, service.id), eq(waitlistEntries.customerId, customer.id), inArray(waitlistEntries.status, ['waiting', 'offered'])))
      .for('update')
    if (waiting) return (await tx.update(waitlistEntries).set(values).where(eq(waitlistEntries.id, waiting.id)).returning())[0]!
    const [entry] = await tx.insert(waitlistEntries).values({ ...values, orgId: project.orgId, projectId: project.id, serviceId: service.id, customerId: customer.id, createdAt: now }).returning()
    return entry!
  })
}

/**
 * The waitlist's clock: open offers past their time lapse (their entry waits again, for another
 * slot), entries whose last day has passed expire, and every free slot in a waiting entry's
 * range is offered, first come first served, one open offer per person. Each offer holds its
 * slot through `reserveSlot`, as a booking would, so nobody else can take it meanwhile. Run by
 * the minute job and right after anything frees a slot (a cancellation, a move, a lapsed hold);
 * concurrent runs are safe (one open offer per entry is a unique index). Returns the offers made.
 */
export async function offerFreedSlots(db: DbOrTx, env: WaitlistEnv, filter: { serviceId?: string } = {}): Promise<number> {
  const now = env.now ?? new Date()
  await lapseOffers(db, now)
  const waiting = await db.select().from(waitlistEntries)
    .where(and(eq(waitlistEntries.status, 'waiting'), filter.serviceId ? eq(waitlistEntries.serviceId, filter.serviceId) : undefined))
    .orderBy(asc(waitlistEntries.createdAt))
  let offered = 0
  const allowed = new Map<string, boolean>()
  for (const entry of waiting) {
    if (entry.toDate < todayIn(entry.timeZone, now)) {
      await db.update(waitlistEntries).set({ status: 'expired', updatedAt: now }).where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, 'waiting')))
      continue
    }
    // A project that sends customers nothing (P23) cannot tell anyone: it holds no slot for nobody.
    if (!allowed.has(entry.projectId)) allowed.set(entry.projectId, await customerMessageAllowed(db, entry.projectId, 'waitlist_offer', 'email'))
    if (!allowed.get(entry.projectId)) continue
    if (await offerTo(db, entry, env, now)) offered++
  }
  return offered
}

async function lapseOffers(db: DbOrTx, now: Date) {
  await db.transaction(async (tx) => {
    const lapsed = await tx.update(waitlistOffers).set({ status: 'expired' })
      .where(and(eq(waitlistOffers.status, 'open'), lte(waitlistOffers.expiresAt, now)))
      .returning({ entryId: waitlistOffers.entryId })
    if (lapsed.length === 0) return
    await tx.update(waitlistEntries).set({ status: 'waiting', updatedAt: now })
      .where(and(inArray(waitlistEntries.id, lapsed.map(offer => offer.entryId)), eq(waitlistEntries.status, 'offered')))
  })
}

/** Offers the entry the earliest free start in its range that it was not offered before. */
async function offerTo(db: DbOrTx, entry: Entry, env: WaitlistEnv, now: Date): Promise<boolean> {
  const service = await findService(db, entry.projectId, entry.serviceId)
  if (!service) return false
  const fromDate = entry.fromDate > todayIn(entry.timeZone, now) ? entry.fromDate : todayIn(entry.timeZone, now)
  const { slots } = await listAvailableSlots(db, service, { ...dayRangeInZone(fromDate, entry.toDate, entry.timeZone), now })
  if (slots.length === 0) return false
  const before = new Set((await db.select({ startsAt: waitlistOffers.startsAt }).from(waitlistOffers).where(eq(waitlistOffers.entryId, entry.id))).map(offer => offer.startsAt.getTime()))
  const slot = slots.find(candidate => !before.has(candidate.start.getTime()))
  if (!slot) return false
  const minutes = env.offerMinutes ?? WAITLIST_OFFER_MINUTES
  const request = { service, start: slot.start, end: slot.end, extraMinutes: 0, now, byStaff: false, timeZone: entry.timeZone }
  try {
    return await reserveSlot(db, request, async (tx, place) => {
      const [claimed] = await tx.update(waitlistEntries).set({ status: 'offered', updatedAt: now })
        .where(and(eq(waitlistEntries.id, entry.id), eq(waitlistEntries.status, 'waiting'))).returning({ id: waitlistEntries.id })
      // Offered meanwhile by a concurrent run, or removed: nothing to do.
      if (!claimed) return false
      const [offer] = await tx.insert(waitlistOffers).values({
        orgId: entry.orgId, projectId: entry.projectId, entryId: entry.id, serviceId: service.id, resourceId: place.resourceId, seat: place.seat,
        startsAt: slot.start, endsAt: slot.end, blocked: place.blocked, expiresAt: new Date(now.getTime() + minutes * 60_000), createdAt: now,
      }).returning()
      const project = await requireProject(tx, { orgId: entry.orgId, projectId: entry.projectId })
      await sendOffer(tx, entry, offer!, project, service.name, claimUrl(env.siteOriginFor(project.slug), env.secret, offer!.id))
      return true
    })
  }
  catch (error) {
    // Taken by a booking between the listing and the lock: the next run offers another slot.
    if (error instanceof AppError && (error.kind === 'conflict' || error.kind === 'invalid')) return false
    throw error
  }
}

async function sendOffer(tx: DbOrTx, entry: Entry, offer: Offer, project: Project, serviceName: string, url: string) {
  const when = formatWhen(offer.startsAt, entry.timeZone)
  const until = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: entry.timeZone }).format(offer.expiresAt)
  const { html, text } = renderEmail({
    heading: `A time is free: ${serviceName}`,
    preheader: when,
    paragraphs: [
      `Hello ${entry.name},`,
      `A time you were waiting for has freed up at ${project.name}:`,
      `${serviceName}\n${when}`,
      `It is held for you until ${until}. After that it goes to the next person on the waitlist.`,
    ],
    action: { label: 'Book this time', url },
    footer: `You get this email because you joined the waitlist of ${project.name}.`,
    brandName: project.name,
  })
  await enqueueEmail(tx, {
    to: entry.email, subject: emailSubject(`A time is free: ${serviceName} — ${when}`), text, html,
    template: 'bookings.waitlist_offer', orgId: project.orgId, projectId: project.id,
  })
  // They asked for a text as well: it goes unless their number opted out or SMS was disconnected since.
  if (entry.channel === 'sms') {
    await enqueueText(tx, { orgId: project.orgId, projectId: project.id }, 'sms', {
      customerId: entry.customerId, phone: entry.phone, template: 'bookings.waitlist_offer',
      text: `${project.name}: ${serviceName}, ${when}, is free. Held for you until ${until}: ${url}`,
    })
  }
}

export interface OpenedOffer {
  offer: Offer
  entry: Entry
  project: Project
  /** The offered service's name as the business calls it now. */
  serviceName: string
  /** `open` while it can be claimed; `taken` once booked with it; `expired` once lapsed. */
  state: 'open' | 'taken' | 'expired'
}

/**
 * After a booking gave its slot back (cancelled, declined, moved): offers it to the waitlist now,
 * not at the next minute. The change itself is committed already, so a failure here is reported,
 * not thrown; the minute job offers the slot all the same.
 */
export async function offerFreedSlotsAfterChange(db: DbOrTx, env: BookingEnv, serviceId: string | null) {
  if (!serviceId) return
  try {
    await offerFreedSlots(db, { secret: env.secret, siteOriginFor: () => env.siteOrigin, now: env.now }, { serviceId })
  }
  catch (error) {
    (env.reportError ?? (failure => console.error('Offering a freed slot to the waitlist failed; the minute job will try again.', failure)))(error)
  }
}

/** The offer a claim link opens; 404 for a link that was not signed here. */
export async function openWaitlistOffer(db: DbOrTx, token: string, secret: string, now = new Date(), projectSlug?: string): Promise<OpenedOffer> {
  const offerId = verifySignedId(secret, TOKEN_PURPOSE, token)
  const gone = () => new NotFoundError('This link is not valid. Check the latest email about the waitlist.', 'offer_not_found')
  if (!offerId) throw gone()
  const [row] = await db.select({ offer: waitlistOffers, entry: waitlistEntries, serviceName: bookingServices.name }).from(waitlistOffers)
    .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
    .innerJoin(bookingServices, eq(bookingServices.id, waitlistOffers.serviceId))
    .where(eq(waitlistOffers.id, offerId))
  if (!row) throw gone()
  const project = await requireProject(db, { orgId: row.offer.orgId, projectId: row.offer.projectId })
  if (projectSlug && project.slug !== projectSlug) throw gone()
  const state = row.offer.status === 'claimed' ? 'taken' : row.offer.status === 'open' && row.offer.expiresAt > now ? 'open' : 'expired'
  return { ...row, project, state }
}

const TAKEN = 'This time has already been booked with this link.'
const LAPSED = 'This offer has lapsed and the time went to the next person on the waitlist. You are still on the waitlist for other times.'

/**
 * Books an open offer for its person through the normal booking transaction: the offer's own
 * hold does not count, and marking it claimed is part of that transaction, so one offer makes
 * one booking at most. A second claim, or one after the offer lapsed, is a 409.
 */
export async function claimWaitlistOffer(db: Db, token: string, env: BookingEnv, projectSlug?: string) {
  const now = env.now ?? new Date()
  const { offer, entry, project, state } = await openWaitlistOffer(db, token, env.secret, now, projectSlug)
  if (state === 'taken') throw new ConflictError(TAKEN, 'offer_claimed')
  if (state === 'expired') throw new ConflictError(LAPSED, 'offer_expired')
  // A deposit asked online holds the booking for its payment, as the booking page does.
  const online = (await offeredPaymentProviders(db, project.id)).some(provider => provider !== 'on_site')
  const service = await findService(db, project.id, offer.serviceId)
  const holdForPayment = online && service && service.depositKind !== 'none'
  const input = {
    serviceId: offer.serviceId, start: offer.startsAt.toISOString(), timeZone: entry.timeZone, resourceId: offer.resourceId,
    customer: { name: entry.name, email: entry.email, phone: entry.phone ?? undefined }, extras: [], answers: entry.answers,
  }
  try {
    return await createBooking(db, project, input, { ...env, now }, {
      source: 'site',
      ...(holdForPayment ? { paymentHoldMinutes: DEFAULT_PAYMENT_HOLD_MINUTES } : {}),
      waitlistOffer: {
        id: offer.id,
        claimed: async (tx, booking) => {
          const [claimed] = await tx.update(waitlistOffers).set({ status: 'claimed', bookingId: booking.id })
            .where(and(eq(waitlistOffers.id, offer.id), eq(waitlistOffers.status, 'open'), sql`${waitlistOffers.expiresAt} > ${now.toISOString()}::timestamptz`))
            .returning({ id: waitlistOffers.id })
          if (!claimed) throw new ConflictError(TAKEN, 'offer_claimed')
          await tx.update(waitlistEntries).set({ status: 'booked', bookingId: booking.id, updatedAt: now }).where(eq(waitlistEntries.id, entry.id))
        },
      },
    })
  }
  catch (error) {
    // Two claims at once: the second finds the slot booked by the first.
    if (error instanceof ConflictError && error.code === 'slot_unavailable') {
      const again = await openWaitlistOffer(db, token, env.secret, now, projectSlug)
      if (again.state === 'taken') throw new ConflictError(TAKEN, 'offer_claimed')
    }
    throw error
  }
}

/** A project's waitlist for the admin, newest first, with each entry's latest offer. */
export async function listWaitlist(db: DbOrTx, scope: { orgId: string, projectId: string }) {
  const entries = await db.select().from(waitlistEntries)
    .where(and(eq(waitlistEntries.orgId, scope.orgId), eq(waitlistEntries.projectId, scope.projectId)))
    .orderBy(desc(waitlistEntries.createdAt)).limit(500)
  const offers = entries.length
    ? await db.select().from(waitlistOffers).where(inArray(waitlistOffers.entryId, entries.map(entry => entry.id))).orderBy(desc(waitlistOffers.createdAt))
    : []
  const services = entries.length
    ? await db.select({ id: bookingServices.id, name: bookingServices.name }).from(bookingServices).where(eq(bookingServices.projectId, scope.projectId))
    : []
  const serviceName = new Map(services.map(service => [service.id, service.name]))
  return entries.map((entry) => {
    const latest = offers.find(offer => offer.entryId === entry.id)
    return {
      id: entry.id, name: entry.name, email: entry.email, phone: entry.phone, channel: entry.channel,
      serviceId: entry.serviceId, serviceName: serviceName.get(entry.serviceId) ?? '',
      fromDate: entry.fromDate, toDate: entry.toDate, timeZone: entry.timeZone, status: entry.status,
      bookingId: entry.bookingId, createdAt: entry.createdAt.toISOString(),
      offer: latest ? { start: latest.startsAt.toISOString(), expiresAt: latest.expiresAt.toISOString(), status: latest.status } : null,
    }
  })
}

/** Staff take someone off the waitlist; an open offer of theirs lapses at once, freeing its slot. */
export async function removeWaitlistEntry(db: Db, scope: { orgId: string, projectId: string }, entryId: string, actor: Actor) {
  return await db.transaction(async (tx) => {
    const [entry] = await tx.update(waitlistEntries).set({ status: 'removed', updatedAt: new Date() })
      .where(and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.orgId, scope.orgId), eq(waitlistEntries.projectId, scope.projectId), inArray(waitlistEntries.status, ['waiting', 'offered'])))
      .returning()
    if (!entry) {
      const [exists] = await tx.select({ id: waitlistEntries.id }).from(waitlistEntries)
        .where(and(eq(waitlistEntries.id, entryId), eq(waitlistEntries.projectId, scope.projectId)))
      if (!exists) throw new NotFoundError('This waitlist entry does not exist.')
      throw new ConflictError('This person is no longer waiting.', 'not_waiting')
    }
    await tx.update(waitlistOffers).set({ status: 'expired' }).where(and(eq(waitlistOffers.entryId, entry.id), eq(waitlistOffers.status, 'open')))
    await auditProjectChange(tx, actor, scope, { action: 'waitlist.removed', targetType: 'waitlist_entry', targetId: entry.id, metadata: { serviceId: entry.serviceId } })
    return entry
  })
}

/** Whether the project can text offers (an SMS channel is set up); the join form offers SMS only then. */
export async function projectCanText(db: DbOrTx, projectId: string): Promise<boolean> {
  const [row] = await db.select({ enabled: messagingChannelSettings.enabled }).from(messagingChannelSettings)
    .where(and(eq(messagingChannelSettings.projectId, projectId), eq(messagingChannelSettings.channel, 'sms'), eq(messagingChannelSettings.enabled, true)))
  return Boolean(row)
}

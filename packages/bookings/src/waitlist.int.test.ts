import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookings, waitlistEntries, waitlistOffers } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { saveNotificationSettings, DEFAULT_NOTIFICATION_SETTINGS } from '@flectar/messaging'
import { changeBookingStatus } from './change-booking-status'
import { listAvailableSlots } from './list-available-slots'
import type { ServiceRow } from './load-availability'
import { createBookingFromRequest } from './testing/from-request'
import { activeOverlaps, bookingRequest, failure, NOW, outboxOf, SECRET, seedBookingProject, type BookingProject } from './testing/seed-booking-project'
import { claimWaitlistOffer, joinWaitlist, joinWaitlistSchema, offerFreedSlots, openWaitlistOffer, WAITLIST_OFFER_MINUTES } from './waitlist'

const WEDNESDAY = '2026-12-02'
const SLOT = '2026-12-02T10:00:00+01:00'
const tokenIn = (text: string) => /\/book\/waitlist\/offer\/([\w.-]+)/.exec(text)?.[1]

describe('the waitlist offers a freed slot to the first person waiting', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-waitlist')
  })
  afterAll(() => database.drop())

  /** A service with one slot a week (Wednesday 10:00–10:30 in Madrid), already booked by Bruno. */
  async function fullyBooked() {
    const resource = await clinic.addResource({ weeklyHours: [{ weekday: 3, start: '10:00', end: '10:30' }] })
    const { service } = await clinic.addService({ slotIntervalMinutes: 30 }, [resource.id])
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, SLOT, { customer: { name: 'Bruno Díaz', email: 'bruno@example.com' } }), clinic.env, { source: 'site' })
    return { service, resource, booking }
  }

  const waitFor = (service: ServiceRow, name: string, email: string) => joinWaitlist(database.db, clinic.project, joinWaitlistSchema.parse({
    serviceId: service.id, fromDate: WEDNESDAY, toDate: '2026-12-04', timeZone: 'Europe/Madrid', customer: { name, email },
  }), NOW)
  const waitlistEnv = (now = NOW) => ({ secret: SECRET, siteOriginFor: () => clinic.env.siteOrigin, now })
  const offersOf = (entryId: string) => database.db.select().from(waitlistOffers).where(eq(waitlistOffers.entryId, entryId))
  async function claimLinkTo(email: string) {
    const offer = (await outboxOf(database.db, clinic.project.id)).filter(message => message.to === email && message.template === 'bookings.waitlist_offer').at(-1)
    return tokenIn(offer?.text ?? '')
  }
  const freeStarts = async (service: ServiceRow, now = NOW) =>
    (await listAvailableSlots(database.db, service, { from: new Date('2026-12-02T00:00:00Z'), to: new Date('2026-12-03T00:00:00Z'), now })).slots

  it('offers a cancelled slot to the first person waiting, holds it from everyone else, and books it when claimed', async () => {
    const { service, resource, booking } = await fullyBooked()
    const ana = await waitFor(service, 'Ana García', 'ana@example.com')
    const carla = await waitFor(service, 'Carla Gil', 'carla@example.com')
    // Nothing is free: nobody is offered anything.
    expect(await offerFreedSlots(database.db, waitlistEnv(), { serviceId: service.id })).toBe(0)

    await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: 'customer' })

    // Ana joined first: the slot is hers for 15 minutes; Carla still waits.
    const [offer] = await offersOf(ana.id)
    expect(offer).toMatchObject({ status: 'open', resourceId: resource.id, startsAt: new Date(SLOT) })
    expect(offer!.expiresAt).toEqual(new Date(NOW.getTime() + WAITLIST_OFFER_MINUTES * 60_000))
    expect(await offersOf(carla.id)).toEqual([])
    const token = await claimLinkTo('ana@example.com')
    expect(token).toBeTruthy()
    // Held: not free for anyone else, and a booking of it by someone else is refused.
    expect(await freeStarts(service)).toEqual([])
    const refused = await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, SLOT, { customer: { name: 'Dan', email: 'dan@example.com' } }), clinic.env, { source: 'site' }))
    expect(refused.code).toBe('slot_unavailable')

    const claimed = await claimWaitlistOffer(database.db, token!, clinic.env)
    expect(claimed.booking).toMatchObject({ status: 'confirmed', resourceId: resource.id, startsAt: new Date(SLOT), serviceId: service.id })
    expect((await openWaitlistOffer(database.db, token!, SECRET, NOW)).state).toBe('taken')
    const [entry] = await database.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, ana.id))
    expect(entry).toMatchObject({ status: 'booked', bookingId: claimed.booking.id })
    // The confirmation is the normal one.
    expect((await outboxOf(database.db, clinic.project.id)).some(message => message.to === 'ana@example.com' && message.template === 'bookings.confirmed')).toBe(true)

    // The same link again: a clean 409, and still one booking.
    const again = await failure(claimWaitlistOffer(database.db, token!, clinic.env))
    expect([again.statusCode, again.code]).toEqual([409, 'offer_claimed'])
    const active = await database.db.select().from(bookings).where(and(eq(bookings.serviceId, service.id), eq(bookings.status, 'confirmed')))
    expect(active.map(row => row.id)).toEqual([claimed.booking.id])
    expect(await activeOverlaps(database.db, [resource.id])).toEqual([])
  })

  it('lets an unclaimed offer lapse and offers the slot to the next person; the lapsed link says so', async () => {
    const { service, booking } = await fullyBooked()
    const ana = await waitFor(service, 'Ana García', 'ana-2@example.com')
    const carla = await waitFor(service, 'Carla Gil', 'carla-2@example.com')
    await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: 'customer' })
    const anasToken = await claimLinkTo('ana-2@example.com')

    const later = new Date(NOW.getTime() + (WAITLIST_OFFER_MINUTES + 1) * 60_000)
    expect(await offerFreedSlots(database.db, waitlistEnv(later))).toBe(1)
    expect((await offersOf(ana.id)).map(offer => offer.status)).toEqual(['expired'])
    expect((await offersOf(carla.id)).map(offer => offer.status)).toEqual(['open'])
    // Ana waits again, but is not offered the same time twice.
    const [anaNow] = await database.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, ana.id))
    expect(anaNow!.status).toBe('waiting')

    const lapsed = await failure(claimWaitlistOffer(database.db, anasToken!, { ...clinic.env, now: later }))
    expect([lapsed.statusCode, lapsed.code]).toEqual([409, 'offer_expired'])
    const carlasToken = await claimLinkTo('carla-2@example.com')
    const claimed = await claimWaitlistOffer(database.db, carlasToken!, { ...clinic.env, now: later })
    expect(claimed.booking.customerId).not.toBeNull()
  })

  it('books one offer once when it is claimed twice at the same moment', async () => {
    const { service, resource, booking } = await fullyBooked()
    await waitFor(service, 'Ana García', 'ana-3@example.com')
    await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: 'customer' })
    const token = await claimLinkTo('ana-3@example.com')
    const outcomes = await Promise.allSettled([claimWaitlistOffer(database.db, token!, clinic.env), claimWaitlistOffer(database.db, token!, clinic.env)])
    expect(outcomes.filter(outcome => outcome.status === 'fulfilled')).toHaveLength(1)
    const rejected = outcomes.find(outcome => outcome.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason.code).toBe('offer_claimed')
    expect(await activeOverlaps(database.db, [resource.id])).toEqual([])
  })

  it('offers nothing while the project sends customers nothing, and keeps the slot free for anyone', async () => {
    const { service, booking } = await fullyBooked()
    const ana = await waitFor(service, 'Ana García', 'ana-4@example.com')
    await saveNotificationSettings(database.db, clinic.scope, { ...DEFAULT_NOTIFICATION_SETTINGS, sendNothing: true })
    try {
      await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: 'customer' })
      expect(await offersOf(ana.id)).toEqual([])
      expect(await freeStarts(service)).toHaveLength(1)
    }
    finally {
      await saveNotificationSettings(database.db, clinic.scope, DEFAULT_NOTIFICATION_SETTINGS)
    }
  })

  it('asks the service\'s questions when joining, and books the claimed time with those answers', async () => {
    const { service, booking } = await fullyBooked()
    const consent = await clinic.addRequirement({ kind: 'consent', label: 'I accept the cancellation policy', required: true, serviceIds: [service.id] })
    const join = (answers: Record<string, unknown>) => joinWaitlist(database.db, clinic.project, joinWaitlistSchema.parse({
      serviceId: service.id, fromDate: WEDNESDAY, toDate: WEDNESDAY, timeZone: 'Europe/Madrid', customer: { name: 'Fran Ruiz', email: 'fran@example.com' }, answers,
    }), NOW)
    const refused = await failure(join({}))
    expect([refused.statusCode, Object.keys(refused.data.fields ?? {})]).toEqual([422, [`answers.${consent.id}`]])
    await join({ [consent.id]: true })
    await changeBookingStatus(database.db, clinic.project, booking.id, 'cancel', clinic.env, { by: 'customer' })
    const claimed = await claimWaitlistOffer(database.db, (await claimLinkTo('fran@example.com'))!, clinic.env)
    expect(claimed.booking.answers).toEqual([expect.objectContaining({ requirementId: consent.id, value: true })])
  })

  it('keeps one place per person and service, and refuses a range that makes no sense', async () => {
    const { service } = await fullyBooked()
    const first = await waitFor(service, 'Eva Luna', 'eva@example.com')
    const again = await joinWaitlist(database.db, clinic.project, joinWaitlistSchema.parse({
      serviceId: service.id, fromDate: '2026-12-09', toDate: '2026-12-11', timeZone: 'Europe/Madrid', customer: { name: 'Eva Luna', email: 'eva@example.com' },
    }), NOW)
    expect(again).toMatchObject({ id: first.id, fromDate: '2026-12-09', toDate: '2026-12-11' })

    const backwards = joinWaitlistSchema.safeParse({ serviceId: service.id, fromDate: '2026-12-09', toDate: '2026-12-01', timeZone: 'Europe/Madrid', customer: { name: 'Eva', email: 'eva@example.com' } })
    expect(backwards.success).toBe(false)
    const sms = joinWaitlistSchema.safeParse({ serviceId: service.id, fromDate: '2026-12-09', toDate: '2026-12-10', timeZone: 'Europe/Madrid', channel: 'sms', customer: { name: 'Eva', email: 'eva@example.com' } })
    expect(sms.error?.issues.map(issue => [issue.path.join('.'), issue.message])).toEqual([['customer.phone', 'is needed to be told by text message']])
    const past = await failure(joinWaitlist(database.db, clinic.project, joinWaitlistSchema.parse({
      serviceId: service.id, fromDate: '2026-11-20', toDate: '2026-11-27', timeZone: 'Europe/Madrid', customer: { name: 'Eva', email: 'eva@example.com' },
    }), NOW))
    expect(past.statusCode).toBe(422)
  })
})

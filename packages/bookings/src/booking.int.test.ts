import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookingCoupons, bookings, couponRedemptions, createDb, customers } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { dayRangeInZone, formatInZone } from '@flectar/time'
import { changeBookingStatus } from './change-booking-status'
import { expireHolds } from './expire-holds'
import { getCustomer, listBookings } from './listing'
import { listAvailableSlots } from './list-available-slots'
import { publicBooking } from './manage'
import { createBookingFromRequest } from './testing/from-request'
import { bookingRequest, failure, NOW, outboxOf, seedBookingProject, type BookingProject } from './testing/seed-booking-project'

const minutesAfter = (instant: Date, minutes: number) => new Date(instant.getTime() + minutes * 60_000)

describe('createBooking on a real database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let clinic: BookingProject

  beforeAll(async () => {
    database = await createTestDatabase()
    clinic = await seedBookingProject(database.db, 'clinic-create')
  })
  afterAll(() => database.drop())

  it('books a confirmed slot with its price, extras, answers and a new customer', async () => {
    const { service, resourceIds } = await clinic.addService({ bufferBeforeMinutes: 5, bufferAfterMinutes: 10 })
    const extra = await clinic.addExtra({ name: 'Deep clean', priceAmount: 1500, durationMinutes: 15, serviceIds: [service.id] })
    const reason = await clinic.addRequirement({ kind: 'text', label: 'Reason for visit', required: true, position: 1, serviceIds: [service.id] })
    const language = await clinic.addRequirement({ kind: 'choice', label: 'Language', options: ['English', 'Spanish'], position: 2, serviceIds: [service.id] })
    const privacy = await clinic.addRequirement({ kind: 'consent', label: 'I accept the privacy policy', required: true, position: 3, serviceIds: [service.id] })
    const newsletter = await clinic.addRequirement({ kind: 'checkbox', label: 'Newsletter', position: 4, serviceIds: [service.id] })

    const { booking, manageUrl } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-07T10:00:00+01:00', {
      customer: { name: ' Ana García ', email: 'Ana.New@Example.com', phone: '+34 600 00 00 01' },
      extras: [extra.id],
      answers: { [reason.id]: 'Check-up', [language.id]: 'Spanish', [privacy.id]: true, [newsletter.id]: false },
    }), clinic.env, { source: 'site' })

    expect(booking).toMatchObject({
      status: 'confirmed', resourceId: resourceIds[0], seat: 0, serviceId: service.id, serviceName: 'Consultation', source: 'site',
      startsAt: new Date('2026-12-07T09:00:00Z'), endsAt: new Date('2026-12-07T09:45:00Z'),
      blocked: { start: new Date('2026-12-07T08:55:00Z'), end: new Date('2026-12-07T09:55:00Z') },
      timeZone: 'Europe/Madrid', currency: 'EUR', priceAmount: 4500, discountAmount: 0, depositAmount: 0, couponId: null,
      holdExpiresAt: null, confirmedAt: NOW, remindersSent: [],
      extras: [{ id: extra.id, name: 'Deep clean', priceAmount: 1500, durationMinutes: 15 }],
      answers: [
        { requirementId: reason.id, label: 'Reason for visit', value: 'Check-up' },
        { requirementId: language.id, label: 'Language', value: 'Spanish' },
        { requirementId: privacy.id, label: 'I accept the privacy policy', value: true },
      ],
    })
    expect(manageUrl).toMatch(new RegExp(`^https://clinic-create\\.example/book/manage/${booking.id}\\.[\\w-]+$`))
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, booking.customerId!))
    expect(customer).toMatchObject({ projectId: clinic.project.id, name: 'Ana García', email: 'ana.new@example.com', phone: '+34600000001' })
    expect(publicBooking(booking, clinic.project, null)).toMatchObject({ start: '2026-12-07T10:00:00+01:00', end: '2026-12-07T10:45:00+01:00', price: { amount: 4500, currency: 'EUR' } })
  })

  it('finds a returning customer by email; a phone only finds a customer without an email', async () => {
    const { service } = await clinic.addService()
    const book = (start: string, customer: Record<string, string>) =>
      createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start, { customer: { name: 'Ana', ...customer } }), clinic.env, { source: 'site' })
    const before = await clinic.counts()
    const first = await book('2026-12-07T10:00:00+01:00', { email: 'Ana.Match@Example.com', phone: '+34 600 11 22 33' })
    const byEmail = await book('2026-12-07T11:00:00+01:00', { email: 'ANA.MATCH@example.com' })
    // Same phone, another email: someone else (messages must reach the person who booked, P23).
    const otherPerson = await book('2026-12-07T12:00:00+01:00', { email: 'ana.work@example.com', phone: '+34 600-11-22-33' })

    expect(byEmail.booking.customerId).toBe(first.booking.customerId)
    expect(otherPerson.booking.customerId).not.toBe(first.booking.customerId)
    expect((await clinic.counts()).customers).toBe(before.customers + 2)
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, first.booking.customerId!))
    expect(customer).toMatchObject({ email: 'ana.match@example.com', phone: '+34600112233' })
    const confirmation = (await outboxOf(database.db, clinic.project.id)).filter(message => message.template === 'bookings.confirmed' && message.text.includes(otherPerson.manageUrl))
    expect(confirmation.map(message => message.to)).toEqual(['ana.work@example.com'])
    const history = await getCustomer(database.db, clinic.scope, customer!.id)
    expect(history.bookings.map(booking => booking.id)).toEqual([byEmail, first].map(({ booking }) => booking.id))
    const found = await listBookings(database.db, clinic.scope, { q: 'ana.match@', limit: 200 })
    expect(found.map(booking => booking.id)).toEqual([first, byEmail].map(({ booking }) => booking.id))
  })

  it('gives a phone-only customer (booked at the desk) their email when they book online', async () => {
    const { service } = await clinic.addService()
    const desk = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-08T10:00:00+01:00', { customer: { name: 'Carla', phone: '+34 611 22 33 44' } }), clinic.env, { source: 'admin', actor: SYSTEM_ACTOR })
    const online = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-08T12:00:00+01:00', { customer: { name: 'Carla', email: 'carla@example.com', phone: '+34611223344' } }), clinic.env, { source: 'site' })
    expect(online.booking.customerId).toBe(desk.booking.customerId)
    const rows = await database.db.select().from(customers).where(and(eq(customers.projectId, clinic.project.id), eq(customers.phone, '+34611223344')))
    expect(rows).toEqual([expect.objectContaining({ id: desk.booking.customerId, email: 'carla@example.com' })])
  })

  it('gives a new booking to the resource with the fewest bookings that local day', async () => {
    const busy = await clinic.addResource({ name: 'Night owl' })
    const free = await clinic.addResource({ name: 'Day person' })
    const { service } = await clinic.addService({}, [busy.id, free.id])
    // Two just after midnight in Madrid (still the previous day in UTC) and one at noon.
    const insert = (resourceId: string, iso: string) => {
      const startsAt = new Date(iso)
      const endsAt = new Date(startsAt.getTime() + 15 * 60_000)
      return database.db.insert(bookings).values({ ...clinic.scope, resourceId, serviceId: service.id, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt } })
    }
    await insert(busy.id, '2026-12-10T00:15:00+01:00')
    await insert(busy.id, '2026-12-10T00:45:00+01:00')
    await insert(free.id, '2026-12-10T12:00:00+01:00')
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-10T10:00:00+01:00', { customer: { name: 'Lea', email: 'lea@example.com' } }), clinic.env, { source: 'site' })
    expect(booking.resourceId).toBe(free.id)
  })

  it('asks for confirmation when the service requires it', async () => {
    const { service } = await clinic.addService({ requiresConfirmation: true })
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-09T10:00:00+01:00', { customer: { name: 'Pia', email: 'pia@example.com' } }), clinic.env, { source: 'site' })
    expect(booking).toMatchObject({ status: 'pending', confirmedAt: null })
    const messages = (await outboxOf(database.db, clinic.project.id)).filter(message => message.text.includes('Pia'))
    expect(messages.map(message => [message.template, message.to]).sort()).toEqual([
      ['bookings.owner_requested', 'owner@clinic-create.example'],
      ['bookings.requested', 'pia@example.com'],
    ])
  })

  it('holds a slot pending payment, and gives it back once the hold expires', async () => {
    const { service } = await clinic.addService({ priceAmount: 5000, depositKind: 'percent', depositValue: 20 })
    const start = '2026-12-10T10:00:00+01:00'
    const before = await clinic.counts()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start), clinic.env, { source: 'site', paymentHoldMinutes: 15 })
    expect(booking).toMatchObject({ status: 'pending_payment', holdExpiresAt: minutesAfter(NOW, 15), depositAmount: 1000, priceAmount: 5000, confirmedAt: null })
    // Nothing is announced until the payment arrives.
    expect((await clinic.counts()).outbox).toBe(before.outbox)

    const meanwhile = { ...clinic.env, now: minutesAfter(NOW, 5) }
    expect(await failure(createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start), meanwhile, { source: 'site' })))
      .toMatchObject({ statusCode: 409, data: { code: 'slot_unavailable' } })

    const later = minutesAfter(NOW, 16)
    expect(await expireHolds(database.db, later)).toBe(1)
    const [expired] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
    expect(expired).toMatchObject({ status: 'cancelled', cancelReason: 'Payment hold expired', cancelledAt: later })
    const again = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start), { ...clinic.env, now: later }, { source: 'site' })
    expect(again.booking.status).toBe('confirmed')
  })

  it('confirms at once when a payment hold is asked for but no deposit applies', async () => {
    const { service } = await clinic.addService()
    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-10T10:00:00+01:00'), clinic.env, { source: 'site', paymentHoldMinutes: 15 })
    expect(booking).toMatchObject({ status: 'confirmed', holdExpiresAt: null, depositAmount: 0 })
  })

  describe('refuses bad input with a 422 naming the field, and creates nothing', () => {
    const fixture = {} as Record<'service' | 'other' | 'extra' | 'otherExtra' | 'reason' | 'consent' | 'choice' | 'otherQuestion', { id: string }>
    const start = '2026-12-11T10:00:00+01:00'
    const answers = () => ({ [fixture.reason.id]: 'Back pain', [fixture.consent.id]: true, [fixture.choice.id]: 'Morning' })

    beforeAll(async () => {
      fixture.service = (await clinic.addService()).service
      fixture.other = (await clinic.addService({ name: 'Massage' })).service
      fixture.extra = await clinic.addExtra({ name: 'Towel', priceAmount: 200, serviceIds: [fixture.service.id] })
      fixture.otherExtra = await clinic.addExtra({ name: 'Hot stones', priceAmount: 900, serviceIds: [fixture.other.id] })
      fixture.reason = await clinic.addRequirement({ kind: 'text', label: 'Reason', required: true, serviceIds: [fixture.service.id] })
      fixture.consent = await clinic.addRequirement({ kind: 'consent', label: 'Consent', required: true, serviceIds: [fixture.service.id] })
      fixture.choice = await clinic.addRequirement({ kind: 'choice', label: 'When', options: ['Morning', 'Evening'], serviceIds: [fixture.service.id] })
      fixture.otherQuestion = await clinic.addRequirement({ kind: 'text', label: 'Pressure', serviceIds: [fixture.other.id] })
      await clinic.addCoupon({ code: 'OLD', kind: 'percent', amount: 10, validUntil: new Date('2026-11-30T00:00:00Z') })
      await clinic.addCoupon({ code: 'SOON', kind: 'percent', amount: 10, validFrom: new Date('2026-12-24T00:00:00Z') })
      await clinic.addCoupon({ code: 'GONE', kind: 'fixed', amount: 500, maxUses: 3, usedCount: 3 })
      await clinic.addCoupon({ code: 'MASSAGE', kind: 'fixed', amount: 500, serviceIds: [fixture.other.id] })
    })

    const unknownId = randomUUID()
    const cases: Array<[string, () => Record<string, unknown>, () => Record<string, string>]> = [
      ['an unknown service', () => ({ serviceId: unknownId }), () => ({ serviceId: 'is not a bookable service of this site' })],
      ['a start between slots', () => ({ start: '2026-12-11T10:07:00+01:00' }), () => ({ start: 'is not a bookable time for this service; choose one of the available slots' })],
      ['a past start', () => ({ start: '2026-11-30T10:00:00+01:00' }), () => ({ start: 'is in the past' })],
      ['a start in the lunch break', () => ({ start: '2026-12-11T13:30:00+01:00' }), () => ({ start: 'is not a bookable time for this service; choose one of the available slots' })],
      ['a start on a Saturday', () => ({ start: '2026-12-12T10:00:00+01:00' }), () => ({ start: 'is not a bookable time for this service; choose one of the available slots' })],
      ['an unknown extra', () => ({ extras: [unknownId] }), () => ({ 'extras.0': 'is not an extra offered with this service' })],
      ['an extra of another service', () => ({ extras: [fixture.extra.id, fixture.otherExtra.id] }), () => ({ 'extras.1': 'is not an extra offered with this service' })],
      ['a missing required answer', () => ({ answers: { ...answers(), [fixture.reason.id]: '' } }), () => ({ [`answers.${fixture.reason.id}`]: 'is required' })],
      ['a consent not given', () => ({ answers: { ...answers(), [fixture.consent.id]: false } }), () => ({ [`answers.${fixture.consent.id}`]: 'must be accepted' })],
      ['a choice not offered', () => ({ answers: { ...answers(), [fixture.choice.id]: 'Midnight' } }), () => ({ [`answers.${fixture.choice.id}`]: 'must be one of the offered options' })],
      ['an answer to an unknown question', () => ({ answers: { ...answers(), [unknownId]: 'x' } }), () => ({ [`answers.${unknownId}`]: 'is not a question of this service' })],
      ['an answer to another service\'s question', () => ({ answers: { ...answers(), [fixture.otherQuestion.id]: 'Soft' } }), () => ({ [`answers.${fixture.otherQuestion.id}`]: 'is not a question of this service' })],
      ['an expired coupon', () => ({ couponCode: 'old' }), () => ({ couponCode: 'has expired' })],
      ['a coupon not valid yet', () => ({ couponCode: 'SOON' }), () => ({ couponCode: 'is not valid yet' })],
      ['a used-up coupon', () => ({ couponCode: 'GONE' }), () => ({ couponCode: 'has been used up' })],
      ['a coupon of another service', () => ({ couponCode: 'MASSAGE' }), () => ({ couponCode: 'does not apply to this service' })],
      ['an unknown coupon', () => ({ couponCode: 'NOPE' }), () => ({ couponCode: 'is not a valid code' })],
      ['an invalid email', () => ({ customer: { name: 'Ana', email: 'ana@' } }), () => ({ 'customer.email': 'must be an email address' })],
      ['an invalid time zone', () => ({ timeZone: 'Mars/Olympus_Mons' }), () => ({ timeZone: 'must be an IANA time zone such as Europe/Madrid' })],
      ['a resource that does not deliver the service', () => ({ resourceId: unknownId }), () => ({ resourceId: 'cannot take this service at this time' })],
    ]

    it('accepts the request these cases start from', async () => {
      const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(fixture.service.id, '2026-12-11T16:00:00+01:00', { answers: answers(), extras: [fixture.extra.id] }), clinic.env, { source: 'site' })
      expect(booking).toMatchObject({ status: 'confirmed', priceAmount: 3200 })
    })

    it.each(cases)('%s', async (_, change, fields) => {
      const before = await clinic.counts()
      const error = await failure(createBookingFromRequest(database.db, clinic.project, { ...bookingRequest(fixture.service.id, start, { answers: answers() }), ...change() }, clinic.env, { source: 'site' }))
      expect(error.statusCode).toBe(422)
      expect(error.data).toEqual({ code: 'invalid_input', fields: fields() })
      expect(await clinic.counts()).toEqual(before)
    })
  })

  describe('coupons', () => {
    it('takes a percentage or a fixed amount off the service and its extras', async () => {
      const { service } = await clinic.addService({ priceAmount: 4000 })
      const extra = await clinic.addExtra({ name: 'Oil', priceAmount: 999, serviceIds: [service.id] })
      await clinic.addCoupon({ code: 'TEN', kind: 'percent', amount: 10 })
      await clinic.addCoupon({ code: 'FIVER', kind: 'fixed', amount: 500 })
      const book = (start: string, couponCode: string) => createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start, { extras: [extra.id], couponCode }), clinic.env, { source: 'site' })
      const percent = await book('2026-12-14T10:00:00+01:00', 'ten')
      const fixed = await book('2026-12-14T11:00:00+01:00', 'Fiver')
      expect(percent.booking).toMatchObject({ priceAmount: 4999, discountAmount: 500 })
      expect(fixed.booking).toMatchObject({ priceAmount: 4999, discountAmount: 500 })
      const tenPercentOfRound = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2026-12-14T12:00:00+01:00', { couponCode: 'TEN' }), clinic.env, { source: 'site' })
      expect(tenPercentOfRound.booking).toMatchObject({ priceAmount: 4000, discountAmount: 400, couponId: expect.any(String) })
    })

    it('never goes past the maximum uses, even under 20 concurrent bookings', async () => {
      const wide = createDb(database.url, { max: 24 })
      try {
        const resources = await Promise.all(Array.from({ length: 20 }, (_, index) => clinic.addResource({ name: `Chair ${index}` })))
        const { service } = await clinic.addService({}, resources.map(resource => resource.id))
        const coupon = await clinic.addCoupon({ code: 'FIRST5', kind: 'fixed', amount: 1000, maxUses: 5 })
        const results = await Promise.all(resources.map((resource, index) => createBookingFromRequest(wide.db, clinic.project, bookingRequest(service.id, `2026-12-15T${String(9 + (index % 4)).padStart(2, '0')}:00:00+01:00`, {
          resourceId: resource.id, couponCode: 'FIRST5', customer: { name: `Guest ${index}`, email: `guest${index}@example.com` },
        }), clinic.env, { source: 'site' }).then(() => 'booked', (error: unknown) => error)))

        expect(results.filter(result => result === 'booked')).toHaveLength(5)
        for (const result of results.filter(result => result !== 'booked')) {
          expect(result).toMatchObject({ statusCode: 422, data: { code: 'invalid_input', fields: { couponCode: 'has been used up' } } })
        }
        const [used] = await database.db.select().from(bookingCoupons).where(eq(bookingCoupons.id, coupon.id))
        expect(used!.usedCount).toBe(5)
        expect(await database.db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, coupon.id))).toHaveLength(5)
      }
      finally {
        await wide.close()
      }
    })

    it('refuses a one-per-customer coupon the second time the same person uses it', async () => {
      const { service } = await clinic.addService()
      await clinic.addCoupon({ code: 'HELLO', kind: 'percent', amount: 50, onePerCustomer: true })
      const book = (start: string, email: string) => createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start, { couponCode: 'HELLO', customer: { name: 'Dora', email } }), clinic.env, { source: 'site' })
      expect((await book('2026-12-16T10:00:00+01:00', 'dora@example.com')).booking.discountAmount).toBe(1500)
      const before = await clinic.counts()
      expect(await failure(book('2026-12-16T11:00:00+01:00', 'DORA@example.com'))).toMatchObject({ statusCode: 422, data: { fields: { couponCode: 'has already been used by you' } } })
      expect(await clinic.counts()).toEqual(before)
      expect((await book('2026-12-16T11:00:00+01:00', 'eva@example.com')).booking.discountAmount).toBe(1500)
    })
    it('gives a use back when a booking with the coupon is cancelled or its payment hold expires', async () => {
      const { service } = await clinic.addService({ depositKind: 'fixed', depositValue: 500 })
      const coupon = await clinic.addCoupon({ code: 'ONLYONE', kind: 'fixed', amount: 500, maxUses: 1 })
      const book = (start: string, email: string, options: { paymentHoldMinutes?: number } = {}) => createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, start, { couponCode: 'ONLYONE', customer: { name: 'Ivo', email } }), clinic.env, { source: 'site', ...options })
      const held = await book('2026-12-17T10:00:00+01:00', 'ivo@example.com', { paymentHoldMinutes: 15 })
      expect(await failure(book('2026-12-17T11:00:00+01:00', 'jon@example.com'))).toMatchObject({ data: { fields: { couponCode: 'has been used up' } } })
      expect(await expireHolds(database.db, new Date(held.booking.holdExpiresAt!.getTime() + 1000))).toBe(1)
      const second = await book('2026-12-17T11:00:00+01:00', 'jon@example.com')
      await changeBookingStatus(database.db, clinic.project, second.booking.id, 'cancel', clinic.env, { by: SYSTEM_ACTOR })
      const [after] = await database.db.select().from(bookingCoupons).where(eq(bookingCoupons.id, coupon.id))
      expect(after!.usedCount).toBe(0)
      expect((await book('2026-12-17T12:00:00+01:00', 'kim@example.com')).booking.discountAmount).toBe(500)
    })
  })

  it('books 09:00 local on the day after the spring change in Madrid at +02:00', async () => {
    const { service } = await clinic.addService()
    const env = { ...clinic.env, now: new Date('2027-03-20T08:00:00Z') }
    const slotsOn = async (date: string) => (await listAvailableSlots(database.db, service, { ...dayRangeInZone(date, date, 'Europe/Madrid'), now: env.now })).slots
    expect(formatInZone((await slotsOn('2027-03-26'))[0]!.start, 'Europe/Madrid')).toBe('2027-03-26T09:00:00+01:00')
    expect(formatInZone((await slotsOn('2027-03-29'))[0]!.start, 'Europe/Madrid')).toBe('2027-03-29T09:00:00+02:00')

    const { booking } = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2027-03-29T07:00:00Z'), env, { source: 'site' })
    expect(booking.startsAt).toEqual(new Date('2027-03-29T07:00:00Z'))
    expect(publicBooking(booking, clinic.project, null).start).toBe('2027-03-29T09:00:00+02:00')
    // 09:00 at the winter offset is 10:00 local on that day: a slot too, an hour later.
    const later = await createBookingFromRequest(database.db, clinic.project, bookingRequest(service.id, '2027-03-29T09:00:00+01:00'), env, { source: 'site' })
    expect(publicBooking(later.booking, clinic.project, null).start).toBe('2027-03-29T10:00:00+02:00')
  })
})

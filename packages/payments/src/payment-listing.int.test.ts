import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingResources, bookings, customers, organizations, paymentEvents, payments, projects } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { InvalidInputError, NotFoundError, parseInput } from '@flectar/errors'
import { getPaymentTimeline, listPayments, listPaymentsQuerySchema } from './payment-listing'

describe('the admin\'s payments list and a payment\'s timeline', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let salon: { orgId: string, projectId: string }
  let sister: { orgId: string, projectId: string }
  let stranger: { orgId: string, projectId: string }
  let slot = 0

  async function projectOf(orgId: string, slug: string) {
    const [project] = await database.db.insert(projects).values({ orgId, name: slug, slug, timeZone: 'Europe/Madrid', defaultLocale: 'en' }).returning()
    return { orgId, projectId: project!.id }
  }
  /** A booking of `scope` by `customer`, for `serviceName`. */
  async function bookingOf(scope: { orgId: string, projectId: string }, customer: string | null, serviceName: string) {
    const [resource] = await database.db.insert(bookingResources).values({ ...scope, name: 'Ana', timeZone: 'Europe/Madrid' }).returning()
    const [person] = customer ? await database.db.insert(customers).values({ ...scope, name: customer }).returning() : [undefined]
    const startsAt = new Date(Date.UTC(2027, 0, 4, 9 + slot++))
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000)
    const [booking] = await database.db.insert(bookings).values({
      ...scope, resourceId: resource!.id, customerId: person?.id ?? null, status: 'confirmed', startsAt, endsAt, blocked: { start: startsAt, end: endsAt },
      serviceName, priceAmount: 4000, depositAmount: 1000, currency: 'EUR',
    }).returning()
    return booking!
  }
  async function paymentOf(scope: { orgId: string, projectId: string }, bookingId: string, values: { provider: string, status: string, createdAt: string, paidMinor?: number, refundedMinor?: number }) {
    const [payment] = await database.db.insert(payments).values({
      ...scope, bookingId, amountMinor: 1000, currency: 'EUR', checkoutId: `co_${crypto.randomUUID()}`, ...values, createdAt: new Date(values.createdAt), updatedAt: new Date(values.createdAt),
    }).returning()
    return payment!.id
  }

  let ana: Awaited<ReturnType<typeof bookingOf>>
  let bea: Awaited<ReturnType<typeof bookingOf>>
  const ids = {} as Record<'anaStripe' | 'anaRedsys' | 'beaPaypal' | 'beaVenue' | 'beaExpired' | 'sister' | 'stranger', string>

  beforeAll(async () => {
    database = await createTestDatabase()
    const [org] = await database.db.insert(organizations).values({ name: 'Salon', slug: 'salon' }).returning()
    const [other] = await database.db.insert(organizations).values({ name: 'Other', slug: 'other' }).returning()
    salon = await projectOf(org!.id, 'salon-site')
    sister = await projectOf(org!.id, 'sister-site')
    stranger = await projectOf(other!.id, 'stranger-site')
    ana = await bookingOf(salon, 'Ana García', 'Haircut')
    bea = await bookingOf(salon, null, 'Colour')
    ids.anaStripe = await paymentOf(salon, ana.id, { provider: 'stripe', status: 'failed', createdAt: '2026-12-01T10:00:00Z' })
    ids.anaRedsys = await paymentOf(salon, ana.id, { provider: 'redsys', status: 'partially_refunded', createdAt: '2026-12-02T10:00:00Z', paidMinor: 1000, refundedMinor: 400 })
    ids.beaPaypal = await paymentOf(salon, bea.id, { provider: 'paypal', status: 'paid', createdAt: '2026-12-03T10:00:00Z', paidMinor: 1000 })
    ids.beaVenue = await paymentOf(salon, bea.id, { provider: 'on_site', status: 'pending', createdAt: '2026-12-04T10:00:00Z' })
    ids.beaExpired = await paymentOf(salon, bea.id, { provider: 'stripe', status: 'expired', createdAt: '2026-12-05T10:00:00Z' })
    const sisterBooking = await bookingOf(sister, 'Sister customer', 'Sister service')
    ids.sister = await paymentOf(sister, sisterBooking.id, { provider: 'stripe', status: 'paid', createdAt: '2026-12-03T12:00:00Z', paidMinor: 1000 })
    const strangerBooking = await bookingOf(stranger, 'Stranger customer', 'Stranger service')
    ids.stranger = await paymentOf(stranger, strangerBooking.id, { provider: 'stripe', status: 'paid', createdAt: '2026-12-03T13:00:00Z', paidMinor: 1000 })
    // Written out of id order on purpose: the timeline follows the time, then the id.
    await database.db.insert(paymentEvents).values([
      { paymentId: ids.anaRedsys, fromStatus: 'paid', toStatus: 'partially_refunded', event: 'refunded', source: 'webhook', details: { totalRefundedMinor: 400 }, createdAt: new Date('2026-12-02T11:00:00Z') },
      { paymentId: ids.anaRedsys, fromStatus: 'created', toStatus: 'pending', event: 'checkout_started', source: 'admin', details: {}, createdAt: new Date('2026-12-02T10:00:00Z') },
      { paymentId: ids.anaRedsys, fromStatus: 'pending', toStatus: 'paid', event: 'paid', source: 'webhook', details: { providerPaymentId: '0001abc', amountMinor: 1000 }, createdAt: new Date('2026-12-02T10:05:00Z') },
      { paymentId: ids.stranger, fromStatus: 'pending', toStatus: 'paid', event: 'paid', source: 'webhook', details: {}, createdAt: new Date('2026-12-03T13:00:00Z') },
    ])
  })
  afterAll(() => database.drop())

  const list = (scope: { orgId: string, projectId: string }, query: Record<string, unknown> = {}) => listPayments(database.db, scope, parseInput(listPaymentsQuerySchema, query))
  const idsOf = (result: { data: Array<{ id: string }> }) => result.data.map(payment => payment.id)

  it('lists the project\'s payments newest first, with the booking\'s service, time and customer, and amounts as money', async () => {
    const result = await list(salon)
    expect(result.total).toBe(5)
    expect(idsOf(result)).toEqual([ids.beaExpired, ids.beaVenue, ids.beaPaypal, ids.anaRedsys, ids.anaStripe])
    expect(result.data[3]).toEqual({
      id: ids.anaRedsys, bookingId: ana.id, provider: 'redsys', status: 'partially_refunded',
      amount: { amount: 1000, currency: 'EUR' }, paid: { amount: 1000, currency: 'EUR' }, refunded: { amount: 400, currency: 'EUR' },
      createdAt: new Date('2026-12-02T10:00:00Z'), updatedAt: new Date('2026-12-02T10:00:00Z'),
      serviceName: 'Haircut', startsAt: ana.startsAt, customerName: 'Ana García',
    })
    // A booking without a customer record still lists its payments.
    expect(result.data[0]).toMatchObject({ serviceName: 'Colour', customerName: null })
  })

  it('filters by status, provider, booking and creation time, each alone and together', async () => {
    expect(idsOf(await list(salon, { status: 'paid' }))).toEqual([ids.beaPaypal])
    expect(idsOf(await list(salon, { provider: 'stripe' }))).toEqual([ids.beaExpired, ids.anaStripe])
    expect(idsOf(await list(salon, { bookingId: ana.id }))).toEqual([ids.anaRedsys, ids.anaStripe])
    expect(idsOf(await list(salon, { bookingId: bea.id, provider: 'stripe' }))).toEqual([ids.beaExpired])
    // `from` includes its instant, `to` excludes its own; a bare day is its midnight UTC.
    expect(idsOf(await list(salon, { from: '2026-12-02T10:00:00Z', to: '2026-12-04T10:00:00Z' }))).toEqual([ids.beaPaypal, ids.anaRedsys])
    expect(idsOf(await list(salon, { from: '2026-12-04', to: '2026-12-05' }))).toEqual([ids.beaVenue])
    const none = await list(salon, { status: 'disputed' })
    expect(none).toEqual({ data: [], total: 0 })
  })

  it('pages through the list without overlap, the total counting every match', async () => {
    const pages = [await list(salon, { page: '1', pageSize: '2' }), await list(salon, { page: 2, pageSize: 2 }), await list(salon, { page: 3, pageSize: 2 }), await list(salon, { page: 4, pageSize: 2 })]
    expect(pages.map(page => page.total)).toEqual([5, 5, 5, 5])
    expect(pages.map(idsOf)).toEqual([[ids.beaExpired, ids.beaVenue], [ids.beaPaypal, ids.anaRedsys], [ids.anaStripe], []])
    expect(parseInput(listPaymentsQuerySchema, {})).toMatchObject({ page: 1, pageSize: 25 })
  })

  it('answers a bad query with a message per field', () => {
    let caught: unknown
    try {
      parseInput(listPaymentsQuerySchema, { status: 'stolen', provider: 'bitcoin', bookingId: 'nope', from: '2026-13-01', to: '9999-01-01', page: '0', pageSize: '101' })
    }
    catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidInputError)
    expect(Object.keys((caught as InvalidInputError).data.fields ?? {}).sort()).toEqual(['bookingId', 'from', 'page', 'pageSize', 'provider', 'status', 'to'])
  })

  it('never shows another project\'s payment, of the same organisation or another, and its timeline is not found', async () => {
    const everything = [...idsOf(await list(salon, { pageSize: 100 })), ...idsOf(await list(salon, { status: 'paid' })), ...idsOf(await list(salon, { bookingId: (await getPaymentTimeline(database.db, stranger, ids.stranger)).bookingId }))]
    expect(everything).not.toContain(ids.sister)
    expect(everything).not.toContain(ids.stranger)
    expect(idsOf(await list(sister))).toEqual([ids.sister])
    // The org and the project must both match: the right project under the wrong org finds nothing.
    expect(await list({ orgId: stranger.orgId, projectId: salon.projectId })).toEqual({ data: [], total: 0 })
    await expect(getPaymentTimeline(database.db, salon, ids.stranger)).rejects.toBeInstanceOf(NotFoundError)
    await expect(getPaymentTimeline(database.db, salon, ids.sister)).rejects.toBeInstanceOf(NotFoundError)
    await expect(getPaymentTimeline(database.db, { orgId: stranger.orgId, projectId: salon.projectId }, ids.anaRedsys)).rejects.toBeInstanceOf(NotFoundError)
    await expect(getPaymentTimeline(database.db, salon, crypto.randomUUID())).rejects.toMatchObject({ data: { code: 'payment_not_found' } })
  })

  it('shows a payment\'s status changes in the order they happened, with their source and amounts', async () => {
    const timeline = await getPaymentTimeline(database.db, salon, ids.anaRedsys)
    expect(timeline).toMatchObject({ id: ids.anaRedsys, provider: 'redsys', status: 'partially_refunded', customerName: 'Ana García', serviceName: 'Haircut', refunded: { amount: 400, currency: 'EUR' } })
    expect(timeline.events.map(({ fromStatus, toStatus, event, source, details }) => ({ fromStatus, toStatus, event, source, details }))).toEqual([
      { fromStatus: 'created', toStatus: 'pending', event: 'checkout_started', source: 'admin', details: {} },
      { fromStatus: 'pending', toStatus: 'paid', event: 'paid', source: 'webhook', details: { providerPaymentId: '0001abc', amountMinor: 1000 } },
      { fromStatus: 'paid', toStatus: 'partially_refunded', event: 'refunded', source: 'webhook', details: { totalRefundedMinor: 400 } },
    ])
    expect((await getPaymentTimeline(database.db, salon, ids.beaVenue)).events).toEqual([])
  })
})

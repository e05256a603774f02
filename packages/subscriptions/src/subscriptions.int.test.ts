import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { bookWithPayment, changeBookingStatus } from '@flectar/bookings'
import { createBookingSchema } from '@flectar/bookings/schemas'
import { seedBookingProject } from '@flectar/bookings/testing'
import { auditEvents, bookings, customerSubscriptions, payments } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { saveProviderSettings } from '@flectar/payments'
import { createKeyRing } from '@flectar/security'
import { startFakeStripe, type FakeStripe } from '@flectar/stripe/fake'
import { pressOnHostedPage, startWebhookReceiver, type WebhookReceiver } from '@flectar/stripe/testing'
import { createPlan, deletePlan, listPlans } from './plans'
import { applySubscriptionEvent, coverBooking, listSubscribers, startSubscriptionCheckout, subscriberPortal, viewSubscription, type SubscriptionEnv } from './subscriptions'
import { verifySubscriptionToken } from './tokens'

const WEBHOOK_SECRET = 'whsec_customer_subscriptions_test'
const keyRing = createKeyRing(Buffer.alloc(32, 5).toString('base64'))

describe('customer subscriptions on the project\'s Stripe account', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let fake: FakeStripe
  let receiver: WebhookReceiver
  let studio: Awaited<ReturnType<typeof seedBookingProject>>
  let env: SubscriptionEnv
  let outcomes: string[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    studio = await seedBookingProject(database.db, 'yoga-studio')
    // The project's Stripe webhook as the admin route runs it: signature first, then apply.
    receiver = await startWebhookReceiver(WEBHOOK_SECRET, event => applySubscriptionEvent(database.db, studio.project.id, env, event))
    outcomes = receiver.outcomes
    fake = await startFakeStripe({ webhookSecret: WEBHOOK_SECRET, webhookUrl: receiver.url })
    env = { keyRing, endpoints: { stripeApiUrl: fake.url }, siteOrigin: 'https://yoga-studio.example', secret: studio.env.secret }
    await saveProviderSettings(database.db, keyRing, studio.scope, 'stripe', { secretKey: 'sk_test_YogaStudioSubscriptions', webhookSecret: WEBHOOK_SECRET, enabled: true }, SYSTEM_ACTOR)
  })
  afterAll(async () => {
    await fake?.stop()
    await receiver?.stop()
    await database?.drop()
  })

  async function subscribe(planId: string, customer = { name: 'Nora Namaste', email: 'nora@example.com' }) {
    const started = await startSubscriptionCheckout(database.db, studio.project, { planId, customer }, env)
    const paid = await pressOnHostedPage(started.url, 'paid')
    expect(paid.status).toBe(302)
    // Stripe sends the buyer back to their page on the site, with its signed token.
    const back = new URL(paid.location!)
    expect(back.origin).toBe('https://yoga-studio.example')
    expect(verifySubscriptionToken(env.secret, back.pathname.split('/').pop()!)).toBe(started.subscriptionId)
    return started.subscriptionId
  }
  const rowOf = async (id: string) => (await database.db.select().from(customerSubscriptions).where(eq(customerSubscriptions.id, id)))[0]!

  it('is created through Checkout, renewed, fails a payment, recovers and is cancelled, in step with Stripe', async () => {
    const plan = await createPlan(database.db, studio.scope, { name: 'Monthly yoga', priceMinor: 4900, interval: 'month', bookingsPerPeriod: 4 }, SYSTEM_ACTOR)
    expect(plan).toMatchObject({ currency: 'EUR', active: true, serviceIds: [] })
    const id = await subscribe(plan.id)
    const created = await rowOf(id)
    expect(created).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, canceledAt: null })
    expect(created.stripeSubscriptionId).toMatch(/^sub_/)
    expect(created.stripeCustomerId).toMatch(/^cus_/)
    const firstEnd = created.currentPeriodEnd!
    expect(firstEnd.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000)
    expect(created.currentPeriodStart!.getTime()).toBeLessThanOrEqual(Date.now())
    expect(fake.subscriptions.get(created.stripeSubscriptionId!)!.metadata).toMatchObject({ subscription_id: id, project_id: studio.project.id, plan_id: plan.id })

    await fake.renewSubscription(created.stripeSubscriptionId!)
    const renewed = await rowOf(id)
    expect(renewed.status).toBe('active')
    expect(renewed.currentPeriodEnd!.getTime()).toBeGreaterThan(firstEnd.getTime() + 27 * 86_400_000)

    await fake.failSubscriptionPayment(created.stripeSubscriptionId!)
    expect((await rowOf(id)).status).toBe('past_due')
    expect(outcomes).toContain('invoice.payment_failed:applied')
    await fake.renewSubscription(created.stripeSubscriptionId!)
    expect((await rowOf(id)).status).toBe('active')

    // The customer cancels in Stripe's portal: it runs to the end of the period, then ends.
    const portal = await subscriberPortal(database.db, studio.project, id, env)
    expect(portal.url.startsWith(fake.url)).toBe(true)
    const cancelled = await fetch(`${fake.url}/v1/subscriptions/${created.stripeSubscriptionId}`, { method: 'DELETE', headers: { authorization: 'Bearer sk_test_YogaStudioSubscriptions' } })
    expect(cancelled.status).toBe(200)
    const ended = await rowOf(id)
    expect(ended.status).toBe('canceled')
    expect(ended.canceledAt).toBeInstanceOf(Date)

    const subscribers = await listSubscribers(database.db, studio.scope)
    expect(subscribers.find(row => row.id === id)).toMatchObject({ planName: 'Monthly yoga', customerName: 'Nora Namaste', customerEmail: 'nora@example.com', status: 'canceled' })
  })

  it('applies each event once, and ignores subscriptions that were not made here', async () => {
    const plan = await createPlan(database.db, studio.scope, { name: 'Weekly', priceMinor: 1500, interval: 'week' }, SYSTEM_ACTOR)
    const id = await subscribe(plan.id, { name: 'Rita Repeat', email: 'rita@example.com' })
    const created = fake.events.find(event => event.type === 'customer.subscription.created' && (event.data.object as { metadata: Record<string, string> }).metadata.subscription_id === id)!
    outcomes.length = 0
    await fake.redeliverEvent(created.id)
    expect(outcomes).toEqual(['customer.subscription.created:duplicate'])
    const foreign = await fetch(`${fake.url}/v1/customers`, { method: 'POST', headers: { 'authorization': 'Bearer sk_test_YogaStudioSubscriptions', 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=other%40example.com' })
    const customer = await foreign.json() as { id: string }
    const price = await (await fetch(`${fake.url}/v1/prices`, { method: 'POST', headers: { 'authorization': 'Bearer sk_test_YogaStudioSubscriptions', 'content-type': 'application/x-www-form-urlencoded' }, body: 'currency=eur&unit_amount=999&recurring[interval]=month&product_data[name]=Elsewhere' })).json() as { id: string }
    outcomes.length = 0
    await fetch(`${fake.url}/v1/subscriptions`, { method: 'POST', headers: { 'authorization': 'Bearer sk_test_YogaStudioSubscriptions', 'content-type': 'application/x-www-form-urlencoded' }, body: `customer=${customer.id}&items[0][price]=${price.id}` })
    expect(outcomes.length).toBeGreaterThan(0)
    expect(outcomes.every(outcome => outcome.endsWith(':ignored'))).toBe(true)
  })

  it('covers bookings of its services up to the plan\'s number a period, with no payment asked', async () => {
    const { service } = await studio.addService({ name: 'Yoga class', depositKind: 'percent', depositValue: 100 })
    const { service: other } = await studio.addService({ name: 'Massage', depositKind: 'percent', depositValue: 100 })
    await saveProviderSettings(database.db, keyRing, studio.scope, 'stripe', { secretKey: 'sk_test_YogaStudioSubscriptions', webhookSecret: WEBHOOK_SECRET, enabled: true }, SYSTEM_ACTOR)
    const plan = await createPlan(database.db, studio.scope, { name: 'Two classes', priceMinor: 2500, interval: 'month', bookingsPerPeriod: 2, serviceIds: [service.id] }, SYSTEM_ACTOR)
    const id = await subscribe(plan.id, { name: 'Carla Class', email: 'carla@example.com' })
    const starts = ['2026-12-02T09:00:00+01:00', '2026-12-02T10:00:00+01:00', '2026-12-02T11:00:00+01:00', '2026-12-02T12:00:00+01:00']
    const covered = (serviceId: string, start: string, email = 'carla@example.com') => bookWithPayment(
      database.db, studio.project,
      createBookingSchema.parse({ serviceId, start, timeZone: 'Europe/Madrid', customer: { name: 'Carla Class', email } }),
      'stripe', { ...studio.env, coverBySubscription: (tx, booking) => coverBooking(tx, studio.scope, id, booking) },
      { keyRing, adminUrl: 'https://admin.example', endpoints: env.endpoints }, 'site',
    )
    const first = await covered(service.id, starts[0]!)
    expect(first.booking).toMatchObject({ status: 'confirmed', depositAmount: 0, priceAmount: first.booking.priceAmount })
    expect(first.payment).toBeUndefined()
    expect(await database.db.select().from(payments).where(eq(payments.bookingId, first.booking.id))).toEqual([])
    await expect(covered(other.id, starts[1]!)).rejects.toMatchObject({ statusCode: 409, data: { code: 'subscription_service_not_included' } })
    await expect(covered(service.id, starts[1]!, 'someone.else@example.com')).rejects.toMatchObject({ statusCode: 409, data: { code: 'subscription_other_customer' } })
    await covered(service.id, starts[1]!)
    expect((await viewSubscription(database.db, studio.scope, id))).toMatchObject({ bookingsUsed: 2, bookingsLeft: 0 })
    const refused = await covered(service.id, starts[2]!).catch((error: unknown) => error)
    expect(refused).toMatchObject({ statusCode: 409, data: { code: 'subscription_bookings_used', allowed: 2, used: 2 } })
    // A refused booking leaves nothing behind: the slot stays free.
    expect((await database.db.select().from(bookings).where(eq(bookings.startsAt, new Date(starts[2]!)))).length).toBe(0)

    // A cancelled booking gives its place back.
    await changeBookingStatus(database.db, studio.project, first.booking.id, 'cancel', studio.env, { by: SYSTEM_ACTOR, reason: 'Ill' })
    expect((await viewSubscription(database.db, studio.scope, id)).bookingsLeft).toBe(1)
    expect((await covered(service.id, starts[3]!)).booking.status).toBe('confirmed')
  })

  it('archives a plan someone subscribed to instead of deleting it, and audits plan changes', async () => {
    const used = await createPlan(database.db, studio.scope, { name: 'Kept', priceMinor: 1000, interval: 'year' }, SYSTEM_ACTOR)
    await subscribe(used.id, { name: 'Kim Kept', email: 'kim@example.com' })
    expect(await deletePlan(database.db, studio.scope, used.id, SYSTEM_ACTOR)).toEqual({ deleted: false, archived: true })
    const unused = await createPlan(database.db, studio.scope, { name: 'Gone', priceMinor: 1000, interval: 'year' }, SYSTEM_ACTOR)
    expect(await deletePlan(database.db, studio.scope, unused.id, SYSTEM_ACTOR)).toEqual({ deleted: true, archived: false })
    const offered = await listPlans(database.db, studio.scope, { activeOnly: true })
    expect(offered.map(plan => plan.name)).not.toContain('Kept')
    await expect(startSubscriptionCheckout(database.db, studio.project, { planId: used.id, customer: { name: 'Late', email: 'late@example.com' } }, env)).rejects.toMatchObject({ statusCode: 409, data: { code: 'plan_archived' } })
    const actions = (await database.db.select().from(auditEvents).where(eq(auditEvents.orgId, studio.scope.orgId))).map(row => row.action)
    expect(actions).toEqual(expect.arrayContaining(['subscription_plan.created', 'subscription_plan.archived', 'subscription_plan.deleted']))
  })

  it('refuses bad plans with field messages, and subscribing where Stripe is not connected', async () => {
    await expect(createPlan(database.db, studio.scope, { name: '', priceMinor: 10, interval: 'fortnight', bookingsPerPeriod: 0 }, SYSTEM_ACTOR)).rejects.toMatchObject({
      statusCode: 422,
      data: { fields: { name: 'Give the plan a name', priceMinor: 'A subscription costs at least 0.50', interval: 'Choose week, month or year', bookingsPerPeriod: 'At least 1, or none' } },
    })
    const elsewhere = await seedBookingProject(database.db, 'no-stripe-studio')
    const plan = await createPlan(database.db, elsewhere.scope, { name: 'Monthly', priceMinor: 3000, interval: 'month' }, SYSTEM_ACTOR)
    await expect(startSubscriptionCheckout(database.db, elsewhere.project, { planId: plan.id, customer: { name: 'Ana', email: 'ana@example.com' } }, env)).rejects.toMatchObject({ statusCode: 409, data: { code: 'subscriptions_unavailable' } })
    await expect(startSubscriptionCheckout(database.db, elsewhere.project, { planId: plan.id, customer: { name: 'Ana', email: 'not-an-email' } }, env)).rejects.toMatchObject({ statusCode: 422, data: { fields: { 'customer.email': 'must be an email address' } } })
    expect(await database.db.select().from(customerSubscriptions).where(eq(customerSubscriptions.projectId, elsewhere.project.id))).toEqual([])
  })
})

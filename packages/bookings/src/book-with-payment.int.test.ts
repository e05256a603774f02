import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYSTEM_ACTOR } from '@flectar/accounts'
import { auditEvents, bookings, outboxMessages, paymentEvents, paymentRefunds, payments } from '@flectar/db'
import { createTestDatabase } from '@flectar/db/testing'
import { AppError } from '@flectar/errors'
import { deliveryFromRedsys, deliveryFromStripe, expireOverduePayments, markPaidAtVenue, reconcilePendingPayments, recordWebhookDelivery, refundPayment, runPaymentWork, saveProviderSettings, startBookingPayment, type StartedPayment } from '@flectar/payments'
import { decodeRedsysParams, verifyRedsysNotification } from '@flectar/redsys'
import { startFakeRedsys, type FakeRedsys } from '@flectar/redsys/fake'
import { checkoutOnFakeRedsys } from '@flectar/redsys/testing'
import { createKeyRing } from '@flectar/security'
import { startFakeStripe, type FakeStripe } from '@flectar/stripe/fake'
import { pressOnHostedPage } from '@flectar/stripe/testing'
import { bookWithPayment, type BookingPaymentEnv } from './book-with-payment'
import { createBookingSchema, type BookingRequest } from './schemas'
import { bookingPaymentHooks } from './payment-hooks'
import { NOW, SECRET, seedBookingProject } from './testing/seed-booking-project'

// Taking a deposit at booking, from the booking to the money, on real PostgreSQL and the Redsys
// fake: the signed form the visitor is sent with, the notification Redsys sends back, the job that
// applies it, the hold that runs out, the late payment and the refund Redsys is asked for.

const MERCHANT_KEY = 'sq7HjrUOBfKmC576ILgskD5srU870gJ7'
const keyRing = createKeyRing(Buffer.alloc(32, 3).toString('base64'))

describe('a booking that takes a deposit online', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let fake: FakeRedsys
  let clinic: Awaited<ReturnType<typeof seedBookingProject>>
  let payEnv: BookingPaymentEnv
  const hooks = bookingPaymentHooks({ secret: SECRET, siteOriginFor: slug => `https://${slug}.example`, adminUrlFor: id => `https://admin.example/projects/${id}` })
  let work: Parameters<typeof runPaymentWork>[1]

  beforeAll(async () => {
    database = await createTestDatabase()
    fake = await startFakeRedsys({ merchantKeyBase64: MERCHANT_KEY })
    clinic = await seedBookingProject(database.db, 'deposit-clinic')
    payEnv = { keyRing, adminUrl: 'https://admin.example', endpoints: { redsysUrl: fake.url } }
    work = { hooks, keyRing, endpoints: payEnv.endpoints, now: NOW }
    await saveProviderSettings(database.db, keyRing, clinic.scope, 'redsys', { merchantCode: '999008881', terminal: '1', secretKey: MERCHANT_KEY, environment: 'test', bizum: true, enabled: true }, SYSTEM_ACTOR)
  })
  afterAll(async () => {
    await fake?.stop()
    await database?.drop()
  })

  // Working hours are 09–13 and 15–19: each booking its own hour on Wednesday 2 or Thursday 3 December.
  const starts = ['02', '03'].flatMap(day => [9, 10, 11, 12, 15, 16, 17, 18].map(hour => `2026-12-${day}T${String(hour).padStart(2, '0')}:00:00+01:00`))
  const nextStart = () => starts.shift()!
  function request(serviceId: string, start = nextStart()): BookingRequest {
    return createBookingSchema.parse({ serviceId, start, timeZone: 'Europe/Madrid', customer: { name: 'Lucía Pérez', email: 'lucia@example.com' } })
  }

  /** The visitor on the fake Redsys page: posts the form they were given and presses a button. */
  async function payOnRedsys(payment: StartedPayment, decision: 'approve' | 'deny' = 'approve') {
    const params = decodeRedsysParams(payment.redirect!.fields!.Ds_MerchantParameters!) as Record<string, string>
    const result = await checkoutOnFakeRedsys(fake, MERCHANT_KEY, params, decision)
    const sent = fake.payments.find(entry => entry.order === params.DS_MERCHANT_ORDER)!
    return { result, notification: sent.notificationFields, params }
  }

  /** What the admin's webhook route does with a notification: verify, then store once. */
  async function deliver(notification: Awaited<ReturnType<typeof payOnRedsys>>['notification']) {
    const verified = verifyRedsysNotification(MERCHANT_KEY, notification)
    if (!verified.valid) throw new Error('the fake sent a notification that does not verify')
    return await recordWebhookDelivery(database.db, deliveryFromRedsys(clinic.project.id, verified.params)!)
  }

  const bookingOf = async (id: string) => (await database.db.select().from(bookings).where(eq(bookings.id, id)))[0]!
  const paymentOf = async (id: string) => (await database.db.select().from(payments).where(eq(payments.id, id)))[0]!
  const emailsTo = async (to: string, template: string) => (await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, to), eq(outboxMessages.template, template)))).length

  it('holds the slot, sends the visitor to Redsys with a signed form, and confirms the booking once when paid', async () => {
    const { service } = await clinic.addService({ name: 'Deposit consult', depositKind: 'fixed', depositValue: 1000 })
    const { booking, payment, manageUrl } = await bookWithPayment(database.db, clinic.project, request(service.id), 'redsys', clinic.env, payEnv, 'api')
    expect(booking.status).toBe('pending_payment')
    expect(booking.holdExpiresAt).toEqual(new Date(NOW.getTime() + 15 * 60_000))
    expect(payment).toMatchObject({ provider: 'redsys', amount: { amount: 1000, currency: 'EUR' }, expiresAt: booking.holdExpiresAt!.toISOString(), redirect: { url: `${fake.url}/sis/realizarPago`, method: 'POST' } })
    expect(Object.keys(payment!.redirect!.fields!).sort()).toEqual(['Ds_MerchantParameters', 'Ds_Signature', 'Ds_SignatureVersion'])

    const { result, notification, params } = await payOnRedsys(payment!)
    expect(params).toMatchObject({
      DS_MERCHANT_AMOUNT: '1000', DS_MERCHANT_CURRENCY: '978', DS_MERCHANT_MERCHANTCODE: '999008881', DS_MERCHANT_TERMINAL: '1',
      DS_MERCHANT_MERCHANTURL: `https://admin.example/api/webhooks/redsys/${clinic.project.id}`,
      DS_MERCHANT_URLOK: `${manageUrl}?payment=return`, DS_MERCHANT_URLKO: `${manageUrl}?payment=failed`,
    })
    expect(result.location).toBe(`${manageUrl}?payment=return`)
    // Nothing is told to the customer until the money is in.
    expect(await emailsTo('lucia@example.com', 'bookings.confirmed')).toBe(0)

    // Redsys retries a notification it thinks was lost: five deliveries, one stored, one change.
    const stored = await Promise.all(Array.from({ length: 5 }, () => deliver(notification)))
    expect(stored.filter(entry => !entry.duplicate)).toHaveLength(1)
    expect(await runPaymentWork(database.db, work)).toMatchObject({ applied: 1, failed: 0 })
    expect(await runPaymentWork(database.db, work)).toMatchObject({ applied: 0 })

    expect(await bookingOf(booking.id)).toMatchObject({ status: 'confirmed', holdExpiresAt: null })
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'paid', paidMinor: 1000, providerPaymentId: params.DS_MERCHANT_ORDER })
    const history = await database.db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, payment!.id)).orderBy(paymentEvents.id)
    expect(history.map(entry => `${entry.fromStatus}→${entry.toStatus}`)).toEqual(['created→pending', 'pending→paid'])
    expect(await emailsTo('lucia@example.com', 'bookings.confirmed')).toBe(1)
    expect(await emailsTo(clinic.owner.email, 'bookings.owner_created')).toBe(1)
  })

  it('asks how to pay when the site takes payments, and books nothing until it knows', async () => {
    const { service } = await clinic.addService({ name: 'Deposit consult 2', depositKind: 'percent', depositValue: 50 })
    const before = await clinic.counts()
    const refused = await bookWithPayment(database.db, clinic.project, request(service.id), undefined, clinic.env, payEnv, 'api').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).data.fields).toEqual({ 'payment.provider': 'Choose how to pay: redsys.' })
    const stripe = await bookWithPayment(database.db, clinic.project, request(service.id), 'stripe', clinic.env, payEnv, 'api').catch((error: unknown) => error)
    expect((stripe as AppError).data.fields).toEqual({ 'payment.provider': 'This site does not take payments by stripe. Choose one of: redsys.' })
    expect(await clinic.counts()).toEqual(before)
  })

  it('books a free service without asking how to pay, even on a site that takes payments', async () => {
    const { service } = await clinic.addService({ name: 'Free first visit', priceAmount: 0 })
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, request(service.id), 'redsys', clinic.env, payEnv, 'api')
    expect(booking.status).toBe('confirmed')
    expect(payment).toBeUndefined()
  })

  it('lets the slot go when the visitor never pays, and confirms a payment that comes late if the slot is still free', async () => {
    const { service } = await clinic.addService({ name: 'Late but free', depositKind: 'fixed', depositValue: 1500 })
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, request(service.id), 'redsys', clinic.env, payEnv, 'api')
    const { notification } = await payOnRedsys(payment!)
    expect(await expireOverduePayments(database.db, hooks, new Date(booking.holdExpiresAt!.getTime() + 60_000))).toBe(1)
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'cancelled' })
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'expired' })

    await deliver(notification)
    await runPaymentWork(database.db, work)
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'confirmed', cancelReason: null })
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'paid', paidMinor: 1500 })
    expect(await database.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment!.id))).toEqual([])
  })

  it('refunds a late payment through Redsys when someone else took the slot, and tells the customer', async () => {
    const { service, resourceIds } = await clinic.addService({ name: 'Late and taken', depositKind: 'fixed', depositValue: 2000 })
    const start = nextStart()
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, { ...request(service.id, start), customer: { name: 'Late Larry', email: 'larry@example.com' } }, 'redsys', clinic.env, payEnv, 'api')
    const { notification, params } = await payOnRedsys(payment!)
    const afterHold = new Date(booking.holdExpiresAt!.getTime() + 60_000)
    await expireOverduePayments(database.db, hooks, afterHold)
    // Someone else books the freed slot, paying at the venue's door… or rather by phone.
    const other = await bookWithPayment(database.db, clinic.project, { ...request(service.id, start), resourceId: resourceIds[0] }, 'redsys', { ...clinic.env, now: afterHold }, payEnv, 'api')
    expect(other.booking.status).toBe('pending_payment')

    await deliver(notification)
    await runPaymentWork(database.db, { ...work, now: afterHold })
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'cancelled' })
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'refunded', paidMinor: 2000, refundedMinor: 2000 })
    expect(fake.refunds.filter(refund => refund.DS_MERCHANT_ORDER === params.DS_MERCHANT_ORDER)).toHaveLength(1)
    expect(await database.db.select({ status: paymentRefunds.status, reason: paymentRefunds.reason }).from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment!.id)))
      .toEqual([{ status: 'succeeded', reason: 'slot_taken' }])
    expect(await emailsTo('larry@example.com', 'payments.late_payment_refunded')).toBe(1)
    expect(await bookingOf(other.booking.id)).toMatchObject({ status: 'pending_payment' })
  })

  it('refunds the second of two payments of one booking (two tabs) and keeps the booking', async () => {
    const { service } = await clinic.addService({ name: 'Two tabs', depositKind: 'fixed', depositValue: 700 })
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, request(service.id), 'redsys', clinic.env, payEnv, 'api')
    const again = await startBookingPayment(database.db, booking, 'redsys', { keyRing, urls: { adminUrl: payEnv.adminUrl, returnUrl: 'https://deposit-clinic.example/book/manage/x' }, endpoints: payEnv.endpoints, now: NOW })
    const first = await payOnRedsys(payment!)
    const second = await payOnRedsys(again)
    await Promise.all([deliver(first.notification), deliver(second.notification)])
    await runPaymentWork(database.db, work)
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'confirmed' })
    const refunds = await database.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, again.id))
    const firstPaidOrder = (await paymentOf(payment!.id)).status === 'paid' ? first.params.DS_MERCHANT_ORDER : second.params.DS_MERCHANT_ORDER
    const refundedOrders = fake.refunds.filter(refund => [first.params.DS_MERCHANT_ORDER, second.params.DS_MERCHANT_ORDER].includes(String(refund.DS_MERCHANT_ORDER)))
    expect(refundedOrders).toHaveLength(1)
    expect(refundedOrders[0]!.DS_MERCHANT_ORDER).not.toBe(firstPaidOrder)
    expect(refunds.length + (await database.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payment!.id))).length).toBe(1)
    expect(await emailsTo('lucia@example.com', 'payments.duplicate_payment_refunded')).toBe(1)
  })

  it('takes the booking at once when the visitor pays at the venue', async () => {
    await saveProviderSettings(database.db, keyRing, clinic.scope, 'on_site', { enabled: true }, SYSTEM_ACTOR)
    const { service } = await clinic.addService({ name: 'Pay at the desk', depositKind: 'fixed', depositValue: 500 })
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, request(service.id), 'on_site', clinic.env, payEnv, 'api')
    expect(booking).toMatchObject({ status: 'confirmed', holdExpiresAt: null })
    expect(payment).toEqual({ id: expect.any(String), provider: 'on_site', amount: { amount: 500, currency: 'EUR' }, expiresAt: null })
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'pending', provider: 'on_site' })
    // A payment at the venue never expires with a hold.
    await expireOverduePayments(database.db, hooks, new Date(NOW.getTime() + 86_400_000))
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'pending' })
    expect(await bookingOf(booking.id)).toMatchObject({ status: 'confirmed' })
  })

  it('lets the owner refund part of a paid deposit, then the rest, through Redsys, and no more', async () => {
    const { service } = await clinic.addService({ name: 'Refundable', depositKind: 'fixed', depositValue: 2500 })
    const { payment } = await bookWithPayment(database.db, clinic.project, request(service.id), 'redsys', clinic.env, payEnv, 'api')
    const { notification, params } = await payOnRedsys(payment!)
    await deliver(notification)
    await runPaymentWork(database.db, work)

    const tooMuch = await refundPayment(database.db, clinic.scope, payment!.id, { amount: 2501, reason: 'Typo' }, SYSTEM_ACTOR, hooks).catch((error: unknown) => error)
    expect((tooMuch as AppError).data.fields).toEqual({ amount: 'must be at most 2500 cents (what is left to refund)' })
    const { refund } = await refundPayment(database.db, clinic.scope, payment!.id, { amount: 1000, reason: 'Came late, shorter session' }, SYSTEM_ACTOR, hooks)
    expect(refund).toMatchObject({ status: 'requested', amountMinor: 1000, note: 'Came late, shorter session' })
    // What is on its way counts: only 1500 more may be asked for until it is sent.
    const beyond = await refundPayment(database.db, clinic.scope, payment!.id, { amount: 1600, reason: 'Again' }, SYSTEM_ACTOR, hooks).catch((error: unknown) => error)
    expect((beyond as AppError).data.fields).toEqual({ amount: 'must be at most 1500 cents (what is left to refund)' })
    await runPaymentWork(database.db, work)
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'partially_refunded', refundedMinor: 1000 })
    expect(fake.refunds.filter(sent => sent.DS_MERCHANT_ORDER === params.DS_MERCHANT_ORDER).map(sent => sent.DS_MERCHANT_AMOUNT)).toEqual(['1000'])

    await refundPayment(database.db, clinic.scope, payment!.id, { reason: 'Cancelled by us' }, SYSTEM_ACTOR, hooks)
    await runPaymentWork(database.db, work)
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'refunded', refundedMinor: 2500 })
    expect(fake.refunds.filter(sent => sent.DS_MERCHANT_ORDER === params.DS_MERCHANT_ORDER).map(sent => sent.DS_MERCHANT_AMOUNT)).toEqual(['1000', '1500'])
    const nothingLeft = await refundPayment(database.db, clinic.scope, payment!.id, { reason: 'Once more' }, SYSTEM_ACTOR, hooks).catch((error: unknown) => error)
    expect((nothingLeft as AppError).code).toBe('payment_not_refundable')
    const audited = await database.db.select({ metadata: auditEvents.metadata }).from(auditEvents).where(and(eq(auditEvents.action, 'payment.refunded'), eq(auditEvents.targetId, payment!.id)))
    expect(audited.map(entry => entry.metadata)).toEqual([
      expect.objectContaining({ amountMinor: 1000, reason: 'Came late, shorter session' }),
      expect.objectContaining({ amountMinor: 1500, reason: 'Cancelled by us' }),
    ])
    // Another site's owner cannot even find it.
    const other = await seedBookingProject(database.db, 'other-clinic')
    const foreign = await refundPayment(database.db, other.scope, payment!.id, { reason: 'Not mine' }, SYSTEM_ACTOR, hooks).catch((error: unknown) => error)
    expect((foreign as AppError).code).toBe('payment_not_found')
  })

  it('marks a payment at the venue paid once, and refunds it by hand', async () => {
    const { service } = await clinic.addService({ name: 'Desk pay', depositKind: 'fixed', depositValue: 900 })
    const { payment } = await bookWithPayment(database.db, clinic.project, request(service.id), 'on_site', clinic.env, payEnv, 'api')
    expect(await markPaidAtVenue(database.db, clinic.scope, payment!.id, { method: 'cash' }, SYSTEM_ACTOR, hooks)).toEqual({ status: 'paid' })
    const again = await markPaidAtVenue(database.db, clinic.scope, payment!.id, { method: 'card' }, SYSTEM_ACTOR, hooks).catch((error: unknown) => error)
    expect((again as AppError).code).toBe('payment_not_due')
    await refundPayment(database.db, clinic.scope, payment!.id, { amount: 400, reason: 'Gave change back' }, SYSTEM_ACTOR, hooks)
    expect(await paymentOf(payment!.id)).toMatchObject({ status: 'partially_refunded', paidMinor: 900, refundedMinor: 400 })
  })
})

describe('a Stripe payment whose webhook never came', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>
  let stripe: FakeStripe
  let clinic: Awaited<ReturnType<typeof seedBookingProject>>
  const hooks = bookingPaymentHooks({ secret: SECRET, siteOriginFor: slug => `https://${slug}.example`, adminUrlFor: id => `https://admin.example/projects/${id}` })

  beforeAll(async () => {
    database = await createTestDatabase()
    // No webhook URL: the fake records every event as not delivered, as a lost webhook.
    stripe = await startFakeStripe({ webhookSecret: 'whsec_FlectarReconcileTest0123' })
    clinic = await seedBookingProject(database.db, 'stripe-clinic')
    await saveProviderSettings(database.db, keyRing, clinic.scope, 'stripe', { secretKey: 'sk_test_FlectarReconcile0123', webhookSecret: 'whsec_FlectarReconcileTest0123', enabled: true }, SYSTEM_ACTOR)
  })
  afterAll(async () => {
    await stripe?.stop()
    await database?.drop()
  })

  it('is found paid by the reconciliation job, which confirms the booking once', async () => {
    const endpoints = { stripeApiUrl: stripe.url }
    const { service } = await clinic.addService({ name: 'Card deposit', depositKind: 'percent', depositValue: 100 })
    // On the real clock: Stripe refuses a checkout that expires in the past.
    const start = new Date(Date.now() + 7 * 86_400_000)
    start.setUTCHours(10, 0, 0, 0)
    while (start.getUTCDay() === 0 || start.getUTCDay() === 6) start.setUTCDate(start.getUTCDate() + 1)
    const input = createBookingSchema.parse({ serviceId: service.id, start: start.toISOString(), timeZone: 'Europe/Madrid', customer: { name: 'Rita Reconcile', email: 'rita@example.com' } })
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, input, 'stripe', { ...clinic.env, now: undefined }, { keyRing, adminUrl: 'https://admin.example', endpoints }, 'site')
    expect(payment).toMatchObject({ provider: 'stripe', amount: { amount: 3000, currency: 'EUR' }, redirect: { method: 'GET' } })
    expect(payment!.redirect!.url.startsWith(stripe.url)).toBe(true)
    await pressOnHostedPage(payment!.redirect!.url, 'paid')
    expect(stripe.deliveries.every(delivery => 'skipped' in delivery.result)).toBe(true)

    // Too soon: the webhook may still be on its way.
    expect(await reconcilePendingPayments(database.db, { keyRing, endpoints })).toBe(0)
    const later = new Date(Date.now() + 5 * 60_000)
    expect(await reconcilePendingPayments(database.db, { keyRing, endpoints, now: later })).toBe(1)
    expect(await reconcilePendingPayments(database.db, { keyRing, endpoints, now: later })).toBe(0)
    await runPaymentWork(database.db, { hooks, keyRing, endpoints })
    const [confirmed] = await database.db.select().from(bookings).where(eq(bookings.id, booking.id))
    expect(confirmed!.status).toBe('confirmed')
    const [paid] = await database.db.select().from(payments).where(eq(payments.id, payment!.id))
    expect(paid).toMatchObject({ status: 'paid', paidMinor: 3000, providerPaymentId: expect.stringMatching(/^pi_/) })
    // Paid: not asked about again.
    expect(await reconcilePendingPayments(database.db, { keyRing, endpoints, now: new Date(Date.now() + 10 * 60_000) })).toBe(0)
  })

  it('expires the Stripe Checkout when the hold ends, so the slot let go cannot be paid for', async () => {
    const endpoints = { stripeApiUrl: stripe.url }
    const { service } = await clinic.addService({ name: 'Held deposit', depositKind: 'percent', depositValue: 100 })
    const start = new Date(Date.now() + 8 * 86_400_000)
    start.setUTCHours(11, 0, 0, 0)
    while (start.getUTCDay() === 0 || start.getUTCDay() === 6) start.setUTCDate(start.getUTCDate() + 1)
    const input = createBookingSchema.parse({ serviceId: service.id, start: start.toISOString(), timeZone: 'Europe/Madrid', customer: { name: 'Hugo Hold', email: 'hugo@example.com' } })
    const { booking, payment } = await bookWithPayment(database.db, clinic.project, input, 'stripe', { ...clinic.env, now: undefined }, { keyRing, adminUrl: 'https://admin.example', endpoints }, 'site')
    const [row] = await database.db.select().from(payments).where(eq(payments.id, payment!.id))
    expect(stripe.sessions.get(row!.checkoutId!)!.status).toBe('open')

    const afterHold = new Date(booking.holdExpiresAt!.getTime() + 60_000)
    expect(await runPaymentWork(database.db, { hooks, keyRing, endpoints, now: afterHold })).toMatchObject({ expired: 1 })
    expect(stripe.sessions.get(row!.checkoutId!)!.status).toBe('expired')
    expect((await database.db.select().from(bookings).where(eq(bookings.id, booking.id)))[0]!.status).toBe('cancelled')
    // The hosted page no longer takes the payment.
    const page = await pressOnHostedPage(payment!.redirect!.url, 'paid').catch((error: unknown) => error)
    expect(page).toBeInstanceOf(Error)
  })

  it('flags a disputed payment and tells the owners, once, when Stripe reports the dispute twice', async () => {
    const [paid] = await database.db.select().from(payments).where(eq(payments.projectId, clinic.project.id))
    const dispute = (id: string, type: string, status: string) => deliveryFromStripe(clinic.project.id, {
      id, type, created: Math.floor(Date.now() / 1000), livemode: false,
      object: { id: 'dp_FlectarTest1', object: 'dispute', payment_intent: paid!.providerPaymentId, amount: 3000, currency: 'eur', status },
    })!
    await recordWebhookDelivery(database.db, dispute('evt_dispute_open', 'charge.dispute.created', 'needs_response'))
    await recordWebhookDelivery(database.db, dispute('evt_dispute_open_again', 'charge.dispute.created', 'needs_response'))
    await runPaymentWork(database.db, { hooks, keyRing, endpoints: { stripeApiUrl: stripe.url } })
    expect((await database.db.select().from(payments).where(eq(payments.id, paid!.id)))[0]).toMatchObject({ status: 'disputed', disputeId: 'dp_FlectarTest1' })
    const notices = await database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'payments.owner_dispute_opened'))
    expect(notices.map(notice => notice.to)).toEqual([clinic.owner.email])
    expect(notices[0]!.subject).toContain('A payment is disputed')

    await recordWebhookDelivery(database.db, dispute('evt_dispute_won', 'charge.dispute.closed', 'won'))
    await runPaymentWork(database.db, { hooks, keyRing, endpoints: { stripeApiUrl: stripe.url } })
    expect((await database.db.select().from(payments).where(eq(payments.id, paid!.id)))[0]).toMatchObject({ status: 'dispute_won' })
    expect(await database.db.select().from(outboxMessages).where(eq(outboxMessages.template, 'payments.owner_dispute_won'))).toHaveLength(1)
  })
})

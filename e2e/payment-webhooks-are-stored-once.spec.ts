import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { paymentWebhookInbox } from '@flectar/db'
import { findFreePort } from '@flectar/db/embedded'
import { startFakePayPal, type FakePayPal } from '@flectar/paypal/fake'
import { startFakeRedsys, type FakeRedsys } from '@flectar/redsys/fake'
import { checkoutOnFakeRedsys } from '@flectar/redsys/testing'
import { signStripeWebhook } from '@flectar/stripe'
import { adminApi, openE2eDatabase } from './support/accounts'
import { httpRequest, startBuiltApp, waitUntilHealthy, type RunningApp } from './support/apps'

const REDSYS_KEY = 'sq7HjrUOBfKmC576ILgskD5srU870gJ7'
const STRIPE_WEBHOOK_SECRET = 'whsec_FlectarE2eSigningSecret'
const PAYPAL_WEBHOOK_ID = '8PT597110X687430LKGECATA'

/**
 * The webhook routes of a site that connected Stripe and Redsys, called as the providers call
 * them: Stripe's signed events (sent here as its SDK signs them), and Redsys' notification sent
 * by the local fake Redsys after a visitor approves on its page.
 */
describe('payment webhooks are verified before anything is stored, and stored once', () => {
  const database = openE2eDatabase()
  const adminPort = inject('adminPort')
  let projectId: string
  let fake: FakeRedsys
  let fakePayPal: FakePayPal
  /** An admin that trusts the fake PayPal's certificate origin, as a test deployment would. */
  let paypalAdmin: RunningApp

  beforeAll(async () => {
    const owner = await database.createOwner('owner@pay-webhooks.example', 'Pay Webhooks')
    const created = await adminApi('POST', `/api/orgs/${owner.orgId}/projects`, {
      cookie: owner.cookie,
      body: { name: 'Pay Webhooks Salon', slug: 'pay-webhooks-salon', templateKey: 'salon', address: 'Calle Mayor 2\n28013 Madrid', phone: '+34 910 000 004', email: 'hello@pay-webhooks.example', timeZone: 'Europe/Madrid', currency: 'EUR', defaultLocale: 'es' },
    })
    expect(created.status, created.body).toBe(201)
    projectId = (JSON.parse(created.body) as { id: string }).id
    const providers = `/api/orgs/${owner.orgId}/projects/${projectId}/payments/providers`
    expect((await adminApi('PUT', `${providers}/stripe`, { cookie: owner.cookie, body: { secretKey: 'sk_test_FlectarE2eSecretKey0123', webhookSecret: STRIPE_WEBHOOK_SECRET, enabled: true } })).status).toBe(200)
    expect((await adminApi('PUT', `${providers}/redsys`, { cookie: owner.cookie, body: { merchantCode: '999008881', terminal: '1', secretKey: REDSYS_KEY, environment: 'test', bizum: true, enabled: true } })).status).toBe(200)
    expect((await adminApi('PUT', `${providers}/paypal`, { cookie: owner.cookie, body: { clientId: 'AFlectarE2eClientId', clientSecret: 'EFlectarE2eClientSecret', webhookId: PAYPAL_WEBHOOK_ID, environment: 'sandbox', enabled: true } })).status).toBe(200)
    fake = await startFakeRedsys({ merchantKeyBase64: REDSYS_KEY })
    fakePayPal = await startFakePayPal({ clientId: 'AFlectarE2eClientId', clientSecret: 'EFlectarE2eClientSecret', webhookId: PAYPAL_WEBHOOK_ID })
    paypalAdmin = startBuiltApp('admin', await findFreePort(), { ...inject('appEnv'), PAYPAL_CERT_TRUSTED_ORIGINS: fakePayPal.url })
    await waitUntilHealthy(paypalAdmin)
  })
  afterAll(async () => {
    await paypalAdmin?.stop()
    await fakePayPal?.stop()
    await fake?.stop()
    await database.close()
  })

  const inboxOf = (provider: string, eventId: string) => database.db.select().from(paymentWebhookInbox)
    .where(and(eq(paymentWebhookInbox.provider, provider), eq(paymentWebhookInbox.eventId, eventId)))
  const stripeEvent = (id: string) => JSON.stringify({
    id,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: { id: `cs_${id}`, object: 'checkout.session', payment_status: 'paid', payment_intent: `pi_${id}`, amount_total: 1000, currency: 'eur', client_reference_id: 'payment-1', metadata: { payment_id: 'payment-1', booking_id: 'booking-1' } } },
  })
  const postStripe = (body: string, signature?: string) => httpRequest(adminPort, 'POST', `/api/webhooks/stripe/${projectId}`, {
    'content-type': 'application/json',
    ...(signature ? { 'stripe-signature': signature } : {}),
  }, body)

  it('stores a Stripe event delivered five times at once exactly once, and answers each 200', async () => {
    const body = stripeEvent('evt_e2e_five')
    const signature = signStripeWebhook(body, STRIPE_WEBHOOK_SECRET)
    const answers = await Promise.all(Array.from({ length: 5 }, () => postStripe(body, signature)))
    expect(answers.map(answer => answer.status)).toEqual([200, 200, 200, 200, 200])
    expect(answers.map(answer => (JSON.parse(answer.body) as { duplicate: boolean }).duplicate).filter(duplicate => !duplicate)).toHaveLength(1)
    const [stored, ...others] = await inboxOf('stripe', 'evt_e2e_five')
    expect(others).toEqual([])
    expect(stored).toMatchObject({ projectId, checkoutId: 'cs_evt_e2e_five', event: { type: 'paid', providerPaymentId: 'pi_evt_e2e_five', amountMinor: 1000, currency: 'EUR' } })
    // The run's worker applies the inbox every second: this checkout is no payment of the site,
    // so once applied it is kept as `no_payment` and changes nothing.
    expect([null, 'no_payment']).toContain(stored!.outcome)
  })

  it('answers a tampered, stale, unsigned or wrongly signed Stripe event 400 and stores nothing', async () => {
    const body = stripeEvent('evt_e2e_bad')
    const attempts = [
      postStripe(body.replace('"amount_total":1000', '"amount_total":1'), signStripeWebhook(body, STRIPE_WEBHOOK_SECRET)),
      postStripe(body, signStripeWebhook(body, STRIPE_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301)),
      postStripe(body),
      postStripe(body, signStripeWebhook(body, 'whsec_SomeoneElsesSecret0')),
    ]
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(400)
      expect(answer.body).not.toContain(STRIPE_WEBHOOK_SECRET)
    }
    expect(await inboxOf('stripe', 'evt_e2e_bad')).toEqual([])
  })

  it('stores the notification the fake Redsys sends after the visitor approves, once, even sent again', async () => {
    const order = `${String(Date.now()).slice(-4)}E2EPAY`
    const result = await checkoutOnFakeRedsys(fake, REDSYS_KEY, {
      DS_MERCHANT_AMOUNT: '1000', DS_MERCHANT_ORDER: order, DS_MERCHANT_MERCHANTCODE: '999008881', DS_MERCHANT_CURRENCY: '978',
      DS_MERCHANT_TRANSACTIONTYPE: '0', DS_MERCHANT_TERMINAL: '1', DS_MERCHANT_PAYMETHODS: 'z',
      DS_MERCHANT_MERCHANTURL: `http://localhost:${adminPort}/api/webhooks/redsys/${projectId}`,
      DS_MERCHANT_URLOK: 'http://pay-webhooks-salon.localhost/book/manage/ok', DS_MERCHANT_URLKO: 'http://pay-webhooks-salon.localhost/book/manage/ko',
    }, 'approve')
    expect(result.status).toBe(302)
    const payment = fake.payments.find(done => done.order === order)!
    expect(payment.notification).toEqual({ status: 200 })
    expect(await inboxOf('redsys', `${order}:0:0000`)).toMatchObject([{ checkoutId: order, event: { type: 'paid', providerPaymentId: order, amountMinor: 1000, currency: 'EUR' } }])

    // The same notification again (Redsys retrying): 200, nothing new.
    const form = new URLSearchParams({ ...payment.notificationFields }).toString()
    const again = await httpRequest(adminPort, 'POST', `/api/webhooks/redsys/${projectId}`, { 'content-type': 'application/x-www-form-urlencoded' }, form)
    expect(again.status).toBe(200)
    expect(JSON.parse(again.body)).toEqual({ received: true, duplicate: true })
    expect(await inboxOf('redsys', `${order}:0:0000`)).toHaveLength(1)
  })

  it('answers a Redsys notification with a forged signature, or for a site without Redsys, and stores nothing', async () => {
    const forged = new URLSearchParams({ Ds_SignatureVersion: 'HMAC_SHA256_V1', Ds_MerchantParameters: Buffer.from(JSON.stringify({ Ds_Order: '9999FORGED', Ds_Response: '0000', Ds_Amount: '1000', Ds_Currency: '978', Ds_MerchantCode: '999008881', Ds_TransactionType: '0' })).toString('base64url'), Ds_Signature: 'c2lnbmF0dXJl' }).toString()
    const answer = await httpRequest(adminPort, 'POST', `/api/webhooks/redsys/${projectId}`, { 'content-type': 'application/x-www-form-urlencoded' }, forged)
    expect(answer.status).toBe(400)
    expect(await inboxOf('redsys', '9999FORGED:0:0000')).toEqual([])
    const unknown = await httpRequest(adminPort, 'POST', '/api/webhooks/redsys/00000000-0000-4000-8000-000000000000', { 'content-type': 'application/x-www-form-urlencoded' }, forged)
    expect(unknown.status).toBe(404)
  })

  it('stores a PayPal capture signed by the fake PayPal once, and refuses it tampered or from an untrusted certificate origin', async () => {
    const delivery = await fakePayPal.sendEvent('PAYMENT.CAPTURE.COMPLETED', {
      id: 'CAPTURE-E2E-1', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '10.00' }, custom_id: 'payment-1',
      supplementary_data: { related_ids: { order_id: 'ORDER-E2E-1' } },
    })
    const post = (port: number, body: string) => httpRequest(port, 'POST', `/api/webhooks/paypal/${projectId}`, { ...delivery.headers, 'content-type': 'application/json' }, body)
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(paypalAdmin.port, delivery.rawBody)))
    expect(answers.map(answer => answer.status)).toEqual([200, 200, 200, 200, 200])
    expect(await inboxOf('paypal', delivery.eventId)).toMatchObject([{ checkoutId: 'ORDER-E2E-1', event: { type: 'paid', providerPaymentId: 'CAPTURE-E2E-1', amountMinor: 1000, currency: 'EUR' } }])

    const second = await fakePayPal.sendEvent('PAYMENT.CAPTURE.COMPLETED', { id: 'CAPTURE-E2E-2', status: 'COMPLETED', amount: { currency_code: 'EUR', value: '10.00' } })
    const tampered = await httpRequest(paypalAdmin.port, 'POST', `/api/webhooks/paypal/${projectId}`, { ...second.headers, 'content-type': 'application/json' }, second.rawBody.replace('10.00', '1.00'))
    expect(tampered.status).toBe(400)
    // The suite's own admin trusts only PayPal's hosts: the fake's certificate is never fetched.
    expect((await post(adminPort, second.rawBody)).status).toBe(400)
    expect(await inboxOf('paypal', second.eventId)).toEqual([])
  })
})
